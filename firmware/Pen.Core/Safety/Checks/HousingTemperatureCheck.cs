using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Housing over-temperature against the 43 °C applied-part limit (IEC 60601-1): the hotter of the NTC and the
    /// modelled housing (the NTC lags by about 8 s). Derates linearly from <see cref="PenLimits.HousingDerateStartC"/>
    /// to <see cref="PenLimits.HousingStopC"/>, then stops; the stop holds until
    /// <see cref="PenLimits.TemperatureHysteresisK"/> below it. Also refuses a start while that hot.
    /// </summary>
    public sealed class HousingTemperatureCheck : ISafetyCheck
    {
        private bool _stopped;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            float t = s.HousingC;
            if (t >= PenLimits.HousingStopC) _stopped = true;
            else if (t < PenLimits.HousingStopC - PenLimits.TemperatureHysteresisK) _stopped = false;

            if (_stopped)
            {
                flags.Raise(FaultCode.HousingOverTemperature);
            }
            else if (t > PenLimits.HousingDerateStartC)
            {
                float share = (t - PenLimits.HousingDerateStartC) / (PenLimits.HousingStopC - PenLimits.HousingDerateStartC);
                flags.Derate(1f - (1f - PenLimits.DerateFloorFactor) * share);
                flags.Raise(FaultCode.HousingWarm);
            }
        }
    }
}
