namespace Pen.Core
{
    /// <summary>
    /// The pen's top-level state. Numbers are stable (telemetry, bench protocol, session log): append only,
    /// never renumber.
    /// </summary>
    public enum PenState
    {
        /// <summary>Just powered; every output is safe, nothing else has run yet.</summary>
        Boot = 0,
        /// <summary>Ready; motor off, needles parked.</summary>
        Idle = 1,
        /// <summary>Needling at the setpoint.</summary>
        Running = 2,
        /// <summary>Slowing down and parking the needles inside the cartridge.</summary>
        Stopping = 3,
        /// <summary>A fault stopped the motor.</summary>
        Fault = 4,
        /// <summary>Needles were off the skin for 10 s: the motor stopped and parked; hold main to resume.</summary>
        Paused = 5,
        /// <summary>The seated cartridge has been used (or its session reached the cap): change it to begin a session.</summary>
        CartridgeUsed = 6,
        /// <summary>No cartridge seated: insert a fresh one.</summary>
        NoCartridge = 7,
        /// <summary>Switching off (gesture or 5 minutes idle): the session record is written, then the power latch is released.</summary>
        PoweringOff = 8,
        /// <summary>A start waits while the pen measures the seated cartridge (its needles turn in the air about a second), then runs.</summary>
        MeasuringCartridge = 9,
    }
}
