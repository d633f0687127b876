namespace Pen.Core.Safety
{
    /// <summary>
    /// What the supervisor demands, ordered by severity: a higher value takes precedence over every lower one.
    /// Numbers are stable (telemetry, log).
    /// </summary>
    public enum SafetyAction
    {
        /// <summary>Nothing to do.</summary>
        None = 0,
        /// <summary>Tell the user; keep running.</summary>
        Warn = 1,
        /// <summary>Keep running with a reduced duty or speed ceiling.</summary>
        Derate = 2,
        /// <summary>Stop the needles in a controlled way and park them retracted.</summary>
        ControlledStop = 3,
        /// <summary>Cut the drive now: duty 0 and driver disabled, no parking.</summary>
        ImmediateStop = 4,
        /// <summary>Immediate stop, and refuse to run until the pen is power-cycled.</summary>
        Lockout = 5,
    }
}
