namespace Pen.Firmware.Running
{
    /// <summary>
    /// When the next tick is due, on an absolute schedule: deadline(n+1) = deadline(n) + period, so sleep rounding
    /// and the 10 ms FreeRTOS granularity of Thread.Sleep (nanoframework.md §5) never accumulate into drift. A tick
    /// that ends more than one period late re-bases the schedule on now: missed ticks are skipped, never run in a
    /// burst. The core gets the measured time of every tick, so it sees the real period either way.
    /// Hardware-free, time passed in (tests/Pen.Device.Tests).
    /// </summary>
    public sealed class TickPacer
    {
        private readonly long _periodMicros;
        private long _deadlineMicros;
        private bool _started;

        /// <summary>Pacer for a period. Unit: µs, &gt; 0.</summary>
        public TickPacer(long periodMicros)
        {
            _periodMicros = periodMicros;
        }

        /// <summary>Ticks that ended more than one period late (schedule re-based). Unit: count.</summary>
        public int Overruns { get; private set; }

        /// <summary>
        /// Call once after each tick with the clock. Returns how long to sleep before the next tick. Unit: ms, ≥ 0
        /// (rounded up, so the tick never runs before its deadline).
        /// </summary>
        public int SleepMillisAfterTick(long tickStartMicros, long nowMicros)
        {
            if (!_started)
            {
                _deadlineMicros = tickStartMicros;
                _started = true;
            }

            _deadlineMicros += _periodMicros;
            if (nowMicros - _deadlineMicros >= _periodMicros)
            {
                Overruns++;
                _deadlineMicros = nowMicros;
                return 0;
            }

            long wait = _deadlineMicros - nowMicros;
            if (wait <= 0) return 0;
            return (int)((wait + 999) / 1000);
        }
    }
}
