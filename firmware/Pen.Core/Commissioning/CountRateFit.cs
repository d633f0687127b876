namespace Pen.Core.Commissioning
{
    /// <summary>
    /// A steady stroke rate from the pulse counter alone: the least-squares line through the counts C_k and the times t_k
    /// they were latched, over a window of steady running. Each count is floor(φ_0 + f·t_k), the phase's fractional part
    /// lost; read at times not locked to the strokes, that loss is uniform noise of 1/√12 stroke, so over N reads spread
    /// over T the slope f has a standard error of about √(12/N)/(√12·T) = 1/(T·√N): 0.1 strokes/s over 1 s of 10 ms
    /// reads. No motor constant enters.
    ///   f = (N·Σtc − Σt·Σc) / (N·Σt² − (Σt)²),   t and c relative to the first read (float precision)
    /// </summary>
    public sealed class CountRateFit
    {
        private long _t0, _c0;
        private int _n;
        private float _st, _sc, _stt, _stc;

        /// <summary>Reads added.</summary>
        public int Reads => _n;

        /// <summary>Strokes counted between the first read and the last.</summary>
        public long Strokes { get; private set; }

        /// <summary>Starts a new window.</summary>
        public void Reset()
        {
            _n = 0;
            _st = _sc = _stt = _stc = 0f;
            Strokes = 0;
        }

        /// <summary>One read of the counter: the count and when it was latched. Unit: µs since boot.</summary>
        public void Add(long count, long sampleMicros)
        {
            if (_n == 0)
            {
                _t0 = sampleMicros;
                _c0 = count;
            }

            float t = (sampleMicros - _t0) * 1e-6f;
            float c = count - _c0;
            _n++;
            _st += t;
            _sc += c;
            _stt += t * t;
            _stc += t * c;
            Strokes = count - _c0;
        }

        /// <summary>The fitted rate; 0 with fewer than three reads or no time between them. Unit: strokes/s.</summary>
        public float RateHz
        {
            get
            {
                if (_n < 3) return 0f;
                float den = _n * _stt - _st * _st;
                return den > 0f ? (_n * _stc - _st * _sc) / den : 0f;
            }
        }
    }
}
