namespace Pen.Core.Ports
{
    /// <summary>
    /// The pen's log of sessions, fault snapshots and service actions (Records/PenRecords over the flash). It may drop its
    /// oldest records; nothing safety depends on across power cycles lives here (that is a durable record).
    /// </summary>
    public interface IRecordStore
    {
        /// <summary>
        /// Appends one record: printable ASCII, no line breaks, at most 512 characters. While the needles run it is held
        /// in RAM and written once the drive is off. Returns false when it was refused (not a storable record, or the flash
        /// failed).
        /// </summary>
        bool Append(string record);

        /// <summary>
        /// A buffer to build a record in without allocating, to hand back with <see cref="Queue"/>; null while every buffer
        /// waits to be written (try again in a later tick).
        /// </summary>
        Records.RecordChars TakeChars();

        /// <summary>
        /// Queues the record built in <paramref name="chars"/> (from <see cref="TakeChars"/>): written a slice a tick, once
        /// the drive is off. Returns its ticket, or 0 when refused (overflowed, or the queue full: counted and logged).
        /// </summary>
        int Queue(Records.RecordChars chars);

        /// <summary>Records held, 0 to <see cref="Limits.PenLimits.RecordStoreCapacity"/>.</summary>
        int Count { get; }

        /// <summary>Record <paramref name="index"/> (0 = the oldest held), or null when there is no such record.</summary>
        string Read(int index);
    }
}
