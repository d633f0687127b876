namespace Pen.Core.Control
{
    /// <summary>
    /// Mean of a per-tick quantity (a tick's mean motor current, the rate estimate) over the last stroke: the tick
    /// values of the last few ticks, weighted by their lengths, back to one stroke period before now (the oldest
    /// tick in part):
    ///   mean = Σ x_i·w_i / Σ w_i,   w_i = tick length, the oldest cut so that Σ w_i ≤ T_stroke
    /// A stroke's load and speed vary along the cam turn, so a window shorter than a stroke would see where in the
    /// stroke the tick fell. Ring buffer of <see cref="Ticks"/> entries, allocated once; no allocation per tick.
    /// </summary>
    public sealed class StrokeWindow
    {
        /// <summary>Ticks kept: one stroke at 50 strokes/s is 2 nominal ticks, or 3 short ones (7 ms with jitter).</summary>
        public const int Ticks = 4;

        private readonly float[] _values = new float[Ticks];
        private readonly float[] _seconds = new float[Ticks];
        private int _next;

        /// <summary>
        /// Records this tick's value and returns the mean over the last stroke period.
        /// </summary>
        /// <param name="value">This tick's value.</param>
        /// <param name="tickSeconds">This tick's length; ≤ 0 (no valid value) returns <paramref name="value"/>. Unit: s.</param>
        /// <param name="strokeSeconds">One stroke period (1 / setpoint); ≤ 0 returns <paramref name="value"/>. Unit: s.</param>
        public float Add(float value, float tickSeconds, float strokeSeconds)
        {
            _values[_next] = value;
            _seconds[_next] = tickSeconds;
            _next = (_next + 1) % Ticks;
            if (tickSeconds <= 0f) return value;
            float sum = 0f, total = 0f;
            int k = _next;
            for (int i = 0; i < Ticks; i++)
            {
                k = k == 0 ? Ticks - 1 : k - 1;
                float w = _seconds[k];
                if (w <= 0f) break;
                if (total + w > strokeSeconds) w = strokeSeconds - total;
                if (w <= 0f) break;
                sum += _values[k] * w;
                total += w;
            }

            return total > 0f ? sum / total : value;
        }
    }
}
