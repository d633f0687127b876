using Pen.Core.Limits;

namespace Pen.Core.Control
{
    /// <summary>
    /// Holds the stroke rate: supply-voltage feed-forward plus a PI on the rate error, a duty ceiling from the
    /// measured supply, anti-windup and a duty slew limit. Float arithmetic, no allocation.
    ///
    ///   ω* = 2π·f*                                  (one stroke per revolution)
    ///   D_ff = (k_e·ω* + R·I) / V_bus               (motor at speed ω* drawing I, plant.md §7 item 3)
    ///   I: the stroke-mean load current through a one-pole filter of 40 ms + 3 strokes (+ 200 ms once 150 ms pass with no
    ///      step, from 75/s), stepping at once to a stroke mean past its thresholds (contact, lift-off); a fall
    ///      judged on I_s − 0.3·J·dω/dt / k_t (the stroke mean less a share of the rotor's acceleration current)
    ///   D = D_ff + K_p·(f* − f̂) + Σ K_i·(f* − f̂ − f_L)·Δt    (K_p = G·2π·k_e/V, K_i = K_p/(N·τ_m): see the gains
    ///       below; K_x = G·2π·k_e/V_nom more for f̂ > f* in the quiet and at a lift-off's step)
    ///   f_L = R·(I_s − I)/(2π·k_e·(1 + G))          (the deficit under the P of the load the filter has not yet taken in)
    ///   D_max = k_e·ω_rated / V_bus + 0.02          (keeps the motor under its rated speed, plant.md §7 item 2)
    ///   |D_k − D_{k−1}| ≤ S·min(Δt, 13 ms)          (slew limit; a paused tick steps no further than an ordinary one)
    /// The integral is clamped so that D stays within [0, D_max] (anti-windup), and a load step takes it back to where
    /// it was the last tick the rate was on the setpoint's side (what it gained over a contact's dip or a lift-off's
    /// overshoot is the load the step now puts in D_ff); the integral takes no error that a load the filter is still
    /// following explains.
    /// </summary>
    public sealed class SpeedController
    {
        // Gains from the motor model in use and the measured supply, by a stated rule:
        //   K = V/(2π·k_e)            the plant's steady gain, strokes/s per unit duty (feed-forward's inverse)
        //   K_p = G/K = G·2π·k_e/V     the P's loop gain G at every motor and supply. G < 1: the P's loop
        //                              G/(1 + s·τ_m)·e^(−s·τ_d) stays below unity at every frequency, so no delay τ_d
        //                              (the tick, the one-stroke rate mean) makes it unstable; gain margin 1/G = 2.3
        //                              (7 dB). It moves the mechanical pole from 1/τ_m to (1 + G)/τ_m
        //   K_i = K_p/(N·τ_m)         the integral's zero N = 13 times below the mechanical pole (τ_m = J·R_L/k²): at
        //                              the pole the PI lags the P by atan(1/N) = 4.4°, so it takes out the
        //                              feed-forward's residual without eating the P's margin, and follows no stroke's
        //                              own load
        // (what the matrix measured for other G and N: docs/control-history.md)
        private const float ProportionalLoopGain = 0.44f;
        private const float IntegralZeroBelowPole = 13f;
        private const float SlewDutyPerSecond = 6f;
        // The slew limit allows at most what the longest ordinary tick (10 ms + 3 ms jitter) allows, however long the
        // tick was (PenLimits.LongestOrdinaryTickSeconds, which the soft start's ramp takes too): the motor's current
        // follows the duty at once, and a larger step after a paused tick can reverse the current to the current sense's
        // bottom rail, which the current-sense check reads as a broken channel. 0.078 duty per tick stays clear of it.
        private const float CeilingMargin = 0.02f;   // duty above the rated speed's: the feed-forward's model error [E]
        private const float MaxDt = 0.06f;           // s: the longest tick, a 50 ms pause and 3 ms of jitter, rounded up [D]

        private float _ke;
        private float _ohms;
        private float _noLoadAmps;
        private float _voltsPerHz;                   // 2π·k_e, V per stroke/s
        private float _ratedVolts;                   // k_e·ω_rated, V
        private float _proportionalDutyVoltsPerHz;   // G·2π·k_e
        private float _integralPerProportional;      // 1/(N·τ_m), 1/s
        private float _integralDutyVoltsPerHzSecond; // G·2π·k_e/(N·τ_m)
        private float _pendingHzPerAmp;              // R/(2π·k_e·(1 + G))
        private readonly float _nominalSupplyVolts;  // V_nom
        private float _quietOverspeedExtraDutyPerHz; // K_x = G·2π·k_e/V_nom
        // Current used by the I·R term: the stroke-mean current through a one-pole filter of 40 ms + 3 stroke periods
        // (each stroke's own load is noise to it). The stroke mean, not the averaged input's tick sample: the 10 ms RC
        // passes about a third of a 50 strokes/s stroke's load pulse, which a tick samples at whatever part of the stroke
        // it falls on, while the stroke mean has none of it and no RC lag. When the stroke-mean current (no RC lag), led
        // by 3 ms (I + τ·dI/dt: the rotor's inertia delays the current's answer to a load change), is more than 2.75
        // spreads + 12.5 mA above it (contact), or the stroke mean less a share of the acceleration's current
        // (FallAccelerationShare) more than 2.5 of its own spreads + 12.5 mA below it (lift-off), it steps to that
        // current at once. The spread is the mean |stroke mean − filtered| over 0.3 s: a stroke's load ripple, large at
        // 50 strokes/s, small at 150, so the threshold adapts and noise rarely trips it. A fall is followed from fewer
        // spreads because a lift-off must be answered within about two ticks (the report's "act by") and a contact has
        // more time. A step the next tick does not confirm (its lead back within 2.75 spreads + 12.5 mA of where the
        // filter was) is undone: a tick that fell on one part of a stroke's load pulse, or one stroke's own load, looks
        // like a step for one tick. [E] (measured: docs/control-history.md)
        private const float CurrentFilterSeconds = 0.04f;
        private const float CurrentFilterStrokes = 3f;
        private const float FastTrackLeadSeconds = 0.003f;
        private const float FastTrackRiseSpreads = 2.75f;
        private const float FastTrackFallSpreads = 2.5f;
        private const float FastTrackAmps = 0.0125f;
        // How far a fall steps: share = 0.3 + 2·(deviation / threshold − 1), at most 1 (all of it from 1.35 thresholds
        // up); a rise steps all the way. A fall just past its threshold is as often one tick's noise as a load change
        // (a tick on one part of a stroke's load pulse, ADC noise through the RC reconstruction), and one tick of lower
        // duty makes that stroke 2–3 % slow even when undone. A rise is a contact, whose dip is the target that costs
        // skin, so it is not delayed. [E] (measured: docs/control-history.md)
        private const float FallStepShareAtThreshold = 0.3f;
        private const float FallStepSharePerThreshold = 2f;
        private const float SpreadSeconds = 0.3f;
        // From 75 strokes/s, once no step has been taken for 150 ms (a contact or lift-off is followed by then), the
        // filter above is slowed by 200 ms: on skin with no change, what the current still does is each stroke's own
        // load (±20 %), which no controller can know before the stroke, and followed at 40 ms + 3 strokes it moves the
        // duty against strokes already past. A change past the thresholds still steps at once, and the filter is fast
        // again for 150 ms after it. Not at 50/s: there a contact's current grows within the large ripple of 20 ms
        // strokes for longer before it trips a step, and the slower filter lets the contact dip deepen. [E] (measured:
        // docs/control-history.md)
        private const float QuietAfterSeconds = 0.15f;
        private const float QuietFilterSeconds = 0.2f;
        private const float QuietFromHz = 75f;
        // In the same quiet, a rate above the setpoint is answered with more P, K_p + K_x; below it with K_p:
        //   K_x = G·2π·k_e/V_nom       the P's loop gain at the board's nominal supply V_nom (the cell's 3.7 V, the bus's
        //                              7.4 V): at a supply V the extra's loop gain is K_x·V/(2π·k_e) = G·V/V_nom, so the
        //                              quiet overspeed's G·(1 + V/V_nom) stays below unity (stable at any delay, as G
        //                              alone) up to V = V_nom·(1 − G)/G = 1.27·V_nom, the top of the plausible supply.
        //                              0.0020 duty per stroke/s on RP-1's datasheet motor
        // A quiet overspeed is how a lift-off begins: the whole skin load's current is suddenly surplus torque, and
        // the overshoot must be met within about two ticks (the report's "act by": 22 ms at 42 needles, 100/s),
        // while the fall step is graded and thresholded against noise and comes a tick later. The extra's loop gain
        // rises with the supply because that step comes later there: the same rate needs less duty, the motor current
        // S/D reads the shunt's noise 1/D times, and the step's threshold (in spreads of it) grows with it, so the P
        // holds more of the lift-off alone. A quiet underspeed is a contact or a heavier stroke, which the rise step
        // answers all the way at once and which has more time (act by 64 ms). The tick a fall steps all the way (a
        // lift-off, not noise) ends the quiet, yet it is the tick at which the lift-off's overshoot is being made: that
        // tick keeps the extra P. [D] (measured: docs/control-history.md)
        // A fall of the load is judged, and stepped to, on the stroke-mean current less this share of the current the
        // rotor's acceleration took over the stroke (J·dω/dt / k_t, StrokeDrive). At a lift-off the rotor speeds up,
        // and the current that speeds it up is not load: in the stroke mean it hides part of the load's fall, so the
        // step comes late and goes short of the new load (42 needles, 100/s: a rate 5 % up over the 20 ms the load
        // takes to go is J·2π·250 Hz/s / k_t = 40 mA, against a skin load of about 120 mA). Only a share, because
        // dω/dt comes from the difference of two rate estimates a stroke apart, and 1 Hz of error in either is worth
        // 16 mA at 100/s. A rise (contact) is still judged on the stroke mean. From 75 strokes/s only; below, a fall is
        // judged as a rise is, on the led stroke mean (at 50/s no controller on this pen meets a 42-needle lift-off).
        // [E] (measured: docs/control-history.md)
        private const float FallAccelerationShare = 0.3f;
        private const float InitialSpreadAmps = 0.02f;     // until learnt: a 50 strokes/s ripple, so the start does not trip it
        private float _filteredAmps;
        private float _lastStrokeAmps;
        private float _beforeStepAmps;     // the filter before last tick's step, while that step awaits confirmation
        private bool _stepUnconfirmed;
        private float _sinceStepSeconds;   // since the last step (or the ramp), for the quiet filter
        private float _spreadAmps = InitialSpreadAmps;
        private float _fallSpreadAmps = InitialSpreadAmps;   // the same, of the current a fall is judged on
        private float _integral;
        // Where the integral was the last tick the rate was at or above the setpoint (no deficit) and at or below it
        // (no surplus). A load step takes the integral back to the one on its side: a contact's dip, or a
        // lift-off's overshoot, builds the integral up for as long as the step takes to trip, and the step then puts
        // the same load into the feed-forward's I·R term; counted twice it holds the rate off for the time the integral
        // takes to unwind. Then both marks are where the step left it, so a later step (the fall that often follows a
        // contact's step) cannot bring the gain back.
        private float _integralNoDeficit;
        private float _integralNoSurplus;
        private float _duty;
        private float _ceiling;
        // what depends on the setpoint alone, worked out when it changes (SetpointTerms): the ramp moves it, steady
        // running holds it for seconds
        private float _termsForHz = float.NaN;
        private float _setpointVolts;       // 2π·k_e·f*, V
        private float _filterSeconds;       // the current filter's 40 ms + 3 strokes
        private bool _fromQuietRate;        // f* ≥ QuietFromHz

        /// <param name="backEmfVoltSecondsPerRad">Motor k_e. Unit: V·s/rad.</param>
        /// <param name="loopOhms">Motor plus bridge and shunt resistance. Unit: Ω.</param>
        /// <param name="noLoadAmps">Motor friction current. Unit: A.</param>
        /// <param name="inertiaKgM2">Rotor and cam inertia. Unit: kg·m².</param>
        /// <param name="nominalSupplyVolts">The board's nominal supply (BoardVariant.NominalSupplyVolts). Unit: V.</param>
        public SpeedController(float backEmfVoltSecondsPerRad, float loopOhms, float noLoadAmps, float inertiaKgM2, float nominalSupplyVolts)
        {
            _nominalSupplyVolts = nominalSupplyVolts < 1f ? 1f : nominalSupplyVolts;
            SetMotor(backEmfVoltSecondsPerRad, loopOhms, noLoadAmps, inertiaKgM2);
        }

        /// <summary>Takes the motor the feed-forward is made from (this unit's identified one, Control/MotorModel).</summary>
        /// <param name="backEmfVoltSecondsPerRad">Motor k_e. Unit: V·s/rad.</param>
        /// <param name="loopOhms">Motor plus bridge and shunt resistance. Unit: Ω.</param>
        /// <param name="noLoadAmps">Friction current of motor and cam. Unit: A.</param>
        public void SetMotor(float backEmfVoltSecondsPerRad, float loopOhms, float noLoadAmps, float inertiaKgM2)
        {
            _ke = backEmfVoltSecondsPerRad;
            _ohms = loopOhms;
            _noLoadAmps = noLoadAmps;
            _voltsPerHz = 6.2831853f * backEmfVoltSecondsPerRad;
            _ratedVolts = backEmfVoltSecondsPerRad * PenLimits.MotorRatedMaxRpm * 6.2831853f / 60f;
            _proportionalDutyVoltsPerHz = ProportionalLoopGain * _voltsPerHz;
            float tauMechanical = inertiaKgM2 * loopOhms / (backEmfVoltSecondsPerRad * backEmfVoltSecondsPerRad);
            _integralPerProportional = 1f / (IntegralZeroBelowPole * tauMechanical);
            _integralDutyVoltsPerHzSecond = _proportionalDutyVoltsPerHz * _integralPerProportional;
            _pendingHzPerAmp = loopOhms / (_voltsPerHz * (1f + ProportionalLoopGain));
            _quietOverspeedExtraDutyPerHz = _proportionalDutyVoltsPerHz / _nominalSupplyVolts;
            _termsForHz = float.NaN;   // 2π·k_e moved: the setpoint's terms again at the next step
        }

        /// <summary>The terms of <see cref="Update"/> that depend on the setpoint alone, for <paramref name="setpointHz"/>.</summary>
        private void SetpointTerms(float setpointHz)
        {
            _termsForHz = setpointHz;
            _setpointVolts = _voltsPerHz * setpointHz;
            _filterSeconds = CurrentFilterSeconds + (setpointHz > 1f ? CurrentFilterStrokes / setpointHz : 0f);
            _fromQuietRate = setpointHz >= QuietFromHz;
        }

        /// <summary>
        /// The loop resistance of the feed-forward's I·R term and the integral's pending-load term, as the drive re-checks it in
        /// use (<see cref="LoopResistanceCheck"/>); the gains stay made from the identified model's (<see cref="SetMotor"/>).
        /// </summary>
        /// <param name="loopOhms">Loop resistance now. Unit: Ω.</param>
        public void SetLoopOhms(float loopOhms)
        {
            _ohms = loopOhms;
            _pendingHzPerAmp = loopOhms / (_voltsPerHz * (1f + ProportionalLoopGain));
        }

        /// <summary>K_p = G·2π·k_e/V at a supply. Unit: duty per stroke/s.</summary>
        public float ProportionalDutyPerHz(float supplyVolts)
        {
            return _proportionalDutyVoltsPerHz / (supplyVolts < 1f ? 1f : supplyVolts);
        }

        /// <summary>The quiet overspeed's extra P, K_x = G·2π·k_e/V_nom. Unit: duty per stroke/s.</summary>
        public float QuietOverspeedExtraDutyPerHz => _quietOverspeedExtraDutyPerHz;

        /// <summary>K_i = K_p/(N·τ_m) at a supply. Unit: duty per stroke/s per s.</summary>
        public float IntegralDutyPerHzSecond(float supplyVolts)
        {
            return ProportionalDutyPerHz(supplyVolts) * _integralPerProportional;
        }

        /// <summary>Duty last computed. Unit: fraction 0..1.</summary>
        public float Duty => _duty;

        /// <summary>Duty ceiling last computed from the supply. Unit: fraction 0..1.</summary>
        public float Ceiling => _ceiling;

        /// <summary>Motor current the feed-forward's I·R term compensates: the filtered load current. Unit: A.</summary>
        public float LoadAmps => _filteredAmps;

        /// <summary>Learnt spread of the stroke-mean current about <see cref="LoadAmps"/>; sets the step thresholds. Unit: A.</summary>
        public float LoadSpreadAmps => _spreadAmps;

        /// <summary>Open-loop duty for a stroke rate at no load: (k_e·2π·f + R·I_0) / V. Unit: fraction 0..1.</summary>
        public float FeedForward(float setpointHz, float supplyVolts)
        {
            if (supplyVolts < 1f) supplyVolts = 1f;
            float d = (_ke * 6.2831853f * setpointHz + _ohms * _noLoadAmps) / supplyVolts;
            return d > 1f ? 1f : d;
        }

        /// <summary>The most the duty may move in one tick of <paramref name="dt"/>: the slew limit over at most the longest ordinary tick. Unit: fraction.</summary>
        public static float MaxStepDuty(float dt)
        {
            return SlewDutyPerSecond * (dt < PenLimits.LongestOrdinaryTickSeconds ? dt : PenLimits.LongestOrdinaryTickSeconds);
        }

        /// <summary>Starts from zero duty and an empty integral.</summary>
        public void Reset()
        {
            _integral = 0f;
            _duty = 0f;
            _filteredAmps = 0f;
            _lastStrokeAmps = 0f;
            _stepUnconfirmed = false;
            _spreadAmps = InitialSpreadAmps;
            _fallSpreadAmps = InitialSpreadAmps;
            _sinceStepSeconds = 0f;
            _integralNoDeficit = 0f;
            _integralNoSurplus = 0f;
        }

        /// <summary>
        /// One control step. Returns the duty to apply (0..1).
        /// </summary>
        /// <param name="setpointHz">Wanted stroke rate. Unit: strokes/s.</param>
        /// <param name="measuredHz">Estimated stroke rate. Unit: strokes/s.</param>
        /// <param name="supplyVolts">Measured supply. Unit: V.</param>
        /// <param name="strokeAmps">Mean motor current over the last stroke, without the averaged input's lag (noisier). Unit: A.</param>
        /// <param name="strokeAccelerationAmps">Mean over the last stroke of the current the rotor's acceleration took,
        /// J·dω/dt / k_t (negative while it slows). Unit: A.</param>
        /// <param name="dt">Time since the last step. Unit: s; ≤ 0 skips the integral and slew.</param>
        /// <param name="accelerating">The setpoint is still ramping, so the current is mostly accelerating the rotor,
        /// not load: the I·R term stays at the no-load current and the integral is frozen.</param>
        /// <param name="loadHeld">The current is not the load's (the rotor re-accelerating after the enable circuit cut
        /// the drive): the I·R term keeps its load current, and a step still awaiting confirmation is undone.</param>
        public float Update(float setpointHz, float measuredHz, float supplyVolts, float strokeAmps, float strokeAccelerationAmps, float dt, bool accelerating, bool loadHeld)
        {
            if (supplyVolts < 1f) supplyVolts = 1f;
            if (dt > MaxDt) dt = MaxDt;
            if (setpointHz != _termsForHz) SetpointTerms(setpointHz);
            bool stepped = false;   // a load step this tick (it takes the integral back)
            bool liftOff = false;   // a fall stepped all the way this tick

            float ceiling = _ratedVolts / supplyVolts + CeilingMargin;
            if (ceiling > 1f) ceiling = 1f;
            _ceiling = ceiling;

            // the I·R term compensates load; a stroke's load pulses and the PWM residue on the current sense are
            // noise to it, so it sees the current through a one-pole filter; a change much larger than the noise
            // (contact, lift-off) is followed at once, and undone if the next tick does not confirm it
            if (loadHeld)
            {
                _lastStrokeAmps = strokeAmps;
                if (_stepUnconfirmed) _filteredAmps = _beforeStepAmps;
                _stepUnconfirmed = false;
            }
            else if (dt > 0f)
            {
                float lead = strokeAmps + FastTrackLeadSeconds * (strokeAmps - _lastStrokeAmps) / dt;
                _lastStrokeAmps = strokeAmps;
                float riseThreshold = FastTrackRiseSpreads * _spreadAmps + FastTrackAmps;
                if (_stepUnconfirmed)
                {
                    _stepUnconfirmed = false;
                    float back = lead - _beforeStepAmps;
                    if (back < 0f) back = -back;
                    if (back < riseThreshold) _filteredAmps = _beforeStepAmps;
                }

                float rise = lead - _filteredAmps;
                // from 75/s a fall is judged on the load's current, the stroke mean less a share of the acceleration's,
                // against its own spread; below, on the led stroke mean like a rise
                bool fallOnLoad = _fromQuietRate;
                float fallAmps = fallOnLoad ? strokeAmps - FallAccelerationShare * strokeAccelerationAmps : strokeAmps;
                float fall = fallOnLoad ? _filteredAmps - fallAmps : -rise;
                float fallThreshold = FastTrackFallSpreads * (fallOnLoad ? _fallSpreadAmps : _spreadAmps) + FastTrackAmps;
                bool isRise = rise > riseThreshold;
                if (isRise || fall > fallThreshold)
                {
                    _beforeStepAmps = _filteredAmps;
                    _stepUnconfirmed = true;
                    _sinceStepSeconds = 0f;
                    // a fall goes part of the way just past its threshold, a rise all the way
                    float share = isRise ? 1f : FallStepShareAtThreshold + FallStepSharePerThreshold * (fall / fallThreshold - 1f);
                    if (share > 1f) share = 1f;

                    _filteredAmps += share * ((isRise ? strokeAmps : fallAmps) - _filteredAmps);

                    // the rate's excursion since it was last on the setpoint's side was this load change, which the
                    // step now puts in the feed-forward; what the integral gained over it would count it twice
                    if (isRise && _integral > _integralNoDeficit) _integral = _integralNoDeficit;
                    if (!isRise && _integral < _integralNoSurplus) _integral = _integralNoSurplus;
                    _integralNoDeficit = _integral;
                    _integralNoSurplus = _integral;
                    stepped = true;
                    liftOff = !isRise && share >= 1f;
                }
                else
                {
                    _spreadAmps += ((rise < 0f ? -rise : rise) - _spreadAmps) * dt / (SpreadSeconds + dt);
                    _fallSpreadAmps += ((fall < 0f ? -fall : fall) - _fallSpreadAmps) * dt / (SpreadSeconds + dt);
                    float filterSeconds = _filterSeconds;
                    if (fallOnLoad && _sinceStepSeconds > QuietAfterSeconds) filterSeconds += QuietFilterSeconds;   // the quiet
                    _filteredAmps += (strokeAmps - _filteredAmps) * dt / (filterSeconds + dt);
                }

                _sinceStepSeconds += dt;
            }
            float current = _filteredAmps > _noLoadAmps && !accelerating ? _filteredAmps : _noLoadAmps;
            if (accelerating)
            {
                _filteredAmps = _noLoadAmps;
                _stepUnconfirmed = false;
                _sinceStepSeconds = 0f;
            }
            float feedForward = (_setpointVolts + _ohms * current) / supplyVolts;
            float error = setpointHz - measuredHz;

            // conditional integration: while the setpoint ramps the motor lags it by design; integrating that lag
            // would wind up and overshoot at the end of the ramp
            if (dt > 0f && !accelerating)
            {
                // the integral takes the error the feed-forward's model leaves, not the deficit of a load the I·R term is
                // still taking in: the stroke's load current above the filtered one, I_s − I, holds the rate
                // R·(I_s − I)/(2π·k_e·(1 + G)) below the setpoint under the P (zero mean where the load holds still)
                float modelError = loadHeld ? error : error - _pendingHzPerAmp * (strokeAmps - current);
                _integral += _integralDutyVoltsPerHzSecond * modelError * dt / supplyVolts;
            }

            // a step this tick: the marks stay where the step left the integral
            if (!stepped)
            {
                if (error <= 0f || accelerating) _integralNoDeficit = _integral;
                if (error >= 0f || accelerating) _integralNoSurplus = _integral;
            }

            // anti-windup: keep feed-forward + integral inside the output range
            float high = ceiling - feedForward;
            if (_integral > high) _integral = high;
            if (_integral < -feedForward) _integral = -feedForward;

            float wanted = feedForward + _proportionalDutyVoltsPerHz * error / supplyVolts + _integral;   // D_ff + K_p·(f* − f̂) + I
            // in the quiet (no step for QuietAfterSeconds, from QuietFromHz: on skin with no change) or at a lift-off
            if (error < 0f && (_fromQuietRate && _sinceStepSeconds > QuietAfterSeconds || liftOff)) wanted += _quietOverspeedExtraDutyPerHz * error;
            if (wanted > ceiling) wanted = ceiling;
            if (wanted < 0f) wanted = 0f;

            if (dt > 0f)
            {
                float step = MaxStepDuty(dt);
                if (wanted > _duty + step) wanted = _duty + step;
                if (wanted < _duty - step) wanted = _duty - step;
            }

            _duty = wanted;
            return _duty;
        }
    }
}
