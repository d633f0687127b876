namespace Pen.Core.Ports
{
    /// <summary>
    /// Persistent, append-only storage of short text records that survives power loss: the session log and the
    /// fault snapshots. On the device, a file on the flash file system (LittleFS, drive I:), written by a
    /// low-priority thread so the tick never waits on flash; in the simulator, memory that outlives a power cycle.
    /// </summary>
    public interface IRecordStore
    {
        /// <summary>
        /// Queues one record for storage. <paramref name="record"/>: printable ASCII, no line breaks, at most 512
        /// characters. Returns false when the record was refused (too long, store full at
        /// <see cref="Limits.PenLimits.RecordStoreCapacity"/> records, or failed).
        /// </summary>
        bool Append(string record);

        /// <summary>
        /// Replaces every record with the first <paramref name="count"/> of <paramref name="records"/> (oldest first),
        /// in one step that a power loss cannot leave half done: after it the store holds either the old records or the
        /// new ones. Rare (Session/RecordCompaction: at boot and at a session's end), never in the running tick. Returns false when refused (a
        /// record not printable ASCII or too long, more than the capacity, the store failed, or it no longer holds
        /// <paramref name="replacing"/> records); the old records stay.
        /// </summary>
        /// <param name="replacing">How many records the caller read to build the new ones. Another thread (the bench
        /// serial's STORE) may append while a compaction reads; replacing then would lose that record, so the store
        /// refuses and the compaction is left for its next occasion.</param>
        bool Replace(string[] records, int count, int replacing);

        /// <summary>Records stored so far, 0 to <see cref="Limits.PenLimits.RecordStoreCapacity"/>.</summary>
        int Count { get; }

        /// <summary>Record <paramref name="index"/> (0 = oldest), or null when there is no such record.</summary>
        string Read(int index);
    }
}
