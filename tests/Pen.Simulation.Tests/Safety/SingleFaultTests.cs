using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Safety;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>
    /// The single-fault table of docs/hazards.md, one row a test: the fault injected into a pen running at 100 strokes/s,
    /// what stops the motor, and in what time (truth at the plant's 100 µs step: from the fault to the first step with
    /// the driver disabled or the applied duty 0).
    /// </summary>
    [TestClass]
    public class SingleFaultTests
    {
        private const double FaultAtS = 2.0;

        /// <summary>What a run showed.</summary>
        private sealed class Outcome
        {
            public ScenarioRunner Runner;
            public double CutS = double.NaN;
            public double DrivenAfterCutS;
            public long StrokesAtEnd;
            public long StrokesAtCut = -1;
            public double CutMs => (CutS - FaultAtS) * 1000;
            public SimulatedPen Pen => Runner.Pen;
        }

        /// <summary>Runs at 100/s from 0.2 s; <paramref name="inject"/> at 2.0 s; the driver's cut measured from then.</summary>
        private static Outcome Run(double durationS, Action<Scenario> events, Action<ScenarioRunner> inject, int seed = 61)
        {
            var s = new Scenario { Name = "single fault", Seed = seed, DurationS = durationS };
            s.Tick = new TickPattern { JitterMs = 3 };
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            events?.Invoke(s);
            var o = new Outcome();
            var runner = new ScenarioRunner(s);
            o.Runner = runner;
            runner.Schedule(0.05, p => p.Firmware.SetBenchSetpoint(100f));
            if (inject != null) runner.Schedule(FaultAtS, p => inject(runner));
            // the scenario's time: the first start measures the cartridge seated at boot and the timeline waits with it
            // (ScenarioRunner.HeldS), so the fault still comes 2.0 s into the scenario, at the same moment of the treatment
            runner.Pen.Plant.StepObserver = p =>
            {
                double t = runner.ScenarioTimeS(p.TimeS);
                if (t < FaultAtS) return;
                bool driving = p.DriverEnabled && p.AppliedDuty > 0;
                if (double.IsNaN(o.CutS) && !driving) { o.CutS = t; o.StrokesAtCut = p.Strokes; }
                else if (!double.IsNaN(o.CutS) && driving) o.DrivenAfterCutS += p.StepMicros * 1e-6;
            };
            runner.Run();
            o.StrokesAtEnd = runner.Pen.Plant.Strokes;
            // the measured time, for docs/hazards.md's single-fault table (dotnet test ... --logger "console;verbosity=detailed")
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "cut {0:F2} ms after the fault; driven {1:F2} ms after the cut; fault shown {2}",
                                            o.CutMs, o.DrivenAfterCutS * 1000, FaultText.Of(runner.Pen.Firmware.Fault)));
            return o;
        }

        [TestMethod]
        public void The_tick_thread_dead_while_the_bench_thread_runs_loses_the_driver_within_50_ms()
        {
            // the control tick stops; the bench serial's thread answers on: only the tick toggles the heartbeat, so the
            // enable circuit drops the driver 45 ms after the last edge, however busy the rest of the firmware is
            Outcome o = Run(3.0, s =>
            {
                s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.Freeze, DurationMs = 500 });
                for (double t = FaultAtS + 0.005; t < FaultAtS + 0.1; t += 0.01) s.Events.Add(new BenchEvent { AtS = t, Command = "STATUS" });
            }, null);
            Assert.IsTrue(o.CutMs <= 50, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            int answers = 0;
            foreach (string line in o.Runner.BenchTranscript) if (line.StartsWith("STATUS ", StringComparison.Ordinal)) answers++;
            Assert.IsTrue(answers >= 9, "the bench thread answered meanwhile: " + answers);
        }

        [TestMethod]
        public void The_PWM_pin_stuck_high_is_the_driver_lockout_within_30_ms()
        {
            Outcome o = Run(3.0, s => s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.GpioStuck, Pin = GatePin.MotorPwm, High = true }), null);
            Assert.IsTrue(o.CutMs <= 30, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            Assert.AreEqual(FaultCode.DriverIgnoresCommand, o.Pen.Firmware.Fault);
            Assert.AreEqual(0.0, o.DrivenAfterCutS, 1e-9, "never driven again: enable low, heartbeat stopped");
        }

        [TestMethod]
        public void The_enable_request_stuck_high_drives_nothing_after_a_stop()
        {
            // the request no longer falls, but the PWM is 0 after the park and a lockout's heartbeat stops: a stop asked
            // for leaves the bridge awake and braking, never driving
            Outcome o = Run(5.0, s =>
            {
                s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.GpioStuck, Pin = GatePin.MotorEnable, High = true });
                s.Events.Add(new ButtonEvent { AtS = 2.5, Button = ButtonId.Main, Action = ButtonAction.Press });
            }, null);
            Assert.IsTrue(o.Pen.Plant.EnableRequest, "stuck");
            Assert.AreEqual(0.0, o.Pen.Plant.AppliedDuty, 1e-9, "no duty applied at the end");
            Assert.IsTrue(Math.Abs(o.Pen.Plant.ShaftHz) < 0.5, "the cam stands");
            Assert.IsTrue(o.Pen.Plant.NeedleMm == 0, "parked");
        }

        [TestMethod]
        public void The_heartbeat_stuck_drops_the_driver_within_50_ms()
        {
            Outcome o = Run(3.0, s => s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.GpioStuck, Pin = GatePin.Heartbeat, High = true }), null);
            Assert.IsTrue(o.CutMs <= 50, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            Assert.AreEqual(0.0, o.DrivenAfterCutS, 1e-9, "no edge, no drive");
        }

        [TestMethod]
        public void The_direction_pin_stuck_high_is_seen_by_the_drive_voltage_input_within_20_ms()
        {
            // the motor driven backward: OUT1 is the low side, the drive-voltage input reads nothing while the bridge conducts
            Outcome o = Run(3.0, s => s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.GpioStuck, Pin = GatePin.MotorDirection, High = true }), null);
            Assert.IsTrue(o.CutMs <= 20, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            Assert.IsTrue(o.Pen.Firmware.Supervisor.IsActive(FaultCode.DriveSenseImplausible), "shown: " + FaultText.Of(o.Pen.Firmware.Fault));
        }

        [TestMethod]
        public void A_shorted_bridge_transistor_while_running_is_the_driver_lockout_within_30_ms()
        {
            Outcome o = Run(3.0, s => s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.BridgeShort }), null);
            Assert.IsTrue(o.CutMs <= 30, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            Assert.AreEqual(FaultCode.DriverIgnoresCommand, o.Pen.Firmware.Fault);
            Assert.AreEqual(0.0, o.DrivenAfterCutS, 1e-9);
        }

        [TestMethod]
        public void A_shorted_bridge_transistor_at_power_up_is_locked_out_before_the_bridge_ever_wakes()
        {
            // the short is there from the start: the bridge asleep, OUT1 sits at the supply; the pen locks out before a
            // start, and the hold to start drives nothing
            var s = new Scenario { Name = "short at power-up", Seed = 62, DurationS = 3 };
            s.Events.Add(new FaultEvent { AtS = 0, Kind = FaultKind.BridgeShort });
            s.Events.Add(new ButtonEvent { AtS = 0.6, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.5 });
            var runner = new ScenarioRunner(s);
            bool woke = false;
            double lockedAt = double.NaN;
            runner.Pen.Plant.StepObserver = p =>
            {
                if (p.DriverEnabled) woke = true;
                if (double.IsNaN(lockedAt) && runner.Pen.Firmware.SafetyAction == SafetyAction.Lockout) lockedAt = p.TimeS;
            };
            runner.Run();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "locked out at {0:F3} s (the hold at 0.6 s); the bridge woke: {1}", lockedAt, woke));
            Assert.IsFalse(woke, "the bridge never woke");
            Assert.AreEqual(FaultCode.DriverIgnoresCommand, runner.Pen.Firmware.Fault);
            Assert.IsTrue(lockedAt < 0.6, "locked out before the hold began: " + lockedAt.ToString("F2", CultureInfo.InvariantCulture) + " s");
            Assert.AreEqual(0L, runner.Pen.Plant.Strokes);
        }

        [TestMethod]
        public void A_failed_current_sense_amplifier_is_an_implausible_current_within_half_a_second()
        {
            // the output sits at its reference: zero current on both inputs, off both rails; the stall and over-current
            // checks are blind until the mean of a turning motor's current stays at zero
            Outcome o = Run(3.0, null, r => r.Pen.AmplifierDead = true);
            Assert.IsTrue(o.CutMs <= 500, "cut after " + o.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            Assert.IsTrue(o.Pen.Firmware.Supervisor.IsActive(FaultCode.CurrentSenseImplausible), "shown: " + FaultText.Of(o.Pen.Firmware.Fault));
        }

        [TestMethod]
        public void A_corrupted_calibration_refuses_every_start_and_nothing_is_driven()
        {
            // both copies of the depth calibration damaged on the flash (bit rot, a write torn in both): after the next
            // power-up the pen reads the nominal line, latches the damage and refuses to treat; the hold drives nothing
            var s = new Scenario { Name = "corrupt calibration", Seed = 63, DurationS = 3.0 };
            s.Events.Add(new PowerEvent { AtS = 0.1, Action = PowerAction.Cycle });
            s.Events.Add(new ButtonEvent { AtS = 1.0, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.5 });
            var runner = new ScenarioRunner(s);
            string slot = CalibrationKinds.SlotName(DepthCalibration.RecordTag);
            Assert.IsTrue(runner.Pen.Flash.Files.ContainsKey(slot + ".a") || runner.Pen.Flash.Files.ContainsKey(slot + ".b"), "the factory calibrated this unit");
            runner.Pen.Flash.Put(slot + ".a", Garbage(300));
            runner.Pen.Flash.Put(slot + ".b", Garbage(80));
            bool driven = false;
            runner.Pen.Plant.StepObserver = p => { if (p.DriverEnabled && p.AppliedDuty > 0) driven = true; };
            runner.Run();
            Assert.AreEqual(FaultCode.RecordsDamaged, runner.Pen.Firmware.Fault);
            Assert.IsFalse(driven, "never driven");
            Assert.AreEqual(0L, runner.Pen.Plant.Strokes);
        }

        private static byte[] Garbage(int length)
        {
            var g = new byte[length];
            new Random(length).NextBytes(g);
            return g;
        }

        [TestMethod]
        public void A_brown_out_of_the_MCU_drops_the_driver_at_once_through_the_pull_downs_and_not_without_them()
        {
            // the MCU held in reset 200 ms (its pins float), the motor's supply stays
            Outcome with = Run(3.0, s => s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.BrownOut, DurationMs = 200 }), null);
            Assert.IsTrue(with.CutMs <= 0.2, "the gate inputs fall with the MCU: cut after " + with.CutMs.ToString("F2", CultureInfo.InvariantCulture) + " ms");
            Assert.AreEqual(0.0, with.DrivenAfterCutS, 1e-9, "and the rebooted firmware does not start by itself");

            // the same board without its gate pull-downs: the floating inputs read high (PH too: full duty in reverse
            // against the turning motor), and the bridge drives on through its own over-current retries until the enable
            // circuit's monostable runs out
            Outcome without = Run(3.0, s =>
            {
                s.Overrides["gatePullDowns"] = 0;
                s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.BrownOut, DurationMs = 200 });
            }, null);
            Assert.IsTrue(without.CutMs + without.DrivenAfterCutS * 1000 > 10, "without pull-downs the bridge drives on: first cut after "
                + without.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms, then driven " + (without.DrivenAfterCutS * 1000).ToString("F1", CultureInfo.InvariantCulture) + " ms more");
        }

        [TestMethod]
        public void Holding_main_6_s_switches_a_hung_pen_off_in_hardware()
        {
            // the firmware hangs (the enable circuit drops the driver within 45 ms); the practitioner holds main: the
            // push-button controller switches the regulator off whatever the MCU does, and a press wakes it only after
            // a release
            Outcome o = Run(10.0, s =>
            {
                s.Events.Add(new FaultEvent { AtS = FaultAtS, Kind = FaultKind.Freeze, DurationMs = 8000 });
                s.Events.Add(new ButtonEvent { AtS = 2.5, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 7 });
            }, null);
            Assert.IsTrue(o.CutMs <= 50);
            Assert.AreEqual(1, o.Pen.ForcedOffs, "switched off by the long press");
            Assert.IsFalse(o.Pen.Powered, "and stays off while main is held, and after");
        }
    }
}
