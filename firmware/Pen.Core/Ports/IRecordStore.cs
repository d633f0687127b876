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
        /// Appends the first <paramref name="length"/> characters of <paramref name="record"/> (a record built in a
        /// preallocated buffer), allocating nothing. Not taken while the needles run (false: keep it, try again once they
        /// stop); otherwise false when refused.
        /// </summary>
        bool Append(char[] record, int length);

        /// <summary>Records held, 0 to <see cref="Limits.PenLimits.RecordStoreCapacity"/>.</summary>
        int Count { get; }

        /// <summary>Record <paramref name="index"/> (0 = the oldest held), or null when there is no such record.</summary>
        string Read(int index);
    }
}
