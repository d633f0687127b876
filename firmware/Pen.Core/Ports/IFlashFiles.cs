namespace Pen.Core.Ports
{
    /// <summary>
    /// Small files on the flash file system, by short name ("cart.a", "log3"). On the device, files on the internal
    /// LittleFS volume (drive I:), each operation an open, a read or write, and a close (LittleFS commits a file at its
    /// close); in the simulator, files with the flash's write times, power loss that tears the write in progress, and a
    /// volume that fills. A write stalls the whole interpreter for its duration (nanoframework.md §0), so the core writes
    /// only while the needles are stopped (Records/PenRecords).
    /// </summary>
    public interface IFlashFiles
    {
        /// <summary>
        /// Reads up to <paramref name="count"/> bytes of file <paramref name="name"/> from byte <paramref name="offset"/>
        /// into <paramref name="buffer"/> (from its start). Returns the bytes read: 0 at the end of the file or when it does
        /// not exist; −1 when the file system failed.
        /// </summary>
        int Read(string name, int offset, byte[] buffer, int count);

        /// <summary>Replaces the whole file with <paramref name="count"/> bytes of <paramref name="data"/> (creating it; 0 bytes
        /// empties it and frees its space). True when it is on the flash; false when refused (volume full, or failed).</summary>
        bool Write(string name, byte[] data, int count);

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="data"/> to the file (creating it). True when they
        /// are on the flash; false when refused (volume full, or failed).</summary>
        bool Append(string name, byte[] data, int count);
    }
}
