namespace Pen.Core.Protocol
{
    /// <summary>
    /// The stroke rate over a stated window, for the bench (STATUS, Protocol/README.md), where the per-tick estimate
    /// would show each tick's rounding: the window is the last <see cref="Buckets"/> whole buckets of
    /// <see cref="BucketMicros"/> (1 s, ending at most 100 ms ago), and two means are kept over it:
    ///   estimate  f̄ = Σ f_k·Δt_k / Σ Δt_k        (the rate estimate, weighted by tick length)
    ///   counted   f_c = (C_end − C_start) / (t_end − t_start)   (pulse-counter edges, one per stroke, and their latch times)
    /// Each tick adds to the open bucket; closing a bucket sums the window once (bounded work, no allocation). Each result
    /// is one word, so the bench thread reads it whole.
    /// </summary>
    public sealed class AveragedRate
    {
        /// <summary>Buckets in the window.</summary>
        public const int Buckets = 10;
        /// <summary>One bucket. Unit: µs.</summary>
        public const long BucketMicros = 100000;
        /// <summary>The stated window. Unit: ms.</summary>
        public const int WindowMillis = (int)(Buckets * BucketMicros / 1000);

        private readonly float[] _rateSeconds = new float[Buckets];   // Σ f·Δt per closed bucket. Unit: strokes
        private readonly float[] _seconds = new float[Buckets];       // Σ Δt per closed bucket. Unit: s
        private readonly long[] _count = new long[Buckets + 1];       // pulse count at each bucket's close
        private readonly long[] _countTime = new long[Buckets + 1];   // its latch time. Unit: µs
        private float _openRateSeconds, _openSeconds;
        private long _openEnd;
        private int _next;
        private int _closed;
        private int _countNewest;
        private bool _started;

        /// <summary>The estimate's mean over the window (0 until one bucket has closed). Unit: strokes/s.</summary>
        public float MeanHz { get; private set; }

        /// <summary>The counted rate over the window (0 until one bucket has closed). Unit: strokes/s.</summary>
        public float CountedHz { get; private set; }

        /// <summary>How much of the window the means cover (less than <see cref="WindowMillis"/> just after boot). Unit: ms.</summary>
        public int CoveredMillis { get; private set; }

        /// <summary>One tick: its length, the rate estimate over it, and the pulse counter's count and latch time.</summary>
        public void Add(long nowMicros, long tickMicros, float rateHz, long count, long countMicros)
        {
            if (!_started)
            {
                _started = true;
                _openEnd = nowMicros + BucketMicros;
                _count[0] = count;
                _countTime[0] = countMicros;
                return;
            }

            if (tickMicros > 0 && tickMicros < 10 * BucketMicros)
            {
                float dt = tickMicros * 1e-6f;
                _openRateSeconds += rateHz * dt;
                _openSeconds += dt;
            }

            if (nowMicros < _openEnd) return;
            Close(count, countMicros);
            _openEnd += BucketMicros;
            if (_openEnd <= nowMicros) _openEnd = nowMicros + BucketMicros; // a long gap: the grid starts again here
        }

        private void Close(long count, long countMicros)
        {
            _rateSeconds[_next] = _openRateSeconds;
            _seconds[_next] = _openSeconds;
            _openRateSeconds = 0f;
            _openSeconds = 0f;
            _next = (_next + 1) % Buckets;
            if (_closed < Buckets) _closed++;
            // the counts at the last Buckets + 1 closes, in a ring: the newest at _countNewest, the window's start _closed before it
            _countNewest = (_countNewest + 1) % (Buckets + 1);
            _count[_countNewest] = count;
            _countTime[_countNewest] = countMicros;
            int oldest = (_countNewest + Buckets + 1 - _closed) % (Buckets + 1);

            float sum = 0f, seconds = 0f;
            for (int i = 0; i < Buckets; i++)
            {
                sum += _rateSeconds[i];
                seconds += _seconds[i];
            }

            MeanHz = seconds > 0f ? sum / seconds : 0f;
            long span = _countTime[_countNewest] - _countTime[oldest];
            CountedHz = span > 0 ? (_count[_countNewest] - _count[oldest]) * 1e6f / span : 0f;
            CoveredMillis = (int)(seconds * 1000f + 0.5f);
        }
    }
}
