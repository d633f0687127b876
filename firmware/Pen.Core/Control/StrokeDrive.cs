using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Core.Safety.Checks;

namespace Pen.Core.Control
{
    /// <summary>What the drive is doing.</summary>
    public enum DriveMode
    {
        /// <summary>Motor off (duty 0, driver disabled).</summary>
        Off = 0,
        /// <summary>Holding the stroke rate at the (soft-started) setpoint.</summary>
        Running = 1,
        /// <summary>Slowing down and parking the needles at the retracted point.</summary>
        Parking = 2,
        /// <summary>Measuring the motor (Commissioning/MotorIdentification): the bare cam turns, no cartridge seated.</summary>
        Identifying = 3,
    }

    /// <summary>What the pen knows of its motor.</summary>
    public enum MotorStatus
    {
        /// <summary>No identified motor yet: the chain runs as soon as the drive is off with no cartridge seated.</summary>
        NotIdentified = 0,
        /// <summary>The chain is running.</summary>
        Identifying = 1,
        /// <summary>This unit's identified motor is in use (from its record, or just measured).</summary>
        Identified = 2,
        /// <summary>The chain measured a motor outside its plausible range (a wrong or damaged motor): the pen will not treat.</summary>
        Implausible = 3,
    }

    /// <summary>
    /// The motor drive: rate estimate, soft start, closed-loop rate control, and park on stop. It obeys the
    /// supervisor: an immediate stop (or lockout) cuts duty and enable at once; a controlled stop parks.
    /// </summary>
    public sealed class StrokeDrive
    {
        // Soft start and park [E]; the control issue tunes these on the simulated pen (report control).
        private const float SoftStartHzPerSecond = 600f;
        private const float ParkCrawlHz = 15f;
        private const float ParkBrakeTauSeconds = 0.018f;    // braking time constant, motor shorted: (R_m + R_on)·J/(k_t·k_e) ≈ 14 ms, plus cam load
        private const long ParkBrakeMaxMicros = 60000;
        private const long ParkCrawlMaxMicros = 150000;
        private const long ParkBrakeMicros = 120000;
        private long _parkBrakeMicros;

        private const float MinBackEmfDuty = 0.08f;

        private readonly StrokeRateEstimator _rate = new StrokeRateEstimator();
        private readonly BoardVariant _board;
        private readonly MotorModel _model;
        private readonly MotorIdentification _identification;
        private MotorStatus _motorStatus = MotorStatus.NotIdentified;
        private string _motorRecordToWrite;
        private readonly float _loopOhms;
        private readonly float _hzPerVolt;
        // the averaged input (10 ms RC) needs 5 RC constants after the bridge goes off before it reads zero;
        // k = 1/20 keeps the zero's own noise out of the back-EMF speed (the control report's settling is sensitive to it)
        private readonly CurrentZero _zero = new CurrentZero(50000, 0.05f);
        private readonly SpeedController _speed;
        private DriveMode _mode = DriveMode.Off;
        private float _setpointHz;
        private float _duty;
        private bool _enable;
        private float _motorAmps;
        // the averaged current input is an RC (BoardConstants.CurrentAveragedFilterMicros); inverting it gives the mean
        // shunt current over the last tick without the RC's lag (see Update); the speed controller uses the mean over
        // the last stroke to see contact and lift-off a tick or two sooner
        private const float AveragedInputRcSeconds = BoardConstants.CurrentAveragedFilterMicros * 1e-6f;
        private float _lastShuntAmps;
        private bool _haveLastShunt;
        // the last ticks' mean motor currents and rate estimates, averaged over one stroke
        private readonly StrokeWindow _strokeMeans = new StrokeWindow();
        private float _strokeMotorAmps;
        private float _strokeRateHz;
        // the current the rotor's acceleration took, J·dω/dt / k_t, from the estimator's rate this tick and the last,
        // averaged over one stroke (which makes it J·2π·(f_now − f_a_stroke_ago)/T / k_t): at a lift-off the rotor
        // speeds up and that current hides part of the load's fall (SpeedController)
        private readonly float _accelerationAmpsPerHzPerSecond;
        private float _lastRateHz;
        private bool _haveLastRate;
        private const long RampSettleMicros = 60000;   // after the ramp, the rotor still accelerates for a few τ_m
        private long _rampDoneMicros;
        // after a lapsed tick the rotor re-accelerates from the coast for about 3 τ_m (τ_m ≈ 10.5 ms with the cam,
        // plant.md §5.3): its acceleration current is not load, so the feed-forward's load current is held meanwhile
        private const long ReaccelerationMicros = 30000;
        private long _lapsedMicros = -ReaccelerationMicros;
        private long _runningSinceMicros;
        private int _parkPhase;
        private long _parkPhaseSinceMicros;
        private long _parkStartCount;

        public StrokeDrive(BoardVariant board)
        {
            _board = board;
            _model = MotorModel.Datasheet(board);
            _identification = new MotorIdentification(board);
            _loopOhms = board.MotorResistanceOhms + board.DriveResistanceOhms;
            _hzPerVolt = 1f / (6.2831853f * board.MotorBackEmfVoltSecondsPerRad);
            // I = J·2π·df/dt / k_t, and k_t = k_e in SI units
            _accelerationAmpsPerHzPerSecond = board.RotorInertiaKgM2 * 6.2831853f / board.MotorBackEmfVoltSecondsPerRad;
            _speed = new SpeedController(board.MotorBackEmfVoltSecondsPerRad,
                board.MotorResistanceOhms + board.DriveResistanceOhms, board.MotorNoLoadAmps);
        }

        /// <summary>What the drive is doing.</summary>
        public DriveMode Mode => _mode;
        /// <summary>Duty to write to the PWM. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>The duty the LEDC channel applies for <see cref="Duty"/>, its steps truncated as the device does (Board/PwmDuty). Unit: fraction 0..1.</summary>
        public float AppliedDuty => PwmDuty.Applied(_duty);
        /// <summary>Driver enable to request.</summary>
        public bool EnableRequested => _enable;
        /// <summary>Setpoint after the soft-start ramp; 0 when not running. Unit: strokes/s.</summary>
        public float SetpointHz => _setpointHz;
        /// <summary>Estimated stroke rate. Unit: strokes/s.</summary>
        public float MeasuredRateHz => _rate.RateHz;
        /// <summary>Estimated motor current (shunt average / duty). Unit: A.</summary>
        public float MotorAmps => _motorAmps;
        /// <summary>The rate estimator (phase, count).</summary>
        public StrokeRateEstimator Rate => _rate;
        /// <summary>True when stopped with the park sequence completed (or never started).</summary>
        public bool Stopped => _mode == DriveMode.Off;

        /// <summary>The motor model in use: this unit's identified one, or the datasheet's until it has one.</summary>
        public MotorModel Model => _model;
        /// <summary>The identification chain (its diagnostics after a run).</summary>
        public MotorIdentification Identification => _identification;
        /// <summary>What the pen knows of its motor.</summary>
        public MotorStatus MotorStatus => _motorStatus;

        /// <summary>
        /// Takes this unit's motor record from the record store (boot): a whole MOTOR record whose values are plausible for
        /// this board makes the motor identified; anything else leaves it to be identified again. Boot only: parsing allocates.
        /// </summary>
        public void LoadMotorRecord(string record)
        {
            MotorModel candidate = new MotorModel();
            if (MotorRecord.Parse(record, candidate) && MotorRecord.Problem(candidate, _board) == null)
            {
                _model.CopyFrom(candidate);
                _motorStatus = MotorStatus.Identified;
            }
            else
            {
                _model.SetDatasheet(_board);
                _motorStatus = MotorStatus.NotIdentified;
            }
        }

        /// <summary>
        /// Starts the motor identification chain: only with the drive off and the motor not identified (or its last
        /// result implausible, at a service's request). The caller makes sure no cartridge is seated. Returns whether it started.
        /// </summary>
        public bool StartIdentification(long nowMicros)
        {
            if (_mode != DriveMode.Off || _motorStatus == MotorStatus.Identified) return false;
            _identification.Start(nowMicros);
            _mode = DriveMode.Identifying;
            _motorStatus = MotorStatus.Identifying;
            return true;
        }

        /// <summary>The record of a motor just identified, to be written to the record store (once; null when there is none). Allocates only then.</summary>
        public string TakeMotorRecord()
        {
            string r = _motorRecordToWrite;
            _motorRecordToWrite = null;
            return r;
        }

        /// <summary>
        /// One drive step.
        /// </summary>
        /// <param name="frame">This tick's inputs.</param>
        /// <param name="run">The treatment wants the needles running.</param>
        /// <param name="setpointHz">Wanted stroke rate while running. Unit: strokes/s.</param>
        /// <param name="action">The supervisor's action; ControlledStop or worse overrides <paramref name="run"/>.</param>
        /// <param name="dutyCeilingFactor">Derating of the duty ceiling, 0..1 (1 = none).</param>
        /// <param name="windingC">Winding temperature estimate (the supervisor's thermal model). Unit: °C.</param>
        public void Update(SensorFrame frame, bool run, float setpointHz, SafetyAction action, float dutyCeilingFactor, float windingC)
        {
            long now = frame.NowMicros;
            float dt = frame.TickIntervalMicros * 1e-6f;
            // the shunt carries the on-time current only: motor current ≈ shunt average / duty, against a zero
            // learnt while the bridge is off (Board/CurrentZero)
            _zero.Learn(frame.CurrentAveragedMillivolts, !_enable, now);
            float shuntAmps = _zero.ShuntAmps(frame.CurrentAveragedMillivolts);
            // a tick longer than the enable circuit's hold (a pause of the firmware): the circuit took the drive away
            // for the end of it and the motor coasted (docs/hazards.md, open items). This tick's current and back-EMF
            // then describe neither the drive nor the load: read as usual, the current sense's decay looked like a
            // lift-off and the back-EMF like an overspeed, and the controller cut the duty of a motor that had just
            // slowed. So the estimator runs on the count alone, the stroke means and the controller are left as they
            // were, and the duty is the controller's plus the coast's make-up (CoastMakeUpDuty).
            bool enableLapsed = frame.EnableLapsed;
            bool backEmfValid = _duty >= MinBackEmfDuty && _enable && !enableLapsed;
            // the duty the pin carried since the last tick: the command, truncated to the LEDC's steps (Board/PwmDuty)
            float applied = PwmDuty.Applied(_duty);
            _motorAmps = backEmfValid ? shuntAmps / applied : 0f;
            // mean shunt current over the last tick from the RC output y: τ·dy/dt = x − y, so
            // mean(x) = τ·(y_k − y_{k−1})/Δt + mean(y), mean(y) taken as the trapezoid (y is smooth after the RC)
            float tickShuntAmps = shuntAmps;
            if (_haveLastShunt && dt > 0f)
            {
                tickShuntAmps = AveragedInputRcSeconds * (shuntAmps - _lastShuntAmps) / dt + 0.5f * (shuntAmps + _lastShuntAmps);
            }

            // a lapsed tick's RC output is a true sample of the filter, so the next tick's reconstruction may start from
            // it (over the next tick the drive is on again); without it, that tick's current was the RC output alone,
            // lagging the re-acceleration's current, and its back-EMF speed read high
            _lastShuntAmps = shuntAmps;
            _haveLastShunt = _enable;
            float tickMotorAmps = backEmfValid ? tickShuntAmps / applied : 0f;
            float strokeSeconds = _setpointHz > 1f ? 1f / _setpointHz : 0f;
            // f_e = (D·V − I·R) / (2π·k_e), with the tick's mean current: the mean shaft speed over the tick, which is
            // what the estimator's phase advances by (the speed swings ±10 % within a stroke at 50 strokes/s)
            float backEmfHz = backEmfValid ? (applied * frame.SupplyVolts - tickMotorAmps * _loopOhms) * _hzPerVolt : 0f;
            bool rotorSteady = _mode == DriveMode.Running && !Ramping(setpointHz, now);
            _rate.Update(frame.PulseCount, frame.PulseSampleMicros, backEmfHz, backEmfValid, rotorSteady);
            float accelerationAmps = 0f;
            if (backEmfValid && _haveLastRate && dt > 0f) accelerationAmps = _accelerationAmpsPerHzPerSecond * (_rate.RateHz - _lastRateHz) / dt;
            _lastRateHz = _rate.RateHz;
            _haveLastRate = backEmfValid;
            // the stroke means of the current, the acceleration current and the rate, in one pass (StrokeWindow); the
            // controller holds the stroke rate, so it sees the rate averaged over one stroke: the swing within a stroke,
            // sampled by a tick that drifts against the cam, would otherwise alias into a slow wander. A lapsed tick
            // leaves the windows as they were (the controller does not run then).
            if (!enableLapsed)
            {
                _strokeMeans.Add(tickMotorAmps, accelerationAmps, _rate.RateHz, backEmfValid ? dt : 0f, dt, strokeSeconds);
                _strokeMotorAmps = _strokeMeans.Amps;
                _strokeRateHz = _strokeMeans.Rate;
            }

            float strokeAccelerationAmps = enableLapsed ? 0f : _strokeMeans.Acceleration;

            if (_mode == DriveMode.Identifying)
            {
                Identify(frame, applied, action, windingC);
                return;
            }

            if (action >= SafetyAction.ImmediateStop)
            {
                _mode = DriveMode.Off;
                _duty = 0f;
                _enable = false;
                _setpointHz = 0f;
                _speed.Reset();
                return;
            }

            bool mayRun = run && action < SafetyAction.ControlledStop;
            if (mayRun && _mode != DriveMode.Running)
            {
                _mode = DriveMode.Running;
                _runningSinceMicros = now;
                _setpointHz = 0f;
                _speed.Reset();
            }
            else if (!mayRun && _mode == DriveMode.Running)
            {
                _mode = DriveMode.Parking;
                // a motor standing under current (the stall check's deep test, past its arm time) is jammed: the cam
                // cannot be brought to the retracted point, and the crawl would push on the jam for up to
                // ParkCrawlMaxMicros; brake to rest at once (a stall and a depth fault in the same tick: campaign seed 66476)
                bool standing = backEmfValid && now - _runningSinceMicros >= PenLimits.StallArmMicros
                                && StallCheck.StandingUnderCurrent(_motorAmps, backEmfHz, _setpointHz);
                _parkBrakeMicros = BrakeMicrosFor(_rate.RateHz);
                SetParkPhase(standing ? 2 : 0, now);
            }

            if (_mode == DriveMode.Running)
            {
                // soft start: the setpoint the controller sees rises at a bounded rate, and a paused tick moves it no
                // further than the longest ordinary tick: after a 48 ms pause it had jumped 29 strokes/s, the P
                // chased a rotor that had coasted, and the start overshot (report control, seed 77, RP-1 100/s: 6.1 %)
                float rampSeconds = dt < PenLimits.LongestOrdinaryTickSeconds ? dt : PenLimits.LongestOrdinaryTickSeconds;
                float step = SoftStartHzPerSecond * rampSeconds;
                if (_setpointHz < setpointHz)
                {
                    _setpointHz += step;
                    if (_setpointHz > setpointHz) _setpointHz = setpointHz;
                }
                else
                {
                    _setpointHz = setpointHz;
                }

                _enable = true;
                bool ramping = Ramping(setpointHz, now);
                if (_setpointHz < setpointHz) _rampDoneMicros = now;
                if (enableLapsed) _lapsedMicros = now;
                bool reaccelerating = now - _lapsedMicros < ReaccelerationMicros;
                if (!enableLapsed) _duty = _speed.Update(_setpointHz, _strokeRateHz, frame.SupplyVolts, _motorAmps, _strokeMotorAmps, strokeAccelerationAmps, dt, ramping, reaccelerating);
                else if (!ramping) _duty = CoastMakeUpDuty(_speed.Duty, _speed.LoadAmps, dt, frame.SupplyVolts, _speed.Ceiling);
                if (dutyCeilingFactor < 1f && _duty > _speed.Ceiling * dutyCeilingFactor) _duty = _speed.Ceiling * dutyCeilingFactor;
            }
            else if (_mode == DriveMode.Parking)
            {
                Park(frame, dt, now);
            }
            else
            {
                _setpointHz = 0f;
                _enable = false;
                _duty = 0f;
                _speed.Reset();
            }
        }

        /// <summary>
        /// One tick of the identification chain: the chain sets duty and enable; a stop from the supervisor aborts it
        /// (it is measured again later); when it ends, a plausible motor goes into use and to the record store, an
        /// implausible one makes <see cref="MotorStatus"/> Implausible (Safety's CommissioningCheck stops the pen on it).
        /// </summary>
        private void Identify(SensorFrame frame, float applied, SafetyAction action, float windingC)
        {
            // a stop from the supervisor, or a cartridge seated (its carrier would ride the cam), ends the chain unfinished
            bool interrupted = action >= SafetyAction.ControlledStop || frame.CartridgeSeatedRaw;
            if (action >= SafetyAction.ControlledStop) _identification.Abort("stopped by the supervisor");
            else if (frame.CartridgeSeatedRaw) _identification.Abort("a cartridge was seated");
            else _identification.Update(frame, applied, windingC);
            _duty = _identification.Duty;
            _enable = _identification.Enable;
            _setpointHz = _identification.ExpectedHz;
            if (_identification.Running) return;
            _mode = DriveMode.Off;
            _duty = 0f;
            _enable = false;
            _setpointHz = 0f;
            if (_identification.Succeeded)
            {
                _model.CopyFrom(_identification.Result);
                _motorStatus = MotorStatus.Identified;
                _motorRecordToWrite = MotorRecord.ToRecord(_model);
            }
            else
            {
                // stopped from outside: measured again later; a motor the checks refused: implausible
                _motorStatus = interrupted ? MotorStatus.NotIdentified : MotorStatus.Implausible;
            }
        }

        /// <summary>
        /// Park, in three phases, each bounded in time:
        ///   0 brake: duty 0 with the bridge enabled shorts the motor; ω decays with τ_b, so braking for
        ///     τ_b·ln(f̂ / f_crawl) brings it near the crawl rate (at most <see cref="ParkBrakeMaxMicros"/>);
        ///   1 crawl: open-loop duty for the crawl rate until a new Hall edge shows the cam has just passed the
        ///     retracted point (at most <see cref="ParkCrawlMaxMicros"/>);
        ///   2 brake to rest: the cam stops early in the stroke, and the return spring pulls it back to the
        ///     retracted point (plant.md §3.3); then the bridge is released.
        /// </summary>
        private void Park(SensorFrame frame, float dt, long now)
        {
            _enable = true;
            _setpointHz = 0f;
            long sincePhase = now - _parkPhaseSinceMicros;
            if (_parkPhase == 0)
            {
                _duty = 0f;
                if (sincePhase >= _parkBrakeMicros)
                {
                    SetParkPhase(1, now);
                    _parkStartCount = _rate.Count;
                }
            }

            if (_parkPhase == 1)
            {
                _duty = _speed.FeedForward(ParkCrawlHz, frame.SupplyVolts);
                if (_rate.Count != _parkStartCount || now - _parkPhaseSinceMicros > ParkCrawlMaxMicros)
                {
                    _duty = 0f;
                    SetParkPhase(2, now);
                }
            }
            else if (_parkPhase == 2)
            {
                _duty = 0f;
                if (sincePhase > ParkBrakeMicros)
                {
                    _mode = DriveMode.Off;
                    _enable = false;
                    _speed.Reset();
                }
            }
        }

        /// <summary>
        /// Duty from a tick that ends a lapsed interval to the next tick. The enable circuit cut the drive for the end
        /// of the interval (t_c = Δt − hold) and the rotor coasted against its load, losing Δω = k_t·I·t_c/J. One tick
        /// T of extra duty ΔD drives ΔD·V/R more current and gives back k_t·(ΔD·V/R)·T/J, so ΔD = I·R·t_c/(V·T), with I
        /// the load current the feed-forward compensates. Without it the loop made up the lost speed over several
        /// strokes: after 100 pauses of 49.8 ms on skin (42 needles, 100/s) the worst stroke was 3.8 % slow on average
        /// and the rate back within ±2 % after 62 ms; with it 2.0 % and 41 ms (TickPauseTests). What remains is the
        /// coasting stroke itself.
        /// </summary>
        /// <param name="duty">The controller's duty. Unit: fraction 0..1.</param>
        /// <param name="loadAmps">Load current of the feed-forward. Unit: A.</param>
        /// <param name="tickSeconds">The lapsed tick's length. Unit: s.</param>
        /// <param name="supplyVolts">Measured supply. Unit: V.</param>
        /// <param name="ceiling">Duty ceiling. Unit: fraction 0..1.</param>
        private float CoastMakeUpDuty(float duty, float loadAmps, float tickSeconds, float supplyVolts, float ceiling)
        {
            // a tick longer than the late-tick limit is a fault the supervisor stops the motor for, not a coast to make up
            if (tickSeconds > PenLimits.TickLateMicros * 1e-6f) tickSeconds = PenLimits.TickLateMicros * 1e-6f;
            float cutSeconds = tickSeconds - BoardConstants.HeartbeatHoldMillis * 1e-3f;
            if (cutSeconds <= 0f || supplyVolts < 1f) return duty;
            float d = duty + loadAmps * _loopOhms * cutSeconds / (supplyVolts * (BoardConstants.TickPeriodMicros * 1e-6f));
            return d > ceiling ? ceiling : d;
        }

        /// <summary>The soft start's setpoint is still short of <paramref name="setpointHz"/>, or reached it less than
        /// <see cref="RampSettleMicros"/> ago: the rotor is accelerating by design.</summary>
        private bool Ramping(float setpointHz, long now)
        {
            return _setpointHz < setpointHz || now - _rampDoneMicros < RampSettleMicros;
        }

        /// <summary>How long phase 0 brakes for a given rate: τ_b·ln(f / f_crawl), bounded. Unit: µs.</summary>
        private static long BrakeMicrosFor(float rateHz)
        {
            if (rateHz <= ParkCrawlHz) return 0;
            float seconds = ParkBrakeTauSeconds * (float)System.Math.Log(rateHz / ParkCrawlHz);
            long micros = (long)(seconds * 1e6f);
            return micros > ParkBrakeMaxMicros ? ParkBrakeMaxMicros : micros;
        }

        private void SetParkPhase(int phase, long now)
        {
            _parkPhase = phase;
            _parkPhaseSinceMicros = now;
        }
    }
}
