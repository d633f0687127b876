namespace Pen.Core.Control
{
    /// <summary>
    /// Estimates the stroke rate and the cam's phase from the pulse counter, read once per tick (count and
    /// latch time), with no per-edge code.
    ///
    /// The Hall switch gives one edge per stroke, so the count at time t_k says the cam phase φ (in strokes)
    /// lies in [C_k, C_k + 1). The estimator predicts its phase forward with its rate,
    ///   φ̂_k = φ̂_{k−1} + f̂·Δt,
    /// and only corrects when the prediction leaves that interval (a dead-zone phase detector):
    ///   e_k = C_k − φ̂_k          if φ̂_k &lt; C_k
    ///   e_k = C_k + 1 − φ̂_k      if φ̂_k ≥ C_k + 1
    ///   e_k = 0                  otherwise,
    /// then φ̂_k += e_k·(1 + margin) toward the interval's inside and f̂ += K_f·e_k / Δt_since_last_correction.
    /// Jitter in the tick times dithers the constraints, so the rate resolves far below one count per window.
    /// The phase is kept relative to the count (a float in [0, 1)) so its precision does not decay with time.
    /// </summary>
    public sealed class StrokeRateEstimator
    {
        // Gains [E], tuned on the simulated pen (report control).
        private const float FrequencyGain = 0.35f;    // K_f: share of the implied rate error taken per correction
        private const float PhaseMargin = 0.05f;      // how far inside the interval a corrected phase is put
        private const float MaxRateHz = 400f;         // above any physical rate of the pen
        private const long MaxGapMicros = 200000;     // a longer tick gap restarts the estimate

        private bool _started;
        private long _lastCount;
        private long _lastTimeMicros;
        private long _lastCorrectionMicros;
        private float _phaseInStroke;                 // φ̂ − C, strokes, in [0, 1)
        private float _rateHz;

        /// <summary>Estimated stroke rate. Unit: strokes/s, 0 to 400.</summary>
        public float RateHz => _rateHz;

        /// <summary>Estimated phase within the current stroke: 0 = the retracted point just passed, toward 1. Unit: strokes.</summary>
        public float PhaseInStroke => _phaseInStroke;

        /// <summary>Total strokes counted (the raw counter minus its value at start).</summary>
        public long Count => _lastCount;

        /// <summary>Forgets everything; the next reading starts over.</summary>
        public void Reset()
        {
            _started = false;
            _rateHz = 0f;
            _phaseInStroke = 0f;
        }

        /// <summary>Takes one pulse-counter reading (count, latch time in µs).</summary>
        public void Update(long count, long sampleTimeMicros)
        {
            if (!_started || sampleTimeMicros - _lastTimeMicros > MaxGapMicros || count < _lastCount)
            {
                _started = true;
                _lastCount = count;
                _lastTimeMicros = sampleTimeMicros;
                _lastCorrectionMicros = sampleTimeMicros;
                _phaseInStroke = 0.5f;
                return;
            }

            long dtMicros = sampleTimeMicros - _lastTimeMicros;
            if (dtMicros <= 0)
            {
                return;
            }

            float dt = dtMicros * 1e-6f;
            long newEdges = count - _lastCount;

            // predicted phase relative to the new count
            float phase = _phaseInStroke + _rateHz * dt - newEdges;
            float error = 0f;
            if (phase < 0f)
            {
                error = -phase;
                phase = PhaseMargin;
            }
            else if (phase >= 1f)
            {
                error = 1f - phase;
                phase = 1f - PhaseMargin;
            }

            if (error != 0f)
            {
                float sinceCorrection = (sampleTimeMicros - _lastCorrectionMicros) * 1e-6f;
                if (sinceCorrection < dt) sinceCorrection = dt;
                _rateHz += FrequencyGain * error / sinceCorrection;
                if (_rateHz < 0f) _rateHz = 0f;
                if (_rateHz > MaxRateHz) _rateHz = MaxRateHz;
                _lastCorrectionMicros = sampleTimeMicros;
            }

            _phaseInStroke = phase;
            _lastCount = count;
            _lastTimeMicros = sampleTimeMicros;
        }
    }
}
