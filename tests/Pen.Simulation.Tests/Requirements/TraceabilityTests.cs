using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Plans;

namespace Pen.Simulation.Tests.Requirements
{
    /// <summary>
    /// docs/requirements.md against what verifies it: every requirement has a test or a QA plan step, every test and step
    /// it names exists (the step with that requirement), every plan step's requirement is in the table, every hazard it
    /// names is in docs/hazards.md.
    /// </summary>
    [TestClass]
    public sealed class TraceabilityTests
    {
        private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

        public sealed class Requirement { public string Id, Hazards, Verification; }

        /// <summary>The table's rows (ID, hazards, verified by).</summary>
        public static List<Requirement> Read(string markdown)
        {
            var list = new List<Requirement>();
            foreach (string line in markdown.Split('\n'))
            {
                if (!line.StartsWith("| REQ-", StringComparison.Ordinal)) continue;
                string[] cells = line.Split('|');
                if (cells.Length < 7) throw new FormatException("requirements.md: a row needs 5 cells: " + line);
                list.Add(new Requirement { Id = cells[1].Trim(), Hazards = cells[4].Trim(), Verification = cells[5].Trim() });
            }

            return list;
        }

        /// <summary>What is wrong with the trace (empty: nothing).</summary>
        public static List<string> Problems(List<Requirement> requirements, string testSources, string hazardsMd, Dictionary<string, Plan> plans)
        {
            var problems = new List<string>();
            var ids = new HashSet<string>();
            foreach (Requirement r in requirements)
            {
                if (!ids.Add(r.Id)) problems.Add(r.Id + ": listed twice");
                string[] entries = r.Verification.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (entries.Length == 0 || entries.All(e => e == "–" || e == "-")) problems.Add(r.Id + ": no verification (no test, no QA plan step)");
                foreach (string e in entries)
                {
                    if (e == "–" || e == "-") continue;
                    if (e.StartsWith("test:", StringComparison.Ordinal))
                    {
                        string name = e.Substring(5);
                        if (!Regex.IsMatch(testSources, @"public (async Task|void) " + Regex.Escape(name) + @"\(")) problems.Add(r.Id + ": test " + name + " does not exist");
                    }
                    else if (e.StartsWith("plan:", StringComparison.Ordinal))
                    {
                        string[] parts = e.Substring(5).Split('/');
                        if (parts.Length != 2 || !plans.TryGetValue(parts[0], out Plan plan)) { problems.Add(r.Id + ": no plan " + e); continue; }
                        PlanStep step = plan.Steps.Find(s => s.Id == parts[1]);
                        if (step == null) problems.Add(r.Id + ": plan " + parts[0] + " has no step " + parts[1]);
                        else if (step.Requirement != r.Id) problems.Add(r.Id + ": plan step " + e + " verifies " + step.Requirement + ", not " + r.Id);
                    }
                    else problems.Add(r.Id + ": \"" + e + "\" is neither test: nor plan:");
                }

                foreach (Match h in Regex.Matches(r.Hazards, @"H-\d+"))
                    if (!hazardsMd.Contains("| " + h.Value + " |")) problems.Add(r.Id + ": hazard " + h.Value + " is not in hazards.md");
            }

            foreach (var (name, plan) in plans)
                foreach (PlanStep s in plan.Steps)
                    if (!ids.Contains(s.Requirement)) problems.Add("plan " + name + " step " + s.Id + ": requirement " + s.Requirement + " is not in requirements.md");
            return problems;
        }

        [TestMethod]
        public void Every_requirement_is_verified_by_a_test_or_a_QA_plan_step_that_exists()
        {
            var requirements = Read(File.ReadAllText(Path.Combine(Root, "docs", "requirements.md")));
            Assert.IsTrue(requirements.Count >= 10, "requirements read: " + requirements.Count);
            string tests = string.Join("\n", Directory.GetFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)).Select(File.ReadAllText));
            var plans = Directory.GetFiles(Path.Combine(Root, "tools", "Pen.QaBench", "plans"), "*.json")
                .ToDictionary(Path.GetFileNameWithoutExtension, PlanReader.ReadFile);
            List<string> problems = Problems(requirements, tests, File.ReadAllText(Path.Combine(Root, "docs", "hazards.md")), plans);
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
        }

        [TestMethod]
        public void A_requirement_without_verification_or_with_a_missing_test_fails_the_trace()
        {
            var requirements = Read("| REQ-X-01 | a | b | H-01 | – |\n| REQ-X-02 | a | b | H-99 | test:No_such_test, plan:standard/NOPE |\n");
            var plan = PlanReader.Parse("{ \"name\": \"p\", \"steps\": [ { \"id\": \"S\", \"kind\": \"logs\", \"requirement\": \"REQ-X-03\" } ] }", "standard.json");
            List<string> problems = Problems(requirements, "public void Some_test()", "| H-01 | x |", new Dictionary<string, Plan> { ["standard"] = plan });
            CollectionAssert.AreEquivalent(new[]
            {
                "REQ-X-01: no verification (no test, no QA plan step)",
                "REQ-X-02: test No_such_test does not exist",
                "REQ-X-02: plan standard has no step NOPE",
                "REQ-X-02: hazard H-99 is not in hazards.md",
                "plan standard step S: requirement REQ-X-03 is not in requirements.md",
            }, problems);
        }
    }
}
