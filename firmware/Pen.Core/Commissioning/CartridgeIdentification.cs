using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;

namespace Pen.Core.Commissioning
{
    /// <summary>
    /// The pen measures the cartridge just seated: the torque that lifts its return spring over its peak from rest, and its
    /// friction over a stroke, with the unit's identified motor as the instrument (k_t = k_e in SI). Two steps, each
    /// measuring what its physics isolates; nothing live changes: the caller takes the result only when every check passed.
    ///   0 zero   the bridge off (the averaged input's RC settled): what the input reads is the error of the drive's
    ///            zero, which learns slowly from power-on; it is taken off every current below
    ///   1 climb  from rest in the Hall window, the duty rises slowly (<see cref="PenLimits.CartridgeClimbDutyPerSecond"/>):
    ///            the cam creeps up the spring's flank where k_t·I = T_spring(θ) + T_friction, the rotor nearly still (no
    ///            back-EMF, no acceleration), until the motor's torque passes the spring's peak and the cam runs away round
    ///            to the Hall window (the count moves). The tick's mean current I (the averaged input with its RC undone),
    ///            as the mean of two ticks, is at its largest just before the runaway:
    ///              T_breakaway = k_t·max(I)   (the spring's peak plus all friction at rest)
    ///   2 point  a duty for <see cref="PenLimits.CartridgePointHz"/> from the motor model, settled, then the mean current
    ///            over whole strokes: the spring's and the carrier's inertia torques average to zero over a turn, so
    ///              T_friction = k_t·(mean(I) − i_f(f))   (the cartridge's own: seal and guides; i_f the motor's, identified)
    ///   3 derive the spring's peak alone: T_breakaway − k_t·i_f(0) − (π/2)·T_friction (the cartridge's friction acts on the
    ///            cam's lever e·|sin θ|, whose mean over a turn is 2/π of its peak)
    ///   4 check  a load at the point beyond a cartridge's own friction in the air (<see cref="PenLimits.CartridgeAirFrictionMaxNm"/>) is
    ///            not the cartridge in the air: needles on skin, or a binding carrier, which the current cannot tell apart
    ///            (<see cref="CartridgeOutcome.Loaded"/>: no verdict, the caller measures again); then <see cref="CartridgeRecord.Check"/>: a
    ///            spring missing or broken (its peak under its range: the cam ran away at once), a jammed cartridge (no
    ///            runaway below <see cref="PenLimits.CartridgeClimbMaxAmps"/>).
    /// The cam ends turning: the caller parks it (Control/StrokeDrive hands it to the needle retraction). The climb's and
    /// the point's motions are the start's and the park's own (the needles make a few strokes: the caller runs the chain
    /// only with the drive off, no start asked for and the supervisor asking nothing, Commissioning/README.md).
    /// </summary>
    public sealed class CartridgeIdentification
    {
        private const int StepZero = 5, StepClimb = 0, StepSettle = 1, StepPoint = 2, StepDone = 3, StepFailed = 4;

        private readonly BoardVariant _board;
        private readonly CountRateFit _rate = new CountRateFit();
        private MotorModel _motor;
        private int _step = StepDone;
        private int _outcome;
        private long _stepSinceMicros;
        private long _countAtStart;
        private float _duty;
        private float _startDuty;
        private float _pointDuty;
        private float _lastAmps;
        private bool _haveLast;
        private float _peakAmps;
        private float _ampsSum;
        private int _reads;
        private float _offsetSum;
        private int _offsetReads;
        private float _offsetAmps;

        /// <param name="board">The board: its nominal spring sets the climb's first duty and the plausible ranges.</param>
        public CartridgeIdentification(BoardVariant board)
        {
            _board = board;
        }

        /// <summary>Duty to apply now (forward). Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>Driver enable to request now (off while the chain reads the current input's zero).</summary>
        public bool Enable => _step != StepZero;
        /// <summary>The chain is running.</summary>
        public bool Running => _step < StepDone || _step == StepZero;
        /// <summary>The chain ended with every check passed: the values below hold this cartridge.</summary>
        public bool Succeeded => _step == StepDone && _outcome == CartridgeOutcome.None;
        /// <summary>The chain ended without a result: <see cref="Outcome"/> says why.</summary>
        public bool Failed => _step == StepFailed;
        /// <summary>Why the chain failed (<see cref="CartridgeOutcome"/>), or <see cref="CartridgeOutcome.None"/>: what the drive decides on.</summary>
        public int Outcome => _outcome;

        /// <summary>
        /// Why the chain failed in words, with the value measured and its bound (which value, and its range), or null: for
        /// people only (the bench, the reports, the tests' messages), made from <see cref="Outcome"/> when asked (allocates).
        /// </summary>
        public string Problem
        {
            get
            {
                switch (_outcome)
                {
                    case CartridgeOutcome.None: return null;
                    case CartridgeOutcome.Jammed: return CartridgeOutcome.Text(_outcome) + ": " + Millis(BreakawayTorqueNm * 1000f) + " uN m at rest";
                    case CartridgeOutcome.NoStrokesAtPoint: return CartridgeOutcome.Text(_outcome) + " (" + _rate.Strokes.ToString() + " strokes counted)";
                    default: return CartridgeRecord.Describe(_outcome, SpringPeakTorqueNm, FrictionTorqueNm, _board);
                }
            }
        }

        /// <summary>Torque that turned the cam over the spring's peak from rest, all friction included. Unit: N·m.</summary>
        public float BreakawayTorqueNm { get; private set; }
        /// <summary>The cartridge's own friction torque, its mean over a turn. Unit: N·m.</summary>
        public float FrictionTorqueNm { get; private set; }
        /// <summary>The return spring's peak torque on the cam, friction taken out. Unit: N·m.</summary>
        public float SpringPeakTorqueNm { get; private set; }
        /// <summary>The steady point's rate, from the counts. Unit: strokes/s.</summary>
        public float PointHz { get; private set; }
        /// <summary>The duty at which the cam ran away. Unit: fraction.</summary>
        public float RunawayDuty { get; private set; }

        /// <summary>Starts the chain: the cam at rest in the Hall window, the bridge off, <paramref name="motor"/> identified.</summary>
        /// <param name="supplyVolts">The supply now. Unit: V.</param>
        public void Start(long nowMicros, long count, MotorModel motor, float supplyVolts)
        {
            _motor = motor;
            _outcome = CartridgeOutcome.None;
            _countAtStart = count;
            _haveLast = false;
            _peakAmps = 0f;
            _ampsSum = 0f;
            _reads = 0;
            _rate.Reset();
            BreakawayTorqueNm = FrictionTorqueNm = SpringPeakTorqueNm = PointHz = RunawayDuty = 0f;
            if (supplyVolts < 1f) supplyVolts = 1f;
            // the first duty: a share of the board's breakaway torque, under the least plausible spring's, so that a cam
            // that runs away at once has a spring too weak (CartridgeRecord.Problem)
            _startDuty = PenLimits.CartridgeClimbStartShare * _board.CamBreakawayTorqueNm / motor.KeVoltSecondsPerRad * motor.LoopOhms / supplyVolts;
            _pointDuty = (motor.VoltsPerHz * PenLimits.CartridgePointHz + motor.LoopOhms * motor.FrictionAmpsAt(PenLimits.CartridgePointHz)) / supplyVolts;
            if (_pointDuty > PenLimits.IdentifyMaxDuty) _pointDuty = PenLimits.IdentifyMaxDuty;
            _offsetSum = 0f;
            _offsetReads = 0;
            _offsetAmps = 0f;
            _duty = 0f;
            _step = StepZero;
            _stepSinceMicros = nowMicros;
        }

        /// <summary>Stops the chain where it is, with no result (<see cref="CartridgeOutcome.Stopped"/>).</summary>
        public void Abort()
        {
            if (!Running) return;
            Fail(CartridgeOutcome.Stopped);
        }

        /// <summary>One tick of the chain.</summary>
        /// <param name="nowMicros">Now. Unit: µs.</param>
        /// <param name="count">The Hall count now.</param>
        /// <param name="sampleMicros">The count's latch time. Unit: µs.</param>
        /// <param name="shuntAmps">The shunt's mean current over the last tick (the averaged input with its RC undone, against the drive's zero). Unit: A.</param>
        /// <param name="appliedDuty">The duty the pin carried since the last tick. Unit: fraction.</param>
        /// <param name="lapsed">The enable circuit cut the drive during the last interval (a pause): this tick measures nothing.</param>
        public void Update(long nowMicros, long count, long sampleMicros, float shuntAmps, float appliedDuty, bool lapsed)
        {
            if (!Running) return;
            long since = nowMicros - _stepSinceMicros;
            // the motor's current: the shunt's, less what the input reads with no current (the zero step), over the duty
            float motorAmps = appliedDuty > 0.02f && !lapsed ? (shuntAmps - _offsetAmps) / appliedDuty : 0f;
            switch (_step)
            {
                case StepZero:
                    // the bridge off, the cam at rest: the drive's zero (learnt slowly, from power-on) may not have settled
                    // yet; what the input reads now is its error, taken off every current the chain uses
                    if (count != _countAtStart)
                    {
                        Fail(CartridgeOutcome.StillTurning);
                        return;
                    }

                    if (since >= PenLimits.IdentifyZeroSettleMicros)
                    {
                        _offsetSum += shuntAmps;
                        _offsetReads++;
                    }

                    if (since >= PenLimits.IdentifyZeroMicros && _offsetReads > 0)
                    {
                        _offsetAmps = _offsetSum / _offsetReads;
                        _duty = _startDuty;
                        _step = StepClimb;
                        _stepSinceMicros = nowMicros;
                    }

                    return;

                case StepClimb:
                {
                    if (count != _countAtStart)
                    {
                        // over the peak and round to the window: the climb's largest current was the spring's peak
                        RunawayDuty = _duty;
                        if (_peakAmps <= 0f)
                        {
                            // still turning when the climb began: nothing measured, nothing refused (measured again)
                            Fail(CartridgeOutcome.StillTurning);
                            return;
                        }

                        BreakawayTorqueNm = _motor.KeVoltSecondsPerRad * _peakAmps;
                        _duty = _pointDuty;
                        _step = StepSettle;
                        _stepSinceMicros = nowMicros;
                        return;
                    }

                    if (!lapsed && _haveLast)
                    {
                        float mean = 0.5f * (motorAmps + _lastAmps);
                        if (mean > _peakAmps) _peakAmps = mean;
                    }

                    _lastAmps = motorAmps;
                    _haveLast = !lapsed;
                    if (_peakAmps >= PenLimits.CartridgeClimbMaxAmps || since > PenLimits.CartridgeClimbMaxMicros)
                    {
                        BreakawayTorqueNm = _motor.KeVoltSecondsPerRad * _peakAmps;
                        Fail(CartridgeOutcome.Jammed);
                        return;
                    }

                    _duty = _startDuty + PenLimits.CartridgeClimbDutyPerSecond * since * 1e-6f;
                    return;
                }

                case StepSettle:
                    if (since >= PenLimits.CartridgeSettleMicros)
                    {
                        _step = StepPoint;
                        _stepSinceMicros = nowMicros;
                    }

                    return;

                case StepPoint:
                    if (lapsed)
                    {
                        // the drive was cut for part of the interval: settle again
                        _step = StepSettle;
                        _stepSinceMicros = nowMicros;
                        _rate.Reset();
                        _ampsSum = 0f;
                        _reads = 0;
                        return;
                    }

                    _rate.Add(count, sampleMicros);
                    _ampsSum += motorAmps;
                    _reads++;
                    if (since >= PenLimits.CartridgePointMicros) Derive();
                    return;
            }
        }

        private void Derive()
        {
            _duty = 0f;
            PointHz = _rate.RateHz;
            if (_rate.Strokes < PenLimits.CartridgeMinStrokes)
            {
                Fail(CartridgeOutcome.NoStrokesAtPoint);
                return;
            }

            float ke = _motor.KeVoltSecondsPerRad;
            FrictionTorqueNm = ke * (_ampsSum / _reads - _motor.FrictionAmpsAt(PointHz));
            SpringPeakTorqueNm = BreakawayTorqueNm - ke * _motor.FrictionAmpsAt(0f) - 1.5707963f * FrictionTorqueNm;
            if (FrictionTorqueNm > PenLimits.CartridgeAirFrictionMaxNm)
            {
                Fail(CartridgeOutcome.Loaded);
                return;
            }

            int outcome = CartridgeRecord.Check(SpringPeakTorqueNm, FrictionTorqueNm, _board);
            if (outcome != CartridgeOutcome.None)
            {
                Fail(outcome);
                return;
            }

            _step = StepDone;
        }

        private void Fail(int outcome)
        {
            _outcome = outcome;
            _step = StepFailed;
            _duty = 0f;
        }

        private static string Millis(float v)
        {
            return ((int)(v * 1000f + (v >= 0f ? 0.5f : -0.5f))).ToString();
        }
    }
}
