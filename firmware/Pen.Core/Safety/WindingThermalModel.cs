using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// Two-node thermal model of the motor in the pen body, fed with the estimated copper and PWM-ripple loss
    /// (plant.md §7 item 5). Forward Euler at the tick (10 ms ≪ τ_w = 5.6 s):
    ///   C_w·dT_w/dt = P − (T_w − T_h)/R_wh
    ///   C_h·dT_h/dt = (T_w − T_h)/R_wh − (T_h − T_a)/R_ha
    /// The ambient T_a is the NTC's first plausible reading at power-up (the pen has the room's temperature).
    /// </summary>
    public sealed class WindingThermalModel
    {
        private bool _started;
        private float _ambientC;

        /// <summary>Modelled winding temperature. Unit: °C.</summary>
        public float WindingC { get; private set; }
        /// <summary>Modelled housing temperature. Unit: °C.</summary>
        public float HousingC { get; private set; }
        /// <summary>The model has a starting temperature (a plausible NTC reading arrived).</summary>
        public bool Started => _started;

        /// <summary>Starts every node at <paramref name="ambientC"/> (once).</summary>
        public void Start(float ambientC)
        {
            if (_started) return;
            _started = true;
            _ambientC = ambientC;
            WindingC = ambientC;
            HousingC = ambientC;
        }

        /// <summary>
        /// One step. <paramref name="lossWatts"/>: heat into the winding. <paramref name="dt"/>: seconds since the
        /// last step, clamped to 0..PenLimits.ThermalStepMaxSeconds (0.1 s; a longer gap counts as that: the model under-heats only while the
        /// firmware is not running, when the enable circuit has stopped the motor).
        /// </summary>
        public void Step(float lossWatts, float dt)
        {
            if (!_started || dt <= 0f) return;
            if (dt > PenLimits.ThermalStepMaxSeconds) dt = PenLimits.ThermalStepMaxSeconds;
            float toHousing = (WindingC - HousingC) / PenLimits.WindingToHousingKelvinPerWatt;
            float toAmbient = (HousingC - _ambientC) / PenLimits.HousingToAmbientKelvinPerWatt;
            WindingC += dt * (lossWatts - toHousing) / PenLimits.WindingJoulesPerKelvin;
            HousingC += dt * (toHousing - toAmbient) / PenLimits.HousingJoulesPerKelvin;
        }
    }
}
