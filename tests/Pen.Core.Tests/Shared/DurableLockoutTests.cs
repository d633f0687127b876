#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Core.Records;

namespace Pen.Core.Tests
{
    /// <summary>The driver lockout survives a power cycle (Safety/DurableLockout): timelines on fake ports.</summary>
    [TestClass]
    public class DurableLockoutTests
    {
        private static long _t;

        private static void Tick(FakePen pen, PenFirmware fw, int ticksPerEdge) => _t = pen.Tick(fw, _t, ticksPerEdge);

        private static PenFirmware Boot(FakePen pen)
        {
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(_t);
            return fw;
        }

        /// <summary>Holds main 1.1 s and releases: a start, where nothing refuses it.</summary>
        private static void HoldMain(FakePen pen, PenFirmware fw)
        {
            pen.Main.Level = false;
            for (int i = 0; i < 110; i++) Tick(pen, fw, 2);
            pen.Main.Level = true;
            for (int i = 0; i < 30; i++) Tick(pen, fw, 2);
        }

        /// <summary>The durable lockout record as the next boot will read it.</summary>
        private static string LockoutOnFlash(FakePen pen)
        {
            PenRecords r = new PenRecords(pen.Flash);
            r.Load();
            return r.Value(PenRecords.LockoutSlot);
        }

        [TestMethod]
        public void A_driver_that_ignored_its_command_stays_locked_out_after_a_power_cycle_and_is_never_driven()
        {
            FakePen pen = new FakePen();
            _t = 0;
            PenFirmware fw = Boot(pen);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            HoldMain(pen, fw);
            Assert.IsTrue(pen.Enable.Level, "running");
            pen.Drive.Override = pen.Supply.Code;   // the bridge applies full duty whatever the command
            Tick(pen, fw, 2);
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)fw.Fault);
            Tick(pen, fw, 0);                       // the drive is off: the held records are written, a slice a tick
            // (the session's BEGIN and the first start's CARTID record, held while the needles ran, then the lockout)
            for (int i = 0; i < 20 && fw.Records.Pending; i++) Tick(pen, fw, 0);
            Assert.AreEqual(DurableLockout.Record(false), LockoutOnFlash(pen), "the durable lockout on the flash");

            // switched off and on: the bridge is as broken as before, and the restart must not drive it
            PenFirmware after = Boot(pen);
            Tick(pen, after, 0);
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)after.Fault, "latched from the record at boot");
            Assert.AreEqual((int)SafetyAction.Lockout, (int)after.SafetyAction);
            Assert.IsTrue(after.Supervisor.LockoutFromRecords);
            int heartbeat = pen.Heartbeat.Changes;
            HoldMain(pen, after);
            Assert.IsFalse(pen.Enable.Level, "the hold does not start it");
            Assert.AreEqual(heartbeat, pen.Heartbeat.Changes, "no heartbeat: the enable circuit keeps the bridge asleep");
        }

        [TestMethod]
        public void Only_the_service_clearing_ends_the_lockout()
        {
            FakePen pen = new FakePen();
            PenRecords factory = new PenRecords(pen.Flash);
            factory.Open();
            Assert.IsTrue(factory.WriteNow(PenRecords.LockoutSlot, DurableLockout.Record(false)));
            _t = 0;
            PenFirmware locked = Boot(pen);
            Tick(pen, locked, 0);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)locked.SafetyAction);
            PenFirmware again = Boot(pen);
            Tick(pen, again, 0);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)again.SafetyAction, "a power cycle does not clear it");
            Assert.IsTrue(DurableLockout.Clear(again.Records), "the service session, after the repair");
            PenFirmware repaired = Boot(pen);
            Tick(pen, repaired, 0);
            Assert.AreEqual((int)SafetyAction.None, (int)repaired.SafetyAction, "the record says cleared");
        }

        [TestMethod]
        public void A_damaged_lockout_record_is_taken_as_a_standing_lockout()
        {
            FakePen pen = new FakePen();
            PenRecords factory = new PenRecords(pen.Flash);
            factory.Open();
            Assert.IsTrue(factory.WriteNow(PenRecords.LockoutSlot, DurableLockout.Record(true)));
            pen.Flash.Put("lockout.a", RecordStoreTests.Garbage(300, 3));
            pen.Flash.Put("lockout.b", RecordStoreTests.Garbage(60, 4));
            _t = 0;
            PenFirmware fw = Boot(pen);
            Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)fw.Fault, "the conservative value: locked out");
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
        }
    }
}
