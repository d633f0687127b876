using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// What the checks found this tick: one flag per fault code, and the stroke-rate factor the derating checks
    /// ask for (Safety/RateDerating turns it into rate steps). Checks only raise flags and lower the factor; the supervisor alone turns them into an action.
    /// Cleared at the start of every tick. No allocation after construction.
    /// </summary>
    public sealed class SafetyFlags
    {
        // One bit per fault code (bit n: code n; codes 1 to FaultText.MaxCode < 63): clearing them all is one store and
        // the supervisor finds a healthy tick by one test, where a flag array cost a loop of ~40 IL instructions per
        // code each tick on the interpreter (tools/Pen.TickBudget).
        private long _raised;
        private float _rateFactor = 1f;

        /// <summary>Stroke-rate factor asked for by derating checks: 1 = none. Unit: fraction.</summary>
        public float RateFactor => _rateFactor;

        /// <summary>The raised flags, bit n for code n (read by the supervisor).</summary>
        public long RaisedBits => _raised;

        /// <summary>Lowers every flag and resets the factor (start of a tick).</summary>
        public void Clear()
        {
            _raised = 0;
            _rateFactor = 1f;
        }

        /// <summary>Raises the flag of <paramref name="code"/>.</summary>
        public void Raise(FaultCode code)
        {
            int i = (int)code;
            if (i > 0 && i <= FaultText.MaxCode) _raised |= 1L << i;
        }

        /// <summary>The flag of <paramref name="code"/> is up.</summary>
        public bool IsRaised(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i <= FaultText.MaxCode && (_raised & (1L << i)) != 0;
        }

        /// <summary>Raises every flag of <paramref name="bits"/> (bit n: code n) and asks for <paramref name="factor"/>: what a check that stood this tick found when it last ran.</summary>
        public void Hold(long bits, float factor)
        {
            _raised |= bits;
            if (factor < _rateFactor) _rateFactor = factor;
        }

        /// <summary>Asks for a stroke rate of at most <paramref name="factor"/> of the one set (the lowest request wins).</summary>
        public void Derate(float factor)
        {
            if (factor < PenLimits.DerateFloorFactor) factor = PenLimits.DerateFloorFactor;
            if (factor < _rateFactor) _rateFactor = factor;
        }
    }
}
