using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Scenarios
{
    /// <summary>Where the scenario files are, and assertions on scenario errors.</summary>
    internal static class ScenarioTestSupport
    {
        /// <summary>The repository root: the first folder above the test binaries holding Pen.sln or .git.</summary>
        public static string RepoRoot
        {
            get
            {
                DirectoryInfo dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null)
                {
                    string p = dir.FullName;
                    if (File.Exists(Path.Combine(p, "Pen.sln")) || Directory.Exists(Path.Combine(p, ".git")) || File.Exists(Path.Combine(p, ".git")))
                        return p;
                    dir = dir.Parent;
                }

                throw new InvalidOperationException("no folder with Pen.sln or .git above " + AppContext.BaseDirectory);
            }
        }

        public static string ExamplesDir => Path.Combine(RepoRoot, "hardware", "Pen.Simulation", "Scenarios", "examples");

        public static string BadDir => Path.Combine(RepoRoot, "tests", "Pen.Simulation.Tests", "Scenarios", "bad");

        /// <summary>Parses an in-memory text named "t.json".</summary>
        public static Scenario Parse(string json) { return ScenarioParser.Parse(json, "t.json"); }

        /// <summary>The only event of a 100 s RP-1 scenario holding <paramref name="eventJson"/>.</summary>
        public static ScenarioEvent Event(string eventJson)
        {
            Scenario s = Parse("{ \"durationS\": 100, \"events\": [ " + eventJson + " ] }");
            Assert.AreEqual(1, s.Events.Count);
            return s.Events[0];
        }

        /// <summary>The ScenarioException the action throws (fails the test if it throws none).</summary>
        public static ScenarioException Fails(Action action)
        {
            try
            {
                action();
            }
            catch (ScenarioException ex)
            {
                Assert.IsFalse(ex.Message.Contains("   at "), "message looks like a stack trace: " + ex.Message);
                return ex;
            }

            Assert.Fail("expected a ScenarioException");
            return null;
        }

        public static ScenarioException FailsText(string json) { return Fails(() => Parse(json)); }

        public static ScenarioException FailsBadFile(string fileName)
        {
            return Fails(() => ScenarioParser.ParseFile(Path.Combine(BadDir, fileName)));
        }

        /// <summary>The message names the file and line (as "file:line:"), the field path and each fragment.</summary>
        public static void AssertError(ScenarioException ex, string file, int line, string field, params string[] fragments)
        {
            string m = ex.Message;
            Assert.IsTrue(m.Contains(file + ":" + line + ":"), "file:line '" + file + ":" + line + ":' not in: " + m);
            Assert.AreEqual(line, ex.Line, m);
            Assert.IsTrue(ex.Source.EndsWith(file, StringComparison.Ordinal), "Source " + ex.Source);
            Assert.AreEqual(field, ex.Field, m);
            if (field.Length > 0) Assert.IsTrue(m.Contains(": " + field + ": "), "field '" + field + "' not in: " + m);
            foreach (string f in fragments) Assert.IsTrue(m.Contains(f), "'" + f + "' not in: " + m);
        }
    }
}
