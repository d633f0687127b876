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
        /// characters. Returns false when the record was refused (too long, store full or failed).
        /// </summary>
        bool Append(string record);

        /// <summary>Records stored so far, 0 to 2^31-1.</summary>
        int Count { get; }

        /// <summary>Record <paramref name="index"/> (0 = oldest), or null when there is no such record.</summary>
        string Read(int index);
    }
}
