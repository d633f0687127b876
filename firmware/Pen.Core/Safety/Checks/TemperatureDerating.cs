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

        /// <summary>Judges one temperature reading. Unit: °C.</summary>
        public void Evaluate(float celsius, SafetyFlags flags)
        {
            if (celsius >= _stopC) _stopped = true;
            else if (celsius < _stopC - PenLimits.TemperatureHysteresisK) _stopped = false;

            if (_stopped)
            {
                flags.Raise(_over);
            }
            else if (celsius > _startC)
            {
                float share = (celsius - _startC) / (_stopC - _startC);
                flags.Derate(1f - (1f - PenLimits.DerateFloorFactor) * share);
                flags.Raise(_warm);
            }
        }
    }
}
