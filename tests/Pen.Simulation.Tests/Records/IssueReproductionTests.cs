using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Records;
using Pen.Core.Safety;
using Pen.Core.Session;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Records
{
    /// <summary>
    /// The reproductions of "Records and service access that hold" (issue 34), each as the attacker with a UART cable or
    /// the battery at its last volt did it, on the simulated pen (its flash with the part's write times, power loss
    /// tearing the write in progress): each is refused or harmless. Timelines on seeds 3 to 7, RP-1.
    /// </summary>
    [TestClass]
    public sealed class IssueReproductionTests
    {
        private const int Periorbital = 1, Nose = 2;   // PenLimits.ProfileNames

        /// <summary>A session on the seated cartridge: main held at 0.3 s, stopped at 3 s. The cartridge is used from then on.</summary>
        private static Scenario UsedCartridge(int seed, double durationS)
        {
            var s = new Scenario { Name = "issue 34", Seed = seed, DurationS = durationS };
            s.Events.Add(new ButtonEvent { AtS = 0.3, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 3.0, Button = ButtonId.Main, Action = ButtonAction.Press });
            return s;
        }

        private static void Bench(Scenario s, double atS, string command) => s.Events.Add(new BenchEvent { AtS = atS, Command = command });

        private static void Start(Scenario s, double atS) => s.Events.Add(new ButtonEvent { AtS = atS, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });

        /// <summary>Moves from the default profile to <paramref name="profile"/> with holds of minus (1.2 s apart).</summary>
        private static double SelectProfile(Scenario s, double atS, int profile)
        {
            for (int p = Pen.Core.Limits.PenLimits.DefaultProfileIndex; p > profile; p--)
            {
                s.Events.Add(new ButtonEvent { AtS = atS, Button = ButtonId.Minus, Action = ButtonAction.Hold, HoldS = 1.1 });
                atS += 1.5;
            }

            return atS;
        }

        private static int Count(IEnumerable<string> lines, string prefix)
        {
            int n = 0;
            foreach (string l in lines) if (l.StartsWith(prefix, StringComparison.Ordinal)) n++;
            return n;
        }

        [TestMethod]
        public void A_used_cartridge_left_seated_while_the_cell_rests_at_the_start_threshold_stays_used()
        {
            // the cell rests at the 3.15 V start threshold for 30 s with the used cartridge seated, then is charged, the
            // pen power-cycled and started again
            Scenario s = UsedCartridge(3, 40);
            s.Events.Add(new PowerEvent { AtS = 35.5, Action = PowerAction.Cycle });
            Start(s, 36.5);
            var runner = new ScenarioRunner(s);
            // the resting cell recovers slowly through the threshold: 3.14 to 3.19 V open-circuit over 30 s (the reading
            // sits a little lower, under the pen's own draw), in the ADC's noise
            for (int i = 0; i <= 300; i++)
            {
                double ocv = 3.14 + 0.05 * i / 300;
                runner.Schedule(4.0 + i * 0.1, pen => pen.Plant.Supply.StateOfCharge = Supply.StateOfChargeAt(ocv));
            }

            runner.Schedule(35.0, pen => pen.Plant.Supply.StateOfCharge = 0.9);
            var rows = new Rows();
            runner.Run(rows);

            int trips = 0;
            bool low = false;
            foreach (TickRow r in rows.All)
            {
                if (r.TimeS > 35.0) break;
                bool now = r.Fault == (int)FaultCode.BatteryTooLowToStart;
                if (now && !low) trips++;
                low = now;
            }

            List<string> log = runner.Pen.LogRecords();
            Assert.AreEqual(1, trips, "the start check trips once in 30 s through its threshold (hysteresis)");
            Assert.AreEqual(1, Count(log, "fault "), "fault snapshots: " + Count(log, "fault ") + "\n" + string.Join("\n", log));
            Assert.AreEqual(1, Count(log, "BEGIN n=1 "), "the first session's record is kept");
            Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)runner.Pen.Firmware.Treatment.LastRefusal,
                "after charging and a power cycle: fault " + runner.Pen.Firmware.Fault + ", strokes " + rows.All[rows.All.Count - 1].Strokes + ", state " + runner.Pen.Firmware.State + "\n" + string.Join("\n", log));
            Assert.IsTrue(runner.Pen.Firmware.Treatment.CartridgeUsed);
            Assert.IsFalse(runner.Pen.Plant.DriverEnabled);
        }

        [TestMethod]
        public void Three_hundred_STORE_CONFIG_lines_change_nothing_without_a_service_session_and_never_free_a_used_cartridge()
        {
            Scenario s = UsedCartridge(4, 30);
            s.Events.Add(new PowerEvent { AtS = 3.5, Action = PowerAction.Cycle });   // the patient's session ends
            // the old gesture, then the cable: 300 STORE CONFIG lines without a service session
            s.Events.Add(new ButtonEvent { AtS = 4.0, Button = ButtonId.Plus, Action = ButtonAction.Hold, HoldS = 5.5 });
            s.Events.Add(new ButtonEvent { AtS = 4.0, Button = ButtonId.Minus, Action = ButtonAction.Hold, HoldS = 5.5 });
            for (int i = 0; i < 300; i++) Bench(s, 10.0 + i * 0.02, "STORE CONFIG session_cap_s=" + (300 + i) + " pacing_s=20");
            // then the same inside a service session: stored, logged, and still the cartridge is used
            Bench(s, 16.5, "AUTH");
            Bench(s, 16.6, "AUTH @answer");
            for (int i = 0; i < 300; i++) Bench(s, 17.0 + i * 0.02, "STORE CONFIG session_cap_s=" + (300 + i) + " pacing_s=20");
            s.Events.Add(new PowerEvent { AtS = 24.0, Action = PowerAction.Cycle });
            Start(s, 25.0);
            var runner = new ScenarioRunner(s);
            runner.Run();

            List<string> t = runner.BenchTranscript;
            Assert.AreEqual(300, Count(t, "ERR 4 "), "each refused without a service session:\n" + string.Join("\n", t.GetRange(0, 6)));
            Assert.AreEqual(300, Count(t, "STORED "), "stored inside the session");
            List<string> log = runner.Pen.LogRecords();
            Assert.AreEqual(300, Count(log, "SERVICE store slot=" + PenRecords.ConfigSlot), "every service action logged");
            Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)runner.Pen.Firmware.Treatment.LastRefusal);
            Assert.AreEqual("1", RecordText.Field(runner.Pen.ReadRecords().Value(PenRecords.CartridgeSlot), "used"), "the durable cartridge record");
            Assert.IsFalse(runner.Pen.Plant.DriverEnabled);
        }

        [TestMethod]
        public void A_depth_table_outside_the_sensor_is_refused_and_the_periorbital_limit_holds_on_the_needles()
        {
            // the attacker's table: rising, each depth at its mark, the code the ring gives at 2.5 mm placed at 0.5 mm
            Scenario s = UsedCartridge(5, 30);
            s.Events.Clear();
            var runner0 = new ScenarioRunner(s);
            DepthCalibration own = DepthCalibration.Parse(runner0.Pen.ReadRecords().Value(CalibrationKinds.SlotName(DepthCalibration.RecordTag)));
            float full = own.Codes[own.Codes.Length - 1];
            var codes = new float[own.Codes.Length];
            for (int i = 0; i < codes.Length; i++) codes[i] = i < 2 ? full - (2 - i) * 40 : full + (i - 2) * 100;
            DepthCalibration attack = DepthCalibration.FromMeasured(codes, (float[])own.Mm.Clone());
            Assert.IsNotNull(attack, "consistent in itself");

            Bench(s, 0.5, "AUTH");
            Bench(s, 0.6, "AUTH @answer");
            Bench(s, 1.0, "STORE " + attack.ToRecord());
            Bench(s, 1.5, "END");
            s.Events.Add(new PowerEvent { AtS = 2.0, Action = PowerAction.Cycle });
            double t = SelectProfile(s, 3.0, Periorbital);
            s.Events.Add(new DepthEvent { AtS = t, DepthMm = 2.5 });
            Start(s, t + 0.5);
            s.DurationS = t + 4;
            var runner = new ScenarioRunner(s);
            var rows = new Rows();
            runner.Run(rows);

            Assert.IsTrue(runner.BenchTranscript.Exists(l => l.StartsWith("ERR 6 STORE: DEPTHCAL detent", StringComparison.Ordinal)), string.Join("\n", runner.BenchTranscript));
            Assert.AreEqual(Periorbital, runner.Pen.Firmware.Treatment.Profile);
            Assert.AreEqual((int)StartRefusal.DepthAboveLimit, (int)runner.Pen.Firmware.Treatment.LastRefusal);
            double deepest = 0;
            foreach (TickRow r in rows.All) if (r.MotorEnabled) deepest = Math.Max(deepest, r.DepthMm);
            Assert.AreEqual(0.0, deepest, "the needles never ran at the ring's 2.5 mm");
            Assert.AreEqual(0L, rows.All[rows.All.Count - 1].Strokes);
        }

        [TestMethod]
        public void A_supply_calibration_shifted_7_percent_is_refused_and_a_3_05_V_cell_does_not_start()
        {
            var s = new Scenario { Name = "issue 34", Seed = 6, DurationS = 6 };
            s.Initial.BatteryOcvVolts = 3.05;
            var runner0 = new ScenarioRunner(s);
            PenRecords records = runner0.Pen.ReadRecords();
            var lines = new AdcLines();
            lines.Load(records);
            SupplyCalibration own = SupplyCalibration.Parse(records.Value(CalibrationKinds.SlotName(SupplyCalibration.RecordTag)), runner0.Pen.Board.Scale, lines.Supply);
            string shifted = SupplyCalibration.RecordTag + " codes=" + Tenths(own.LowCode) + "," + Tenths(own.HighCode)
                             + " mv=" + (int)(own.LowVolts * 1070) + "," + (int)(own.HighVolts * 1070);
            Bench(s, 0.5, "AUTH");
            Bench(s, 0.6, "AUTH @answer");
            Bench(s, 1.0, "STORE " + shifted);
            Bench(s, 1.5, "END");
            s.Events.Add(new PowerEvent { AtS = 2.0, Action = PowerAction.Cycle });
            Start(s, 3.0);
            var runner = new ScenarioRunner(s);
            var rows = new Rows();
            runner.Run(rows);

            Assert.IsTrue(runner.BenchTranscript.Exists(l => l.StartsWith("ERR 6 STORE: SUPPLYCAL", StringComparison.Ordinal)), string.Join("\n", runner.BenchTranscript));
            Assert.AreEqual(0L, rows.All[rows.All.Count - 1].Strokes, "a 3.05 V cell never runs the needles");
            Assert.AreEqual((int)FaultCode.BatteryTooLowToStart, (int)runner.Pen.Firmware.Fault);
        }

        [TestMethod]
        public void A_bench_rate_sent_without_a_session_or_left_from_one_never_runs_a_patients_session()
        {
            var s = new Scenario { Name = "issue 34", Seed = 7, DurationS = 20 };
            s.Initial.DepthMm = 0.5;                         // the nose's deepest
            Bench(s, 0.5, "BENCH 150");                      // no session: refused
            // a service session sets 150/s and ends; the patient's session that follows runs at the nose's rate
            Bench(s, 1.0, "AUTH");
            Bench(s, 1.1, "AUTH @answer");
            Bench(s, 1.5, "BENCH 150");
            Bench(s, 2.0, "END");
            Bench(s, 2.1, "BENCH 150");                      // closed again: refused
            double t = SelectProfile(s, 2.5, Nose);
            Start(s, t);
            s.Events.Add(new ButtonEvent { AtS = t + 5, Button = ButtonId.Main, Action = ButtonAction.Press });
            var runner = new ScenarioRunner(s);
            var rows = new Rows();
            runner.Run(rows);

            List<string> b = runner.BenchTranscript;
            Assert.AreEqual(2, Count(b, "ERR 4 "), string.Join("\n", b));
            Assert.AreEqual(Nose, runner.Pen.Firmware.Treatment.Profile);
            double fastest = 0;
            foreach (TickRow r in rows.All) if (r.TimeS > t + 2.5 && r.TimeS < t + 5) fastest = Math.Max(fastest, r.TrueRateHz);
            Assert.IsTrue(fastest > 45 && fastest <= 70 * 1.03, "the cam's true rate in the nose area: " + fastest.ToString("F1", CultureInfo.InvariantCulture));
            List<string> log = runner.Pen.LogRecords();
            Assert.AreEqual(1, Count(log, "BEGIN n=1 "), "a patient's session:\n" + string.Join("\n", log));
            Assert.AreEqual(0, Count(log, Pen.Core.Session.Treatment.QaTag + " "), "no QA run");
        }

        [TestMethod]
        public void The_end_record_is_on_the_flash_after_a_power_off_on_the_slowest_flash()
        {
            Scenario s = UsedCartridge(3, 9);
            s.Events.Add(new ButtonEvent { AtS = 5.0, Button = ButtonId.Main, Action = ButtonAction.DoublePress });
            // the pen loses power at the first tick after it released its latch: a write still in progress is torn
            var runner = new ScenarioRunner(s);
            runner.Schedule(0, pen => pen.Flash.Timing = FlashTiming.Worst());
            runner.Run();

            Assert.AreEqual(1, runner.Pen.PowerLatch.PowerOffs);
            List<string> log = runner.Pen.LogRecords();
            string end = log.FindLast(l => l.StartsWith(SessionRecord.EndTag + " ", StringComparison.Ordinal));
            Assert.IsNotNull(end, string.Join("\n", log));
            Assert.AreEqual("power-off", RecordText.Field(end, "end"));
            string cart = runner.Pen.ReadRecords().Value(PenRecords.CartridgeSlot);
            Assert.AreEqual("1", RecordText.Field(cart, "used"));
            Assert.AreEqual("0", RecordText.Field(cart, "open"), "the session closed on the flash: " + cart);
        }

        [TestMethod]
        public void Power_lost_on_the_first_strokes_leaves_the_cartridge_used()
        {
            // find the treatment's first stroke, then cut the power 1 to 50 ms after it on the slowest flash
            var first = new Scenario { Name = "issue 34", Seed = 3, DurationS = 3 };
            Start(first, 0.3);
            var rows = new Rows();
            var probe = new ScenarioRunner(first);
            probe.Schedule(0, pen => pen.Flash.Timing = FlashTiming.Worst());
            probe.Run(rows);
            // the treatment's first stroke (the cartridge chain before the start makes strokes of its own)
            int running = rows.All.FindIndex(r => r.State == (int)Pen.Core.PenState.Running);
            long before = rows.All[running].Strokes;
            double firstStroke = rows.All.Find(r => r.TimeS >= rows.All[running].TimeS && r.Strokes > before).TimeS;

            foreach (double after in new[] { 0.001, 0.01, 0.05 })
            {
                var s = new Scenario { Name = "issue 34", Seed = 3, DurationS = firstStroke + 3 };
                Start(s, 0.3);
                s.Events.Add(new PowerEvent { AtS = firstStroke + after, Action = PowerAction.Cycle });
                Start(s, firstStroke + 1);
                var runner = new ScenarioRunner(s);
                runner.Schedule(0, pen => pen.Flash.Timing = FlashTiming.Worst());
                runner.Run();
                Assert.IsTrue(runner.Pen.Firmware.Treatment.CartridgeUsed, "cut " + after * 1000 + " ms after the first stroke");
                Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)runner.Pen.Firmware.Treatment.LastRefusal);
            }
        }

        private static string Tenths(float code) => ((int)(code * 10 + 0.5f)).ToString(CultureInfo.InvariantCulture);

        private sealed class Rows : ITickSink
        {
            public readonly List<TickRow> All = new List<TickRow>();
            public void OnTick(in TickRow row) { All.Add(row); }
        }
    }
}
