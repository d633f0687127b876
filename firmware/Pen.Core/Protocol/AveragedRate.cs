using Pen.Core.Control;

namespace Pen.Core.Protocol
{
    /// <summary>
    /// The stroke rate over a stated window, for the bench (STATUS, Protocol/README.md), where one tick's estimate would
    /// show each tick's rounding. Every <see cref="BucketMicros"/> the tick notes where the cam is: the pulse counter's
    /// count C, the rate estimator's phase past it φ (a fraction of a stroke) and their sample time t; the window is the
    /// last <see cref="Buckets"/> such intervals (1 s, ending at most 100 ms ago):
    ///   mean     f̄  = ((C_n − C_0) + (φ_n − φ_0)) / (t_n − t_0)    (strokes to a fraction of one: steady)
    ///   counted  f_c = (C_n − C_0) / (t_n − t_0)                     (whole strokes only: ±1 stroke per window)
    /// A tick between notes does one comparison; a note stores three words and divides twice (bounded work, no
    /// allocation). Each result is one word, so the bench thread reads it whole.
    /// </summary>
    public sealed class AveragedRate
    {
        /// <summary>Intervals in the window.</summary>
        public const int Buckets = 10;
        /// <summary>One interval. Unit: µs.</summary>
        public const long BucketMicros = 100000;
        /// <summary>The stated window. Unit: ms.</summary>
        public const int WindowMillis = (int)(Buckets * BucketMicros / 1000);

        private readonly long[] _count = new long[Buckets + 1];     // ring of the last Buckets + 1 notes
        private readonly float[] _phase = new float[Buckets + 1];
        private readonly long[] _time = new long[Buckets + 1];
        private int _newest = -1;
        private int _notes;
        private long _nextNote;

        /// <summary>When the next note is due (the tick calls <see cref="Add"/> from then on). Unit: µs.</summary>
        public long NextNoteMicros => _nextNote;

        /// <summary>The rate over the window, counts and phase (0 until two notes). Unit: strokes/s.</summary>
        public float MeanHz { get; private set; }

        /// <summary>The counted rate over the window, whole strokes (0 until two notes). Unit: strokes/s.</summary>
        public float CountedHz { get; private set; }

        /// <summary>How much of the window the rates cover (less than <see cref="WindowMillis"/> just after boot). Unit: ms.</summary>
        public int CoveredMillis { get; private set; }

        /// <summary>
        /// One tick: once per interval notes the pulse count and its sample time (this tick's frame) and the estimator's
        /// phase past that count (when the estimator holds this very sample; otherwise none: the cam stands or the
        /// estimate restarts).
        /// </summary>
        public void Add(long nowMicros, SensorFrame frame, StrokeRateEstimator rate)
        {
            if (_newest >= 0 && nowMicros < _nextNote) return;
            long count = frame.PulseCount, sampleMicros = frame.PulseSampleMicros;
            float phaseStrokes = rate.Count == count && rate.SampleMicros == sampleMicros ? rate.PhaseStrokes : 0f;
            _nextNote = _newest < 0 || nowMicros - _nextNote >= BucketMicros ? nowMicros + BucketMicros : _nextNote + BucketMicros;
            _newest = (_newest + 1) % (Buckets + 1);
            _count[_newest] = count;
            _phase[_newest] = phaseStrokes;
            _time[_newest] = sampleMicros;
            if (_notes < Buckets + 1) _notes++;
            int oldest = (_newest + Buckets + 2 - _notes) % (Buckets + 1);
            long span = _time[_newest] - _time[oldest];
            if (span <= 0) return;
            long strokes = _count[_newest] - _count[oldest];
            CountedHz = strokes * 1e6f / span;
            MeanHz = (strokes + (_phase[_newest] - _phase[oldest])) * 1e6f / span;
            CoveredMillis = (int)((span + 500) / 1000);
        }
    }
}
