#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Indication;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The session records over a pen's life, as timelines on fake ports: the cartridge's state is a durable record that
    /// no amount of logging evicts, the log drops only its oldest records, a session's BEGIN and cartridge record are on
    /// the flash before the first stroke, its end record before the power latch drops, and nothing is written to the
    /// flash while the needles run.
    /// </summary>
    [TestClass]
    public class SessionLogTests
    {
        [TestMethod]
        public void A_used_cartridge_stays_used_across_power_cycles_after_more_sessions_than_the_log_holds()
        {
            TreatmentRig r = new TreatmentRig();
            int sessions = 2 * PenLimits.RecordStoreCapacity / 3; // BEGIN, SESSION, CARTRIDGE per session: twice the log
            for (int n = 1; n <= sessions; n++)
            {
                r.HoldMain();
                Assert.IsTrue(r.Running, "session " + n.ToString() + " begins with a fresh cartridge");
                r.Run(200);
                r.TapMain();
                r.Run(500);
                r.PowerCycle();                       // e.g. the 5 min idle power-off, cartridge left seated
                Assert.AreEqual((int)PenState.CartridgeUsed, (int)r.Fw.State, "after session " + n.ToString());
                Assert.AreEqual(n, r.Fw.Treatment.SessionCount, "session numbers go on");
                r.HoldMain();
                Assert.IsFalse(r.MotorOn, "the used cartridge cannot begin session " + (n + 1).ToString());
                Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)r.Fw.Treatment.LastRefusal);
                r.RemoveCartridge();
                r.InsertCartridge();
            }

            PenRecords log = r.Pen.Flash.Records();
            Assert.IsTrue(log.Count <= PenLimits.RecordStoreCapacity, "the log holds at most its capacity");
            Assert.IsTrue(log.Count >= PenLimits.RecordStoreCapacity - PenLimits.LogRecordsPerSegment, "and drops a file's worth at most: " + log.Count.ToString());
            Assert.AreEqual(sessions.ToString(), RecordText.Field(r.Pen.Flash.Last(SessionRecord.BeginTag), "n"), "the newest session is in the log");
        }

        [TestMethod]
        public void A_flash_that_refuses_the_cartridge_record_refuses_the_start_and_leaves_the_cartridge_fresh()
        {
            TreatmentRig r = new TreatmentRig();
            r.Pen.Flash.Failed = true;                // the flash failed
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.RecordsRefused, (int)r.Fw.Treatment.LastRefusal);
            Assert.AreEqual((int)TreatmentCue.RecordsRefused, (int)r.Fw.Treatment.LastCue);
            Assert.AreEqual((int)Indication.Indication.RecordsRefusedCue, (int)Indicator.ForCue(r.Fw.Treatment.LastCue));
            Assert.AreEqual((int)PenState.Idle, (int)r.Fw.State, "no session began: the cartridge is not spent");
            r.Run(2000);
            Assert.IsFalse(r.MotorOn, "and the needles never ran");

            r.Pen.Flash.Failed = false;               // repaired
            r.HoldMain();
            Assert.IsTrue(r.Running);
            r.TapMain();
            r.Run(500);
            Assert.AreEqual("1", RecordText.Field(r.Pen.Flash.Last(SessionRecord.BeginTag), "n"));
            Assert.AreEqual(1, r.Pen.Flash.CountOf(SessionRecord.BeginTag), "the refused start's BEGIN never reached the log");
        }

        [TestMethod]
        public void A_start_whose_cartridge_record_the_flash_refuses_leaves_no_BEGIN_in_the_log()
        {
            TreatmentRig r = new TreatmentRig();
            r.Pen.Flash.RefusedPrefix = PenRecords.CartridgeSlot + "."; // the cartridge record's copies refused; the log works
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.RecordsRefused, (int)r.Fw.Treatment.LastRefusal);
            r.Run(1000);
            Assert.IsFalse(r.Fw.Records.Pending, "nothing left waiting");
            Assert.AreEqual(0, r.Pen.Flash.CountOf(SessionRecord.BeginTag), "no session began, so none is logged");
        }

        [TestMethod]
        public void The_cartridge_record_is_on_the_flash_before_the_first_stroke_and_BEGIN_follows_at_the_first_stop()
        {
            TreatmentRig r = new TreatmentRig();
            r.Pen.Main.Level = false;
            long pressed = r.Now;
            while (!r.MotorOn)
            {
                r.Tick();
                Assert.IsTrue(r.Now - pressed < 2000000, "starts within 2 s of the press");
            }

            // the tick that first drives the motor has the cartridge record on the flash already
            string cart = r.Pen.Flash.Records().Value(PenRecords.CartridgeSlot);
            Assert.AreEqual("1", RecordText.Field(cart, "used"), cart);
            Assert.AreEqual("1", RecordText.Field(cart, "open"), "the session is open in the record: " + cart);
            // BEGIN's log append (it can erase a block) is not waited for: held while the needles run
            Assert.IsNull(r.Pen.Flash.Last(SessionRecord.BeginTag), "BEGIN not yet on the flash while the needles run");
            r.Pen.Main.Level = true;
            r.Run(1000);
            Assert.IsNull(r.Pen.Flash.Last(SessionRecord.BeginTag), "still held while running");

            r.TapMain();                              // the first stop
            for (int i = 0; i < 100 && r.Fw.Records.Pending; i++) r.Tick();
            Assert.AreEqual("1", RecordText.Field(r.Pen.Flash.Last(SessionRecord.BeginTag), "n"), "BEGIN written once the drive is off");
        }

        [TestMethod]
        public void A_power_loss_before_the_first_stop_is_logged_by_the_next_boot_from_the_cartridge_record()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(2000);
            Assert.IsTrue(r.MotorOn);
            r.PowerCycle();                           // BEGIN was still held in RAM: lost with it
            string end = r.Pen.Flash.Last(SessionRecord.EndTag);
            Assert.IsNotNull(end, "the boot logs the session the cartridge record left open");
            Assert.AreEqual("1", RecordText.Field(end, "n"));
            Assert.AreEqual("power-lost", RecordText.Field(end, "end"));
            Assert.AreEqual((int)PenState.CartridgeUsed, (int)r.Fw.State, "and the cartridge stays used");
        }

        [TestMethod]
        public void Nothing_is_written_to_the_flash_while_the_needles_run_and_what_was_held_is_written_once_they_stop()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            int writes = r.Pen.Flash.Writes;
            r.Run(3000);
            r.RemoveCartridge();                      // a fault (cartridge removed while running) and the session's end
            while (r.Fw.Drive.Mode != Control.DriveMode.Off)
            {
                Assert.AreEqual(writes, r.Pen.Flash.Writes, "no flash write while the drive is on");
                r.Tick();
            }

            for (int i = 0; i < 100 && (r.Fw.Records.Pending || r.Fw.Supervisor.RecordsPending); i++) r.Tick(); // a slice a tick
            Assert.IsTrue(r.Pen.Flash.Writes > writes, "written once the drive is off");
            Assert.AreEqual("cartridge-removed", RecordText.Field(r.Pen.Flash.Last(SessionRecord.EndTag), "end"));
            Assert.IsNotNull(r.Pen.Flash.Last("fault "), "the fault snapshot");
            Assert.AreEqual("0", RecordText.Field(r.Pen.Flash.Records().Value(PenRecords.CartridgeSlot), "used"), "the next cartridge is fresh");
        }

        [TestMethod]
        public void The_sessions_end_record_is_on_the_flash_before_the_power_latch_drops()
        {
            TreatmentRig r = new TreatmentRig();
            RecordingLatch latch = new RecordingLatch(r.Pen.Flash);
            r.Pen.Ports.Power = latch;
            r.HoldMain();
            r.Run(2000);
            r.TapMain();
            r.Run(2500);
            r.Press(r.Pen.Main, 120);                 // double press of main while stopped: power off
            r.Press(r.Pen.Main, 120);
            r.Run(500);
            Assert.AreEqual(1, latch.PowerOffs, "switched off");
            Assert.IsNotNull(latch.EndRecordAtPowerOff, "the end record was on the flash when the latch dropped");
            Assert.AreEqual("power-off", RecordText.Field(latch.EndRecordAtPowerOff, "end"));
            Assert.AreEqual("0", RecordText.Field(latch.CartridgeRecordAtPowerOff, "open"), "and the session closed in the cartridge record");
        }

        [TestMethod]
        public void A_flood_of_log_records_never_touches_the_durable_records()
        {
            TreatmentRig r = new TreatmentRig();
            r.HoldMain();
            r.Run(500);
            r.TapMain();
            r.Run(500);                               // session 1 on a cartridge that stays seated: used
            PenRecords records = r.Fw.Records;
            Assert.IsTrue(records.WriteNow(PenRecords.ConfigSlot, SessionRecord.ConfigTag + " session_cap_s=1200 pacing_s=20"));
            for (int i = 0; i < 3 * PenLimits.RecordStoreCapacity; i++) Assert.IsTrue(records.Append("fault seq=" + i.ToString() + " code=9"));
            r.PowerCycle();
            Assert.IsTrue(r.Fw.Treatment.CartridgeUsed, "the used cartridge is still used");
            Assert.AreEqual(1, r.Fw.Treatment.SessionCount);
            Assert.AreEqual(1200L * 1000000L, r.Fw.Treatment.SessionCapMicros, "the configuration is still there");
            Assert.IsTrue(r.Pen.Flash.Records().Count <= PenLimits.RecordStoreCapacity);
        }

        /// <summary>A power latch that notes what the flash held when the firmware released it.</summary>
        private sealed class RecordingLatch : Pen.Core.Ports.IPowerLatch
        {
            private readonly FakeFlashFiles _flash;
            public int PowerOffs;
            public string EndRecordAtPowerOff;
            public string CartridgeRecordAtPowerOff;

            public RecordingLatch(FakeFlashFiles flash) { _flash = flash; }

            public void PowerOff()
            {
                PowerOffs++;
                EndRecordAtPowerOff = _flash.Last(SessionRecord.EndTag);
                CartridgeRecordAtPowerOff = _flash.Records().Value(PenRecords.CartridgeSlot);
            }
        }
    }
}
