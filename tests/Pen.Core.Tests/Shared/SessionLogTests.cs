#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Indication;
using Pen.Core.Limits;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The session log over a pen's life: the store holds at most <see cref="PenLimits.RecordStoreCapacity"/> records,
    /// so the core compacts it (Session/RecordCompaction), and a session whose BEGIN record the store refuses does not
    /// begin (a session with no record could let its cartridge begin another after a power cycle).
    /// </summary>
    [TestClass]
    public class SessionLogTests
    {
        [TestMethod]
        public void A_used_cartridge_stays_used_across_power_cycles_after_more_sessions_than_the_log_holds()
        {
            TreatmentRig r = new TreatmentRig();
            // a service record first: without compaction the log then fills (1 + 3 × 133 = 400) at a "CARTRIDGE removed"
            // record, every later BEGIN is lost, and every later boot reads the seated, used cartridge as fresh
            r.Pen.Records.Append(SessionRecord.ConfigTag + " session_cap_s=1800 pacing_s=30");
            r.PowerCycle();
            int sessions = 2 * PenLimits.RecordStoreCapacity / 3; // BEGIN, SESSION, CARTRIDGE per session: twice the capacity
            for (int n = 1; n <= sessions; n++)
            {
                r.HoldMain();
                Assert.IsTrue(r.Running, "session " + n.ToString() + " begins with a fresh cartridge");
                Assert.AreEqual(n.ToString(), RecordText.Field(r.Pen.Records.Last(SessionRecord.BeginTag), "n"), "session numbers go on");
                r.Run(200);
                r.TapMain();
                r.Run(500);
                r.PowerCycle();                       // e.g. the 5 min idle power-off, cartridge left seated
                Assert.AreEqual((int)PenState.CartridgeUsed, (int)r.Fw.State, "after session " + n.ToString());
                r.HoldMain();
                Assert.IsFalse(r.MotorOn, "the used cartridge cannot begin session " + (n + 1).ToString());
                Assert.AreEqual((int)StartRefusal.CartridgeUsed, (int)r.Fw.Treatment.LastRefusal);
                Assert.IsTrue(r.Pen.Records.Count <= PenLimits.RecordStoreCapacity);
                r.RemoveCartridge();
                r.InsertCartridge();
            }

            Assert.IsTrue(r.Pen.Records.Replacements >= 2, "the log was compacted more than once: " + r.Pen.Records.Replacements.ToString());
            Assert.IsTrue(r.Pen.Records.Count < PenLimits.RecordCompactAtCount);
        }

        [TestMethod]
        public void A_log_that_refuses_the_sessions_record_refuses_the_start_and_leaves_the_cartridge_fresh()
        {
            TreatmentRig r = new TreatmentRig();
            r.Pen.Records.Failed = true;              // the flash failed
            r.HoldMain();
            Assert.IsFalse(r.MotorOn);
            Assert.AreEqual((int)StartRefusal.RecordsRefused, (int)r.Fw.Treatment.LastRefusal);
            Assert.AreEqual((int)TreatmentCue.RecordsRefused, (int)r.Fw.Treatment.LastCue);
            Assert.AreEqual((int)Indication.Indication.RecordsRefusedCue, (int)Indicator.ForCue(r.Fw.Treatment.LastCue));
            Assert.AreEqual((int)PenState.Idle, (int)r.Fw.State, "no session began: the cartridge is not spent");
            r.Run(2000);
            Assert.IsFalse(r.MotorOn, "and the needles never ran");

            r.Pen.Records.Failed = false;             // repaired
            r.HoldMain();
            Assert.IsTrue(r.Running);
            Assert.AreEqual("1", RecordText.Field(r.Pen.Records.Last(SessionRecord.BeginTag), "n"));
        }

        [TestMethod]
        public void Compaction_keeps_the_calibrations_the_configuration_the_session_count_and_the_newest_records()
        {
            FakeRecordStore store = new FakeRecordStore();
            store.Append(SupplyCalibration.RecordTag + " factory=1");
            store.Append(DepthCalibration.RecordTag + " factory=1");
            store.Append(SessionRecord.ConfigTag + " session_cap_s=1200 pacing_s=20");
            int begins = 0;
            while (store.Count + 3 < PenLimits.RecordCompactAtCount)
            {
                begins++;
                store.Append(SessionRecord.BeginTag + " n=" + begins.ToString());
                store.Append(SessionRecord.EndTag + " n=" + begins.ToString() + " cart=seated");
                store.Append(SessionRecord.CartridgeTag + " removed after_n=" + begins.ToString());
            }

            while (store.Count < PenLimits.RecordCompactAtCount - 1) store.Append("fault seq=0 code=3");
            string newest = store.Read(store.Count - 1);
            Assert.IsTrue(RecordCompaction.CompactIfDue(store));
            Assert.AreEqual(0, store.Replacements, "not due below the count");
            store.Append("fault seq=1 code=11");
            Assert.IsTrue(RecordCompaction.CompactIfDue(store));
            Assert.AreEqual(1, store.Replacements);

            Assert.AreEqual(3 + 1 + PenLimits.RecordCompactKeepNewest, store.Count);
            Assert.AreEqual(SupplyCalibration.RecordTag + " factory=1", store.Read(0));
            Assert.AreEqual(DepthCalibration.RecordTag + " factory=1", store.Read(1));
            Assert.AreEqual(SessionRecord.ConfigTag + " session_cap_s=1200 pacing_s=20", store.Read(2));
            Assert.AreEqual(newest, store.Read(store.Count - 2));
            Assert.AreEqual("fault seq=1 code=11", store.Read(store.Count - 1));

            // every session is counted once: in the COUNT record or as a BEGIN kept
            int counted = RecordCompaction.SessionsIn(store.Read(3));
            for (int i = 4; i < store.Count; i++) if (store.Read(i).StartsWith(SessionRecord.BeginTag + " ")) counted++;
            Assert.AreEqual(begins, counted);

            // a second compaction sums the first one's COUNT, and keeps no second copy of it
            while (store.Count < PenLimits.RecordCompactAtCount) store.Append(SessionRecord.BeginTag + " n=" + (++begins).ToString());
            Assert.IsTrue(RecordCompaction.CompactIfDue(store));
            counted = 0;
            int countRecords = 0;
            for (int i = 0; i < store.Count; i++)
            {
                string rec = store.Read(i);
                if (rec.StartsWith(SessionRecord.CountTag + " ")) { countRecords++; counted += RecordCompaction.SessionsIn(rec); }
                else if (rec.StartsWith(SessionRecord.BeginTag + " ")) counted++;
            }

            Assert.AreEqual(1, countRecords);
            Assert.AreEqual(begins, counted);
            Assert.AreEqual(SupplyCalibration.RecordTag + " factory=1", store.Read(0), "the factory calibration survives every compaction");
        }

        [TestMethod]
        public void A_store_that_refuses_the_compaction_keeps_its_records()
        {
            FakeRecordStore store = new FakeRecordStore();
            for (int i = 0; i < PenLimits.RecordCompactAtCount; i++) store.Append(SessionRecord.BeginTag + " n=" + (i + 1).ToString());
            store.Failed = true;
            Assert.IsFalse(RecordCompaction.CompactIfDue(store));
            Assert.AreEqual(PenLimits.RecordCompactAtCount, store.Count);
            Assert.AreEqual(SessionRecord.BeginTag + " n=1", store.Read(0));
        }

        [TestMethod]
        public void A_record_appended_while_a_compaction_reads_the_log_is_not_lost()
        {
            FakeRecordStore inner = new FakeRecordStore();
            for (int i = 0; i < PenLimits.RecordCompactAtCount; i++) inner.Append(SessionRecord.BeginTag + " n=" + (i + 1).ToString());
            // the bench serial's STORE lands while the tick's compaction is halfway through reading the log
            string stored = SessionRecord.ConfigTag + " session_cap_s=1200 pacing_s=20";
            AppendingWhileRead store = new AppendingWhileRead(inner, PenLimits.RecordCompactAtCount / 2, stored);
            Assert.IsFalse(RecordCompaction.CompactIfDue(store), "refused: the log changed under it");
            Assert.AreEqual(PenLimits.RecordCompactAtCount + 1, inner.Count);
            Assert.AreEqual(stored, inner.Read(inner.Count - 1), "the stored record is still there");
            Assert.IsTrue(RecordCompaction.CompactIfDue(inner), "the next occasion compacts");
            Assert.AreEqual(stored, inner.Read(inner.Count - 1), "and keeps the configuration (the newest record)");
        }

        /// <summary>A store that appends one record from "another thread" at its n-th Read.</summary>
        private sealed class AppendingWhileRead : Pen.Core.Ports.IRecordStore
        {
            private readonly FakeRecordStore _inner;
            private readonly string _record;
            private int _readsLeft;

            public AppendingWhileRead(FakeRecordStore inner, int reads, string record)
            {
                _inner = inner;
                _readsLeft = reads;
                _record = record;
            }

            public int Count { get { return _inner.Count; } }
            public bool Append(string record) { return _inner.Append(record); }
            public bool Replace(string[] records, int count, int replacing) { return _inner.Replace(records, count, replacing); }

            public string Read(int index)
            {
                if (--_readsLeft == 0) _inner.Append(_record);
                return _inner.Read(index);
            }
        }
    }
}
