using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Winding over-temperature, estimated (the NTC sees only the housing, 220 s behind the winding): the
    /// thermal model's winding-to-housing rise on top of the hotter of the NTC (its lag undone) and modelled housing (the cross-check:
    /// a housing hotter than the model believes lifts the estimate). Derates the stroke rate (Safety/RateDerating) from
    /// <see cref="PenLimits.WindingDerateStartC"/> to <see cref="PenLimits.WindingStopC"/>, then stops; the stop
    /// holds until the estimate is <see cref="PenLimits.TemperatureHysteresisK"/> below the stop threshold.
    /// </summary>
    public sealed class WindingTemperatureCheck : ISafetyCheck
    {
        private readonly TemperatureDerating _derating = new TemperatureDerating(
            PenLimits.WindingDerateStartC, PenLimits.WindingStopC, FaultCode.WindingHot, FaultCode.WindingOverTemperature);

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            _derating.Evaluate(s.WindingC, flags);
        }
    }
}
