using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;

namespace Pen.Core.Commissioning
{
    /// <summary>
    /// The pen measures its own motor: an ordered chain of short motions of the bare cam (no cartridge: nothing but the
    /// rotor and cam turns, no needle moves), each step measuring what its physics isolates, in the order they depend on
    /// each other. Nothing live changes: the result is a candidate <see cref="MotorModel"/>, committed by the caller only
    /// when every step and every check has passed (ODrive's and VESC's commissioning chains, style-anchors §10.2-10.3).
    ///   1 zero     bridge off: the averaged input's zero (its RC settled) and the supply at idle V_0; the cam stands still
    ///   2 start    from rest, duty D_a (for f_a by the datasheet): the averaged input over 8 ticks (StepResponseFit)
    ///   3 point A  steady at D_a: mean u_A = D·V, current i_A, rate f_A from the counts alone (CountRateFit); a
    ///              back-EMF constant (u_A − R·i_A)/ω_A outside its range for this board ends the chain before it drives faster
    ///   4 step     D_a → D_b (for f_b): the averaged input over 8 ticks
    ///   5 point B  steady at D_b: u_B, i_B, f_B
    ///   6 stop     brake, then the bridge off; the two step fits run a few candidates a tick
    ///   7 derive   the supply's own resistance R_s from its sag under the start's current;
    ///              each step: D_b·V_0 − D_a·V_0 = R_L·(i_b + B − i_a) + R_s·(D_b²(i_b + B) − D_a²·i_a)  →  R_L
    ///              (at the step the rotor has not moved: the jump is the voltage step over the resistance)
    ///              k_e = Σ(u − R_L·i)·ω / Σω² over A and B   (ω = 2π·f: no motor constant in the rate)
    ///              friction i_f(f) through (f_A, i_A) and (f_B, i_B)
    ///              J = τ_m·(k_e·k_t/R_app + k_t·di_f/dω), R_app = R_L + D²·R_s the step saw, k_t = k_e (SI)
    ///   8 check    every value in its plausible range for this board (<see cref="MotorRecord.Problem"/>), the two
    ///              steps agreeing, enough signal: else the chain fails with the reason, and nothing is stored.
    /// A tick pause longer than the enable circuit's hold spoils a measurement (the drive was cut): the chain starts
    /// again, up to <see cref="PenLimits.IdentifyAttempts"/> times. Two steps that disagree on a value whose range is
    /// plausible are as often one fit's noise as a motor that is not linear (each step's loop resistance comes from 8
    /// ticks of the averaged input and scatters by about ±10 % on a good unit): the chain is run again from rest, and the
    /// unit refused only when <see cref="PenLimits.IdentifyDisagreeingRuns"/> runs in a row disagree. A value outside its
    /// plausible range (a wrong motor) is refused at once.
    /// </summary>
    public sealed class MotorIdentification
    {
        private const int StepZero = 0, StepStart = 1, StepSettleA = 2, StepPointA = 3, StepB = 4, StepSettleB = 5, StepPointB = 6,
            StepStop = 7, StepFit = 8, StepDone = 9, StepFailed = 10;

        private readonly BoardVariant _board;
        private readonly MotorModel _datasheet;
        private readonly MotorModel _result = new MotorModel();
        private readonly StepResponseFit _fitA = new StepResponseFit();
        private readonly StepResponseFit _fitB = new StepResponseFit();
        private readonly CountRateFit _rateA = new CountRateFit();
        private readonly CountRateFit _rateB = new CountRateFit();
        private int _step = StepDone;
        private int _attempts;
        private int _disagreeingRuns;
        private long _stepSinceMicros;
        private long _writeMicros;
        private float _duty;
        private bool _enable;
        private float _expectedHz;
        private string _problem;

        // what the steps measured
        private float _zeroMvSum, _idleVoltsSum;
        private int _zeroReads;
        private long _zeroCount;
        private float _zeroMv, _idleVolts;
        private float _dutyA, _dutyB;
        private float _uSumA, _iSumA, _uSumB, _iSumB;
        private int _nA, _nB;
        private float _startSupplyVolts, _startShuntAmps;
        private bool _haveStartSample;

        /// <param name="board">The board: its datasheet motor sets the duties and the plausible ranges.</param>
        public MotorIdentification(BoardVariant board)
        {
            _board = board;
            _datasheet = MotorModel.Datasheet(board);
        }

        /// <summary>Duty to apply now. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>Driver enable to request now.</summary>
        public bool Enable => _enable;
        /// <summary>The rate the motor should turn at now, for the safety checks (0 while it should stand). Unit: strokes/s.</summary>
        public float ExpectedHz => _expectedHz;
        /// <summary>The chain is running.</summary>
        public bool Running => _step < StepDone;
        /// <summary>The chain ended with every step and check passed: <see cref="Result"/> holds this motor.</summary>
        public bool Succeeded => _step == StepDone && _problem == null && _result.Identified;
        /// <summary>The chain ended without a result: <see cref="Problem"/> says why.</summary>
        public bool Failed => _step == StepFailed;
        /// <summary>Why the chain failed (which step or which value, and its range), or null.</summary>
        public string Problem => _problem;
        /// <summary>The identified motor (valid when <see cref="Succeeded"/>).</summary>
        public MotorModel Result => _result;

        // diagnostics, for the identification report
        /// <summary>Loop resistance from the start. Unit: Ω.</summary>
        public float LoopOhmsA { get; private set; }
        /// <summary>Loop resistance from the step. Unit: Ω.</summary>
        public float LoopOhmsB { get; private set; }
        /// <summary>Mechanical time constant from the start. Unit: s.</summary>
        public float TauA { get; private set; }
        /// <summary>Mechanical time constant from the step. Unit: s.</summary>
        public float TauB { get; private set; }
        /// <summary>The supply's own resistance seen in its sag. Unit: Ω.</summary>
        public float SupplyOhms { get; private set; }
        /// <summary>Rate of the first steady point, from the counts. Unit: strokes/s.</summary>
        public float RateA { get; private set; }
        /// <summary>Rate of the second steady point, from the counts. Unit: strokes/s.</summary>
        public float RateB { get; private set; }
        /// <summary>Runs of the chain whose steps disagreed, since <see cref="Start"/>.</summary>
        public int DisagreeingRuns => _disagreeingRuns;
        /// <summary>Duties of the two steady points. Unit: fraction.</summary>
        public float DutyA => _dutyA;
        /// <summary>See <see cref="DutyA"/>.</summary>
        public float DutyB => _dutyB;

        /// <summary>Starts the chain from its first step (the motor must stand with the bridge off).</summary>
        public void Start(long nowMicros)
        {
            _attempts = 1;
            _disagreeingRuns = 0;
            Restart(nowMicros);
        }

        private void Restart(long nowMicros)
        {
            _problem = null;
            _result.Identified = false;
            _fitA.Clear();
            _fitB.Clear();
            _rateA.Reset();
            _rateB.Reset();
            _zeroMvSum = _idleVoltsSum = 0f;
            _zeroReads = 0;
            _uSumA = _iSumA = _uSumB = _iSumB = 0f;
            _nA = _nB = 0;
            _haveStartSample = false;
            Enter(StepZero, nowMicros);
        }

        /// <summary>Stops the chain where it is, with no result (a stop from the supervisor, a cartridge seated).</summary>
        public void Abort(string why)
        {
            if (!Running) return;
            _problem = why;
            _step = StepFailed;
            _duty = 0f;
            _enable = false;
            _expectedHz = 0f;
        }

        /// <summary>One tick of the chain.</summary>
        /// <param name="frame">This tick's inputs (counter, supply, averaged current input; the drive-voltage input unused).</param>
        /// <param name="appliedDuty">The duty the pin carried since the last tick (its LEDC steps). Unit: fraction.</param>
        /// <param name="windingC">Winding temperature estimate now. Unit: °C.</param>
        public void Update(SensorFrame frame, float appliedDuty, float windingC)
        {
            if (!Running) return;
            long now = frame.NowMicros;
            long since = now - _stepSinceMicros;
            if (frame.EnableLapsed && _step > StepZero && _step < StepStop)
            {
                // the enable circuit cut the drive for part of the last interval: what was measured is not the motor's
                if (_attempts >= PenLimits.IdentifyAttempts)
                {
                    Fail("tick pauses cut the drive " + _attempts.ToString() + " times");
                    return;
                }

                _attempts++;
                Restart(now);
                return;
            }

            float amps = appliedDuty > 0.01f ? SensingScale.ShuntAmps(frame.CurrentAveragedMillivolts, _zeroMv) / appliedDuty : 0f;
            switch (_step)
            {
                case StepZero:
                    _duty = 0f;
                    _enable = false;
                    _expectedHz = 0f;
                    if (frame.PulseCount != _zeroCount)
                    {
                        // the cam still turns (coasting from a run): the zero waits for it to stand
                        _zeroCount = frame.PulseCount;
                        _stepSinceMicros = now;
                        _zeroReads = 0;
                        _zeroMvSum = _idleVoltsSum = 0f;
                        if (now - _zeroBeganMicros > PenLimits.IdentifyStandStillMaxMicros) Fail("the cam does not come to rest with the bridge off");
                        return;
                    }

                    if (since >= PenLimits.IdentifyZeroSettleMicros)
                    {
                        _zeroMvSum += frame.CurrentAveragedMillivolts;
                        _idleVoltsSum += frame.SupplyVolts;
                        _zeroReads++;
                    }

                    if (since >= PenLimits.IdentifyZeroMicros && _zeroReads > 0)
                    {
                        _zeroMv = _zeroMvSum / _zeroReads;
                        _idleVolts = _idleVoltsSum / _zeroReads;
                        if (_idleVolts < PenLimits.IdentifyMinSupplyVolts)
                        {
                            Fail("supply " + Millis(_idleVolts) + " mV below " + Millis(PenLimits.IdentifyMinSupplyVolts) + " mV");
                            return;
                        }

                        _dutyA = DutyFor(PenLimits.IdentifyRateAHz);
                        _dutyB = DutyFor(PenLimits.IdentifyRateBHz);
                        Write(_dutyA, PenLimits.IdentifyRateAHz, now);
                        Enter(StepStart, now);
                    }

                    return;

                case StepStart:
                case StepB:
                {
                    StepResponseFit fit = _step == StepStart ? _fitA : _fitB;
                    fit.Add((now - _writeMicros) * 1e-6f, amps);
                    if (_step == StepStart && !_haveStartSample)
                    {
                        // the first tick after the start: the most current, so the supply's deepest sag
                        _haveStartSample = true;
                        _startSupplyVolts = frame.SupplyVolts;
                        _startShuntAmps = amps * appliedDuty;
                    }

                    if (fit.Count >= StepResponseFit.Samples) Enter(_step == StepStart ? StepSettleA : StepSettleB, now);
                    return;
                }

                case StepSettleA:
                case StepSettleB:
                    if (now - _writeMicros >= PenLimits.IdentifySettleMicros) Enter(_step == StepSettleA ? StepPointA : StepPointB, now);
                    return;

                case StepPointA:
                    _rateA.Add(frame.PulseCount, frame.PulseSampleMicros);
                    _uSumA += appliedDuty * frame.SupplyVolts;
                    _iSumA += amps;
                    _nA++;
                    if (since >= PenLimits.IdentifyPointMicros)
                    {
                        // before driving faster: a motor whose back-EMF is not this board's would run far off the rate
                        // asked (a motor of half the constant at twice the speed): refused here, at the slower point
                        float ke = (_uSumA / _nA - _datasheet.LoopOhms * _iSumA / _nA) / (6.2831853f * _rateA.RateHz);
                        string problem = _rateA.RateHz > 0f ? MotorRecord.BackEmfProblem(ke, _board) : "the cam did not turn at the first point";
                        if (problem != null)
                        {
                            Fail(problem);
                            return;
                        }

                        Write(_dutyB, PenLimits.IdentifyRateBHz, now);
                        Enter(StepB, now);
                    }

                    return;

                case StepPointB:
                    _rateB.Add(frame.PulseCount, frame.PulseSampleMicros);
                    _uSumB += appliedDuty * frame.SupplyVolts;
                    _iSumB += amps;
                    _nB++;
                    if (since >= PenLimits.IdentifyPointMicros)
                    {
                        _duty = 0f;   // brake: duty 0 with the bridge on shorts the winding
                        _expectedHz = 0f;
                        Enter(StepStop, now);
                    }

                    return;

                case StepStop:
                    if (since >= PenLimits.IdentifyBrakeMicros) _enable = false;
                    if (since >= PenLimits.IdentifyBrakeMicros && !_fitStarted)
                    {
                        _fitStarted = true;
                        float iA = _nA > 0 ? _iSumA / _nA : 0f, iB = _nB > 0 ? _iSumB / _nB : 0f;
                        _fitA.Begin(BoardConstants.CurrentAveragedFilterMicros * 1e-6f, 0f, iA);
                        _fitB.Begin(BoardConstants.CurrentAveragedFilterMicros * 1e-6f, iA, iB);
                        Enter(StepFit, now);
                    }

                    return;

                case StepFit:
                    // a few candidates a tick: the search is some hundred exponentials each
                    if (!_fitA.Iterate(PenLimits.IdentifyFitCandidatesPerTick)) return;
                    if (!_fitB.Iterate(PenLimits.IdentifyFitCandidatesPerTick)) return;
                    Derive(windingC, now);
                    return;
            }
        }

        private bool _fitStarted;
        private long _zeroBeganMicros;

        private void Enter(int step, long nowMicros)
        {
            _step = step;
            _stepSinceMicros = nowMicros;
            if (step == StepZero)
            {
                _zeroCount = -1;
                _zeroBeganMicros = nowMicros;
            }

            if (step == StepStop) _fitStarted = false;
        }

        private void Write(float duty, float expectedHz, long nowMicros)
        {
            _duty = duty;
            _enable = true;
            _expectedHz = expectedHz;
            _writeMicros = nowMicros;
        }

        /// <summary>The duty that turns the datasheet motor at <paramref name="hz"/> free: (2π·k_e·f + R_L·i_0)/V_0.</summary>
        private float DutyFor(float hz)
        {
            float d = (_datasheet.VoltsPerHz * hz + _datasheet.LoopOhms * _datasheet.FrictionAmps) / _idleVolts;
            return d > PenLimits.IdentifyMaxDuty ? PenLimits.IdentifyMaxDuty : d;
        }

        private void Derive(float windingC, long nowMicros)
        {
            const float TwoPi = 6.2831853f;
            float iA = _iSumA / _nA, iB = _iSumB / _nB;
            float uA = _uSumA / _nA, uB = _uSumB / _nB;
            RateA = _rateA.RateHz;
            RateB = _rateB.RateHz;
            TauA = _fitA.TauSeconds;
            TauB = _fitB.TauSeconds;
            if (_rateA.Strokes < PenLimits.IdentifyMinStrokes || _rateB.Strokes < PenLimits.IdentifyMinStrokes || RateB <= RateA)
            {
                Fail("the cam did not turn as driven (" + _rateA.Strokes.ToString() + " and " + _rateB.Strokes.ToString() + " strokes counted)");
                return;
            }

            // the supply's own resistance, from its sag under the start's current (the fitted current at that sample)
            SupplyOhms = _startShuntAmps > PenLimits.IdentifyMinJumpAmps * _dutyA ? (_idleVolts - _startSupplyVolts) / _startShuntAmps : 0f;
            if (SupplyOhms < 0f) SupplyOhms = 0f;
            // the jump at each step over the voltage step gives the loop resistance
            float jumpA = _fitA.JumpAmps + iA;                // i(0+) at the start, from rest
            float jumpB = _fitB.JumpAmps + iB - iA;           // i(0+) − i_a at the step
            if (jumpA < PenLimits.IdentifyMinJumpAmps || jumpB < PenLimits.IdentifyMinJumpAmps)
            {
                Fail("the current's step was too small to measure (" + Millis(jumpA) + " and " + Millis(jumpB) + " mA)");
                return;
            }

            LoopOhmsA = (_dutyA * _idleVolts - SupplyOhms * _dutyA * _dutyA * jumpA) / jumpA;
            LoopOhmsB = ((_dutyB - _dutyA) * _idleVolts - SupplyOhms * (_dutyB * _dutyB * (_fitB.JumpAmps + iB) - _dutyA * _dutyA * iA)) / jumpB;
            float loopOhms = 0.5f * (LoopOhmsA + LoopOhmsB);
            float wA = TwoPi * RateA, wB = TwoPi * RateB;
            float ke = ((uA - loopOhms * iA) * wA + (uB - loopOhms * iB) * wB) / (wA * wA + wB * wB);
            float slope = (iB - iA) / (RateB - RateA);                       // A per stroke/s
            float viscous = ke * slope / TwoPi;                               // k_t·di_f/dω, N·m·s
            float jA = TauA * (ke * ke / (loopOhms + SupplyOhms * _dutyA * _dutyA) + viscous);
            float jB = TauB * (ke * ke / (loopOhms + SupplyOhms * _dutyB * _dutyB) + viscous);

            _result.KeVoltSecondsPerRad = ke;
            _result.LoopOhms = loopOhms;
            _result.IdentifiedAtC = windingC;
            _result.InertiaKgM2 = 0.5f * (jA + jB);
            _result.FrictionAmps = iA;
            _result.FrictionAtHz = RateA;
            _result.FrictionAmpsPerHz = slope;
            _result.Identified = true;

            string problem = MotorRecord.Problem(_result, _board);
            if (problem != null)
            {
                _result.Identified = false;
                Fail(problem);
                return;
            }

            problem = Disagree("loop resistance", LoopOhmsA, LoopOhmsB, PenLimits.IdentifyResistanceAgreement);
            if (problem == null) problem = Disagree("inertia", jA, jB, PenLimits.IdentifyInertiaAgreement);
            if (problem == null) problem = Disagree("back-EMF constant", (uA - loopOhms * iA) / wA, (uB - loopOhms * iB) / wB, PenLimits.IdentifyBackEmfAgreement);
            if (problem != null)
            {
                // plausible values the two steps do not agree on: measured again from rest, refused when every run disagrees
                _result.Identified = false;
                _disagreeingRuns++;
                if (_disagreeingRuns >= PenLimits.IdentifyDisagreeingRuns) Fail(problem + " in " + _disagreeingRuns.ToString() + " runs");
                else Restart(nowMicros);
                return;
            }

            _step = StepDone;
            _duty = 0f;
            _enable = false;
        }

        private static string Disagree(string what, float a, float b, float share)
        {
            float mean = 0.5f * (a + b);
            float off = a - b;
            if (off < 0f) off = -off;
            return mean > 0f && off <= share * mean ? null
                : what + " from the two steps disagree: " + Millis(a) + " and " + Millis(b) + " (thousandths) beyond " + ((int)(share * 100f + 0.5f)).ToString() + " %";
        }

        private void Fail(string why)
        {
            _problem = why;
            _step = StepFailed;
            _duty = 0f;
            _enable = false;
            _expectedHz = 0f;
        }

        private static string Millis(float v)
        {
            return ((int)(v * 1000f + (v >= 0f ? 0.5f : -0.5f))).ToString();
        }
    }
}
