namespace Pen.Core.Protocol
{
    /// <summary>
    /// Why the bench protocol refused a command: the number after "ERR". A closed, append-only list: numbers are
    /// never reused or renumbered (bench scripts and QA records refer to them).
    /// </summary>
    public enum BenchError
    {
        /// <summary>The first word is no command (HELP lists them).</summary>
        UnknownCommand = 1,
        /// <summary>An argument is missing, extra, or out of its range; the message names which and the range.</summary>
        BadArgument = 2,
        /// <summary>The line is longer than <see cref="BenchProtocol.MaxLineLength"/> or holds a character that is not printable ASCII.</summary>
        BadLine = 3,
        /// <summary>A service command while the service unlock (plus and minus held 5 s) is off.</summary>
        ServiceLocked = 4,
        /// <summary>Not while the needles run (or, for BENCH, while a treatment holds them).</summary>
        Busy = 5,
        /// <summary>STORE: the record is not a valid SUPPLYCAL, DEPTHCAL or CONFIG record for this pen.</summary>
        BadRecord = 6,
        /// <summary>STORE: the record store refused the record (full or failed).</summary>
        StoreRefused = 7,
    }
}
