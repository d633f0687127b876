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
        /// <summary>Ticks kept: one stroke at 50 strokes/s is 2 nominal ticks, or 3 short ones (7 ms with jitter). A power
        /// of two: the ring's index wraps by a mask.</summary>
        public const int Ticks = 4;

        private readonly float[] _amps = new float[Ticks];
        private readonly float[] _acceleration = new float[Ticks];
        private readonly float[] _rate = new float[Ticks];
        private readonly float[] _loadSeconds = new float[Ticks];
        private readonly float[] _rateSeconds = new float[Ticks];
        private int _next;
        private int _unequalWeights;   // ticks kept whose current's weight differs from their rate's

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
            float[] loadAt = _loadSeconds, rateSecondsAt = _rateSeconds;
            if (loadAt[k] != rateSecondsAt[k]) _unequalWeights--;
            if (loadSeconds != rateSeconds) _unequalWeights++;
            _amps[k] = amps;
            _acceleration[k] = acceleration;
            _rate[k] = rate;
            loadAt[k] = loadSeconds;
            rateSecondsAt[k] = rateSeconds;
            _next = (k + 1) & (Ticks - 1);

            // each window from the newest tick back, until a tick that weighs nothing or the stroke period is full; a
            // newest tick at least a stroke long is the window alone (its mean is its value: at 100 strokes/s and faster,
            // most ticks). The rings are read through locals only where a walk reads them.
            Amps = amps;
            Acceleration = acceleration;
            Rate = rate;
            if (_unequalWeights == 0)
            {
                // every tick kept weighs its current and its rate alike (a valid back-EMF each): the two windows below
                // would walk the same weights and stop at the same tick, so one walk makes all three sums, each in the
                // same order
                if (loadSeconds > 0f && loadSeconds < strokeSeconds)
                {
                    float[] ampsAt = _amps, accelerationAt = _acceleration, rateAt = _rate;
                    float sumAmps = 0f, sumAcceleration = 0f, sumRate = 0f, total = 0f;
                    int j = k;
                    for (int n = Ticks; n > 0; n--)
                    {
                        float w = loadAt[j];
                        if (w <= 0f) break;
                        if (total + w > strokeSeconds)
                        {
                            w = strokeSeconds - total;
                            if (w <= 0f) break;
                        }

                        sumAmps += ampsAt[j] * w;
                        sumAcceleration += accelerationAt[j] * w;
                        sumRate += rateAt[j] * w;
                        total += w;
                        if (--j < 0) j = Ticks - 1;
                    }

                    if (total > 0f)
                    {
                        Amps = sumAmps / total;
                        Acceleration = sumAcceleration / total;
                        Rate = sumRate / total;
                    }
                }

                return;
            }

            if (loadSeconds > 0f && loadSeconds < strokeSeconds)
            {
                float[] ampsAt = _amps, accelerationAt = _acceleration;
                float sumAmps = 0f, sumAcceleration = 0f, total = 0f;
                int j = k;
                for (int n = Ticks; n > 0; n--)
                {
                    float w = loadAt[j];
                    if (w <= 0f) break;
                    if (total + w > strokeSeconds)
                    {
                        w = strokeSeconds - total;
                        if (w <= 0f) break;
                    }

                    sumAmps += ampsAt[j] * w;
                    sumAcceleration += accelerationAt[j] * w;
                    total += w;
                    if (--j < 0) j = Ticks - 1;
                }

                if (total > 0f)
                {
                    Amps = sumAmps / total;
                    Acceleration = sumAcceleration / total;
                }
            }

            if (rateSeconds > 0f && rateSeconds < strokeSeconds)
            {
                float[] rateAt = _rate;
                float sumRate = 0f, total = 0f;
                int j = k;
                for (int n = Ticks; n > 0; n--)
                {
                    float w = rateSecondsAt[j];
                    if (w <= 0f) break;
                    if (total + w > strokeSeconds)
                    {
                        w = strokeSeconds - total;
                        if (w <= 0f) break;
                    }

                    sumRate += rateAt[j] * w;
                    total += w;
                    if (--j < 0) j = Ticks - 1;
                }

                if (total > 0f) Rate = sumRate / total;
            }
        }
    }
}
