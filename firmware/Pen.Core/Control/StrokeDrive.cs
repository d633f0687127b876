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
        /// <summary>Slowing down and parking the needles at the retracted point (a stop asked for, or a controlled stop).</summary>
        Parking = 2,
        /// <summary>Measuring the motor (Commissioning/MotorIdentification): the bare cam turns, no cartridge seated.</summary>
        Identifying = 3,
        /// <summary>After an immediate stop cut the drive: bringing the needles back in, as far as the supervisor allows it (<see cref="NeedleRetraction"/>).</summary>
        Retracting = 4,
        /// <summary>Measuring the cartridge just seated (Commissioning/CartridgeIdentification): its spring's breakaway, then its friction; parks after.</summary>
        IdentifyingCartridge = 5,
    }

    /// <summary>What the pen knows of the seated cartridge's spring and friction.</summary>
    public enum CartridgeStatus
    {
        /// <summary>None seated, or the seated one not measured since it was seated (one seated at boot only while the first start
        /// waits for it, Commissioning/README.md): the chain runs once the drive is off and idle with the cam at rest and the treatment lets it
        /// (<see cref="StrokeDrive.CartridgeMayBeMeasured"/>); a start waits for it meanwhile (Session/Treatment).</summary>
        NotIdentified = 0,
        /// <summary>The chain is running.</summary>
        Identifying = 1,
        /// <summary>This cartridge's spring is in use (from its record, or just measured).</summary>
        Identified = 2,
        /// <summary>The chain refused the cartridge (spring missing or broken, jammed, binding): the pen will not treat with it.</summary>
        Implausible = 3,
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
    /// The motor drive: rate estimate, soft start, closed-loop rate control, and the needles brought in after every
    /// stop (<see cref="NeedleRetraction"/>). It obeys the supervisor: an immediate stop (or lockout) cuts duty and
    /// enable at once, and then, where the supervisor allows it (the cause is not in the bridge or the Hall sensor),
    /// brings the needles back in; a controlled stop parks them.
    ///
    /// The start from rest, until the cam's first stroke (StartFloor), while the back-EMF speed is under the crawl rate:
    ///   D ≥ min(D_b, D_{k−1} + S·Δt)      D_b = R·T_b/(k_e·V): the breakaway torque T_b (the return spring's peak and the
    ///                                    friction, with margin) at stall, reached at the speed loop's slew limit S
    ///   D ≥ R_L·I_cap/V  when k_t·I + 2π·J·(Δf − n)/Δt > T_b  the load on the cam (Newton: the winding's torque k_t·I
    ///                                    plus the torque that slowed the cam, Δf the fall of the back-EMF speed over the
    ///                                    tick, less its noise n: PenLimits.StartFallShuntNoiseAmps read as speed at this
    ///                                    duty) is beyond the breakaway while the cam stands or crawls: a load beyond the
    ///                                    spring (skin met in the spin-up, whose tenting force rises with the needles'
    ///                                    depth and the contact's ramp). On the tick the skin stops the cam the tick's
    ///                                    mean current still lags its stall value; the fall says it. The standing winding then
    ///                                    draws I_cap (PenLimits.StartLoadedMaxAmps: the over-current trip less the
    ///                                    sensing error), torque k_t·I_cap, at once rather than at the slew limit, before
    ///                                    the load has risen further; a cam already turning draws less (its back-EMF), one
    ///                                    pushed back by the skin k_e·|ω|/R_L more (under 0.1 A below the crawl rate). Once
    ///                                    the cam turns faster than the crawl rate the speed loop's own duty rules again
    ///                                    (held on, the cap would carry a stiffer spring's start far past its setpoint). A
    ///                                    load beyond k_t·I_cap stays standing and the stall check stops it as before.
    /// </summary>
    public sealed class StrokeDrive
    {
        // Soft start [E]: 150 strokes/s within 0.25 s, inside the start's 300 ms; the acceleration it asks for costs
        // 2π·J·f'/k_t of current, about 0.1 A on RP-1.
        private const float SoftStartHzPerSecond = 600f;

        // The back-EMF speed needs the motor current, the shunt's mean over the PWM period divided by the duty (I = S/D):
        // below 8 % duty that division multiplies the shunt reading's noise and zero error by more than 12.5 (2.5 mA of
        // noise is 30 mA, 3 strokes/s on RP-1), and the LEDC's truncated steps are a larger share of the duty. Below it
        // (the soft start's first ticks) the estimator runs on the count. Unit: fraction of full duty. [E]
        private const float MinBackEmfDuty = 0.08f;

        private readonly StrokeRateEstimator _rate = new StrokeRateEstimator();
        private readonly BoardVariant _board;
        private readonly MotorModel _model;
        private readonly MotorIdentification _identification;
        private MotorStatus _motorStatus = MotorStatus.NotIdentified;
        private string _motorRecordToWrite;
        private readonly CartridgeIdentification _cartridge;
        private CartridgeStatus _cartridgeStatus = CartridgeStatus.NotIdentified;
        private int _cartridgeRecordToWrite;   // 0 none, CartridgeMeasuredRecord, CartridgeOutRecord
        // the torque that turns the seated cartridge's cam from rest at any angle, with the margin: the identified one's, or
        // the board's nominal until it is measured (the start's breakaway floor; the retraction's crawl keeps the board's
        // spring with the unit's friction, whose bounds docs/safety-measurements.md measured)
        private float _breakawayNm;
        private bool _parkAfterCartridge;   // the park after the cartridge chain is under way
        private int _loadedRuns;            // chains in a row whose steady point read a load (CartridgeOutcome.Loaded)
        private long _cartridgeRetryMicros; // after such a run, the next one not before this time
        private float _recordedBreakawayNm; // the CARTID record found at boot (diagnosis only)
        private long _asleepSinceMicros;    // the bridge released since (boot, the last stop)
        private long _lastNowMicros;
        // the loop resistance in use: the identified R_L, and once the in-use re-check has an estimate (LoopResistanceCheck,
        // UseLoopOhms), R_L at the winding estimate times its correction
        private float _loopOhms;
        private readonly LoopResistanceCheck _resistance;
        private float _hzPerVolt;
        // the back-EMF speed of the crawl (CrawlSpeed): the unit's motor while a retraction runs; the board's datasheet motor
        // for the start's breakaway floor (StartFloor), as is the retraction's breakaway duty there
        private float _crawlOhms;
        private float _crawlHzPerVolt;
        // the averaged input (10 ms RC) needs 5 RC constants after the bridge goes off before it reads zero;
        // k = 1/20 keeps the zero's own noise out of the back-EMF speed (the control report's settling is sensitive to it)
        private readonly CurrentZero _zero = new CurrentZero(50000, 0.05f);
        // the fast input's zero (100 µs RC: settled within a tick), for the retraction's speed when the averaged input
        // is at a rail (open or shorted): the same amplifier, its own pin
        private readonly CurrentZero _fastZero = new CurrentZero(0, 0.125f);
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
        private float _accelerationAmpsPerHzPerSecond;
        private float _lastRateHz;
        private bool _haveLastRate;
        // Two waits after which the current is load again, not the rotor's acceleration, each past the stroke window (the
        // controller sees the current as its mean over the last stroke period, StrokeWindow: up to 1/f_min = 20 ms, the
        // lowest treatment rate's stroke, after the acceleration ends) (RampSettleMicros, ReaccelerationMicros):
        //   settle after the ramp  t_s = 1/f_min + 3·τ_m   τ_m = J·R_L/(k_t·k_e), with which the rotor's speed settles
        //                          (made from the motor    at a held duty (14.4 ms on RP-1's datasheet motor). The rotor lags
        //                          model in use,           the soft start's ramp ḟ by about ḟ·τ_m (8.6 strokes/s on RP-1);
        //                          ApplyModel)             at the ramp's end that lag and its acceleration current 2π·J·ḟ/k_t
        //                                                  (0.1 A) fall as e^(−t/τ_m), to 5 % after 3 τ_m (5 mA, the
        //                                                  current's noise at 50 strokes/s), and the stroke mean a stroke
        //                                                  later: only then are the integral and the I·R term's load filter
        //                                                  given the rate error and the current as load
        //   hold after a lapse     t_r = T + 1/f_min       the make-up duty (CoastMakeUpDuty) gives the coast's lost speed
        //                                                  back within its tick T (10 ms); its extra current, I·t_cut/T, is
        //                                                  in the stroke mean until a stroke period after that tick
        private const float RampSettleTaus = 3f;
        private const long StrokeWindowMaxMicros = (long)(1e6f / PenLimits.MinStrokeRateHz);
        private const long ReaccelerationHoldMicros = BoardConstants.TickPeriodMicros + StrokeWindowMaxMicros;
        private long _rampSettleMicros;
        private long _rampDoneMicros;
        // the rotor accelerates by design (ramping) while the soft start's setpoint is short of the one asked for, or
        // reached it less than RampSettleMicros ago: until this time, _rampDoneMicros + _rampSettleMicros (kept with both)
        private long _rampSettledMicros;
        // after a lapsed tick the rotor re-accelerates from the coast: its acceleration current is not load, so the
        // feed-forward's load current is held meanwhile (ReaccelerationHoldMicros)
        private long _lapsedMicros = -ReaccelerationHoldMicros;
        private long _runningSinceMicros;
        private long _countAtStart;
        private bool _firstStrokeDue;   // running, and no stroke since the start yet
        private bool _crawlRead;            // CrawlSpeed read the current this tick
        private float _lastStartHz = -1f;   // the start's back-EMF speed on the last tick (StartFloor), −1 where none was read
        private bool _parkOnInsertion;  // a retraction ran with no cartridge seated: retract when one is
        private readonly NeedleRetraction _retraction;
        // the needles may be out: the drive has run since the last completed retraction (at power-up the cam rests where
        // the last stop or the return spring left it, which the drive cannot see)
        private bool _retractionDue;
        private float _rateAtCutHz;
        private int _unconfirmedStops;
        private RetractionStart _cutStart;
        // a coasting cam from 150 strokes/s stops within about 0.3 s (friction, spring, the bridge asleep); without an
        // edge for this long it rests [E]
        private const long CoastToRestMicros = 400000;
        private bool _awaitingRest;
        private long _restCount;
        private long _restSinceMicros;
        private bool _checkedAtBoot;
        private float _restPhase = -1f;
        private float _driveHz;
        private float _crawlAmps;               // the retraction's motor current reading, A (0 when unknown)
        private float _lastDuty;
        private long _reverseEdges;
        private readonly bool _batteryPowered;
        private bool _currentKnown = true;

        public StrokeDrive(BoardVariant board)
        {
            _board = board;
            _model = MotorModel.Datasheet(board);
            _identification = new MotorIdentification(board);
            _cartridge = new CartridgeIdentification(board);
            _breakawayNm = board.CamBreakawayTorqueNm;
            _speed = new SpeedController(board.MotorBackEmfVoltSecondsPerRad,
                board.MotorResistanceOhms + board.DriveResistanceOhms, board.MotorNoLoadAmps, board.RotorInertiaKgM2, board.NominalSupplyVolts);
            _batteryPowered = board.BatteryPowered;
            _crawlOhms = board.MotorResistanceOhms + board.DriveResistanceOhms;
            _crawlHzPerVolt = 1f / (6.2831853f * board.MotorBackEmfVoltSecondsPerRad);
            _retraction = new NeedleRetraction(board.MotorBackEmfVoltSecondsPerRad, board.MotorResistanceOhms + board.DriveResistanceOhms, board.MotorNoLoadAmps, board.CamBreakawayTorqueNm, board.RotorInertiaKgM2);
            _retraction.UseIdentification(_model, _cartridge);
            _resistance = new LoopResistanceCheck(_model, board.MotorResistanceOhms + board.DriveResistanceOhms);
            ApplyModel();
        }

        /// <summary>
        /// Makes the loop's constants from the motor model in use (the datasheet's, or this unit's identified one once it is
        /// known): the back-EMF rate's 1/(2π·k_e) and R_L, the acceleration current's 2π·J/k_t (k_t = k_e in SI), and the
        /// controller's feed-forward (k_e, R_L, the friction current of motor and cam). The needle retraction's crawl is made
        /// from it when a retraction begins (<see cref="CrawlOnModel"/>).
        /// </summary>
        private void ApplyModel()
        {
            _loopOhms = _model.LoopOhms;
            _resistance.Reset();
            _hzPerVolt = 1f / _model.VoltsPerHz;
            _accelerationAmpsPerHzPerSecond = _model.AmpsPerHzPerSecond;
            _speed.SetMotor(_model.KeVoltSecondsPerRad, _model.LoopOhms, _model.FrictionAmps, _model.InertiaKgM2);
            float tauMechanical = _model.TauMechanicalSeconds(_model.LoopOhms);
            _rampSettleMicros = StrokeWindowMaxMicros + (long)(RampSettleTaus * tauMechanical * 1e6f);
            _rampSettledMicros = _rampDoneMicros + _rampSettleMicros;
            float midHz = 0.5f * (PenLimits.MinStrokeRateHz + PenLimits.MaxStrokeRateHz);
            _rate.SetBackEmfNoise(StrokeRateEstimator.BackEmfNoiseHz(_model.KeVoltSecondsPerRad, _model.LoopOhms,
                _model.FrictionAmpsAt(midHz), _board.NominalSupplyVolts, _board.Scale.SupplyVolts(1f)));
        }

        /// <summary>
        /// The loop resistance measured again over windows of running (<see cref="LoopResistanceCheck"/>), called by the
        /// firmware after this tick's outputs are written, so that it delays none of them: from the tick just run, the duty
        /// the pin carried over it (AppliedDuty's, worked out at the tick's start), the supply, and the stroke-mean motor
        /// current (over a 2 s window the mean of stroke means is the mean of the ticks'). u = R·i + k_e·ω holds in the ramp
        /// and a re-acceleration too, so only a tick without a valid current (the soft start's lowest duties, a lapsed tick)
        /// or not running restarts the window; at a restart while running, and at each window's close, the loop's R is set.
        /// </summary>
        /// <param name="frame">This tick's inputs.</param>
        /// <param name="windingC">Winding temperature estimate. Unit: °C.</param>
        public void RecheckResistance(SensorFrame frame, float windingC)
        {
            if (_mode != DriveMode.Running || !_haveLastRate)
            {
                _resistance.Restart(frame.PulseCount, frame.PulseSampleMicros);
                if (_mode == DriveMode.Running) UseLoopOhms(windingC);
                return;
            }

            if (!_resistance.Add(_applied * frame.SupplyVolts, _strokeMotorAmps)) return;
            _resistance.Close(frame.PulseCount, frame.PulseSampleMicros, windingC);
            UseLoopOhms(windingC);
            if (_resistance.Implausible) _motorStatus = MotorStatus.Implausible;
        }

        /// <summary>
        /// The loop's R: once the re-check has counted <see cref="PenLimits.ResistanceCheckTakeOverWindows"/> windows, the model's
        /// R_L at the winding estimate times its correction; until then the identified R_L, so a start and the first seconds
        /// of a treatment run on the model the pen identified (the winding warms over minutes).
        /// </summary>
        private void UseLoopOhms(float windingC)
        {
            _loopOhms = _resistance.Windows >= PenLimits.ResistanceCheckTakeOverWindows ? _resistance.Correction * _model.LoopOhmsAt(windingC) : _model.LoopOhms;
            _speed.SetLoopOhms(_loopOhms);
        }

        /// <summary>How long after the soft start's ramp the current is still the rotor's acceleration: 1/f_min + 3·τ_m of the motor model in use. Unit: µs.</summary>
        public long RampSettleMicros => _rampSettleMicros;
        /// <summary>How long after a lapsed tick the current is the re-acceleration's, not load: T + 1/f_min. Unit: µs.</summary>
        public const long ReaccelerationMicros = ReaccelerationHoldMicros;

        /// <summary>
        /// Before a retraction: its crawl (back-EMF speed, feed-forward, breakaway duty, current cap, approach rate) made
        /// from the motor model in use, with the breakaway torque of the spring's peak and, once identified, the unit's own
        /// friction at rest. The start's breakaway floor stays on the board's datasheet motor
        /// (<see cref="CrawlOnDatasheetMotor"/>): it is a floor under the start's duty, not a model of this unit (why it
        /// stays the datasheet's: docs/open-defects.md D-2).
        /// </summary>
        private void CrawlOnModel()
        {
            _crawlOhms = _model.LoopOhms;
            _crawlHzPerVolt = _hzPerVolt;
            float breakaway = _model.Identified
                ? BoardVariant.CamBreakawayMargin * (_board.CamSpringPeakTorqueNm + _model.KeVoltSecondsPerRad * _model.FrictionAmpsAt(0f))
                : _board.CamBreakawayTorqueNm;
            _retraction.SetMotor(_model.KeVoltSecondsPerRad, _model.LoopOhms, _model.FrictionAmps, breakaway, _model.InertiaKgM2);
        }

        /// <summary>After a retraction: the start's breakaway floor on the board's datasheet motor again.</summary>
        private void CrawlOnDatasheetMotor()
        {
            _crawlOhms = _board.MotorResistanceOhms + _board.DriveResistanceOhms;
            _crawlHzPerVolt = 1f / (6.2831853f * _board.MotorBackEmfVoltSecondsPerRad);
            _retraction.SetMotor(_board.MotorBackEmfVoltSecondsPerRad, _crawlOhms, _board.MotorNoLoadAmps, _breakawayNm, _board.RotorInertiaKgM2);
        }

        /// <summary>What the drive is doing.</summary>
        public DriveMode Mode => _mode;
        /// <summary>Duty to write to the PWM. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>The duty the LEDC channel applies for <see cref="Duty"/>, its steps truncated as the device does (Board/PwmDuty). Unit: fraction 0..1.</summary>
        public float AppliedDuty
        {
            get
            {
                // worked out once per duty: the supervisor's inputs and the next drive step both read it
                if (_duty != _appliedFor)
                {
                    _applied = PwmDuty.Applied(_duty);
                    _appliedFor = _duty;
                }

                return _applied;
            }
        }

        private float _appliedFor, _applied;   // AppliedDuty's last duty and its value (PwmDuty.Applied(0) = 0)
        /// <summary>Driver enable to request.</summary>
        public bool EnableRequested => _enable;
        /// <summary>Setpoint after the soft-start ramp; 0 when not running. Unit: strokes/s.</summary>
        public float SetpointHz => _setpointHz;
        /// <summary>Estimated stroke rate. Unit: strokes/s.</summary>
        public float MeasuredRateHz => _rate.RateHz;
        /// <summary>Estimated motor current (shunt average / duty). Unit: A.</summary>
        public float MotorAmps => _motorAmps;
        /// <summary>Motor current averaged over the last stroke (the speed loop's feed-forward), from the averaged current input. Unit: A.</summary>
        public float StrokeMotorAmps => _strokeMotorAmps;
        /// <summary>The rate estimator (phase, count).</summary>
        public StrokeRateEstimator Rate => _rate;
        /// <summary>True when stopped with the park sequence completed (or never started) and no retraction still due after a cut: records are written to the flash only then.</summary>
        public bool Stopped => _mode == DriveMode.Off && !_retractionDue;
        /// <summary>The bridge drives in reverse (PH high): only while a retraction backs the cam out.</summary>
        public bool Reverse => _mode != DriveMode.Running && _retraction.Reverse;
        /// <summary>Hall edges a retraction made backing the cam into the Hall window from its far end (a reverse crawl, or the spring after a pass): edges, not strokes.</summary>
        public long ReverseEdges => _reverseEdges;
        /// <summary>The last retraction (park or after a cut) and how it ended.</summary>
        public NeedleRetraction Retraction => _retraction;
        /// <summary>
        /// Stops after which the drive could not confirm the needles in: a retraction that found neither way to the
        /// retracted point, or a cut the supervisor allowed no retraction after. Counts up; the supervisor raises
        /// <see cref="FaultCode.NeedlesMayBeOut"/> when it changes.
        /// </summary>
        public int UnconfirmedStops => _unconfirmedStops;

        /// <summary>The motor model in use: this unit's identified one, or the datasheet's until it has one.</summary>
        public MotorModel Model => _model;
        /// <summary>The loop resistance the running loop uses: the identified R_L, or once the re-check has counted enough windows, the model's R_L at the winding estimate times its correction. Unit: Ω.</summary>
        public float LoopOhmsInUse => _loopOhms;
        /// <summary>The loop resistance re-checked in use (its correction and last window).</summary>
        public LoopResistanceCheck ResistanceCheck => _resistance;
        /// <summary>The identification chain (its diagnostics after a run).</summary>
        public MotorIdentification Identification => _identification;
        /// <summary>What the pen knows of its motor.</summary>
        public MotorStatus MotorStatus => _motorStatus;
        /// <summary>What the pen knows of the seated cartridge's spring.</summary>
        public CartridgeStatus CartridgeStatus => _cartridgeStatus;
        /// <summary>The cartridge identification chain (its values after a run).</summary>
        public CartridgeIdentification CartridgeIdentification => _cartridge;
        /// <summary>The breakaway torque in use (with its margin): the seated cartridge's once identified, else the board's. Unit: N·m.</summary>
        public float BreakawayTorqueNm => _breakawayNm;
        /// <summary>Something for the firmware's commissioning step (PenFirmware): the motor not identified, just identified,
        /// or a cartridge record to write. The firmware clears it once it has taken what there was.</summary>
        public bool CommissioningPending = true;
        /// <summary>The treatment lets the seated cartridge be measured this tick (Session/Treatment.CartridgeMayBeMeasured): set by
        /// the firmware before <see cref="Update"/> while the cartridge is not measured.</summary>
        public bool CartridgeMayBeMeasured;

        /// <summary>
        /// Asks for the seated cartridge to be measured again (a service): the chain runs as after a seating, once the drive is
        /// off and idle with the cam at rest; the breakaway in use stays until it has passed.
        /// </summary>
        public void RequestCartridgeIdentification()
        {
            if (_cartridgeStatus == CartridgeStatus.Identifying) return;
            _cartridgeStatus = CartridgeStatus.NotIdentified;
            _loadedRuns = 0;
            _cartridgeRetryMicros = 0;
        }

        /// <summary>
        /// Takes the CARTID record from the record store (boot). It is not used: the pen has no cartridge identity, only the
        /// seated switch, and a cartridge changed while the pen was off cannot be seen, so the record says nothing sure of the
        /// cartridge seated at boot, which the first start measures before it runs. A whole, plausible record's breakaway is kept for diagnosis
        /// (<see cref="RecordedBreakawayTorqueNm"/>). Boot only: parsing allocates.
        /// </summary>
        public void LoadCartridgeRecord(string record)
        {
            float breakaway, spring, friction;
            _recordedBreakawayNm = CartridgeRecord.Parse(record, out breakaway, out spring, out friction) && CartridgeRecord.Check(spring, friction, _board) == CartridgeOutcome.None
                                   && breakaway > spring ? breakaway : 0f;
            _cartridgeStatus = CartridgeStatus.NotIdentified;
            _breakawayNm = _board.CamBreakawayTorqueNm;
            if (_mode == DriveMode.Off) CrawlOnDatasheetMotor();
        }

        /// <summary>The cartridge chain or the park after it is under way.</summary>
        public bool MeasuringCartridge => _mode == DriveMode.IdentifyingCartridge || _parkAfterCartridge;

        /// <summary>The breakaway of the CARTID record found at boot (the cartridge measured before the power-off), or 0 when there
        /// was none whole and plausible: diagnosis only. Unit: N·m.</summary>
        public float RecordedBreakawayTorqueNm => _recordedBreakawayNm;

        private void UseCartridge(float measuredBreakawayNm)
        {
            _cartridgeStatus = CartridgeStatus.Identified;
            _breakawayNm = BoardVariant.CamBreakawayMargin * measuredBreakawayNm;
            if (_mode == DriveMode.Off) CrawlOnDatasheetMotor();
        }

        /// <summary><see cref="TakeCartridgeRecord"/>: the cartridge just measured (its values in <see cref="CartridgeIdentification"/>), or taken out.</summary>
        public const int CartridgeMeasuredRecord = 1, CartridgeOutRecord = 2;

        /// <summary>The record of a cartridge just identified (<see cref="CartridgeMeasuredRecord"/>) or taken out
        /// (<see cref="CartridgeOutRecord"/>), to be written to the record store (once; 0 when there is none).</summary>
        public int TakeCartridgeRecord()
        {
            int r = _cartridgeRecordToWrite;
            _cartridgeRecordToWrite = 0;
            return r;
        }

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
                ApplyModel();
            }
            else
            {
                _model.SetDatasheet(_board);
                _motorStatus = MotorStatus.NotIdentified;
                ApplyModel();
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
        /// <param name="windingC">Winding temperature estimate (the supervisor's thermal model). Unit: °C.</param>
        /// <param name="retraction">What the supervisor lets the drive do about the needles after a stop (its strictest active rule).</param>
        public void Update(SensorFrame frame, bool run, float setpointHz, SafetyAction action, float windingC, RetractionRule retraction)
        {
            long now = frame.NowMicros;
            _lastNowMicros = now;
            float dt = frame.TickIntervalMicros * 1e-6f;
            // at power-up the cam rests (or, after a brief power loss, coasts to rest) where the last stop left it:
            // outside the Hall window, the needles may be out (the return spring stopped near the bottom), and the pen
            // says so once the cam has come to rest
            bool running = _mode == DriveMode.Running;
            if (!running && _mode == DriveMode.Off)
            {
                if (!_checkedAtBoot)
                {
                    _checkedAtBoot = true;
                    _asleepSinceMicros = now;
                    AwaitRest(now, frame.PulseCount);
                }

                CheckRestWithoutDrive(now, frame);
                if (frame.CartridgeSeatedRaw ? _cartridgeStatus == CartridgeStatus.NotIdentified : _cartridgeStatus != CartridgeStatus.NotIdentified || _recordedBreakawayNm > 0f)
                    WatchCartridge(frame, run, action, now);
                // a cartridge seated on a cam that was left outside the window with none in (ParkOnInsertion): its
                // carrier rides on the cam, so its needles would stand out; bring them in now the spring is there
                if (_parkOnInsertion && frame.CartridgeSeatedRaw)
                {
                    _parkOnInsertion = false;
                    if (!frame.CamInArc)
                    {
                        _retractionDue = true;
                        _cutStart = RetractionStart.FromRest;
                        _restPhase = -1f;
                    }
                }
            }

            // the shunt carries the on-time current only: motor current ≈ shunt average / duty, against a zero
            // learnt while the bridge is off (Board/CurrentZero)
            if (_enable) _zero.BridgeOn();
            else _zero.Learn(frame.CurrentAveragedMillivolts, true, now);
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
            float applied = AppliedDuty;
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
            // the retraction's speed in its own direction, from the tick's mean current (the crawl's duty is below
            // MinBackEmfDuty; the shunt sees the current in the driven direction, forward or reverse); from the fast input
            // when the averaged one is at a rail, and not known when both are (the amplifier or its supply failed). Only
            // where it is used (CrawlSpeed): a retraction (and the tick a stop begins it), and a start until its first
            // stroke, not on the running tick
            if (!_enable) _fastZero.Learn(frame.CurrentMillivolts, true, now);
            float strokeSeconds = _setpointHz > 1f ? 1f / _setpointHz : 0f;
            // f_e = (D·V − I·R) / (2π·k_e), with the tick's mean current: the mean shaft speed over the tick, which is
            // what the estimator's phase advances by (the speed swings ±10 % within a stroke at 50 strokes/s)
            float backEmfHz = backEmfValid ? (applied * frame.SupplyVolts - tickMotorAmps * _loopOhms) * _hzPerVolt : 0f;
            bool rotorSteady = running && !(_setpointHz < setpointHz || now < _rampSettledMicros);   // not ramping
            // a retraction backing the cam into the Hall window from its far end makes an edge that is no stroke (an edge
            // shows in the count of the tick after it: the retraction's state is still the last tick's here)
            if (!running && _retraction.EdgesAreNotStrokes && frame.PulseCount > _rate.Count) _reverseEdges += frame.PulseCount - _rate.Count;
            _rate.Update(frame.PulseCount, frame.PulseSampleMicros, backEmfHz, backEmfValid, rotorSteady);
            float rateHz = _rate.RateHz;
            float accelerationAmps = 0f;
            if (backEmfValid && _haveLastRate && dt > 0f) accelerationAmps = _accelerationAmpsPerHzPerSecond * (rateHz - _lastRateHz) / dt;
            _lastRateHz = rateHz;
            _haveLastRate = backEmfValid;
            // the stroke means of the current, the acceleration current and the rate, in one pass (StrokeWindow); the
            // controller holds the stroke rate, so it sees the rate averaged over one stroke: the swing within a stroke,
            // sampled by a tick that drifts against the cam, would otherwise alias into a slow wander. A lapsed tick
            // leaves the means as they were (the controller does not run then), and fills its own length of the windows
            // with them: the next tick's window is then that tick and the stroke means before the lapse, not that tick and
            // one tick of 40 ms before it, a part of a stroke whose cam phase no longer joins this one's (at 50 strokes/s
            // two ticks that fall on the same part of the stroke read the rate 5-10 % off for a tick, and the P answers it).
            if (!enableLapsed)
            {
                _strokeMeans.Add(tickMotorAmps, accelerationAmps, rateHz, backEmfValid ? dt : 0f, dt, strokeSeconds);
                _strokeMotorAmps = _strokeMeans.Amps;
                _strokeRateHz = _strokeMeans.Rate;
            }
            else _strokeMeans.Add(_strokeMotorAmps, 0f, _strokeRateHz, dt, dt, strokeSeconds);

            float strokeAccelerationAmps = enableLapsed ? 0f : _strokeMeans.Acceleration;

            if (_mode == DriveMode.Identifying)
            {
                Identify(frame, applied, action, windingC);
                return;
            }

            if (_mode == DriveMode.IdentifyingCartridge && IdentifyCartridge(frame, tickShuntAmps, applied, action, now)) return;

            if (action >= SafetyAction.ImmediateStop)
            {
                CrawlSpeed(frame, tickShuntAmps, applied, enableLapsed);
                CutAndRetract(now, retraction, running && Standing(frame, backEmfValid, backEmfHz, now), frame, dt);
                return;
            }

            bool mayRun = run && action < SafetyAction.ControlledStop;
            if (mayRun && _mode != DriveMode.Running && !_retraction.Active)
            {
                _mode = DriveMode.Running;
                _runningSinceMicros = now;
                _countAtStart = _rate.Count;
                _firstStrokeDue = true;
                _lastStartHz = -1f;
                _setpointHz = 0f;
                _speed.Reset();
                _retraction.Clear();
                _retractionDue = true;
                _awaitingRest = false;
                _lastDuty = 0f;
            }
            else if (!mayRun && _mode == DriveMode.Off && _retractionDue)
            {
                // a cut whose cause cleared before its retraction began (a cartridge seated again at once): the needles
                // may still be out, so the retraction runs all the same
                _mode = DriveMode.Retracting;
                CrawlOnModel();
                _retraction.Begin(now, _rate.RateHz, _cutStart);
            }
            else if (!mayRun && _mode == DriveMode.Running)
            {
                CrawlSpeed(frame, tickShuntAmps, applied, enableLapsed);
                bool standing = Standing(frame, backEmfValid, backEmfHz, now);
                _mode = DriveMode.Parking;
                _setpointHz = 0f;
                _restPhase = standing ? _rate.Phase : -1f;
                CrawlOnModel();
                _retraction.Begin(now, _rate.RateHz, StartFor(standing, retraction));
            }

            if (_mode == DriveMode.Running)
            {
                // soft start: the setpoint the controller sees rises at a bounded rate, and a paused tick moves it no
                // further than the longest ordinary tick: a pause would otherwise jump it by up to 30 strokes/s, and the
                // P would chase a rotor that had coasted through the pause (the start overshoots)
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
                bool ramping = _setpointHz < setpointHz || now < _rampSettledMicros;
                if (_setpointHz < setpointHz)
                {
                    _rampDoneMicros = now;
                    _rampSettledMicros = now + _rampSettleMicros;
                }
                if (enableLapsed) _lapsedMicros = now;
                bool reaccelerating = now - _lapsedMicros < ReaccelerationHoldMicros;
                if (!enableLapsed) _duty = _speed.Update(_setpointHz, _strokeRateHz, frame.SupplyVolts, _strokeMotorAmps, strokeAccelerationAmps, dt, ramping, reaccelerating);
                else if (!ramping) _duty = CoastMakeUpDuty(_speed.Duty, _speed.LoadAmps, dt, frame.SupplyVolts, _speed.Ceiling);
                // from rest, until the cam has passed its first stroke, the motor must be able to lift the return spring
                // over its peak: the soft start's first duties (the feed-forward of a few strokes/s) are not, and a tick
                // pause that held one of them would leave the cam standing on its flank under current (a stall).
                // The floor rises at the speed loop's own slew limit (SpeedController.MaxStepDuty).
                if (_firstStrokeDue) StartFloor(frame, tickShuntAmps, applied, enableLapsed, dt);
                if (_firstStrokeDue) _lastDuty = _duty;
            }
            else if (_mode == DriveMode.Parking || _mode == DriveMode.Retracting)
            {
                CrawlSpeed(frame, tickShuntAmps, applied, enableLapsed);
                Retract(now, frame, dt);
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
            _asleepSinceMicros = frame.NowMicros;
            _mode = DriveMode.Off;
            _duty = 0f;
            _enable = false;
            _setpointHz = 0f;
            CommissioningPending = true;
            if (_identification.Succeeded)
            {
                _model.CopyFrom(_identification.Result);
                _motorStatus = MotorStatus.Identified;
                ApplyModel();
                _motorRecordToWrite = MotorRecord.ToRecord(_model);
            }
            else
            {
                // stopped from outside: measured again later; a motor the checks refused: implausible
                _motorStatus = interrupted ? MotorStatus.NotIdentified : MotorStatus.Implausible;
            }
        }

        /// <summary>
        /// With the drive off: a cartridge taken out forgets its spring (its record becomes "CARTID none"); a cartridge seated
        /// while the pen is on and not measured yet is measured once the drive is idle (no retraction due, no start asked for),
        /// the treatment lets it (<see cref="CartridgeMayBeMeasured"/>), the motor is identified, the supervisor asks nothing, the
        /// bridge has slept long enough for the driver check to judge it and the cam rests in the Hall window (the needles in).
        /// A start waits for it meanwhile (Session/Treatment).
        /// </summary>
        private void WatchCartridge(SensorFrame frame, bool run, SafetyAction action, long now)
        {
            if (!frame.CartridgeSeatedRaw)
            {
                _loadedRuns = 0;
                _cartridgeRetryMicros = 0;
                // the cartridge out: its record (measured now, or found at boot) describes none seated
                if (_cartridgeStatus == CartridgeStatus.NotIdentified && _recordedBreakawayNm <= 0f) return;
                _recordedBreakawayNm = 0f;
                _cartridgeStatus = CartridgeStatus.NotIdentified;
                _breakawayNm = _board.CamBreakawayTorqueNm;
                CrawlOnDatasheetMotor();
                _cartridgeRecordToWrite = CartridgeOutRecord;
                CommissioningPending = true;
                return;
            }

            // the cam rests in the Hall window: no edge for CartridgeRestMicros (at boot, before the drive's own wait for rest ends)
            if (_cartridgeStatus != CartridgeStatus.NotIdentified || _motorStatus != MotorStatus.Identified || action != SafetyAction.None || run || !CartridgeMayBeMeasured
                || _retractionDue || _parkOnInsertion || !frame.CamInArc || frame.EnableLapsed || now < _cartridgeRetryMicros) return;
            if (_awaitingRest && (frame.PulseCount != _restCount || now - _restSinceMicros < PenLimits.CartridgeRestMicros)) return;
            // the driver's check has judged the bridge asleep first (a shorted output is locked out before the bridge wakes)
            if (now - _asleepSinceMicros < PenLimits.CartridgeAsleepBeforeMicros) return;
            _cartridge.Start(now, frame.PulseCount, _model, frame.SupplyVolts);
            _cartridgeStatus = CartridgeStatus.Identifying;
            _mode = DriveMode.IdentifyingCartridge;
            _retractionDue = true;
            _setpointHz = 0f;
            _duty = _cartridge.Duty;
            _enable = _cartridge.Enable;
        }

        /// <summary>
        /// One tick of the cartridge chain. A stop from the supervisor or the cartridge taken out ends it unfinished (the drive
        /// then stops and retracts as after any motion: false). When it ends, the cam turns (or stands on the spring's
        /// flank when it never turned over): the park brings the needles in (from this tick on: false), and a plausible cartridge
        /// goes into use and to the record store; an implausible one makes <see cref="CartridgeStatus"/> Implausible (Safety's
        /// CommissioningCheck).
        /// </summary>
        private bool IdentifyCartridge(SensorFrame frame, float tickShuntAmps, float applied, SafetyAction action, long now)
        {
            if (action >= SafetyAction.ControlledStop || !frame.CartridgeSeatedRaw)
            {
                _cartridge.Abort();
                _cartridgeStatus = CartridgeStatus.NotIdentified;
                _asleepSinceMicros = now;
                _mode = DriveMode.Off;
                _duty = 0f;
                _enable = false;
                return false;
            }

            _cartridge.Update(now, frame.PulseCount, frame.PulseSampleMicros, tickShuntAmps, applied, frame.EnableLapsed);
            if (_cartridge.Running)
            {
                _duty = _cartridge.Duty;
                _enable = _cartridge.Enable;
                return true;
            }

            bool turnedOver = _cartridge.RunawayDuty > 0f;
            _parkAfterCartridge = true;
            if (_cartridge.Succeeded)
            {
                _loadedRuns = 0;
                UseCartridge(_cartridge.BreakawayTorqueNm);
                _cartridgeRecordToWrite = CartridgeMeasuredRecord;
            }
            else if (_cartridge.Outcome == CartridgeOutcome.Loaded)
            {
                // needles on skin, or a binding carrier: measured again after a wait, refused once it reads so every time
                _loadedRuns++;
                _cartridgeRetryMicros = now + PenLimits.CartridgeRetryMicros;
                _cartridgeStatus = _loadedRuns >= PenLimits.CartridgeLoadedRuns ? CartridgeStatus.Implausible : CartridgeStatus.NotIdentified;
            }
            else _cartridgeStatus = _cartridge.Outcome == CartridgeOutcome.StillTurning ? CartridgeStatus.NotIdentified : CartridgeStatus.Implausible;

            CommissioningPending = true;
            // the needles in: a cam that turned parks as after a run; one held on the spring's flank is backed out
            _mode = DriveMode.Parking;
            _setpointHz = 0f;
            _restPhase = -1f;
            CrawlOnModel();
            _retraction.Begin(now, _rate.RateHz, turnedOver ? RetractionStart.FromRest : RetractionStart.BackOut);
            return false;   // the park's first tick follows in Update
        }

        /// <summary>
        /// An immediate stop (or lockout): the first tick cuts duty and enable (PenFirmware also writes the cut and
        /// stops the heartbeat). From the next tick, if the needles may be out and the supervisor allows it, the
        /// retraction brings them in; if it does not allow it (the bridge is the cause, or the Hall sensor a retraction
        /// needs), the bridge stays released and the return spring alone carries the needles back: once the cam has
        /// come to rest the Hall level says whether it did, and with the Hall sensor lost nothing can.
        /// </summary>
        private void CutAndRetract(long now, RetractionRule rule, bool standing, SensorFrame frame, float dt)
        {
            bool mayRetract = rule < RetractionRule.BridgeReleased;
            // the cam's speed at a cut from running is at least about the setpoint's: an input fault (a failed supply
            // reading) can make the back-EMF speed read 0 for a cam coasting at full rate, and the retraction's brake
            // to rest is timed from this speed
            if (_mode == DriveMode.Running) _rateAtCutHz = _rate.RateHz > _setpointHz ? _rate.RateHz : _setpointHz;
            _setpointHz = 0f;
            _speed.Reset();
            bool retracting = _mode == DriveMode.Retracting;
            if (_mode == DriveMode.Running || _mode == DriveMode.Parking || (retracting && !mayRetract))
            {
                if (_mode != DriveMode.Running) _retraction.Clear();
                _mode = DriveMode.Off;
                // where the cam is once it rests: known from the estimator only when it stood at the cut (a jam, a
                // drag); from speed it coasts and brakes through an unknown number of degrees. A stall cut backs out
                // first however slow the estimator's rate already reads (which tick met the jam decides that, not the jam)
                bool slow = standing || _rate.RateHz < NeedleRetraction.CrawlHz;
                _restPhase = slow ? _rate.Phase : -1f;
                _cutStart = rule == RetractionRule.BackOut ? RetractionStart.BackOut : RetractionStart.FromRest;
                Cut();
                return;
            }

            if (_retractionDue && !retracting)
            {
                if (!mayRetract)
                {
                    _retractionDue = false;
                    if (rule == RetractionRule.Unconfirmable) _unconfirmedStops++;
                    else AwaitRest(now, frame.PulseCount);
                    Cut();
                    return;
                }

                _mode = DriveMode.Retracting;
                CrawlOnModel();
                _retraction.Begin(now, _rate.RateHz > _rateAtCutHz ? _rate.RateHz : _rateAtCutHz, _cutStart);
                _rateAtCutHz = 0f;
            }

            if (_mode == DriveMode.Retracting) Retract(now, frame, dt);
            else Cut();
        }

        /// <summary>
        /// Until the first stroke of a start: at least the breakaway duty, reached at the speed loop's slew limit; and while
        /// the cam stands or crawls under a load beyond the breakaway (skin met in the spin-up: the tick's current I says the
        /// motor gives k_t·I above the breakaway torque and the cam still does not turn), the duty at which the standing
        /// winding draws the start's current cap, D = R_L·I_cap/V (k_t·I_cap of torque), at once, until it turns faster than
        /// the crawl rate.
        /// </summary>
        private void StartFloor(SensorFrame frame, float tickShuntAmps, float applied, bool enableLapsed, float dt)
        {
            if (_rate.Count != _countAtStart)
            {
                _firstStrokeDue = false;
                return;
            }

            CrawlSpeed(frame, tickShuntAmps, applied, enableLapsed);
            bool read = _crawlRead && applied >= MinBackEmfDuty;
            float lastHz = _lastStartHz;
            _lastStartHz = read ? _driveHz : -1f;
            if (_driveHz >= NeedleRetraction.CrawlHz) return;
            // the load in amps: the tick's current plus the current the cam's deceleration stands for, the fall beyond its noise
            float loadAmps = _crawlAmps;
            if (read && lastHz >= 0f)
            {
                float fall = lastHz - _driveHz - _crawlOhms * _crawlHzPerVolt * PenLimits.StartFallShuntNoiseAmps / applied;
                if (fall > 0f) loadAmps += _model.AmpsPerHzPerSecond * fall / dt;
            }

            float floor;
            if (read && loadAmps * _model.KeVoltSecondsPerRad > _breakawayNm)
            {
                floor = _loopOhms * PenLimits.StartLoadedMaxAmps / RetractionSupplyVolts(frame);
            }
            else
            {
                float breakaway = _retraction.BreakawayDuty(frame.SupplyVolts);
                float reachable = _lastDuty + SpeedController.MaxStepDuty(dt);
                floor = breakaway < reachable ? breakaway : reachable;
            }

            if (_duty < floor) _duty = floor;
        }

        /// <summary>
        /// A running motor standing under current (the stall check's deep test, past its arm time) is held forward by a
        /// jam: a retraction backs it out first instead of pushing on the jam (a park's crawl would push on it for its whole
        /// time-out, as when a jam and another fault come in the same tick). Judged at a stop only.
        /// </summary>
        private bool Standing(SensorFrame frame, bool backEmfValid, float backEmfHz, long now)
        {
            return backEmfValid && _currentKnown && now - _runningSinceMicros >= PenLimits.StallArmMicros
                   && StallCheck.StandingUnderCurrent(_motorAmps, backEmfHz, _setpointHz);
        }

        /// <summary>The retraction's speed estimate (<see cref="_driveHz"/>) and whether any current input answers.</summary>
        private void CrawlSpeed(SensorFrame frame, float tickShuntAmps, float applied, bool enableLapsed)
        {
            bool averagedOk = frame.CurrentAveragedCode > PenLimits.CurrentCodeRailLow && frame.CurrentAveragedCode < PenLimits.CurrentCodeRailHigh;
            bool fastOk = frame.CurrentCode > PenLimits.CurrentCodeRailLow && frame.CurrentCode < PenLimits.CurrentCodeRailHigh;
            _currentKnown = averagedOk || fastOk;
            float crawlShunt = averagedOk ? tickShuntAmps : _fastZero.ShuntAmps(frame.CurrentMillivolts);
            bool read = _enable && _duty > 0.02f && !enableLapsed && _currentKnown;
            _crawlRead = read;
            _crawlAmps = read ? crawlShunt / applied : 0f;
            _driveHz = read ? (applied * RetractionSupplyVolts(frame) - _crawlAmps * _crawlOhms) * _crawlHzPerVolt : 0f;
        }

        /// <summary>After a stop the drive may not retract from: wait for the cam to come to rest, then read the level.</summary>
        private void AwaitRest(long now, long count)
        {
            _awaitingRest = true;
            _restCount = count;
            _restSinceMicros = now;
        }

        /// <summary>
        /// The cam has rested (no Hall edge for <see cref="CoastToRestMicros"/>): if the Hall level says it is outside the
        /// arc, the needles may be out, and the pen says so.
        /// </summary>
        private void CheckRestWithoutDrive(long now, SensorFrame frame)
        {
            if (!_awaitingRest) return;
            if (frame.PulseCount != _restCount)
            {
                _restCount = frame.PulseCount;
                _restSinceMicros = now;
                return;
            }

            if (now - _restSinceMicros < CoastToRestMicros) return;
            _awaitingRest = false;
            if (!frame.CamInArc && frame.CartridgeSeatedRaw) _unconfirmedStops++;
        }

        /// <summary>
        /// How a retraction begins: a cam that stands (a jam, a drag) or crawls rests where the estimator's phase says,
        /// and goes the shorter way from there; one held forward by a jam whose phase is not known backs out; one that
        /// was running parks forward.
        /// </summary>
        private static RetractionStart StartFor(bool standing, RetractionRule rule)
        {
            if (standing) return RetractionStart.FromRest;
            return rule == RetractionRule.BackOut ? RetractionStart.BackOut : RetractionStart.Park;
        }

        /// <summary>One tick of the retraction (park or after a cut); Off when it ends.</summary>
        private void Retract(long now, SensorFrame frame, float dt)
        {
            _setpointHz = 0f;
            // the crawl holds its speed on the motor current; with no current reading at all it would drive blind. With
            // no cartridge seated there are no needles, and no return spring to hold the cam in the window: brake only,
            // and park when a cartridge is seated
            if (!_currentKnown) _retraction.Abandon(now);
            if (!frame.CartridgeSeatedRaw)
            {
                _retraction.Abandon(now);
                _parkOnInsertion = true;
            }

            // a park from running knows the phase from the estimator (it ran until a few ticks ago); after a cut, only
            // what it knew when the cam stood at the cut
            float phase = _mode == DriveMode.Parking && _restPhase < 0f ? _rate.Phase : _restPhase;
            // forward the motor terminal's mean is the applied duty times the supply (in reverse that terminal is the low side)
            bool driveRead = !_retraction.Reverse && frame.DriveCode >= AdcLine.FloorCode && frame.SupplyVolts > 1f;
            _retraction.MeasuredDuty(driveRead ? frame.DriveVolts / frame.SupplyVolts : -1f);
            _retraction.Update(now, _rate.Count, frame.CamInArc, phase, _driveHz, _crawlAmps, RetractionSupplyVolts(frame), dt);
            _duty = _retraction.Duty;
            _enable = _retraction.BridgeEnabled;
            if (_retraction.Active) return;
            // the cartridge chain's climb and park stand the cam under current, so the back-EMF bias learnt there is not
            // this cam's at rest; with the bridge off nothing brings the park's count-only rate (about 12 strokes/s) down
            // before an edge is overdue, and the phase interval pins near the top of [0, 1) on the standing cam. The first
            // start therefore begins with rate, phase and bias unknown, as at boot.
            if (_parkAfterCartridge)
            {
                _rate.ForgetBias();
                _rate.Reset();
            }

            _parkAfterCartridge = false;
            CrawlOnDatasheetMotor();
            // with no cartridge seated there are no needles to be out (the next cartridge's spring returns the cam)
            if (_retraction.Result == RetractionResult.Impossible && frame.CartridgeSeatedRaw) _unconfirmedStops++;
            _retractionDue = false;
            _mode = DriveMode.Off;
            Cut();
        }

        /// <summary>
        /// The supply the retraction computes its duties with: the reading, or, when it is outside the board's plausible
        /// range (the supply input open or shorted), the highest plausible supply, for which every duty the crawl asks
        /// drives the least current: its cap still bounds the current, and the crawl is only slower. Unit: V.
        /// </summary>
        private float RetractionSupplyVolts(SensorFrame frame)
        {
            float low = _batteryPowered ? PenLimits.BatteryPlausibleMinVolts : PenLimits.BusPlausibleMinVolts;
            float high = _batteryPowered ? PenLimits.BatteryPlausibleMaxVolts : PenLimits.BusPlausibleMaxVolts;
            float v = frame.SupplyVolts;
            return v < low || v > high ? high : v;
        }

        private void Cut()
        {
            if (_enable) _asleepSinceMicros = _lastNowMicros;
            _duty = 0f;
            _enable = false;
            _speed.Reset();
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
    }
}
