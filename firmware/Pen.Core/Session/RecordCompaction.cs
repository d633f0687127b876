using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;

namespace Pen.Core.Session
{
    /// <summary>
    /// Keeps the session log from filling. The record store holds at most <see cref="PenLimits.RecordStoreCapacity"/>
    /// records and then refuses more; a refused BEGIN would leave no trace that the seated cartridge was used, so that
    /// after a power cycle it could begin another session (Treatment then refuses the start instead). So, at boot, at a
    /// session's end and (if still due) before a session begins, a store holding
    /// <see cref="PenLimits.RecordCompactAtCount"/> records or more is rewritten with (oldest first):
    ///   1. the newest record of each kind read back from anywhere in the log: SUPPLYCAL, DEPTHCAL, CONFIG, when it is
    ///      older than the kept tail (the factory calibrations are the first records a pen ever writes);
    ///   2. "COUNT sessions=n": the sessions begun in the dropped records (BEGIN) plus the earlier COUNT records, so
    ///      that session numbers go on (Boot adds n);
    ///   3. the newest <see cref="PenLimits.RecordCompactKeepNewest"/> records, which hold the newest BEGIN, SESSION and
    ///      CARTRIDGE records that decide at boot whether the seated cartridge is used.
    /// Older session records and fault snapshots are dropped. Allocates (a compaction is rare: about every 65 sessions).
    /// </summary>
    public static class RecordCompaction
    {
        private static readonly string[] KeptKinds = { SupplyCalibration.RecordTag, DepthCalibration.RecordTag, SessionRecord.ConfigTag };

        /// <summary>Compacts the store if it holds <see cref="PenLimits.RecordCompactAtCount"/> records or more. Returns false only when a due compaction was refused by the store (failed, or appended to meanwhile).</summary>
        public static bool CompactIfDue(IRecordStore store)
        {
            if (store == null || store.Count < PenLimits.RecordCompactAtCount) return true;
            int count = store.Count;
            int tailStart = count - PenLimits.RecordCompactKeepNewest;
            string[] kept = new string[KeptKinds.Length + 1 + PenLimits.RecordCompactKeepNewest];
            int n = 0;

            // 1. the newest of each kind read back at boot, when it would be dropped
            for (int k = 0; k < KeptKinds.Length; k++)
            {
                int newest = Newest(store, KeptKinds[k]);
                if (newest >= 0 && newest < tailStart) kept[n++] = store.Read(newest);
            }

            // 2. the sessions in the dropped part, and every earlier COUNT
            int sessions = 0;
            for (int i = 0; i < count; i++)
            {
                string r = store.Read(i);
                if (r == null) continue;
                if (r.StartsWith(SessionRecord.CountTag + " ")) sessions += SessionsIn(r);
                else if (i < tailStart && r.StartsWith(SessionRecord.BeginTag + " ")) sessions++;
            }

            if (sessions > 0) kept[n++] = SessionRecord.CountTag + " sessions=" + sessions.ToString();

            // 3. the newest records, without the COUNT records already summed
            for (int i = tailStart; i < count; i++)
            {
                string r = store.Read(i);
                if (r == null || r.StartsWith(SessionRecord.CountTag + " ")) continue;
                kept[n++] = r;
            }

            return store.Replace(kept, n, count);
        }

        /// <summary>The sessions a COUNT record carries (0 when unreadable).</summary>
        public static int SessionsIn(string countRecord)
        {
            string v = RecordText.Field(countRecord, "sessions");
            int sessions;
            return v != null && int.TryParse(v, out sessions) && sessions > 0 ? sessions : 0;
        }

        private static int Newest(IRecordStore store, string tag)
        {
            for (int i = store.Count - 1; i >= 0; i--)
            {
                string r = store.Read(i);
                if (r != null && r.StartsWith(tag + " ")) return i;
            }

            return -1;
        }
    }
}
