using Pen.Core.Limits;

namespace Pen.Core.Session
{
    /// <summary>
    /// State of charge of the 1S cell, estimated from the measured supply voltage and current (never from the
    /// plant): the open-circuit voltage is the terminal voltage plus the drop in the cell's resistance, and the
    /// cell's OCV curve (<see cref="PenLimits.BatteryOcvPoints"/>) turns it into a charge.
    ///   OCV = V + I·R_int,  I = shunt average (= duty × motor current) + electronics
    ///   SoC = piecewise-linear OCV → SoC;  filtered: s ← s + (SoC − s)·dt/(τ + dt)
    /// </summary>
    public sealed class BatteryGauge
    {
        private bool _started;
        private long _pendingMicros;

        /// <summary>Estimated state of charge. Unit: fraction 0..1 (1 before the first reading).</summary>
        public float StateOfCharge { get; private set; } = 1f;

        /// <summary>
        /// One tick's reading. Unit: V, A (shunt average), µs. After the first, the estimate moves at its own slower
        /// rate, once per <see cref="PenLimits.BatteryGaugeStepMicros"/> of ticks, by the time they covered (τ = 2 s).
        /// </summary>
        public void Update(float supplyVolts, float shuntAmps, long dtMicros)
        {
            if (_started)
            {
                _pendingMicros += dtMicros;
                if (_pendingMicros < PenLimits.BatteryGaugeStepMicros) return;
                dtMicros = _pendingMicros;
                _pendingMicros = 0;
            }

            if (shuntAmps < 0f) shuntAmps = 0f;
            if (shuntAmps > 3f) shuntAmps = 3f;
            float ocv = supplyVolts + (shuntAmps + PenLimits.BatteryQuiescentAmps) * PenLimits.BatteryInternalOhms;
            float soc = SocAt(ocv);
            if (!_started)
            {
                StateOfCharge = soc;
                _started = true;
                return;
            }

            float dt = dtMicros;
            StateOfCharge += (soc - StateOfCharge) * dt / (PenLimits.BatterySocFilterMicros + dt);
        }

        /// <summary>
        /// One tick, from the frame: the same as <see cref="Update(float, float, long)"/> with its supply and shunt
        /// current, which it reads (the shunt current worked out) only on the ticks the estimate moves. True on those.
        /// </summary>
        public bool Update(SensorFrame frame, long dtMicros)
        {
            if (_started && _pendingMicros + dtMicros < PenLimits.BatteryGaugeStepMicros)
            {
                _pendingMicros += dtMicros;
                return false;
            }

            Update(frame.SupplyVolts, frame.ShuntAmps, dtMicros);
            return true;
        }

        /// <summary>State of charge at an open-circuit voltage. Unit: fraction 0..1.</summary>
        public static float SocAt(float ocv)
        {
            float[] v = PenLimits.BatteryOcvPoints;
            float[] s = PenLimits.BatterySocPoints;
            if (ocv <= v[0]) return 0f;
            for (int i = 1; i < v.Length; i++)
            {
                if (ocv <= v[i]) return s[i - 1] + (ocv - v[i - 1]) / (v[i] - v[i - 1]) * (s[i] - s[i - 1]);
            }

            return 1f;
        }

        /// <summary>
        /// Charge a session needs: the needling time at the stroke rate, the electronics over one and a half times
        /// that (pauses between passes), and the reserve. Unit: fraction of capacity.
        ///   need = reserve + (1.5·I_q + k·f)·t / capacity
        /// </summary>
        public static float SocNeeded(long needlingMicros, float strokeRateHz)
        {
            float hours = needlingMicros / 3.6e9f;
            float amps = 1.5f * PenLimits.BatteryQuiescentAmps + PenLimits.BatteryAmpsPerStrokeHz * strokeRateHz;
            return PenLimits.BatteryReserveSoc + amps * hours * 1000f / PenLimits.BatteryCapacityMilliampHours;
        }
    }
}
