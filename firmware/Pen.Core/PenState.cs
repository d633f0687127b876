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
    }
}
