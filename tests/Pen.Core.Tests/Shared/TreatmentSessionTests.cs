#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>The treatment's rules as timelines on simulated time (10 ms ticks, fake ports).</summary>
    [TestClass]
    public class TreatmentSessionTests
    {
        private static string Field(string record, string key) { return RecordText.Field(record, key); }

        [TestMethod]
        public void Holding_main_with_a_fresh_cartridge_starts_a_session_and_logs_its_begin()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            Assert.IsTrue(r.Running, "running after the hold");
            Assert.IsTrue(r.Fw.Treatment.SessionActive);
            r.TapMain();                 // BEGIN reaches the log at the first stop
            r.Run(500);
            string begin = r.Pen.Flash.Last(SessionRecord.BeginTag);
            Assert.IsNotNull(begin);
            Assert.AreEqual("1", Field(begin, "n"));
            Assert.AreEqual("1.00", Field(begin, "depth_mm"));
        }

        [TestMethod]
        public void A_single_press_never_starts_the_needles()
        {
            TreatmentRig r = new TreatmentRig();
            for (int i = 0; i < 5; i++) r.TapMain();
            Assert.IsFalse(r.MotorOn);
            Assert.IsFalse(r.Fw.Treatment.SessionActive);
        }

        [TestMethod]
        public void Main_closed_since_power_up_never_starts_the_needles()
        {
            FakePen pen = new FakePen();
            pen.Main.Level = false; // the press that woke the pen, held on (or a stuck contact)
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (long t = 10000; t <= 5000000; t += 10000) fw.Tick(t);
            Assert.IsFalse(pen.Enable.Level);
            Assert.IsFalse(fw.Treatment.RunRequested);
        }

        [TestMethod]
        public void A_bouncing_plus_contact_steps_the_speed_level_once()
        {
            TreatmentRig r = new TreatmentRig();
            int before = r.Fw.SpeedLevel;
            // chatter: 10 ms closed, 10 ms open, three times, then a clean 150 ms press
            for (int i = 0; i < 3; i++) { r.Pen.Plus.Level = false; r.Tick(); r.Pen.Plus.Level = true; r.Tick(); }
            r.Press(r.Pen.Plus, 150);
            Assert.AreEqual(before + 1, r.Fw.SpeedLevel);
        }

        [TestMethod]
        public void A_stuck_plus_button_stops_the_needles_and_blocks_a_start_until_it_opens()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            Assert.IsTrue(r.Running);
            r.Pen.Plus.Level = false; // stuck closed
            r.Run(9000);
            Assert.IsFalse(r.Fw.Treatment.RunRequested, "stopped once plus has been closed 8 s");
            Assert.AreEqual((int)StartRefusal.ButtonStuck, (int)r.Fw.Treatment.LastRefusal);
            r.Run(1000);
            r.HoldMain();
            Assert.IsFalse(r.Fw.Treatment.RunRequested, "no start while plus is stuck");
            r.Pen.Plus.Level = true;
            r.Run(200);
            r.HoldMain();
            Assert.IsTrue(r.Fw.Treatment.RunRequested, "starts again once it opened");
        }

        [TestMethod]
        public void Speed_levels_map_into_the_selected_profile_range_and_a_change_while_running_is_slewed()
        {
            TreatmentRig r = new TreatmentRig();
            int p = r.Fw.Treatment.Profile;
            Assert.IsTrue(Treatment.LevelToHz(p, 1) == PenLimits.ProfileMinRateHz[p]);
            Assert.IsTrue(Treatment.LevelToHz(p, PenLimits.SpeedLevelCount) == PenLimits.ProfileMaxRateHz[p]);
            r.HoldMain();
            r.Run(1000);
            float before = r.Fw.Treatment.SetpointHz;
            r.Pen.Plus.Level = false;
            r.Run(150);
            r.Pen.Plus.Level = true;
            r.Run(30);
            float target = r.Fw.Treatment.LevelHz;
            Assert.IsTrue(target > before, "the level went up");
            Assert.IsTrue(r.Fw.Treatment.SetpointHz < target, "not a step: the setpoint is still on its way");
            r.Run(1000);
            Assert.IsTrue(r.Fw.Treatment.SetpointHz == target, "there after the slew");
        }

        [TestMethod]
        public void Depth_above_the_clinic_cap_refuses_the_start_until_a_service_session_lifts_it()
        {
            TreatmentRig r = new TreatmentRig();
            r.SetDepth(1.75f); // cheeks and chin allow 2.0 mm, the clinic cap 1.5 mm
            r.Run(100);
            Assert.IsTrue(r.Fw.Treatment.ActiveDepthLimitMm == PenLimits.ClinicDepthCapMm);
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.DepthAboveLimit, (int)r.Fw.Treatment.LastRefusal);
            // plus and minus held together 5 s (the old service gesture) change nothing now
            r.Pen.Plus.Level = false;
            r.Pen.Minus.Level = false;
            r.Run(5200);
            r.Pen.Plus.Level = true;
            r.Pen.Minus.Level = true;
            r.Run(200);
            Assert.IsFalse(r.Fw.Treatment.ClinicCapLifted);
            Assert.IsTrue(r.Fw.Treatment.ActiveDepthLimitMm == PenLimits.ClinicDepthCapMm);
            // an authenticated service session lifts the cap for this power-on, then closes
            Assert.IsTrue(r.OpenService().StartsWith("SERVICE open"));
            Assert.IsTrue(r.Bench().Handle("CAP LIFT").StartsWith("CAP lifted depth_limit_um=2000"));
            r.Bench().Handle("END");
            r.Run(20);
            Assert.IsTrue(r.Fw.Treatment.ClinicCapLifted);
            Assert.IsTrue(r.Fw.Treatment.ActiveDepthLimitMm == 2.0f);
            r.HoldMain();
            Assert.IsTrue(r.Fw.Treatment.RunRequested);
            Assert.IsTrue(r.Fw.Treatment.SessionActive, "a patient's session, the service session closed");
            r.PowerCycle();
            Assert.IsTrue(r.Fw.Treatment.ActiveDepthLimitMm == PenLimits.ClinicDepthCapMm, "this power-on only");
        }

        [TestMethod]
        public void A_shallow_profile_refuses_a_depth_its_table_does_not_allow()
        {
            TreatmentRig r = new TreatmentRig();
            // minus held 1 s twice: cheeks and chin (4) → upper lip (3) → nose (2), max 0.5 mm
            r.Press(r.Pen.Minus, 1200);
            r.Press(r.Pen.Minus, 1200);
            Assert.AreEqual(2, r.Fw.Treatment.Profile);
            Assert.IsTrue(r.Fw.Treatment.ActiveDepthLimitMm == 0.5f);
            r.HoldMain();
            Assert.AreEqual((int)StartRefusal.DepthAboveLimit, (int)r.Fw.Treatment.LastRefusal);
            r.SetDepth(0.5f);
            r.Run(100);
            r.HoldMain();
            Assert.IsTrue(r.Running);
        }

        [TestMethod]
        public void Turning_the_ring_past_the_limit_while_running_stops_the_needles()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            Assert.IsTrue(r.Running);
            r.SetDepth(1.75f);
            r.Tick();
            r.Tick();
            Assert.IsFalse(r.Fw.Treatment.RunRequested, "run request dropped within 20 ms");
            r.Run(1000);
            Assert.IsFalse(r.MotorOn, "parked and off");
        }

        [TestMethod]
        public void Removing_the_cartridge_ends_the_session_with_its_exact_stroke_count()
        {
            TreatmentRig r = new TreatmentRig();
            long before = r.Pen.Counter.Count;
            r.HoldMain();
            r.Run(1000);
            r.MotorAmps = TreatmentRig.OnSkinAmps;
            r.Run(5000);
            r.RemoveCartridge();
            r.Run(500);                               // the records are written once the retraction after the cut is over
            // the first start measured the cartridge seated at boot (its chain's strokes in the air, before the session began)
            Assert.IsTrue(r.Pen.Cam.Strokes > 0, "the first start measured the cartridge");
            long strokes = r.Pen.Counter.Count - before - r.Pen.Cam.Strokes;
            string end = r.Pen.Flash.Last(SessionRecord.EndTag);
            Assert.IsNotNull(end);
            Assert.AreEqual("cartridge-removed", Field(end, "end"));
            Assert.AreEqual("removed", Field(end, "cart"));
            Assert.AreEqual(strokes.ToString(), Field(end, "strokes"));
            Assert.IsFalse(r.Fw.Treatment.SessionActive);
            Assert.IsFalse(r.MotorOn);
        }

        [TestMethod]
        public void A_used_cartridge_cannot_begin_a_new_session_until_it_is_changed()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(2000);
            r.TapMain();                 // stopped: same session, same cartridge
            r.Run(1000);
            r.HoldMain();
            Assert.IsTrue(r.Fw.Treatment.RunRequested, "a restart inside the session is allowed");
            r.TapMain();
            r.Run(1000);
            r.PowerCycle();              // power lost mid-session: the log says the seated cartridge was used
            Assert.AreEqual((int)PenState.CartridgeUsed, (int)r.Fw.State);
            Assert.AreEqual("power-lost", Field(r.Pen.Flash.Last(SessionRecord.EndTag), "end"));
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)r.Fw.Treatment.LastRefusal);
            r.RemoveCartridge();
            r.InsertCartridge();
            r.HoldMain();
            Assert.IsTrue(r.Running, "a fresh cartridge begins session 2");
            r.TapMain();
            r.Run(500);
            Assert.AreEqual("2", Field(r.Pen.Flash.Last(SessionRecord.BeginTag), "n"));
        }

        [TestMethod]
        public void A_low_battery_refuses_to_begin_a_session_that_could_not_last_the_cap()
        {
            TreatmentRig r = new TreatmentRig();
            r.SetBatteryVolts(3.5f);
            r.Run(10000); // the estimate settles
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.LowBattery, (int)r.Fw.Treatment.LastRefusal);
            Assert.IsTrue(r.Fw.Treatment.LowBattery);
        }

        [TestMethod]
        public void The_battery_gate_depends_on_the_selected_speed()
        {
            TreatmentRig r = new TreatmentRig();
            r.SetBatteryVolts(3.623f); // ≈ 33 % charge: enough for 30 min at level 1, not at level 6
            r.Run(10000);
            for (int i = 0; i < 5; i++) r.Press(r.Pen.Plus, 150);
            Assert.AreEqual(6, r.Fw.SpeedLevel);
            r.HoldMain();
            Assert.AreEqual((int)StartRefusal.LowBattery, (int)r.Fw.Treatment.LastRefusal);
            for (int i = 0; i < 5; i++) r.Press(r.Pen.Minus, 150);
            r.HoldMain();
            Assert.IsTrue(r.Running);
        }

        [TestMethod]
        public void Needles_off_the_skin_for_10_s_pause_the_motor_and_a_hold_resumes()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(8000);
            Assert.IsTrue(r.Running, "still running after 8 s in the air");
            r.Run(4000);
            Assert.AreEqual((int)PenState.Paused, (int)r.Fw.State);
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual(1, r.Fw.Treatment.Session.Pauses);
            r.TapMain();
            Assert.IsFalse(r.MotorOn, "a press does not resume");
            r.HoldMain();
            Assert.IsTrue(r.Running, "a hold resumes");
        }

        [TestMethod]
        public void Needles_in_the_skin_keep_running_and_give_a_pacing_cue_every_30_s()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(2000);                           // in the air: the off-skin level is learned
            r.MotorAmps = TreatmentRig.OnSkinAmps; // needles in the skin
            r.Run(63000);
            Assert.IsTrue(r.Running, "never paused while in the skin");
            Assert.AreEqual(2, r.Fw.Treatment.Session.Cues, "cues at 30 s and 60 s of needling");
            Assert.IsTrue(r.Fw.Treatment.Session.OnSkinMicros > 55000000L);
        }

        [TestMethod]
        public void A_session_at_its_cap_stops_and_its_cartridge_cannot_start_again()
        {
            TreatmentRig r = new TreatmentRig();
            r.Fw.Treatment.Configure(PenLimits.MinSessionCapMicros, PenLimits.DefaultPacingCueMicros);
            r.HoldMain();
            r.Run(1000); // started in the air, then onto the skin
            r.MotorAmps = TreatmentRig.OnSkinAmps;
            r.Run(5 * 60 * 1000 - 4000);
            Assert.IsTrue(r.Running);
            r.Run(3000);
            Assert.IsFalse(r.Fw.Treatment.RunRequested, "stopped at the cap");
            r.Run(1000);                           // parked: the end record held while the needles stopped is on the flash
            string end = r.Pen.Flash.Last(SessionRecord.EndTag);
            Assert.AreEqual("cap-reached", Field(end, "end"));
            Assert.AreEqual("seated", Field(end, "cart"));
            long needlingMs = long.Parse(Field(end, "needling_ms"));
            Assert.IsTrue(needlingMs >= 300000 && needlingMs <= 300020, "needling " + needlingMs);
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)r.Fw.Treatment.LastRefusal);
        }

        [TestMethod]
        public void A_double_press_of_main_while_stopped_writes_the_record_and_powers_off()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(2000);
            r.TapMain();
            r.Run(2500);
            Assert.AreEqual(0, r.Pen.Power.PowerOffs, "the stop press is not half of a double press");
            r.Press(r.Pen.Main, 120);
            r.Press(r.Pen.Main, 120);
            r.Run(500);
            Assert.AreEqual(1, r.Pen.Power.PowerOffs);
            Assert.AreEqual("power-off", Field(r.Pen.Flash.Last(SessionRecord.EndTag), "end"));
            Assert.IsFalse(r.MotorOn);
        }

        [TestMethod]
        public void Five_minutes_without_use_power_the_pen_off()
        {
            TreatmentRig r = new TreatmentRig();
            r.Run(4 * 60 * 1000 + 50000);
            Assert.AreEqual(0, r.Pen.Power.PowerOffs);
            r.Run(15000);
            Assert.AreEqual(1, r.Pen.Power.PowerOffs);
        }
    }
}
