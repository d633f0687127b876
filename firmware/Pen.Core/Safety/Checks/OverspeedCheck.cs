using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Overspeed: the stroke rate above <see cref="PenLimits.OverspeedHz"/>, proven from the raw counts (the rate
    /// estimate overshoots for a tick after a pause and would false-trip): k edges counted over the last W µs
    /// (1 to <see cref="WindowTicks"/> ticks back) prove at least (k − 1)/W strokes per second, whatever the phase. One edge per stroke makes this slow near the threshold: telling f from the threshold f_o takes a
    /// window of at least 1/(f − f_o) (26 ms for a 219 strokes/s runaway against 180). The windows are judged on
    /// the ticks that count an edge.
    /// Every window at once, in whole numbers: with E the edges and T the µs counted since boot and
    ///   Q = 10⁶·E − f_o·T,
    /// a window from before tick j to now has k = E_now − E_j and W = T_now − T_j, so
    ///   (k − 1)·10⁶ > f_o·W   ⇔   Q_now − 10⁶ > Q_j,
    /// and some window trips exactly when Q_now − 10⁶ exceeds the least Q before any of the last ticks. That least value
    /// is kept as the ticks come and go (Q falls while the rate is under f_o, so the newest is nearly always the least),
    /// so a tick costs a few comparisons instead of a pass over the windows.
    /// </summary>
    public sealed class OverspeedCheck : ISafetyCheck
    {
        /// <summary>Longest window of the count bound. Unit: ticks.</summary>
        public const int WindowTicks = 5;

        // f_o as a whole number of strokes per second, so that Q is exact (PenLimits.OverspeedHz is one)
        private const long LimitHz = (long)PenLimits.OverspeedHz;
        private const long MicrosPerSecond = 1000000;

        private readonly long[] _before = new long[WindowTicks];   // Q before each of the last ticks, a ring
        private int _next;
        private int _filled;
        private long _q;            // Q after the last tick
        private long _least;        // the least of the ring's values
        private int _leastAt = -1;  // where it is in the ring

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            long[] before = _before;
            long q = _q;
            int i = _next;
            before[i] = q;
            _next = i + 1 == WindowTicks ? 0 : i + 1;
            if (_filled < WindowTicks) _filled++;
            if (i == _leastAt) Least();                      // the least value left the ring: look again
            else if (_leastAt < 0 || q <= _least)
            {
                _least = q;
                _leastAt = i;
            }

            long edges = s.NewEdges;
            q += edges * MicrosPerSecond - LimitHz * s.PulseIntervalMicros;
            _q = q;
            // a tick without an edge adds time and no count: each window ending now proves less than the one a tick
            // shorter ending at the last tick, which was judged then
            if (edges != 0 && q - MicrosPerSecond > _least) flags.Raise(FaultCode.Overspeed);
        }

        private void Least()
        {
            long[] before = _before;
            int at = 0;
            for (int j = 1; j < _filled; j++)
            {
                if (before[j] < before[at]) at = j;
            }

            _least = before[at];
            _leastAt = at;
        }
    }
}
