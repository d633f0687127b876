#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Core.Safety;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Faults that come back over and over, and the records' own faults, as timelines on fake ports: the start
    /// threshold has hysteresis, a repeating fault is counted rather than logged again, and damaged or failing records
    /// are faults the service can read.
    /// </summary>
    [TestClass]
    public class FaultFloodTests
    {
        [TestMethod]
        public void A_cell_resting_at_the_start_threshold_in_noise_trips_the_check_once_and_does_not_flap()
        {
            TreatmentRig r = new TreatmentRig();
            int before = r.Pen.Flash.CountOf("fault ");
            int activations = 0;
            bool active = false;
            uint x = 12345;
            for (int i = 0; i < 3000; i++)   // 30 s at 3.15 V with ±8 mV of noise on the reading
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                r.SetBatteryVolts(3.15f + ((int)(x % 17) - 8) * 0.001f);
                r.Tick();
                bool now = r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart);
                if (now && !active) activations++;
                active = now;
            }

            Assert.AreEqual(1, activations, "tripped once and held");
            Assert.AreEqual(1, r.Pen.Flash.CountOf("fault ") - before, "one snapshot in the log");
            r.SetBatteryVolts(3.165f);
            r.Run(500);
            Assert.IsTrue(r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart), "still low: within the hysteresis");
            r.SetBatteryVolts(3.175f);
            r.Run(500);
            Assert.IsFalse(r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart), "cleared above threshold + hysteresis");
        }

        [TestMethod]
        public void A_fault_snapshot_reaches_the_log_in_slices_after_the_fault_never_in_the_fault_tick()
        {
            TreatmentRig r = new TreatmentRig();
            r.Run(100);
            int before = r.Pen.Flash.CountOf("fault ");
            r.SetBatteryVolts(3.0f);
            int ticks = 0;
            while (!r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart) && ticks++ < 100) r.Tick();
            Assert.IsTrue(r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart));
            Assert.AreEqual(before, r.Pen.Flash.CountOf("fault "), "not formatted nor written in the tick that took it");
            Assert.IsTrue(r.Fw.Supervisor.Log.Latest.Pending);
            // built a part a tick, then copied, checked and CRC'd a slice a tick, then written in a tick of its own
            int after = 0;
            while (r.Pen.Flash.CountOf("fault ") == before && after++ < 40) r.Tick();
            Assert.AreEqual(before + 1, r.Pen.Flash.CountOf("fault "), "written within 40 ticks");
            int slices = (r.Pen.Flash.Last("fault ").Length + PenLimits.RecordSliceChars - 1) / PenLimits.RecordSliceChars;
            Assert.IsTrue(after >= FaultSnapshot.FormatParts + slices, "no tick built or prepared it whole: " + after + " ticks");
            Assert.IsFalse(r.Fw.Supervisor.Log.Latest.Pending);
            Assert.AreEqual(r.Fw.Supervisor.Log.Latest.ToRecord(), r.Pen.Flash.Last("fault "), "the same text as the bench's FAULTS");
        }

        [TestMethod]
        public void A_fault_that_keeps_coming_back_is_counted_and_logged_once_a_minute()
        {
            TreatmentRig r = new TreatmentRig();
            int before = r.Pen.Flash.CountOf("fault ");
            int activations = 0;
            bool active = false;
            for (int i = 0; i < 300; i++)    // 5 minutes: the cell swings across both thresholds every second
            {
                r.SetBatteryVolts(i % 2 == 0 ? 3.05f : 3.30f);
                r.Run(1000);
                bool now = r.Fw.Supervisor.IsActive(FaultCode.BatteryTooLowToStart);
                if (now && !active) activations++;
                active = now;
            }

            int logged = r.Pen.Flash.CountOf("fault ") - before;
            Assert.AreEqual(150, activations, "every swing down is a fault");
            Assert.IsTrue(logged >= 5 && logged <= 6, "but only one snapshot a minute: " + logged.ToString());
            Assert.IsTrue(r.Fw.Supervisor.Log.Count <= 6, "nor does it flush the RAM ring");
            string last = r.Pen.Flash.Last("fault ");
            int repeats = int.Parse(RecordText.Field(last, "repeats"));
            Assert.IsTrue(repeats >= 25 && repeats <= 30, "the comebacks since the previous snapshot are counted: " + last);
        }

        [TestMethod]
        public void A_damaged_cartridge_record_reads_used_and_the_pen_refuses_to_treat_across_power_cycles()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(500);
            r.TapMain();
            r.Run(1000);
            r.RemoveCartridge();
            r.InsertCartridge();                       // a fresh cartridge; the record says so (written a slice a tick)
            r.Run(300);
            Assert.AreEqual("0", RecordText.Field(r.Pen.Flash.Records().Value(PenRecords.CartridgeSlot), "used"));
            r.Pen.Flash.Put("cart.a", RecordStoreTests.Garbage(300, 5));
            r.Pen.Flash.Put("cart.b", RecordStoreTests.Garbage(40, 6));
            r.PowerCycle();
            Assert.IsTrue(r.Fw.Treatment.CartridgeUsed, "a cartridge in doubt is used");
            Assert.AreEqual((int)FaultCode.RecordsDamaged, (int)r.Fw.Fault, "readable");
            r.RemoveCartridge();
            r.InsertCartridge();
            r.HoldMain();
            Assert.IsFalse(r.MotorOn, "no treatment on damaged records, even with a fresh cartridge");
            Assert.AreEqual((int)StartRefusal.Fault, (int)r.Fw.Treatment.LastRefusal);
            r.PowerCycle();
            Assert.AreEqual((int)FaultCode.RecordsDamaged, (int)r.Fw.Fault, "latched across a power cycle");

            string refusal;
            Assert.IsTrue(r.Fw.Records.ClearLockout(out refusal), refusal);   // a service session's CLEAR (Protocol)
            r.Run(100);
            Assert.AreEqual((int)FaultCode.None, (int)r.Fw.Fault);
            r.HoldMain();
            Assert.IsTrue(r.Running, "treats again");
        }

        [TestMethod]
        public void A_flash_that_refuses_writes_is_a_warning_the_service_can_read()
        {
            TreatmentRig r = new TreatmentRig();
            r.Pen.Flash.Failed = true;
            // the start held (1.2 s; the first start measures the cartridge seated at boot): the session's records are refused,
            // no session. From the first write refused on, the warning stays up, tick by tick, while the store works through what
            // it holds (the refused start's BEGIN dropped unwritten, the chain's CARTID record tried and refused too) and after
            r.Pen.Main.Level = false;
            int failingTicks = 0;
            for (int i = 0; i < 170; i++)
            {
                if (i == 120) r.Pen.Main.Level = true;
                r.Tick();
                if (failingTicks == 0 && !r.Fw.Records.Failing) continue;
                Assert.IsTrue(r.Fw.Records.Failing, "tick " + i + " after " + failingTicks + " failing");
                if (failingTicks++ > 0) Assert.AreEqual((int)FaultCode.RecordStoreFailing, (int)r.Fw.Fault, "tick " + i);
            }

            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.RecordsRefused, (int)r.Fw.Treatment.LastRefusal);
            Assert.IsTrue(failingTicks > 20, "watched from the first refusal: " + failingTicks + " ticks");
            Assert.AreEqual((int)SafetyAction.Warn, (int)r.Fw.SafetyAction);
            r.Pen.Flash.Failed = false;
            r.HoldMain();
            Assert.IsTrue(r.Running);
            Assert.AreEqual((int)FaultCode.None, (int)r.Fw.Fault, "cleared by the next write that succeeds");
        }

        [TestMethod]
        public void A_fault_snapshot_reads_on_the_bench_as_the_integers_its_record_names()
        {
            var snap = new FaultSnapshot
            {
                Sequence = 3, TimeMicros = 12345678, Code = FaultCode.MotorStall, Action = SafetyAction.Derate, State = PenState.Idle,
                SetpointHz = 150f, MeasuredRateHz = 148.904f, Duty = 0.6115f, MotorAmps = 2.21f, SupplyVolts = 3.7024f,
                WindingC = 41.25f, HousingC = -2.36f, DepthMm = 1f, Repeats = 12,
            };

            Assert.AreEqual("fault seq=3 t_ms=12345 code=" + ((int)FaultCode.MotorStall).ToString() + " action=2 state=1 sp_cHz=15000"
                            + " rate_cHz=14890 duty_pm=612 i_mA=2210 v_mV=3702 wind_dC=413 hous_dC=-24 depth_um=1000 repeats=12",
                snap.ToRecord(), "milli- and centi-units rounded half away from zero, negatives signed");
        }
    }
}
