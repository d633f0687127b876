using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Derate, then stop, on one temperature (the winding and housing checks each hold one):
    ///   factor = 1 − (1 − floor)·(T − T_start)/(T_stop − T_start)   for T_start &lt; T &lt; T_stop, with the warm code
    ///   stop at T ≥ T_stop, with the over-temperature code, held until T &lt; T_stop − <see cref="PenLimits.TemperatureHysteresisK"/>
    /// The floor is <see cref="PenLimits.DerateFloorFactor"/>; the factor scales the stroke rate (Safety/RateDerating). No allocation after construction.
    /// </summary>
    public sealed class TemperatureDerating
    {
        private readonly float _startC;
        private readonly float _stopC;
        private readonly FaultCode _warm;
        private readonly FaultCode _over;
        private bool _stopped;

        /// <param name="startC">Derating starts above this. Unit: °C.</param>
        /// <param name="stopC">Stops at or above this. Unit: °C, above <paramref name="startC"/>.</param>
        /// <param name="warm">Raised while derating.</param>
        /// <param name="over">Raised while stopped.</param>
        public TemperatureDerating(float startC, float stopC, FaultCode warm, FaultCode over)
        {
            _startC = startC;
            _stopC = stopC;
            _warm = warm;
            _over = over;
        }

        // the last reading judged and what it gave: the temperature estimates change only when the thermal models step
        // (SafetyInputs, every PenLimits.ThermalStepSeconds), and judging the same reading again gives the same result
        // (the stop's hysteresis settles in one evaluation), so the ticks between repeat it without the arithmetic
        private float _judgedC = float.NaN;
        private FaultCode _raised = FaultCode.None;
        private float _factor = 1f;

        /// <summary>Judges one temperature reading. Unit: °C.</summary>
        public void Evaluate(float celsius, SafetyFlags flags)
        {
            if (celsius != _judgedC)
            {
                _judgedC = celsius;
                if (celsius >= _stopC) _stopped = true;
                else if (celsius < _stopC - PenLimits.TemperatureHysteresisK) _stopped = false;

                if (_stopped)
                {
                    _raised = _over;
                }
                else if (celsius > _startC)
                {
                    float share = (celsius - _startC) / (_stopC - _startC);
                    _factor = 1f - (1f - PenLimits.DerateFloorFactor) * share;
                    _raised = _warm;
                }
                else
                {
                    _raised = FaultCode.None;
                }
            }

            if (_raised == FaultCode.None) return;
            if (_raised == _warm) flags.Derate(_factor);
            flags.Raise(_raised);
        }
    }
}
