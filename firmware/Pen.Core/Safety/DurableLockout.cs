using Pen.Core.Board;
using Pen.Core.Records;

namespace Pen.Core.Safety
{
    /// <summary>
    /// A lockout that a power cycle does not clear: a driver that ignores the command stays faulty, and a restart would
    /// drive it again (a burst to its no-load speed before any check can see it). When the lockout is raised the
    /// supervisor writes "LOCKOUT code=19 cleared=0" to the durable lockout record (<see cref="PenRecords.LockoutSlot"/>;
    /// held in RAM while the needles run, on the flash a few ticks after the drive is off, a slice a tick); at every boot that record decides, and only a service session clears it after the repair
    /// (<see cref="Clear"/>). A damaged record is taken as a standing lockout (the conservative value). One code only:
    /// the others clear on a power cycle, as their rules say.
    /// </summary>
    public static class DurableLockout
    {
        /// <summary>First word of the lockout record.</summary>
        public const string RecordTag = "LOCKOUT";

        /// <summary>The fault a power cycle does not clear.</summary>
        public const FaultCode Code = FaultCode.DriverIgnoresCommand;

        /// <summary>The record of a lockout raised (<paramref name="cleared"/> false) or cleared by the service. Allocates.</summary>
        public static string Record(bool cleared)
        {
            return RecordTag + " code=" + ((int)Code).ToString() + " cleared=" + (cleared ? "1" : "0");
        }

        /// <summary>The durable record says the lockout stands (or is damaged: the conservative value). Allocates (boot only).</summary>
        public static bool LatchedIn(PenRecords records)
        {
            if (records == null) return false;
            if (records.StateOf(PenRecords.LockoutSlot) == SlotState.Damaged) return true;
            string r = records.Value(PenRecords.LockoutSlot);
            if (r == null || !r.StartsWith(RecordTag + " ")) return false;
            if (RecordText.Field(r, "code") != ((int)Code).ToString()) return false;
            return RecordText.Field(r, "cleared") != "1";
        }

        /// <summary>Writes the lockout (queued: written a slice a tick once the needles are off). Allocates nothing.</summary>
        public static bool Raise(PenRecords records)
        {
            return records != null && records.QueueWrite(Slot, Raised) > 0;
        }

        // the raised record, made once (the tick that raises the lockout allocates nothing)
        private static readonly string Raised = Record(false), Slot = PenRecords.LockoutSlot;

        /// <summary>The service, after the repair: the lockout no longer stands at the next boot. True when it is on the flash.</summary>
        public static bool Clear(PenRecords records)
        {
            return records != null && records.WriteNow(PenRecords.LockoutSlot, Record(true));
        }
    }
}
