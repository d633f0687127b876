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
        /// <summary>A service command with no service session open (AUTH opens one).</summary>
        ServiceLocked = 4,
        /// <summary>Not while the needles run (or, for BENCH, while a treatment holds them).</summary>
        Busy = 5,
        /// <summary>STORE: the record is not a valid SUPPLYCAL, DEPTHCAL, ADCCAL or CONFIG record for this pen.</summary>
        BadRecord = 6,
        /// <summary>STORE, CLEAR: the flash refused the record (full or failed), or a damaged record is still there.</summary>
        StoreRefused = 7,
        /// <summary>AUTH: the answer was wrong, no challenge was pending, or it expired (a wrong answer doubles the wait).</summary>
        AuthFailed = 8,
        /// <summary>AUTH: wrong answers before; the message says how long to wait.</summary>
        Wait = 9,
        /// <summary>AUTH, PROVISION: the pen has no key (not provisioned), or already has one, or its key record is damaged.</summary>
        NotProvisioned = 10,
    }
}
