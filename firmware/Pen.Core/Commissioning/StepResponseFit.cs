namespace Pen.Core.Commissioning
{
    /// <summary>
    /// The motor's answer to a step of its drive voltage, read on the averaged current input (an RC of τ, 10 ms), fitted
    /// for the two things it isolates: the jump of the current at the step, which is ΔU over the loop resistance (the
    /// rotor has not moved yet), and the mechanical time constant τ_m with which it decays. With the drive stepped at
    /// σ = 0 from a steady current i_a to a voltage whose steady current is i_b, a first-order motor gives
    ///   x(σ) = i_b + B·e^(−σ/τ_m),   B = i_a − i_b + ΔU/R_L
    /// and the RC input y' = (x − y)/τ, starting at y = i_a, reads
    ///   y(σ) = i_b + (i_a − i_b)·e^(−σ/τ) + B·g(σ),   g(σ) = τ_m/(τ_m − τ)·(e^(−σ/τ_m) − e^(−σ/τ))
    ///        g(σ) = (σ/τ)·e^(−σ/τ)·(e^x − 1)/x,  x = σ·(τ_m − τ)/(τ·τ_m)   (the form that holds at τ_m = τ too)
    /// The samples are taken at tick times s_k after the tick that wrote the step, and the write lands δ after that
    /// tick began (its computation): σ_k = s_k − δ. For each (τ_m, δ), B is the least-squares B = Σg·r/Σg² of the
    /// residues r_k = y_k − i_b − (i_a − i_b)·e^(−σ_k/τ); τ_m is searched on a log grid and then by golden section, δ by
    /// golden section inside each, for the least sum of squares. The search runs a few candidates per call (the pen is
    /// stopped by then), so no tick carries it all.
    /// </summary>
    public sealed class StepResponseFit
    {
        /// <summary>Samples the fit takes after a step: 8 ticks, about 8 τ_m.</summary>
        public const int Samples = 8;

        private const int GridPoints = 12;
        private const int GoldenSteps = 12;
        private const int DelaySteps = 14;
        private const float TauMinSeconds = 0.002f, TauMaxSeconds = 0.060f;
        private const float DelayMinSeconds = -0.002f, DelayMaxSeconds = 0.012f;
        private const float InverseGolden = 0.618034f;

        private readonly float[] _s = new float[Samples];
        private readonly float[] _y = new float[Samples];
        private readonly float[] _expRc = new float[Samples];
        private readonly float[] _expM = new float[Samples];
        private int _n;
        private float _rc, _ia, _ib;

        // the search
        private int _step;
        private readonly float[] _gridSse = new float[GridPoints];
        private float _lo, _hi, _x1, _x2, _f1, _f2;
        private float _bestTau, _bestDelay, _bestB, _bestSse;
        private float _evalDelay, _evalB;

        /// <summary>Samples held.</summary>
        public int Count => _n;

        /// <summary>The fit is complete.</summary>
        public bool Done => _step >= GridPoints + GoldenSteps + 2;

        /// <summary>Fitted mechanical time constant. Unit: s.</summary>
        public float TauSeconds => _bestTau;
        /// <summary>Fitted current jump above the final current, B. Unit: A.</summary>
        public float JumpAmps => _bestB;
        /// <summary>Fitted delay of the step after its tick began. Unit: s.</summary>
        public float DelaySeconds => _bestDelay;
        /// <summary>Root-mean-square residue of the fit. Unit: A.</summary>
        public float RmsAmps => _n > 0 ? (float)System.Math.Sqrt(_bestSse / _n) : 0f;

        /// <summary>Forgets the samples and the fit.</summary>
        public void Clear()
        {
            _n = 0;
            _step = 0;
        }

        /// <summary>One sample of the averaged input. <paramref name="sinceStepTickSeconds"/>: since the tick that wrote the step began. Units: s, A.</summary>
        public void Add(float sinceStepTickSeconds, float amps)
        {
            if (_n >= Samples) return;
            _s[_n] = sinceStepTickSeconds;
            _y[_n] = amps;
            _n++;
        }

        /// <summary>Sets what the fit knows besides the samples, and restarts the search.</summary>
        /// <param name="rcSeconds">τ of the averaged input. Unit: s.</param>
        /// <param name="beforeAmps">Steady current before the step, i_a. Unit: A.</param>
        /// <param name="afterAmps">Steady current after it, i_b. Unit: A.</param>
        public void Begin(float rcSeconds, float beforeAmps, float afterAmps)
        {
            _rc = rcSeconds;
            _ia = beforeAmps;
            _ib = afterAmps;
            _step = 0;
            _bestSse = float.MaxValue;
        }

        /// <summary>Runs up to <paramref name="candidates"/> values of τ_m (each with its search over δ). Returns <see cref="Done"/>.</summary>
        public bool Iterate(int candidates)
        {
            for (int i = 0; i < candidates && !Done; i++) StepOnce();
            return Done;
        }

        private void StepOnce()
        {
            if (_step < GridPoints)
            {
                // log grid of τ_m
                float tau = TauMinSeconds * (float)System.Math.Exp(_step * System.Math.Log(TauMaxSeconds / TauMinSeconds) / (GridPoints - 1));
                _gridSse[_step] = Evaluate(tau);
                Keep(tau, _gridSse[_step]);
            }
            else if (_step == GridPoints)
            {
                // golden section on log τ_m between the grid's neighbours of its best point
                int best = 0;
                for (int k = 1; k < GridPoints; k++) if (_gridSse[k] < _gridSse[best]) best = k;
                float step = (float)System.Math.Log(TauMaxSeconds / TauMinSeconds) / (GridPoints - 1);
                float center = (float)System.Math.Log(TauMinSeconds) + best * step;
                _lo = center - step;
                _hi = center + step;
                _x1 = _hi - InverseGolden * (_hi - _lo);
                _x2 = _lo + InverseGolden * (_hi - _lo);
                _f1 = Evaluate((float)System.Math.Exp(_x1));
                Keep((float)System.Math.Exp(_x1), _f1);
            }
            else if (_step == GridPoints + 1)
            {
                _f2 = Evaluate((float)System.Math.Exp(_x2));
                Keep((float)System.Math.Exp(_x2), _f2);
            }
            else
            {
                if (_f1 < _f2)
                {
                    _hi = _x2;
                    _x2 = _x1;
                    _f2 = _f1;
                    _x1 = _hi - InverseGolden * (_hi - _lo);
                    _f1 = Evaluate((float)System.Math.Exp(_x1));
                    Keep((float)System.Math.Exp(_x1), _f1);
                }
                else
                {
                    _lo = _x1;
                    _x1 = _x2;
                    _f1 = _f2;
                    _x2 = _lo + InverseGolden * (_hi - _lo);
                    _f2 = Evaluate((float)System.Math.Exp(_x2));
                    Keep((float)System.Math.Exp(_x2), _f2);
                }
            }

            _step++;
        }

        private void Keep(float tau, float sse)
        {
            if (sse >= _bestSse) return;
            _bestSse = sse;
            _bestTau = tau;
            _bestDelay = _evalDelay;
            _bestB = _evalB;
        }

        /// <summary>Least sum of squares over δ (golden section) at one τ_m; leaves that δ and its B in _evalDelay, _evalB.</summary>
        private float Evaluate(float tauM)
        {
            // e^(−σ/τ) = e^(−s/τ)·e^(δ/τ), and the same for τ_m: one exponential per sample here, two per δ below
            for (int k = 0; k < _n; k++)
            {
                _expRc[k] = (float)System.Math.Exp(-_s[k] / _rc);
                _expM[k] = (float)System.Math.Exp(-_s[k] / tauM);
            }

            float lo = DelayMinSeconds, hi = DelayMaxSeconds;
            float d1 = hi - InverseGolden * (hi - lo), d2 = lo + InverseGolden * (hi - lo);
            float b1, b2;
            float f1 = Sse(tauM, d1, out b1), f2 = Sse(tauM, d2, out b2);
            for (int i = 0; i < DelaySteps; i++)
            {
                if (f1 < f2)
                {
                    hi = d2;
                    d2 = d1;
                    f2 = f1;
                    b2 = b1;
                    d1 = hi - InverseGolden * (hi - lo);
                    f1 = Sse(tauM, d1, out b1);
                }
                else
                {
                    lo = d1;
                    d1 = d2;
                    f1 = f2;
                    b1 = b2;
                    d2 = lo + InverseGolden * (hi - lo);
                    f2 = Sse(tauM, d2, out b2);
                }
            }

            if (f1 < f2)
            {
                _evalDelay = d1;
                _evalB = b1;
                return f1;
            }

            _evalDelay = d2;
            _evalB = b2;
            return f2;
        }

        /// <summary>
        /// Sum of squared residues at (τ_m, δ) with B at its least-squares value, in one pass:
        ///   SSE = Σ(y − i_a)² [σ ≤ 0] + Σr² − (Σg·r)²/Σg² [σ &gt; 0]
        /// </summary>
        private float Sse(float tauM, float delay, out float b)
        {
            float shiftRc = (float)System.Math.Exp(delay / _rc), shiftM = (float)System.Math.Exp(delay / tauM);
            float near = (tauM - _rc) / (_rc * tauM);                 // x / σ
            bool close = near * DelayMaxSeconds * 10f < 1e-2f && near * DelayMaxSeconds * 10f > -1e-2f;
            float scale = close ? 0f : tauM / (tauM - _rc);
            float sgr = 0f, sgg = 0f, srr = 0f, before = 0f;
            for (int k = 0; k < _n; k++)
            {
                float sigma = _s[k] - delay;
                if (sigma <= 0f)
                {
                    float e0 = _y[k] - _ia;
                    before += e0 * e0;
                    continue;
                }

                float eRc = _expRc[k] * shiftRc;
                // g(σ) = τ_m/(τ_m − τ)·(e^(−σ/τ_m) − e^(−σ/τ)); near τ_m = τ its series (σ/τ)·e^(−σ/τ)·(1 + x/2 + x²/6)
                float g;
                if (close)
                {
                    float x = sigma * near;
                    g = sigma / _rc * eRc * (1f + 0.5f * x + x * x / 6f);
                }
                else
                {
                    g = scale * (_expM[k] * shiftM - eRc);
                }

                float r = _y[k] - _ib - (_ia - _ib) * eRc;
                sgr += g * r;
                sgg += g * g;
                srr += r * r;
            }

            b = sgg > 0f ? sgr / sgg : 0f;
            return before + srr - (sgg > 0f ? sgr * sgr / sgg : 0f);
        }
    }
}
