#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>The safety supervisor as timelines on fake ports: checks raise flags, rules pick the action.</summary>
    [TestClass]
    public class SafetySupervisorTests
    {
        private static long _t;

        /// <summary>One 10 ms tick; the cam gives one edge every <paramref name="ticksPerEdge"/> ticks (0: none).</summary>
        private static void Tick(FakePen pen, PenFirmware fw, int ticksPerEdge) => _t = pen.Tick(fw, _t, ticksPerEdge);

        /// <summary>Boots, idles 50 ms, holds main 1.1 s, releases, runs 0.5 s with a cam at 50 strokes/s.</summary>
        private static PenFirmware Running(FakePen pen)
        {
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            pen.Main.Level = false;
            for (int i = 0; i < 110; i++) Tick(pen, fw, 2);
            pen.Main.Level = true;
            for (int i = 0; i < 50; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)PenState.Running, (int)fw.State, "running before the fault");
            return fw;
        }

        private static void ShortPress(FakePen pen, PenFirmware fw)
        {
            pen.Main.Level = false;
            for (int i = 0; i < 10; i++) Tick(pen, fw, 0);
            pen.Main.Level = true;
            for (int i = 0; i < 3; i++) Tick(pen, fw, 0);
        }

        [TestMethod]
        public void Cartridge_removed_while_running_cuts_duty_and_enable_on_the_next_tick()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Cartridge.Level = true;   // switch opens: cartridge out
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.CartridgeRemoved, (int)fw.Fault);
            Assert.IsTrue(pen.Pwm.Duty == 0f, "duty 0");
            Assert.IsFalse(pen.Enable.Level, "driver disabled");
            pen.Cartridge.Level = false;  // a cartridge seated again clears it; the needles stay stopped
            Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault);
            // the retraction after the cut still runs (it brakes and finds the fake cam in the Hall window), then the
            // bridge sleeps: no restart without the user
            for (int i = 0; i < 30; i++)
            {
                Tick(pen, fw, 0);
                Assert.IsTrue(pen.Pwm.Duty == 0f || !pen.Enable.Level, "nothing driven");
            }

            Assert.IsFalse(pen.Enable.Level, "no restart without the user");
            Assert.IsFalse(fw.State == PenState.Running, "not running");
        }

        [TestMethod]
        public void Stalled_cam_drawing_stall_current_is_a_stall_cut_at_once_and_cleared_by_a_short_press()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            // cam stopped: no edges, and the shunt reads duty × stall current (D·V/R ≈ 0.34 × 3.9 V / 1.46 Ω ≈ 0.91 A
            // at the fake's duty): 0.30 A of shunt average. (More than D²·V/R would be a driver applying more than its
            // command: DriveOutputCheck.)
            pen.Current.Code = TestCodes.ShuntAmps(0.30f);
            Tick(pen, fw, 0);
            SafetyInputs s = fw.Supervisor.Inputs;
            Assert.AreEqual((int)FaultCode.MotorStall, (int)fw.Fault, "I " + s.MotorAmps.ToString() + " bemf " + s.BackEmfHz.ToString() + " duty " + s.Duty.ToString() + " driven " + s.Driven.ToString() + " for " + s.DrivenForMicros.ToString());
            Assert.AreEqual((int)SafetyAction.ImmediateStop, (int)fw.SafetyAction);
            Assert.IsFalse(pen.Enable.Level, "cut at once");
            Assert.IsTrue(pen.Pwm.Duty == 0f);
            // the cut drive draws nothing; the retraction after it brakes and finds the fake cam in the Hall window
            pen.Current.Code = TestCodes.ZeroCurrent;
            for (int i = 0; i < 20; i++) Tick(pen, fw, 0);
            Assert.IsFalse(pen.Enable.Level, "the retraction is over: the bridge released");
            Assert.AreEqual((int)FaultCode.MotorStall, (int)fw.Fault, "latched until the user acknowledges");
            ShortPress(pen, fw);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "a short press acknowledges");
        }

        [TestMethod]
        public void A_count_read_32767_off_at_a_counter_wrap_is_not_taken_as_strokes()
        {
            // nanoFramework adds its overflow counter to the PCNT's 15-bit count without a lock: a read at a wrap is
            // 32,767 high (interrupt already run, count read before) or low (count restarted, interrupt not yet run)
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            long count = pen.Counter.Count;
            pen.Counter.Count = count + PulseCountGuard.WrapEdges;   // one read 32,767 high
            _t += 10000;
            pen.Counter.TimeMicros = _t;
            fw.Tick(_t);
            pen.Counter.Count = count + 1;                             // consistent again: one stroke since
            for (int i = 0; i < 5; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "no overspeed from 32,767 edges in a tick");
            count = pen.Counter.Count;
            pen.Counter.Count = count - PulseCountGuard.WrapEdges + 1; // one read 32,767 low
            _t += 10000;
            pen.Counter.TimeMicros = _t;
            fw.Tick(_t);
            pen.Counter.Count = count + 1;
            for (int i = 0; i < 5; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "nor from a count that fell");
            Assert.AreEqual(2, fw.Frame.PulseGuard.Rejected, "both reads rejected");
            Assert.IsTrue(fw.Frame.PulseCount >= count + 1 && fw.Frame.PulseCount < count + 10, "the count goes on where it was: " + fw.Frame.PulseCount.ToString());
            Assert.AreEqual((int)PenState.Running, (int)fw.State);
        }

        [TestMethod]
        public void The_housing_reading_starts_again_after_a_gap_in_the_NTC()
        {
            FakePen pen = new FakePen();
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 1000; i++) Tick(pen, fw, 0);        // t = 0 .. 10 s: idle, the NTC at about 25 °C
            pen.Ntc.Code = PenLimits.NtcCodeOpen;                    // t = 10 s: a loose contact for 1 s
            for (int i = 0; i < 100; i++) Tick(pen, fw, 0);
            // t = 11 s: read again, the housing a few degrees warmer meanwhile; the lag compensation that undoes the NTC's
            // 8 s lag must not read the jump as a fast rise (continued across the gap it read up to 9.3 K off)
            int warm = pen.Ntc.Code = TestCodes.For(1386f);
            float housing = SensingScale.HousingCelsius(AdcLine.Nominal.Millivolts(warm));
            Assert.IsTrue(housing > 29f && housing < 35f, "the reading: " + housing.ToString());
            float worst = 0f;
            for (int i = 0; i < 1000; i++)
            {
                Tick(pen, fw, 0);
                float off = fw.Supervisor.Inputs.HousingC - housing;
                if (off < 0f) off = -off;
                if (off > worst) worst = off;
            }

            Assert.IsTrue(worst < 0.01f, "the housing read off by up to " + worst.ToString() + " K");
        }

        [TestMethod]
        public void Supply_input_opening_while_running_is_shown_as_the_sensor_not_as_the_stall_it_implies()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            // the supply input reads 0 V in the same tick as a working current: the back-EMF speed (D·V − I·R)
            // collapses, so the stall check trips too; the sensor is the cause, and its code is the one shown
            pen.Supply.Code = 0;
            pen.Current.Code = TestCodes.ShuntAmps(0.30f);
            Tick(pen, fw, 0);
            Assert.IsTrue(fw.Supervisor.IsActive(FaultCode.MotorStall), "the stall check trips in the same tick");
            Assert.AreEqual((int)FaultCode.SupplySenseImplausible, (int)fw.Fault);
            Assert.AreEqual((int)SafetyAction.ImmediateStop, (int)fw.SafetyAction);
            Assert.IsFalse(pen.Enable.Level);
        }

        [TestMethod]
        public void No_edges_with_running_current_is_a_lost_Hall_sensor_locked_out_until_power_cycle()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Current.Code = TestCodes.ShuntAmps(0.011f);   // a light, turning motor
            for (int i = 0; i < 10; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.HallSensorLost, (int)fw.Fault, "100 ms without an edge");
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
            ShortPress(pen, fw);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction, "a press does not clear a lockout");
            PenFirmware after = pen.NewFirmware(BoardVariant.Battery1S());
            after.Boot(_t);
            Tick(pen, after, 0);
            Assert.AreEqual((int)SafetyAction.None, (int)after.SafetyAction, "a power cycle does");
        }

        [TestMethod]
        public void Driver_applying_full_duty_against_the_command_is_locked_out_on_the_first_tick()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            Assert.IsTrue(pen.Pwm.Duty < 0.7f, "the drive commands part duty");
            pen.Drive.Override = pen.Supply.Code;   // the motor terminal sits at the supply: the driver is stuck on
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)fw.Fault, "an excess of 0.3 and more is no glitch: the first sample");
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
            Assert.IsFalse(pen.Enable.Level, "enable low: the only way left to stop a driver that ignores the PWM");
            pen.Drive.Override = -1;
            ShortPress(pen, fw);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction, "locked out until a power cycle");
        }

        [TestMethod]
        public void Drive_voltage_input_reading_nothing_while_the_bridge_conducts_is_implausible()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Current.Code = TestCodes.ShuntAmps(0.056f);   // ≈ 0.056 A in the shunt: the bridge conducts
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "a healthy input reads the commanded duty");
            Assert.IsTrue(pen.Pwm.Duty >= Pen.Core.Limits.PenLimits.DriveSenseMinDuty, "judged from this duty on");
            pen.Drive.Override = 0;   // open: the divider pulls the input to 0 V
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.DriveSenseImplausible, (int)fw.Fault);
            Assert.IsTrue(pen.Pwm.Duty == 0f, "duty 0");
            Assert.IsFalse(pen.Enable.Level, "driver disabled");
        }

        [TestMethod]
        public void Heartbeat_stops_while_an_immediate_stop_is_in_force()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Cartridge.Level = true;
            Tick(pen, fw, 0);
            int changes = pen.Heartbeat.Changes;
            Assert.IsFalse(pen.Enable.Level, "the cut");
            // the retraction after the cut parks the cam for the next cartridge: the heartbeat runs while it needs the
            // bridge, and stops with it (the fake cam is in the Hall arc: the retraction ends at once)
            for (int i = 0; i < 30; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)Pen.Core.Control.DriveMode.Off, (int)fw.Drive.Mode, "retraction over");
            changes = pen.Heartbeat.Changes;
            for (int i = 0; i < 10; i++) Tick(pen, fw, 0);
            Assert.AreEqual(changes, pen.Heartbeat.Changes, "no heartbeat edge: the enable circuit drops the driver too");
        }

        [TestMethod]
        public void Heartbeat_never_runs_during_a_lockout_and_the_bridge_is_never_enabled_again()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Drive.Override = pen.Supply.Code;   // driver stuck on: lockout, the bridge released (no retraction)
            Tick(pen, fw, 2);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
            int changes = pen.Heartbeat.Changes;
            for (int i = 0; i < 50; i++)
            {
                Tick(pen, fw, 0);
                Assert.IsFalse(pen.Enable.Level, "tick " + i.ToString() + ": the bridge stays asleep");
            }

            Assert.AreEqual(changes, pen.Heartbeat.Changes, "no heartbeat edge while locked out");
        }

        [TestMethod]
        public void Battery_below_the_start_threshold_refuses_to_start()
        {
            FakePen pen = new FakePen();
            pen.Supply.Code = TestCodes.For(1555f);   // 3.11 V (÷2)
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            pen.Main.Level = false;
            for (int i = 0; i < 150; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.BatteryTooLowToStart, (int)fw.Fault);
            Assert.IsFalse(pen.Enable.Level, "never started");
        }

        [TestMethod]
        public void A_cell_reading_3_02_V_while_running_is_parked_as_too_low_to_continue()
        {
            // a reading high at the edge of its ±0.03 V accuracy: the true cell is at 2.99 V, below the 3.0 V cut-off
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Supply.Code = TestCodes.For(1510f);   // 3.02 V (÷2)
            for (int i = 0; i < 40; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.BatteryTooLowToContinue, (int)fw.Fault);
            Assert.AreEqual((int)SafetyAction.ControlledStop, (int)fw.SafetyAction);
        }

        [TestMethod]
        public void Late_tick_parks_the_needles_and_waits_for_acknowledgement()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            _t += 90000;   // the firmware was away for 100 ms
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.TickLate, (int)fw.Fault);
            Assert.AreEqual((int)SafetyAction.ControlledStop, (int)fw.SafetyAction);
            for (int i = 0; i < 20; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.TickLate, (int)fw.Fault, "held until acknowledged");
            ShortPress(pen, fw);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault);
        }

        [TestMethod]
        public void Button_held_from_power_up_does_not_start_the_motor()
        {
            FakePen pen = new FakePen();
            pen.Main.Level = false;   // pressed before the first tick
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 150; i++) Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.ButtonStuckAtPowerUp, (int)fw.Fault);
            Assert.IsFalse(pen.Enable.Level);
            pen.Main.Level = true;
            Tick(pen, fw, 0);
            Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "released: cleared");
        }

        [TestMethod]
        public void Depth_reading_beyond_the_active_limit_while_running_stops_on_the_next_tick()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Depth.Code = TestCodes.For(2230f);    // 2.23 V on the depth line: beyond 2.5 mm + tolerance, inside the span
            Tick(pen, fw, 2);
            Assert.IsTrue(fw.Fault == FaultCode.DepthBeyondLimit || fw.Fault == FaultCode.DepthSensorImplausible, "fault " + ((int)fw.Fault).ToString());
            Assert.IsTrue(pen.Pwm.Duty == 0f);
        }

        [TestMethod]
        public void Current_channel_at_ground_while_idle_is_implausible()
        {
            FakePen pen = new FakePen();
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault);
            pen.Current.Code = 0;
            Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.CurrentSenseImplausible, (int)fw.Fault);
        }

        [TestMethod]
        public void A_second_fault_on_the_averaged_current_input_between_the_conversions_of_one_tick_is_cut_on_that_tick()
        {
            // the averaged input opens after a tick's conversions (they read normal), then shorts to 3.3 V between
            // the second and third conversion of the next tick: their mean, (0 + 0 + 4095 + 4095)/4 = 2048, sits between
            // the rails, but no 10 ms RC steps from 0 to 4095 within one read
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "t0: the last tick before the onset reads normal");
            pen.CurrentAveraged.Queue(new int[] { 0, 0, 4095, 4095 });
            pen.CurrentAveraged.Code = 4095;
            Tick(pen, fw, 2);
            Assert.AreEqual(2048, fw.Frame.CurrentAveragedCode, "t0 + 10 ms: the mean of the straddled conversions");
            Assert.AreEqual((int)FaultCode.CurrentSenseImplausible, (int)fw.Fault, "t0 + 10 ms: cut on the tick that straddled the onset");
            Assert.AreEqual((int)SafetyAction.ImmediateStop, (int)fw.SafetyAction);
            Assert.IsTrue(pen.Pwm.Duty == 0f, "duty 0");
            Assert.IsFalse(pen.Enable.Level, "driver disabled");

            // one fault alone, a short to 3.3 V from a normal reading between two conversions: the mean is off both rails too
            pen = new FakePen();
            fw = Running(pen);
            int normal = pen.CurrentAveraged.ReadRaw();
            pen.CurrentAveraged.Queue(new int[] { normal, normal, 4095, 4095 });
            pen.CurrentAveraged.Code = 4095;
            Tick(pen, fw, 2);
            Assert.IsTrue(fw.Frame.CurrentAveragedCode < PenLimits.CurrentCodeRailHigh, "the mean is under the top rail");
            Assert.AreEqual((int)FaultCode.CurrentSenseImplausible, (int)fw.Fault, "cut on the tick that straddled the short");

            // and an open from a normal reading between two conversions: the mean is off the bottom rail
            pen = new FakePen();
            fw = Running(pen);
            normal = pen.CurrentAveraged.ReadRaw();
            pen.CurrentAveraged.Queue(new int[] { normal, normal, 0, 0 });
            pen.CurrentAveraged.Code = 0;
            Tick(pen, fw, 2);
            Assert.IsTrue(fw.Frame.CurrentAveragedCode > PenLimits.CurrentCodeRailLow, "the mean is over the bottom rail");
            Assert.AreEqual((int)FaultCode.CurrentSenseImplausible, (int)fw.Fault, "cut on the tick that straddled the open");
        }

        [TestMethod]
        public void A_healthy_averaged_current_input_read_across_a_pause_between_its_conversions_is_never_implausible()
        {
            // another thread's turn (a bench slice, a collection) can fall between the conversions of one read, and the
            // RC then moves the pin far within it: here across the largest swing a healthy input makes, from the
            // amplifier's reference (no current) to the driver's 2.5 A trip at full duty (plant.md §4.5), and back. The
            // input ends between the rails however long the pause, so no tick of it is a broken channel
            int rest = TestCodes.ZeroCurrent;
            int trip = TestCodes.ShuntAmps(2.5f);
            Assert.IsTrue(trip < PenLimits.CurrentCodeRailHigh, "the driver's trip reads under the top rail");
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            for (int i = 0; i < 100; i++)
            {
                if (i % 2 == 0) pen.CurrentAveraged.Queue(new int[] { rest, rest, trip, trip });
                else pen.CurrentAveraged.Queue(new int[] { trip, trip, rest, rest });
                Tick(pen, fw, 2);
                Assert.IsFalse(fw.Supervisor.IsActive(FaultCode.CurrentSenseImplausible), "tick " + i.ToString() + ": last conversion " + fw.Frame.CurrentAveragedLastCode.ToString());
            }

            Assert.AreEqual((int)PenState.Running, (int)fw.State, "still running");
        }

        [TestMethod]
        public void Every_fault_code_has_a_rule_a_text_and_an_indication()
        {
            SafetySupervisor s = new SafetySupervisor(BoardVariant.Battery1S(), null);
            for (int code = 1; code <= FaultText.MaxCode; code++)
            {
                FaultCode c = (FaultCode)code;
                Assert.IsTrue(s.ActionFor(c) != SafetyAction.None, "rule for " + code.ToString());
                Assert.IsTrue(FaultText.Of(c).IndexOf("unknown") < 0, "text for " + code.ToString());
                Assert.IsTrue(FaultIndication.Blinks(c) > 0, "pattern for " + code.ToString());
            }

            Assert.IsTrue(FaultText.Of((FaultCode)(FaultText.MaxCode + 1)).IndexOf("unknown") == 0, "the list is closed at MaxCode");
        }

        [TestMethod]
        public void Each_fault_leaves_a_snapshot_in_the_ring_and_a_record()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = Running(pen);
            pen.Cartridge.Level = true;
            Tick(pen, fw, 0);
            FaultSnapshot s = fw.Supervisor.Log.Latest;
            Assert.IsNotNull(s);
            Assert.AreEqual((int)FaultCode.CartridgeRemoved, (int)s.Code);
            Assert.AreEqual((int)PenState.Running, (int)s.State);
            Assert.IsTrue(s.SetpointHz > 40f, "setpoint recorded");
            for (int i = 0; i < 150; i++) Tick(pen, fw, 0);   // the cut stops the drive: what the tick held goes to the flash, a slice a tick
            Assert.AreEqual(Control.DriveMode.Off, fw.Drive.Mode);
            Assert.AreEqual(1, pen.Flash.CountOf("fault "));
            string last = pen.Flash.Last("fault ");
            Assert.IsTrue(last.IndexOf("code=11") > 0, last);

            FaultLog log = new FaultLog();
            for (int i = 0; i < Limits.PenLimits.FaultLogCapacity + 3; i++) log.Add().TimeMicros = i;
            Assert.AreEqual(Limits.PenLimits.FaultLogCapacity, log.Count);
            Assert.AreEqual(3L, log.Get(0).TimeMicros, "the oldest were overwritten");
            Assert.AreEqual((long)(Limits.PenLimits.FaultLogCapacity + 2), log.Latest.TimeMicros);
        }

        [TestMethod]
        public void Fault_pattern_blinks_its_count_then_pauses()
        {
            bool buzzer;
            Assert.IsTrue(FaultIndication.LitAt(FaultCode.CartridgeRemoved, 0, out buzzer), "first blink");
            Assert.IsTrue(buzzer, "stops sound the buzzer");
            Assert.IsFalse(FaultIndication.LitAt(FaultCode.CartridgeRemoved, 250000, out buzzer), "off between blinks");
            Assert.IsTrue(FaultIndication.LitAt(FaultCode.CartridgeRemoved, 450000, out buzzer), "second blink");
            Assert.IsFalse(FaultIndication.LitAt(FaultCode.CartridgeRemoved, 850000, out buzzer), "dark gap after two blinks");
            Assert.IsFalse(FaultIndication.IsRed(FaultCode.BatteryTooLowToStart), "warnings are amber");
        }
    }
}
