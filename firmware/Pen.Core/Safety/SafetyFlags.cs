using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// What the checks found this tick: one flag per fault code, and the duty-ceiling factor the derating checks
    /// ask for. Checks only raise flags and lower the factor; the supervisor alone turns them into an action.
    /// Cleared at the start of every tick. No allocation after construction.
    /// </summary>
    public sealed class SafetyFlags
    {
        private readonly bool[] _raised = new bool[FaultText.MaxCode + 1];

        /// <summary>Duty-ceiling factor asked for by derating checks: 1 = none. Unit: fraction.</summary>
        public float DutyCeilingFactor { get; private set; } = 1f;

        /// <summary>Lowers every flag and resets the factor (start of a tick).</summary>
        public void Clear()
        {
            for (int i = 0; i < _raised.Length; i++) _raised[i] = false;
            DutyCeilingFactor = 1f;
        }

        /// <summary>Raises the flag of <paramref name="code"/>.</summary>
        public void Raise(FaultCode code)
        {
            int i = (int)code;
            if (i > 0 && i < _raised.Length) _raised[i] = true;
        }

        /// <summary>The flag of <paramref name="code"/> is up.</summary>
        public bool IsRaised(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i < _raised.Length && _raised[i];
        }

        /// <summary>Asks for a duty ceiling of at most <paramref name="factor"/> (the lowest request wins).</summary>
        public void Derate(float factor)
        {
            if (factor < PenLimits.DerateFloorFactor) factor = PenLimits.DerateFloorFactor;
            if (factor < DutyCeilingFactor) DutyCeilingFactor = factor;
        }
    }
}
