namespace Pen.Core.Safety
{
    /// <summary>
    /// Maps the checks' flags to one action by severity (the highest active action wins) and keeps the active
    /// fault. The safety issue adds the checks and the rule list; until then the pen has no fault sources.
    /// </summary>
    public sealed class SafetySupervisor
    {
        /// <summary>The action in force after the last update.</summary>
        public SafetyAction Action => SafetyAction.None;

        /// <summary>The most severe active fault; None while healthy.</summary>
        public FaultCode ActiveFault => FaultCode.None;

        /// <summary>Derating factor on the duty ceiling: 1 = none, toward 0 = derated. Unit: fraction.</summary>
        public float DutyCeilingFactor => 1f;

        /// <summary>Evaluates every check on this tick's inputs and the drive's state.</summary>
        public void Update(SensorFrame frame, Control.StrokeDrive drive, Session.Treatment treatment)
        {
        }
    }
}
