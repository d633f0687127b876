using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Plans;
using Pen.QaBench.Report;
using Pen.QaBench.Steps;

namespace Pen.Simulation.Tests.QaBench
{
    /// <summary>
    /// The QA tool's pieces that need no serial line: plans read strictly with errors that name the field, and the
    /// report and JUnit XML from a run's results. (The tool on a real pseudo-terminal runs in .ci/run: qa-bench-*.)
    /// </summary>
    [TestClass]
    public sealed class QaToolTests
    {
        private static string PlansDir => Path.GetFullPath(Path.Combine(System.AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tools", "Pen.QaBench", "plans"));

        [TestMethod]
        public void The_shipped_plans_read_and_each_step_names_a_requirement()
        {
            foreach (string file in Directory.GetFiles(PlansDir, "*.json"))
            {
                Plan p = PlanReader.ReadFile(file);
                Assert.IsTrue(p.Steps.Count > 0, file);
                Assert.IsTrue(p.Steps.All(s => s.Requirement.StartsWith("REQ-")), file);
            }

            Plan standard = PlanReader.ReadFile(Path.Combine(PlansDir, "standard.json"));
            CollectionAssert.AreEqual(new[] { 50.0, 70, 90, 110, 130, 150 }, standard.Steps.Find(s => s.Kind == "rate").Numbers("ratesHz", null));
        }

        [TestMethod]
        public void A_bad_plan_is_refused_with_the_field_and_what_it_must_be()
        {
            Assert.AreEqual("p.json: steps[0].kind: unknown kind \"rat\"; expected one of: " + PlanReader.KindNames,
                Fails("{ \"name\": \"x\", \"steps\": [ { \"id\": \"A\", \"kind\": \"rat\", \"requirement\": \"REQ-1\" } ] }"));
            Assert.AreEqual("p.json: steps[0].ratesHz[1]: 400 is out of range 50 to 150",
                Fails("{ \"name\": \"x\", \"steps\": [ { \"id\": \"A\", \"kind\": \"rate\", \"requirement\": \"REQ-1\", \"ratesHz\": [50, 400] } ] }"));
            Assert.AreEqual("p.json: steps[0].windowMs: not a parameter of a 'rate' step; its parameters: ratesHz, settleS, windowS, tolerancePercent",
                Fails("{ \"name\": \"x\", \"steps\": [ { \"id\": \"A\", \"kind\": \"rate\", \"requirement\": \"REQ-1\", \"ratesHz\": [50], \"windowMs\": 3 } ] }"));
            Assert.AreEqual("p.json: steps[0].requirement: missing (REQ-..., docs/requirements.md)",
                Fails("{ \"name\": \"x\", \"steps\": [ { \"id\": \"A\", \"kind\": \"logs\" } ] }"));
            Assert.AreEqual("p.json: steps[1].id: \"A\" is used twice",
                Fails("{ \"name\": \"x\", \"steps\": [ { \"id\": \"A\", \"kind\": \"logs\", \"requirement\": \"REQ-1\" }, { \"id\": \"A\", \"kind\": \"logs\", \"requirement\": \"REQ-1\" } ] }"));
            Assert.IsTrue(Fails("{ \"name\": \"x\", \"steps\": [ ").StartsWith("p.json:1: not valid JSON"));
        }

        [TestMethod]
        public void The_report_has_a_table_per_requirement_every_plot_and_a_failing_summary_when_a_check_fails()
        {
            var results = new List<Result>
            {
                new Result { Id = "RATE-050", Requirement = "REQ-RATE-01", Kind = "rate", What = "rate", Measured = "48.79 strokes/s", Limit = "50 ±1 %", Verdict = Verdict.Fail, Basis = "reference instrument", TruthVerdict = Verdict.Fail },
                new Result { Id = "DEPTH-d01", Requirement = "REQ-DEPTH-01", Kind = "depth", What = "depth", Measured = "0.250 mm", Limit = "gauge ±0.050 mm", Verdict = Verdict.Pass, Basis = "reference instrument" },
                new Result { Id = "LOGS-log", Requirement = "REQ-LOG-01", Kind = "logs", What = "log", Verdict = Verdict.NotRun, Detail = "needs the service access" },
            };
            var info = new RunInfo { Plan = "p", PlanFile = "p.json", Operator = "me", Bench = "b", Reference = "r", Date = "2026-01-01", Command = "c" };
            info.Identity["firmware"] = "0.9.0";
            string html = global::Pen.QaBench.Report.Reports.Html(info, results, new List<(string, byte[])> { ("rate plot", new byte[] { 1, 2, 3 }) });
            StringAssert.Contains(html, "FAIL: 1 of 3 checks pass, 2 do not");
            StringAssert.Contains(html, "<h3 id=\"REQ-RATE-01\">");
            StringAssert.Contains(html, "<h3 id=\"REQ-DEPTH-01\">");
            StringAssert.Contains(html, "src=\"data:image/png;base64,AQID\"");
            StringAssert.Contains(html, "FAIL (agrees)");
            StringAssert.Contains(html, "0.9.0");
            Assert.IsFalse(html.Contains("http://") || html.Contains("https://"), "self-contained: no link out");

            XDocument junit = XDocument.Parse(global::Pen.QaBench.Report.Reports.JUnit(info, results, 12.5));
            XElement suite = junit.Root.Element("testsuite");
            Assert.AreEqual("3", (string)suite.Attribute("tests"));
            Assert.AreEqual("1", (string)suite.Attribute("failures"));
            Assert.AreEqual("1", (string)suite.Attribute("skipped"));
            Assert.AreEqual("REQ-RATE-01", (string)suite.Elements("testcase").First().Attribute("classname"));
            Assert.IsNotNull(suite.Elements("testcase").First().Element("failure"));
        }

        private static string Fails(string json)
        {
            try
            {
                PlanReader.Parse(json, "p.json");
            }
            catch (PlanException e)
            {
                return e.Message;
            }

            Assert.Fail("accepted: " + json);
            return null;
        }

        [TestMethod]
        public void The_service_key_never_reaches_the_report_and_can_come_from_a_file()
        {
            string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
            string[] args = { "run", "plan.json", "--port", "/dev/ttyUSB0", "--key", hex, "--out", "out" };
            string recorded = string.Join(" ", Pen.QaBench.Program.Redacted(args));
            Assert.IsFalse(recorded.Contains(hex), recorded);
            StringAssert.Contains(recorded, "--key <redacted> --out out");
            Assert.AreEqual(hex, args[5], "the arguments themselves are left as they were");

            string file = Path.GetTempFileName();
            try
            {
                File.WriteAllText(file, hex + "\n");
                CollectionAssert.AreEqual(Pen.QaBench.Program.ServiceKey(hex, null), Pen.QaBench.Program.ServiceKey(null, file));
                Assert.AreEqual(32, Pen.QaBench.Program.ServiceKey(null, file).Length);
                File.WriteAllText(file, "not a key\n");
                var e = Assert.ThrowsExactly<Pen.QaBench.UsageError>(() => Pen.QaBench.Program.ServiceKey(null, file));
                StringAssert.Contains(e.Message, "--key-file " + file + " takes the unit's 32-byte service key as 64 hex digits");
                Assert.ThrowsExactly<Pen.QaBench.UsageError>(() => Pen.QaBench.Program.ServiceKey(hex, file));
                Assert.IsNull(Pen.QaBench.Program.ServiceKey(null, null));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
