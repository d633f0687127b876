using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// The housing temperature from the NTC with its lag undone. The NTC follows the housing as a first-order lag
    /// τ_t of 5–15 s in air (plant.md §4.4), so under a rising housing it reads τ_t·dT/dt low: up to 4.5 K at the
    /// 0.3 K/s a dragging cartridge gives. Inverting the lag needs the reading's slope, which the ADC's noise would
    /// swamp, so the reading is smoothed first, and the lag undone is the slow edge's τ_n = 15 s (PenLimits):
    ///   y_s:  T_s·dy_s/dt = y − y_s                    (smoothing, T_s = 1 s)
    ///   z:    T_f·dz/dt  = y_s − z                     (the lead's filter, T_f = 2 s)
    ///   T̂    = (τ_n/T_f)·y_s + (1 − τ_n/T_f)·z          = (τ_n·s + 1)/((T_f·s + 1)(T_s·s + 1)) · y
    /// At steady state T̂ = y; on a ramp it lags the housing by T_f + T_s + τ_t − τ_n: 3 s on the slowest NTC,
    /// less on a faster one (a 5 s NTC reads 7 s ahead). Forward Euler at the tick (10 ms ≪ T_s), dt clamped like the
    /// thermal model's (PenLimits.ThermalStepMaxSeconds). Float arithmetic, no allocation.
    /// </summary>
    public sealed class NtcLagCompensation
    {
        private readonly float _lagSeconds;
        private readonly float _smoothingSeconds;
        private readonly float _leadFilterSeconds;
        private bool _started;
        private float _smoothed;
        private float _filtered;

        /// <param name="lagSeconds">The NTC's lag τ_n. Unit: s.</param>
        /// <param name="smoothingSeconds">T_s. Unit: s, &gt; 0.</param>
        /// <param name="leadFilterSeconds">T_f. Unit: s, &gt; 0.</param>
        public NtcLagCompensation(float lagSeconds, float smoothingSeconds, float leadFilterSeconds)
        {
            _lagSeconds = lagSeconds;
            _smoothingSeconds = smoothingSeconds;
            _leadFilterSeconds = leadFilterSeconds;
        }

        /// <summary>The housing temperature with the NTC's lag undone (the reading itself at the first update after a
        /// start or <see cref="Restart"/>). Unit: °C.</summary>
        public float HousingC { get; private set; }

        /// <summary>
        /// Forgets the past readings: the next update starts from its reading. For a gap in plausible readings: the
        /// housing may have moved meanwhile, and continued across the gap the lead (gain τ_n/T_f) reads that jump as a
        /// fast change and misreads it several times over, too hot and then too cold.
        /// </summary>
        public void Restart()
        {
            _started = false;
        }

        /// <summary>One step with a plausible reading. <paramref name="dt"/>: seconds since the last, clamped to 0..<see cref="PenLimits.ThermalStepMaxSeconds"/>.</summary>
        public void Update(float ntcC, float dt)
        {
            if (!_started)
            {
                _started = true;
                _smoothed = ntcC;
                _filtered = ntcC;
                HousingC = ntcC;
                return;
            }

            if (dt <= 0f) return;
            if (dt > PenLimits.ThermalStepMaxSeconds) dt = PenLimits.ThermalStepMaxSeconds;
            _smoothed += (ntcC - _smoothed) * dt / (_smoothingSeconds + dt);
            _filtered += (_smoothed - _filtered) * dt / (_leadFilterSeconds + dt);
            float gain = _lagSeconds / _leadFilterSeconds;
            HousingC = gain * _smoothed + (1f - gain) * _filtered;
        }
    }
}
