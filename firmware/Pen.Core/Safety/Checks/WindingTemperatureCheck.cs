using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Winding over-temperature, estimated (the NTC sees only the housing, 220 s behind the winding): the
    /// thermal model's winding-to-housing rise on top of the hotter of NTC and modelled housing (the cross-check:
    /// a housing hotter than the model believes lifts the estimate). Derates the duty ceiling linearly from
    /// <see cref="PenLimits.WindingDerateStartC"/> to <see cref="PenLimits.WindingStopC"/>, then stops; the stop
    /// holds until the estimate is <see cref="PenLimits.TemperatureHysteresisK"/> below the stop threshold.
    /// </summary>
    public sealed class WindingTemperatureCheck : ISafetyCheck
    {
        private bool _stopped;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            float t = s.WindingC;
            if (t >= PenLimits.WindingStopC) _stopped = true;
            else if (t < PenLimits.WindingStopC - PenLimits.TemperatureHysteresisK) _stopped = false;

            if (_stopped)
            {
                flags.Raise(FaultCode.WindingOverTemperature);
            }
            else if (t > PenLimits.WindingDerateStartC)
            {
                // factor = 1 − (1 − floor)·(T − T_start)/(T_stop − T_start)
                float share = (t - PenLimits.WindingDerateStartC) / (PenLimits.WindingStopC - PenLimits.WindingDerateStartC);
                flags.Derate(1f - (1f - PenLimits.DerateFloorFactor) * share);
                flags.Raise(FaultCode.WindingHot);
            }
        }
    }
}
