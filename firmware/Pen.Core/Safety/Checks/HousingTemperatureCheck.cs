using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Housing over-temperature against the 43 °C applied-part limit (IEC 60601-1): the hotter of the NTC, its lag
    /// undone at the slow edge's 15 s (<see cref="NtcLagCompensation"/>: friction heat from a dragging cartridge reaches only the NTC), and the
    /// modelled housing, plus the heat the winding holds above the housing that a stop would send into it
    /// (<see cref="SafetyInputs.HousingAfterStopC"/>). Derates linearly from <see cref="PenLimits.HousingDerateStartC"/>
    /// to <see cref="PenLimits.HousingStopC"/>, then stops; the stop holds until
    /// <see cref="PenLimits.TemperatureHysteresisK"/> below it. Also refuses a start while that hot.
    /// </summary>
    public sealed class HousingTemperatureCheck : ISafetyCheck
    {
        private readonly TemperatureDerating _derating = new TemperatureDerating(
            PenLimits.HousingDerateStartC, PenLimits.HousingStopC, FaultCode.HousingWarm, FaultCode.HousingOverTemperature);

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            _derating.Evaluate(s.HousingAfterStopC, flags);
        }
    }
}
