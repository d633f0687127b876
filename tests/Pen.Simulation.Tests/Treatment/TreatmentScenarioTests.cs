using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Session;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using Pen.Simulation.Tests.Scenarios;

namespace Pen.Simulation.Tests.Treatment
{
    /// <summary>The treatment rules on the simulated pen: the 30-minute example, the depth gauge, the session log.</summary>
    [TestClass]
    public class TreatmentScenarioTests
    {
        private static List<string> Sessions(SimulatedPen pen)
        {
            var list = new List<string>();
            foreach (string r in pen.LogRecords()) if (r.StartsWith(SessionRecord.EndTag + " ", StringComparison.Ordinal)) list.Add(r);
            return list;
        }

        [TestMethod]
        public void The_30_minute_treatment_logs_two_patients_with_their_areas_pauses_cues_and_exact_strokes()
        {
            Scenario s = ScenarioParser.ParseFile(Path.Combine(ScenarioTestSupport.ExamplesDir, "treatment-30min.json"));
            var runner = new ScenarioRunner(s);
            // the strokes the cam makes while the pen measures a cartridge (at the first start, at each seating) are no session's
            long chainStrokes = 0, seen = 0;
            runner.Pen.Plant.StepObserver = p =>
            {
                if (p.Strokes > seen && runner.Pen.Firmware.Drive.MeasuringCartridge) chainStrokes += p.Strokes - seen;
                seen = p.Strokes;
            };
            RunResult result = runner.Run();
            List<string> sessions = Sessions(runner.Pen);
            Assert.AreEqual(2, sessions.Count, string.Join("\n", runner.Pen.LogRecords()));
            string a = sessions[0], b = sessions[1];
            Assert.AreEqual("cartridge-removed", RecordText.Field(a, "end"));
            Assert.AreEqual("4,0,2", RecordText.Field(a, "profiles"), "cheeks and chin, forehead, nose");
            Assert.AreEqual("1", RecordText.Field(a, "pauses"), "the 15 s lift paused once");
            Assert.AreEqual("power-off", RecordText.Field(b, "end"));
            long needling = long.Parse(RecordText.Field(a, "needling_ms")) + long.Parse(RecordText.Field(b, "needling_ms"));
            Assert.IsTrue(needling > 25 * 60 * 1000L && needling <= 30 * 60 * 1000L, "needling " + needling);
            int cues = int.Parse(RecordText.Field(a, "cues")) + int.Parse(RecordText.Field(b, "cues"));
            Assert.IsTrue(Math.Abs(cues - needling / 30000) <= 3, "a pacing cue per 30 s of needling on an area: " + cues);
            long strokes = long.Parse(RecordText.Field(a, "strokes")) + long.Parse(RecordText.Field(b, "strokes"));
            // the log counts the Hall's falling edges: every stroke, the cam rocking back into the Hall's arc as the
            // spring settles it after a stop, and forward again past a top dead centre it had passed (the PCNT counts
            // those edges too; truth: Plant.BackwardFalls, Plant.RepeatedFalls); a dropped or filtered edge only lowers it
            long falls = result.Strokes - chainStrokes + runner.Pen.Plant.BackwardFalls + runner.Pen.Plant.RepeatedFalls;
            Assert.IsTrue(strokes <= falls && falls - strokes <= 10,
                "logged " + strokes + " of " + result.Strokes + " true strokes (" + chainStrokes + " of them the cartridge chains'), " + runner.Pen.Plant.BackwardFalls
                + " edges of the cam rocking back and " + runner.Pen.Plant.RepeatedFalls + " forward past a stroke it had made");
            Assert.IsTrue(long.Parse(RecordText.Field(a, "elapsed_ms")) > long.Parse(RecordText.Field(a, "needling_ms")), "elapsed and needling kept apart");
            Assert.AreEqual(1, runner.Pen.PowerLatch.PowerOffs);
        }

        [TestMethod]
        public void Factory_calibrated_depth_reads_within_0_05_mm_on_every_detent_of_ten_units()
        {
            DepthAccuracy.Result r = DepthAccuracy.Measure(10);
            Assert.AreEqual(0, r.WrongDetents);
            Assert.IsTrue(r.MaxCalibratedErrorMm <= 0.05, "calibrated " + r.MaxCalibratedErrorMm);
            Assert.IsTrue(r.MaxSettingErrorMm <= 0.05, "setting " + r.MaxSettingErrorMm);
            Assert.IsTrue(r.MaxNominalErrorMm > 0.05, "without the table the gauge would be off: " + r.MaxNominalErrorMm);
        }

        [TestMethod]
        public void The_ring_turned_past_the_clinic_cap_while_running_stops_the_needles()
        {
            var s = new Scenario { Name = "t", Seed = 3, DurationS = 5 };
            s.Events.Add(new ButtonEvent { AtS = 0.3, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new DepthEvent { AtS = 3.0, DepthMm = 1.75 });
            var runner = new ScenarioRunner(s);
            var rows = new List<TickRow>();
            runner.Run(new Sink(rows));
            Assert.IsTrue(At(rows, 2.9).MotorEnabled, "running before");
            Assert.IsFalse(runner.Pen.Firmware.Treatment.RunRequested);
            Assert.IsFalse(At(rows, 4.5).MotorEnabled, "parked and off after");
        }

        [TestMethod]
        public void Records_survive_a_power_cycle_and_the_used_cartridge_stays_refused()
        {
            var s = new Scenario { Name = "t", Seed = 5, DurationS = 8 };
            s.Events.Add(new ButtonEvent { AtS = 0.3, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new PowerEvent { AtS = 3.0, Action = PowerAction.Cycle });
            s.Events.Add(new ButtonEvent { AtS = 4.0, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            var runner = new ScenarioRunner(s);
            runner.Run();
            Assert.AreEqual("power-lost", RecordText.Field(Sessions(runner.Pen)[0], "end"));
            Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)runner.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsFalse(runner.Pen.Plant.DriverEnabled);
        }

        private static TickRow At(List<TickRow> rows, double t)
        {
            foreach (TickRow r in rows) if (r.TimeS >= t) return r;
            return rows[rows.Count - 1];
        }

        private sealed class Sink : ITickSink
        {
            private readonly List<TickRow> _rows;
            public Sink(List<TickRow> rows) { _rows = rows; }
            public void OnTick(in TickRow row) { _rows.Add(row); }
        }
    }
}
