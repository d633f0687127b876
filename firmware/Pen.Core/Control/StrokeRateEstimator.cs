using Pen.Core.Board;
using Pen.Core.Limits;

namespace Pen.Core.Control
{
    /// <summary>
    /// Estimates the stroke rate and the cam's phase by fusing two sensors, both read once per tick:
    /// - the pulse counter (count C_k latched at t_k; one Hall edge per stroke): exact over the long run, but one
    ///   stroke is a coarse step (1 % of 100 strokes in a second);
    /// - the back-EMF speed f_e = (D·V − I·R) / (2π·k_e) from duty, supply and motor current: no lag, but off by a
    ///   few percent per unit (ADC offsets, winding temperature) and rippled by each stroke's load.
    ///
    /// Rate: f̂_k = f_e,k + b_k, where the bias b is learnt from the counts. Phase: the set of phases consistent with
    /// every count so far, kept as an interval [lo, hi] relative to the current count:
    ///   predict   lo += f̄·Δt − u,  hi += f̄·Δt + u,  both −= new edges   (f̄ = the rate over the interval,
    ///             u = uncertainty growth of a rate known to ±(1 % + σ_f), σ_f the back-EMF speed's noise)
    ///   f̄: with the rotor steady, this tick's f_e + b, itself the mean speed over the tick; while the setpoint
    ///      ramps (soft start), the mean of the last two estimates
    ///   measure   [lo, hi] ∩ [0, 1)   (the count says the phase is past C_k and short of C_k + 1)
    ///   learn     ν = mid(after) − mid(before);   b += G·ν   (G in Hz per stroke of innovation: the bias loop's
    ///             time constant is 1/G, see the constants)
    /// A wrong bias drifts the predicted interval against the count's interval; the innovation pulls it back, so
    /// the mean rate converges on the counted one and the estimate keeps the back-EMF's bandwidth. Without a usable
    /// back-EMF (duty too low, motor off) the rate itself is corrected from the innovation.
    /// Float arithmetic, no allocation; the phase is relative to the count so its precision does not decay.
    /// </summary>
    public sealed class StrokeRateEstimator
    {
        // The bias loop, G. A bias error δ drifts the predicted phase against the count by δ strokes per second; once the
        // count pins an edge of the interval, each tick returns that drift as innovation (ν ≈ −δ·Δt), so
        //   dδ/dt = −G·δ,   τ_b = 1/G                  (a first-order loop, its time constant in seconds at every rate;
        //                                               StrokeRateEstimatorTests measures it at 50-150 strokes/s)
        // Design rule: τ_b = 2/3 s, G = 1.5 per second. Long against one stroke's load: a tick's back-EMF is 5-10 % off
        // with the part of the stroke it covers (half a stroke at 50/s), which shifts the phase as a bias error would by
        // ε ≤ 0.05 stroke and moves the estimate by G·ε ≤ 0.075 Hz, 0.15 % of the lowest rate (τ_b spans 33 strokes at
        // 50/s, 100 at 150/s). Short against the mean-rate windows: a bias error falls to e^(−1/τ_b) = 22 % of itself
        // within the 1 s window and to e^(−7.5) (nothing) within the 5 s one. Nothing in it depends on the motor: the
        // phase and the count are in strokes.
        private const float BiasGainHzPerStroke = 1.5f;      // G, Hz per stroke of innovation (1/τ_b, 1/s)
        // Without a usable back-EMF (the duty too low, the motor off) the rate itself is corrected by K_c·ν/Δt, the share
        // K_c of the rate that would close the innovation within one tick. Design rule: K_c = ½, a phase loop whose
        // error halves each tick (a pole at 1 − K_c = 0.5 per tick: no overshoot, within 10 % in 4 ticks); K_c = 1
        // (deadbeat) would pass the count's whole quantisation, up to a stroke per tick, into the rate.
        private const float CountOnlyShare = 0.5f;            // K_c, dimensionless
        // The interval's growth per tick, (u_rel·f̄ + u_abs)·Δt: what the rate's error can move the phase in a tick, so
        // the truth stays inside it. u_rel = 1 %: the back-EMF's model error the bias has not yet learnt (the winding's
        // resistance moves 0.39 %/K, a few kelvin within τ_b at the I·R share of the drive voltage). u_abs: the back-EMF
        // speed's noise, one standard deviation, from the sensors' stated noise and the motor model in use
        // (<see cref="BackEmfNoiseHz"/>, set by <see cref="SetBackEmfNoise"/> when the model changes). [D]
        private const float UncertaintyFraction = 0.01f;      // u_rel
        // the ADC's noise per conversion, referred to the pin (plant.md §6.1: 2 LSB rms [E]); the simulated pen draws the
        // same figure from the same source
        private const float AdcNoiseLsbRms = 2f;
        // Bounds, not gains: the bias is a few percent of the rate (ADC offsets, the winding's temperature), so ±30 Hz
        // (20 % of 150/s) is beyond any real one; 400 strokes/s is above the motor's no-load speed at the highest plausible
        // supply (plant.md §2.1: 14,850 rpm = 248/s at 4.2 V); a gap of 200 ms (four 50 ms pauses) without an update
        // leaves nothing of the phase worth keeping. [D]
        private const float MaxBiasHz = 30f;
        private const float MaxRateHz = 400f;
        private const long MaxGapMicros = 200000;              // a longer gap restarts the estimate

        private bool _started;
        private long _lastCount;
        private long _lastTimeMicros;
        private float _lo, _hi;                                // feasible phase interval, strokes past the count
        private float _bias;
        private float _rateHz;
        // u_abs, Hz: BackEmfNoiseHz of the motor model in use (StrokeDrive sets it); until set, 0.3 Hz, between the two
        // reference motors' figures (0.26 and 0.37 Hz)
        private float _uncertaintyHz = 0.3f;

        /// <summary>Estimated stroke rate. Unit: strokes/s, 0 to 400.</summary>
        public float RateHz => _rateHz;
        /// <summary>Total strokes counted.</summary>
        public long Count => _lastCount;
        /// <summary>Where the cam is past the last counted stroke, the middle of the phase interval (bench: the rate over a window to a fraction of a stroke). Unit: strokes, 0 to 1.</summary>
        public float PhaseStrokes => (_lo + _hi) * 0.5f;
        /// <summary>When <see cref="Count"/> and <see cref="PhaseStrokes"/> hold (the last update's sample time). Unit: µs.</summary>
        public long SampleMicros => _lastTimeMicros;
        /// <summary>The cam's phase past the last Hall edge (0 = the retracted point, 0.5 = the bottom of the stroke): the middle of the interval the counts allow, or −1 when that interval is wider than half a stroke (not known). Unit: strokes, 0 to 1.</summary>
        public float Phase => _started && _hi - _lo <= 0.5f ? 0.5f * (_lo + _hi) : -1f;

        /// <summary>The interval's absolute growth u_abs, the back-EMF speed's noise. Unit: strokes/s.</summary>
        public float UncertaintyHz => _uncertaintyHz;

        /// <summary>Sets u_abs (<see cref="BackEmfNoiseHz"/> of the motor model in use). Unit: strokes/s, &gt; 0.</summary>
        public void SetBackEmfNoise(float hz)
        {
            if (hz > 0f) _uncertaintyHz = hz;
        }

        /// <summary>
        /// The back-EMF speed's noise, one standard deviation, at the duty that holds the middle of the treatment range on
        /// the board's nominal supply. f_e = (D·V − I·R_L)/(2π·k_e) with I = S/D, so
        ///   σ_f = √((σ_S·R_L/D)² + (D·σ_V)²) / (2π·k_e)
        ///   σ_S = (n·q/√N)·√((τ/T + ½)² + (τ/T − ½)²) / (G·R_s)   the tick's mean shunt current: N conversions of the
        ///         averaged input (n LSB rms each, q mV per code), the RC undone as τ·(y_k − y_{k−1})/T + (y_k + y_{k−1})/2
        ///         (StrokeDrive), through the amplifier G on the shunt R_s
        ///   σ_V = n·q·(R_top + R_bottom)/R_bottom                  one conversion of the supply through its divider
        ///   D   = (2π·k_e·f_mid + R_L·i_f(f_mid))/V_nom             f_mid = 100 strokes/s, the no-load current
        /// The noise grows as 1/D below that duty (about twice at 50 strokes/s), where the interval's u_rel·f̄ is smallest
        /// too; computed once per model, not per tick. Not in it: the tick-mean current's reconstruction error, which on
        /// heavy cartridges makes a tick's back-EMF err by more (Control/README.md). RP-1's datasheet motor: σ_S 1.27 mA, D 0.47, σ_f 0.26 Hz; RP-2's:
        /// 0.52, 0.37 Hz. Unit: strokes/s.
        /// </summary>
        /// <param name="keVoltSecondsPerRad">Back-EMF constant. Unit: V·s/rad.</param>
        /// <param name="loopOhms">Loop resistance (motor, bridge, shunt). Unit: Ω.</param>
        /// <param name="frictionAmps">Friction current at the middle of the treatment range. Unit: A.</param>
        /// <param name="nominalSupplyVolts">The board's nominal supply. Unit: V.</param>
        /// <param name="supplyVoltsPerPinMillivolt">The supply divider's scale (SensingScale.SupplyVolts(1 mV)). Unit: V per mV.</param>
        public static float BackEmfNoiseHz(float keVoltSecondsPerRad, float loopOhms, float frictionAmps, float nominalSupplyVolts, float supplyVoltsPerPinMillivolt)
        {
            float conversionMillivolts = AdcNoiseLsbRms * AdcLine.NominalMillivoltsPerCode;
            float rcOverTick = BoardConstants.CurrentAveragedFilterMicros / BoardConstants.TickPeriodMicros;
            float inversion = (float)System.Math.Sqrt((rcOverTick + 0.5f) * (rcOverTick + 0.5f) + (rcOverTick - 0.5f) * (rcOverTick - 0.5f));
            float shuntAmps = conversionMillivolts / (float)System.Math.Sqrt(SensorFrame.CurrentAveragedConversions) * inversion
                              / 1000f / (BoardConstants.CurrentShuntOhms * BoardConstants.CurrentAmplifierGain);
            float supplyVolts = conversionMillivolts * supplyVoltsPerPinMillivolt;
            float voltsPerHz = 6.2831853f * keVoltSecondsPerRad;
            float midHz = 0.5f * (PenLimits.MinStrokeRateHz + PenLimits.MaxStrokeRateHz);
            float duty = (voltsPerHz * midHz + loopOhms * frictionAmps) / nominalSupplyVolts;
            if (duty > 1f) duty = 1f;
            float currentTerm = shuntAmps * loopOhms / duty;
            float supplyTerm = duty * supplyVolts;
            return (float)System.Math.Sqrt(currentTerm * currentTerm + supplyTerm * supplyTerm) / voltsPerHz;
        }

        /// <summary>Forgets the phase and the rate (keeps the learnt bias, a property of this pen).</summary>
        public void Reset()
        {
            _started = false;
            _rateHz = 0f;
        }

        /// <summary>Forgets the back-EMF's learnt bias (after a motion whose current was not the running motor's: the
        /// cartridge's climb stands the cam under current, which the back-EMF speed does not describe).</summary>
        public void ForgetBias()
        {
            _bias = 0f;
        }

        /// <summary>
        /// One tick: the pulse-counter reading and the back-EMF speed (with <paramref name="backEmfValid"/> false
        /// when the duty is too low to compute it). <paramref name="rotorSteady"/>: the setpoint is not ramping, so
        /// the rotor is not accelerating by design.
        /// </summary>
        public void Update(long count, long sampleTimeMicros, float backEmfHz, bool backEmfValid, bool rotorSteady)
        {
            if (!_started || sampleTimeMicros - _lastTimeMicros > MaxGapMicros || count < _lastCount)
            {
                _started = true;
                _lastCount = count;
                _lastTimeMicros = sampleTimeMicros;
                _lo = 0f;
                _hi = 1f;
                _rateHz = backEmfValid ? Clamp(backEmfHz + _bias, 0f, MaxRateHz) : 0f;
                return;
            }

            long dtMicros = sampleTimeMicros - _lastTimeMicros;
            if (dtMicros <= 0) return;
            float dt = dtMicros * 1e-6f;
            long newEdges = count - _lastCount;

            // the clamps of the running tick written out (a call each cost as much as the comparison, tools/Pen.TickBudget)
            float predicted = _rateHz;
            if (backEmfValid)
            {
                predicted = backEmfHz + _bias;
                if (predicted < 0f) predicted = 0f;
                else if (predicted > MaxRateHz) predicted = MaxRateHz;
            }

            // the back-EMF speed is the mean shaft speed over the tick (StrokeDrive), so in steady running the phase
            // advances by it. Advanced by the mean of this estimate and the last, the phase would take half of the last
            // tick's estimate into this tick: at 50 strokes/s, where a tick's mean moves with the part of the stroke it
            // covers and with the tick's length, that correlation leaves the estimate's time-mean off the count by a few
            // tenths of a percent (StrokeRateEstimatorTests). While the setpoint ramps the phase advances by the mean of
            // the two, which the start from rest settles better with.
            float mean = backEmfValid && rotorSteady ? predicted : 0.5f * (_rateHz + predicted);
            float advance = mean * dt - newEdges;
            float spread = (UncertaintyFraction * mean + _uncertaintyHz) * dt;
            float lo = _lo + advance - spread;
            float hi = _hi + advance + spread;
            float midBefore = 0.5f * (lo + hi);

            // intersect with what the count says: [0, 1)
            float width = hi - lo;
            if (width > 1f) width = 1f;
            if (hi <= 0f)
            {
                lo = 0f;
                hi = width;
            }
            else if (lo >= 1f)
            {
                hi = 1f;
                lo = 1f - width;
            }
            else
            {
                if (lo < 0f) lo = 0f;
                if (hi > 1f) hi = 1f;
            }

            float innovation = 0.5f * (lo + hi) - midBefore;
            if (backEmfValid)
            {
                float bias = _bias + BiasGainHzPerStroke * innovation;
                if (bias < -MaxBiasHz) bias = -MaxBiasHz;
                else if (bias > MaxBiasHz) bias = MaxBiasHz;
                _bias = bias;
                predicted = backEmfHz + bias;
                if (predicted < 0f) predicted = 0f;
                else if (predicted > MaxRateHz) predicted = MaxRateHz;
            }
            else
            {
                predicted = Clamp(predicted + CountOnlyShare * innovation / dt, 0f, MaxRateHz);
                if (newEdges == 0 && predicted * dt > 1f) predicted = 1f / dt; // no edge for a whole tick: slower than that
            }

            _lo = lo;
            _hi = hi;
            _rateHz = predicted;
            _lastCount = count;
            _lastTimeMicros = sampleTimeMicros;
        }

        private static float Clamp(float v, float lo, float hi)
        {
            if (v < lo) return lo;
            if (v > hi) return hi;
            return v;
        }
    }
}
