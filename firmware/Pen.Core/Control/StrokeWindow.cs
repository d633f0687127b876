namespace Pen.Core.Control
{
    /// <summary>
    /// Means over the last stroke of the drive's three per-tick quantities (the tick's mean motor current, its
    /// acceleration current, the rate estimate): each the tick values of the last few ticks, weighted by their lengths,
    /// back to one stroke period before now (the oldest tick in part):
    ///   mean = Σ x_i·w_i / Σ w_i,   w_i = tick length, the oldest cut so that Σ w_i ≤ T_stroke
    /// A stroke's load and speed vary along the cam turn, so a window shorter than a stroke would see where in the
    /// stroke the tick fell. The current and the acceleration share their weights (a tick without a valid back-EMF
    /// weighs 0 and ends their windows); the rate weighs every tick by its length. One pass for all three: three
    /// separate windows cost the tick ~430 IL instructions on the interpreter (tools/Pen.TickBudget). Ring buffers of
    /// <see cref="Ticks"/> entries, allocated once; no allocation per tick.
    /// </summary>
    public sealed class StrokeWindow
    {
        /// <summary>Ticks kept: one stroke at 50 strokes/s is 2 nominal ticks, or 3 short ones (7 ms with jitter).</summary>
        public const int Ticks = 4;

        private readonly float[] _amps = new float[Ticks];
        private readonly float[] _acceleration = new float[Ticks];
        private readonly float[] _rate = new float[Ticks];
        private readonly float[] _loadSeconds = new float[Ticks];
        private readonly float[] _rateSeconds = new float[Ticks];
        private int _next;

        /// <summary>Mean motor current over the last stroke (after <see cref="Add"/>). Unit: A.</summary>
        public float Amps;
        /// <summary>Mean acceleration current over the last stroke. Unit: A.</summary>
        public float Acceleration;
        /// <summary>Mean rate estimate over the last stroke. Unit: strokes/s.</summary>
        public float Rate;

        /// <summary>
        /// Records this tick's values and works out the three means over the last stroke period.
        /// </summary>
        /// <param name="amps">This tick's mean motor current. Unit: A.</param>
        /// <param name="acceleration">This tick's acceleration current. Unit: A.</param>
        /// <param name="rate">This tick's rate estimate. Unit: strokes/s.</param>
        /// <param name="loadSeconds">The current's and acceleration's weight: the tick's length when its back-EMF is valid,
        /// else 0; ≤ 0 gives them this tick's values. Unit: s.</param>
        /// <param name="rateSeconds">The rate's weight, the tick's length; ≤ 0 gives it this tick's value. Unit: s.</param>
        /// <param name="strokeSeconds">One stroke period (1 / setpoint). Unit: s.</param>
        public void Add(float amps, float acceleration, float rate, float loadSeconds, float rateSeconds, float strokeSeconds)
        {
            int k = _next;
            _amps[k] = amps;
            _acceleration[k] = acceleration;
            _rate[k] = rate;
            _loadSeconds[k] = loadSeconds;
            _rateSeconds[k] = rateSeconds;
            _next = k + 1 == Ticks ? 0 : k + 1;

            float sumAmps = 0f, sumAcceleration = 0f, loadTotal = 0f, sumRate = 0f, rateTotal = 0f;
            bool loadOpen = loadSeconds > 0f, rateOpen = rateSeconds > 0f;
            for (int i = 0; i < Ticks && (loadOpen || rateOpen); i++)
            {
                if (loadOpen)
                {
                    float w = _loadSeconds[k];
                    if (w > 0f && loadTotal + w > strokeSeconds) w = strokeSeconds - loadTotal;
                    if (w <= 0f) loadOpen = false;
                    else
                    {
                        sumAmps += _amps[k] * w;
                        sumAcceleration += _acceleration[k] * w;
                        loadTotal += w;
                    }
                }

                if (rateOpen)
                {
                    float w = _rateSeconds[k];
                    if (w > 0f && rateTotal + w > strokeSeconds) w = strokeSeconds - rateTotal;
                    if (w <= 0f) rateOpen = false;
                    else
                    {
                        sumRate += _rate[k] * w;
                        rateTotal += w;
                    }
                }

                k = k == 0 ? Ticks - 1 : k - 1;
            }

            Amps = loadSeconds > 0f && loadTotal > 0f ? sumAmps / loadTotal : amps;
            Acceleration = loadSeconds > 0f && loadTotal > 0f ? sumAcceleration / loadTotal : acceleration;
            Rate = rateSeconds > 0f && rateTotal > 0f ? sumRate / rateTotal : rate;
        }
    }
}
