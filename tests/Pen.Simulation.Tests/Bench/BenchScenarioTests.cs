using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Bench
{
    /// <summary>
    /// The bench serial on the simulated pen: "bench" events of a scenario are answered by the firmware's own
    /// protocol, and what it reports agrees with the plant's physical truth.
    /// </summary>
    [TestClass]
    public sealed class BenchScenarioTests
    {
        [TestMethod]
        public void The_QA_bench_example_sets_a_rate_the_cam_really_runs_at_and_reads_the_fault_back()
        {
            Scenario s = ScenarioParser.ParseFile(Path.Combine(ExamplesDir, "bench-qa.json"));
            var runner = new ScenarioRunner(s);
            var truth = new TrueRate(9.0, 9.5);
            runner.Run(truth);
            List<string> t = runner.BenchTranscript;
            string all = string.Join("\n", t);
            // the transcript's times are the plant's: after the hold at 6.2 s the first start measured the cartridge seated at
            // boot and the timeline waited with it (ScenarioRunner.HeldS)
            string Later(double atS, string command) => (atS + runner.HeldS).ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + " s > " + command;

            // timeline: BENCH before the service session is refused; the session opens by challenge and response (the
            // simulated QA tool answers with the key the factory gave this pen); then BENCH is accepted
            Assert.AreEqual("0.400 s > BENCH 120", t[3], all);
            Assert.IsTrue(t[4].StartsWith("ERR 4 "), all);
            Assert.IsTrue(t[t.IndexOf("0.500 s > AUTH") + 1].StartsWith("CHALLENGE device=SIM-00007 "), all);
            Assert.AreEqual("SERVICE open idle_s=600", t[t.IndexOf("0.600 s > AUTH @answer") + 1], all);
            Assert.AreEqual("BENCH sp_cHz=12000", t[t.IndexOf("6.000 s > BENCH 120") + 1], all);
            // running on skin at the bench rate: the cam's true mean rate over 0.5 s, not just the firmware's word
            Assert.AreEqual(120.0, truth.MeanHz, 0.02 * 120.0, "true rate at the bench setpoint");
            string status = t.Find(l => l.StartsWith("STATUS "));
            Assert.IsNotNull(status, all);
            StringAssert.Contains(status, " state_name=running ");
            StringAssert.Contains(status, " sp_cHz=12000 ");
            StringAssert.Contains(status, " bench_run=1 ");
            StringAssert.Contains(status, " service=open ");
            // a bad argument changes nothing and says what it wants
            Assert.IsTrue(t.Contains("ERR 2 BENCH argument 1 \"500\": strokes/s, a whole number 50 to 150, OFF, START or STOP"), all);
            // the cartridge pulled while running: the fault snapshot is read back over the serial
            int faults = t.IndexOf("FAULTS held=1 total=1");
            Assert.IsTrue(faults > 0, all);
            StringAssert.Contains(t[faults + 1], " code=11 ");
            StringAssert.EndsWith(t[faults + 1], " text=cartridge removed while running");
            // the log as the record store holds it
            var log = runner.Pen.LogRecords();
            int heldThen = log.FindIndex(l => l.StartsWith("SERVICE end", System.StringComparison.Ordinal)); // END came after the LOG
            Assert.AreEqual("LOG count=" + heldThen + " capacity=400 next_seq=" + (heldThen + 1), t[t.IndexOf(Later(10.6, "LOG")) + 1], all);
            Assert.AreEqual("REC 0 " + log[0], t[t.IndexOf(Later(10.7, "LOG 0 5")) + 1], all);
            // the run on the bench rate was a QA run: no patient session in the log
            Assert.IsFalse(log.Exists(r => r.StartsWith("SESSION") || r.StartsWith("BEGIN")), string.Join("\n", log));
            Assert.IsTrue(log.Exists(r => r.StartsWith("QA start")), string.Join("\n", log));
        }

        [TestMethod]
        public void A_bench_event_without_a_command_names_its_line_and_field()
        {
            ScenarioException ex = FailsText("{ \"durationS\": 1, \"events\": [\n { \"at\": 0.5, \"type\": \"bench\" }\n] }");
            AssertError(ex, "t.json", 2, "events[0].command", "missing required field");
            ex = FailsText("{ \"durationS\": 1, \"events\": [\n { \"at\": 0.5, \"type\": \"bench\", \"command\": 5 }\n] }");
            AssertError(ex, "t.json", 2, "events[0].command", "expected a string");
        }

        [TestMethod]
        public void A_pen_that_is_off_does_not_answer()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"events\": [ { \"at\": 0.2, \"type\": \"power\", \"action\": \"off\" }, { \"at\": 0.5, \"type\": \"bench\", \"command\": \"STATUS\" } ] }");
            var runner = new ScenarioRunner(s);
            runner.Run(new TrueRate(0, 0));
            CollectionAssert.AreEqual(new[] { "0.500 s > STATUS", "(the pen is off: no answer)" }, runner.BenchTranscript);
        }

        /// <summary>The cam's true mean rate over a window: strokes counted by the plant / time.</summary>
        private sealed class TrueRate : ITickSink
        {
            private readonly double _from, _to;
            private long _firstStrokes = -1, _lastStrokes;
            private double _firstT, _lastT;
            public TrueRate(double from, double to) { _from = from; _to = to; }
            public double MeanHz => (_lastStrokes - _firstStrokes) / (_lastT - _firstT);
            public void OnTick(in TickRow row)
            {
                if (row.ScenarioS < _from || row.ScenarioS > _to) return;
                if (_firstStrokes < 0) { _firstStrokes = row.Strokes; _firstT = row.TimeS; }
                _lastStrokes = row.Strokes;
                _lastT = row.TimeS;
            }
        }

        [TestMethod]
        public void A_long_served_transcript_keeps_its_newest_lines_and_says_how_many_went()
        {
            // 40 requests of two lines each (the request, "HELLO" refused as one ERR line) into a transcript of 20 lines
            Scenario s = Parse("{ \"durationS\": 5 }");
            for (int i = 0; i < 40; i++) s.Events.Add(new BenchEvent { AtS = 0.5 + i * 0.1, Command = "NOPE" + i });
            var runner = new ScenarioRunner(s) { BenchTranscriptLimit = 20 };
            runner.Run();
            List<string> t = runner.BenchTranscript;
            string all = string.Join("\n", t);

            Assert.IsTrue(t.Count <= 20, all);
            Assert.AreEqual(80 - (t.Count - 1), runner.BenchTranscriptDropped, all);
            Assert.AreEqual("(" + runner.BenchTranscriptDropped + " earlier lines dropped: the transcript keeps the newest 20 or so)", t[0]);
            Assert.AreEqual("4.400 s > NOPE39", t[^2], "the newest request, then its answer");
            StringAssert.StartsWith(t[^1], "ERR ");
            Assert.AreEqual("4.300 s > NOPE38", t[^4], all);
        }
    }
}
