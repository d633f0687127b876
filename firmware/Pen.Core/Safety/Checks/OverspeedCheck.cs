using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Overspeed: the stroke rate above <see cref="PenLimits.OverspeedHz"/>, proven from the raw counts (the rate
    /// estimate overshoots for a tick after a pause and would false-trip): k edges counted over the last W µs
    /// (1 to <see cref="WindowTicks"/> ticks back) prove at least (k − 1)/W strokes per second, whatever the phase. One edge per stroke makes this slow near the threshold: telling f from the threshold f_o takes a
    /// window of at least 1/(f − f_o) (26 ms for a 219 strokes/s runaway against 180). The windows are judged on
    /// the ticks that count an edge.
    /// </summary>
    public sealed class OverspeedCheck : ISafetyCheck
    {
        /// <summary>Longest window of the count bound. Unit: ticks.</summary>
        public const int WindowTicks = 5;

        private readonly long[] _edges = new long[WindowTicks];
        private readonly long[] _micros = new long[WindowTicks];
        private int _next;
        private int _filled;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            long[] edges = _edges;
            long[] micros = _micros;
            int i = _next;
            edges[i] = s.NewEdges;
            micros[i] = s.PulseIntervalMicros;
            _next = i + 1 == WindowTicks ? 0 : i + 1;
            if (_filled < WindowTicks) _filled++;
            // a tick without an edge adds time and no count: each window ending now proves less than the one a tick
            // shorter ending at the last tick, which was judged then
            if (s.NewEdges == 0) return;

            long k = 0, w = 0;
            for (int back = 0; back < _filled; back++)
            {
                k += edges[i];
                w += micros[i];
                // (k − 1)/W > f_o  ⇔  (k − 1)·10⁶ > f_o·W   (W in µs)
                if (k >= 2 && w > 0 && (k - 1) * 1e6f > PenLimits.OverspeedHz * w)
                {
                    flags.Raise(FaultCode.Overspeed);
                    return;
                }

                i = i == 0 ? WindowTicks - 1 : i - 1;
            }
        }
    }
}
