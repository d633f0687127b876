using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Core.Records;
using Pen.Core.Safety.Checks;
using Pen.Core.Session;

namespace Pen.Core.Safety
{
    /// <summary>
    /// Maps the checks' flags to one action. Each tick: derive the inputs, run every check (each only raises its
    /// flag), then walk the rule list below: a raised flag makes its fault active (with a snapshot the first
    /// time); an active fault stays active until its clear condition holds; the action in force is the most
    /// severe action of the active faults. It can only stop, never start: the treatment and the drive read the
    /// action, and PenFirmware applies the cut to the outputs last.
    /// </summary>
    public sealed class SafetySupervisor
    {
        private readonly SafetyInputs _inputs;
        private readonly SafetyFlags _flags = new SafetyFlags();
        // the checks, each its own field: called directly (a call on a sealed class), not through an interface array,
        // whose loop and virtual calls cost ~190 IL instructions a tick on the interpreter (tools/Pen.TickBudget)
        private readonly StallCheck _stall = new StallCheck();
        private readonly HallLossCheck _hallLoss = new HallLossCheck();
        private readonly OverCurrentCheck _overCurrent = new OverCurrentCheck();
        private readonly OverspeedCheck _overspeed = new OverspeedCheck();
        private readonly DriveOutputCheck _driveOutput = new DriveOutputCheck();
        private readonly WindingTemperatureCheck _windingTemperature = new WindingTemperatureCheck();
        private readonly HousingTemperatureCheck _housingTemperature = new HousingTemperatureCheck();
        private readonly BatteryCheck _battery = new BatteryCheck();
        private readonly CartridgeCheck _cartridge = new CartridgeCheck();
        private readonly DepthCheck _depth = new DepthCheck();
        private readonly AdcPlausibilityCheck _adcPlausibility = new AdcPlausibilityCheck();
        private readonly TickCheck _tick = new TickCheck();
        private readonly StuckButtonCheck _stuckButton = new StuckButtonCheck();
        private readonly CommissioningCheck _commissioning = new CommissioningCheck();
        private readonly RecordsCheck _recordsCheck = new RecordsCheck();
        private readonly SafetyAction[] _action = new SafetyAction[FaultText.MaxCode + 1];
        private readonly ClearCondition[] _clear = new ClearCondition[FaultText.MaxCode + 1];
        private readonly RetractionRule[] _retraction = new RetractionRule[FaultText.MaxCode + 1];
        private readonly bool[] _active = new bool[FaultText.MaxCode + 1];
        private long _activeBits;       // bit n: _active[n], so that a healthy tick skips the rule walk
        private readonly int[] _activeOrder = new int[FaultText.MaxCode + 1];
        private readonly FaultLog _log = new FaultLog();
        private readonly IRecordStore _records;
        private readonly PenRecords _durable;   // the durable lockout record's home (null for a log without durable records)
        // the fault snapshot's record being built, a part a tick, in a buffer of the record store's (no allocation)
        private Records.RecordChars _recordText;
        private FaultSnapshot _building;
        private int _buildingSequence, _buildingPart;
        private int _lostReported;
        private static readonly string DroppedFaults = "DROPPED faults=", DroppedWhile = " while=running";
        private readonly long[] _loggedMicros = new long[FaultText.MaxCode + 1];   // when each code's last snapshot was taken
        private readonly bool[] _logged = new bool[FaultText.MaxCode + 1];
        private readonly int[] _repeats = new int[FaultText.MaxCode + 1];          // comebacks since then, not snapshotted
        private int _activations;
        private SafetyAction _actionNow = SafetyAction.None;
        private RetractionRule _retractionNow = RetractionRule.DriveIn;
        private bool _latchedAtBoot;
        private FaultCode _activeFault = FaultCode.None;
        private long _temperatureBits;          // the temperature checks' flags when they last ran (held between the thermal steps)
        private float _temperatureFactor = 1f;  // and the rate factor they asked for
        private long _slowCheckBits;            // the slow checks' flags when they last ran (held between while the drive runs)
        private int _slowCheckCountdown;        // running ticks to their next run

        /// <param name="board">The board (battery checks apply to RP-1 only; motor constants).</param>
        /// <param name="records">Where fault snapshots are persisted as records; null for none.</param>
        public SafetySupervisor(BoardVariant board, IRecordStore records)
        {
            _inputs = new SafetyInputs(board);
            _records = records;
            _durable = records as PenRecords;
            _recordsCheck.Store = _durable;
            // ---- the rules: fault → action, clear condition, what the drive may do about the needles meanwhile
            //      (docs/hazards.md has the why of each line; BridgeReleased: the fault lies in the bridge or a reading the
            //      crawl needs, so the return spring alone carries the needles back; Unconfirmable: and the Hall sensor
            //      that would confirm it failed)
            Rule(FaultCode.MotorStall,              SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.BackOut);       // the jam holds the cam forward
            Rule(FaultCode.OverCurrent,             SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);       // within the retraction's current bound
            Rule(FaultCode.HallSensorLost,          SafetyAction.Lockout,        ClearCondition.OnPowerCycle,      RetractionRule.Unconfirmable);
            Rule(FaultCode.Overspeed,               SafetyAction.Lockout,        ClearCondition.OnPowerCycle,      RetractionRule.Unconfirmable);  // a stuck bridge or a false Hall signal
            Rule(FaultCode.WindingHot,              SafetyAction.Derate,         ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.WindingOverTemperature,  SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.HousingWarm,             SafetyAction.Derate,         ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.HousingOverTemperature,  SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.BatteryTooLowToStart,    SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.BatteryTooLowToContinue, SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.CartridgeRemoved,        SafetyAction.ImmediateStop,  ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // the cam is parked for the next cartridge
            Rule(FaultCode.DepthBeyondLimit,        SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // the park brakes at once (duty 0), then retracts the needles
            Rule(FaultCode.DepthSensorImplausible,  SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);
            Rule(FaultCode.CurrentSenseImplausible, SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);       // on the other current input; gives up if both fail
            Rule(FaultCode.SupplySenseImplausible,  SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);       // its duties computed for the highest plausible supply
            Rule(FaultCode.NtcImplausible,          SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);
            Rule(FaultCode.TickLate,                SafetyAction.ControlledStop, ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);
            Rule(FaultCode.ButtonStuckAtPowerUp,    SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.DriverIgnoresCommand,    SafetyAction.Lockout,        ClearCondition.OnPowerCycle,      RetractionRule.BridgeReleased); // the enable line is the only way left to stop it
            Rule(FaultCode.DriveSenseImplausible,   SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);
            Rule(FaultCode.RecordsDamaged,          SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // the condition is latched on the flash until a service session clears it
            Rule(FaultCode.RecordStoreFailing,      SafetyAction.Warn,           ClearCondition.WhenConditionClears, RetractionRule.DriveIn);
            Rule(FaultCode.MotorImplausible,        SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // until an identification passes (service)
            Rule(FaultCode.MotorNotIdentified,      SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // until the cartridge is out and the motor identified
            Rule(FaultCode.CartridgeImplausible,    SafetyAction.ControlledStop, ClearCondition.WhenConditionClears, RetractionRule.DriveIn);     // until the cartridge is out
            Rule(FaultCode.NeedlesMayBeOut,         SafetyAction.ImmediateStop,  ClearCondition.OnUserAcknowledge, RetractionRule.DriveIn);       // the drive does not retry on its own
        }

        /// <summary>
        /// At power-up: a lockout the record store says still stands (<see cref="DurableLockout"/>) is active from the
        /// first tick, so the pen never drives a bridge that ignored its command before the service cleared it.
        /// Allocates (boot only).
        /// </summary>
        public void Boot()
        {
            if (!DurableLockout.LatchedIn(_durable)) return;
            int code = (int)DurableLockout.Code;
            _active[code] = true;
            _activeBits |= 1L << code;
            _activeOrder[code] = ++_activations;
            _latchedAtBoot = true;
        }

        /// <summary>The durable lockout was read from the record store at power-up (it was raised before this power-up).</summary>
        public bool LockoutFromRecords => _latchedAtBoot;

        /// <summary>The action in force after the last update.</summary>
        public SafetyAction Action => _actionNow;

        /// <summary>The most severe active fault (the first raised among equals; within one tick, an implausible input before the checks that read it; a driver that ignores the command before the overspeed it causes); None while healthy.</summary>
        public FaultCode ActiveFault => _activeFault;

        /// <summary>
        /// What the drive may do about the needles now: the strictest rule of the active faults (a fault raised while a
        /// retraction runs counts from its own tick); DriveIn while healthy.
        /// </summary>
        public RetractionRule Retraction => _retractionNow;

        /// <summary>The drive may bring the needles in with the bridge: no active fault's rule says <see cref="RetractionRule.BridgeReleased"/>.</summary>
        public bool RetractionAllowed => _retractionNow < RetractionRule.BridgeReleased;

        /// <summary>Derating factor on the stroke rate: 1 = none, down to <see cref="PenLimits.DerateFloorFactor"/>. Unit: fraction.</summary>
        public float RateFactor => _flags.RateFactor;

        /// <summary>This tick's flags (read-only use: tests, telemetry).</summary>
        public SafetyFlags Flags => _flags;

        /// <summary>What the checks read (read-only use: winding estimate, back-EMF speed).</summary>
        public SafetyInputs Inputs => _inputs;

        /// <summary>The checks judge this motor from now on: the drive's model once it is this unit's (SafetyInputs.UseMotor).</summary>
        public void UseMotor(MotorModel motor)
        {
            _inputs.UseMotor(motor);
        }

        /// <summary>Fault snapshots in RAM, oldest first, for the bench tool.</summary>
        public FaultLog Log => _log;

        /// <summary>The action the rule list gives a code (None for a code without a rule).</summary>
        public SafetyAction ActionFor(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i < _action.Length ? _action[i] : SafetyAction.None;
        }

        /// <summary>What the rule list lets the drive do about the needles while the code is active.</summary>
        public RetractionRule RetractionFor(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i < _retraction.Length ? _retraction[i] : RetractionRule.DriveIn;
        }

        /// <summary>The clear condition the rule list gives a code.</summary>
        public ClearCondition ClearFor(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i < _clear.Length ? _clear[i] : ClearCondition.WhenConditionClears;
        }

        /// <summary>The fault is active now.</summary>
        public bool IsActive(FaultCode code)
        {
            int i = (int)code;
            return i > 0 && i < _active.Length && _active[i];
        }

        /// <summary>Evaluates every check on this tick's inputs and the drive's state, and updates the action.</summary>
        public void Update(SensorFrame frame, StrokeDrive drive, Treatment treatment)
        {
            SafetyFlags flags = _flags;
            SafetyInputs inputs = _inputs;
            flags.Clear();
            inputs.Update(frame, drive, treatment);
            _stall.Evaluate(inputs, flags);
            _hallLoss.Evaluate(inputs, flags);
            _overCurrent.Evaluate(inputs, flags);
            _overspeed.Evaluate(inputs, flags);
            _driveOutput.Evaluate(inputs, flags);
            // the temperature checks judge estimates that move only when the thermal models step (every
            // PenLimits.ThermalStepSeconds): between steps their flags and factor stand as they were last found
            if (inputs.TemperaturesMoved)
            {
                long before = flags.RaisedBits;
                float factorBefore = flags.RateFactor;
                _windingTemperature.Evaluate(inputs, flags);
                _housingTemperature.Evaluate(inputs, flags);
                _temperatureBits = flags.RaisedBits & ~before;
                _temperatureFactor = flags.RateFactor < factorBefore ? flags.RateFactor : 1f;
            }
            else if (_temperatureBits != 0)
            {
                flags.Hold(_temperatureBits, _temperatureFactor);
            }

            _cartridge.Evaluate(inputs, flags);
            _depth.Evaluate(inputs, flags);
            _adcPlausibility.Evaluate(inputs, flags);
            _tick.Evaluate(inputs, flags);
            // the slow checks: on every tick while the drive does not run (nothing that refuses a start waits), on every
            // PenLimits.SlowCheckTicks-th while it runs, their flags held between (each seen at most 4 ticks later)
            if (!inputs.DriveRunning || --_slowCheckCountdown <= 0)
            {
                _slowCheckCountdown = PenLimits.SlowCheckTicks;
                long before = flags.RaisedBits;
                _battery.Evaluate(inputs, flags);
                _stuckButton.Evaluate(inputs, flags);
                _commissioning.Evaluate(inputs, flags);
                _recordsCheck.Evaluate(inputs, flags);
                _slowCheckBits = flags.RaisedBits & ~before;
            }
            else if (_slowCheckBits != 0)
            {
                flags.Hold(_slowCheckBits, 1f);
            }

            long raised = flags.RaisedBits;
            if ((raised | _activeBits) == 0)
            {
                // nothing raised, nothing active: the walk below would find no action. The action, fault and retraction
                // hold None, None and DriveIn already: nothing active now means the last walk left nothing active (only
                // the walk clears a fault, and Boot's latched one is walked on the first tick), and a walk that leaves
                // nothing active writes exactly those
                return;
            }

            bool acknowledged = frame.Main.ShortPress;
            SafetyAction action = SafetyAction.None;
            FaultCode shown = FaultCode.None;
            RetractionRule retraction = RetractionRule.DriveIn;
            // faults raised in the same tick: an implausible input first, then the checks that read it (a supply
            // input that opens makes the back-EMF speed collapse in that very tick: the stall it implies is the
            // sensor's doing, so the code shown, and the acknowledgement asked, are the sensor's)
            int tickOrder = _activations;
            for (int code = 1; code < _active.Length; code++)
            {
                long bit = 1L << code;
                if (((raised | _activeBits) & bit) == 0) continue;
                if ((raised & bit) != 0)
                {
                    if (!_active[code])
                    {
                        _active[code] = true;
                        _activeBits |= bit;
                        _activeOrder[code] = tickOrder + (IsInputFault((FaultCode)code) ? 1 : 2);
                        _activations = tickOrder + 2;
                        Snapshot((FaultCode)code, frame, drive);
                        if ((FaultCode)code == DurableLockout.Code) DurableLockout.Raise(_durable);
                    }
                }
                else if (_active[code])
                {
                    ClearCondition clear = _clear[code];
                    if (clear == ClearCondition.WhenConditionClears || (clear == ClearCondition.OnUserAcknowledge && acknowledged))
                    {
                        _active[code] = false;
                        _activeBits &= ~bit;
                    }
                }

                if (!_active[code]) continue;
                if (_retraction[code] > retraction) retraction = _retraction[code];
                SafetyAction a = _action[code];
                if (shown == FaultCode.None || a > action
                    || (a == action && (Explains((FaultCode)code, shown) || (!Explains(shown, (FaultCode)code) && _activeOrder[code] < _activeOrder[(int)shown]))))
                {
                    action = a;
                    shown = (FaultCode)code;
                }
            }

            _actionNow = action;
            _activeFault = shown;
            _retractionNow = retraction;
        }

        /// <summary>
        /// <paramref name="cause"/> explains <paramref name="effect"/>: a driver that ignores the command runs the motor
        /// up (overspeed), so with both active the pen names the driver, whichever check saw it first.
        /// </summary>
        private static bool Explains(FaultCode cause, FaultCode effect)
        {
            return cause == FaultCode.DriverIgnoresCommand && effect == FaultCode.Overspeed;
        }

        /// <summary>The fault says an input cannot be trusted (open, shorted or out of its physical range).</summary>
        private static bool IsInputFault(FaultCode code)
        {
            return code == FaultCode.DepthSensorImplausible || code == FaultCode.CurrentSenseImplausible
                   || code == FaultCode.SupplySenseImplausible || code == FaultCode.NtcImplausible
                   || code == FaultCode.DriveSenseImplausible;
        }

        private void Rule(FaultCode code, SafetyAction action, ClearCondition clear, RetractionRule retraction)
        {
            _action[(int)code] = action;
            _clear[(int)code] = clear;
            _retraction[(int)code] = retraction;
        }

        /// <summary>
        /// Takes a snapshot of a fault that became active, unless the same code was snapshotted less than
        /// <see cref="Limits.PenLimits.FaultRecordMinIntervalMicros"/> ago: a fault that keeps coming back (a threshold in
        /// noise, a loose contact) is counted, and its next snapshot carries the count (<see cref="FaultSnapshot.Repeats"/>),
        /// so it can neither flush the RAM ring nor flood the log.
        /// </summary>
        private void Snapshot(FaultCode code, SensorFrame frame, StrokeDrive drive)
        {
            int c = (int)code;
            if (_logged[c] && frame.NowMicros - _loggedMicros[c] < Limits.PenLimits.FaultRecordMinIntervalMicros)
            {
                _repeats[c]++;
                return;
            }

            _logged[c] = true;
            _loggedMicros[c] = frame.NowMicros;
            FaultSnapshot s = _log.Add();
            s.Repeats = _repeats[c];
            _repeats[c] = 0;
            s.TimeMicros = frame.NowMicros;
            s.Code = code;
            s.Action = _action[(int)code];
            s.State = drive.Mode == DriveMode.Running ? PenState.Running : drive.Mode == DriveMode.Off ? PenState.Idle : PenState.Stopping;
            s.SetpointHz = drive.SetpointHz;
            s.MeasuredRateHz = drive.MeasuredRateHz;
            s.Duty = _inputs.Duty;
            s.MotorAmps = _inputs.MotorAmps;
            s.SupplyVolts = frame.SupplyVolts;
            s.WindingC = _inputs.WindingC;
            s.HousingC = frame.HousingC;
            s.DepthMm = frame.DepthMm;
            // written to the log after the control work, once the needles are off (WritePendingRecord), not here
            s.Pending = _records != null;
        }

        /// <summary>
        /// Builds the record of the oldest fault snapshot not yet in the log, a part of it a call
        /// (<see cref="FaultSnapshot.FormatParts"/>), in a buffer of the record store's, and queues it there once whole; no
        /// allocation. The tick calls it after its control work, only while the needles are off (until then a snapshot waits
        /// in the RAM ring), and never in the tick that took the snapshot. True when it did some of that work.
        /// </summary>
        public bool WritePendingRecord(long nowMicros)
        {
            if (_records == null) return false;
            if (_recordText == null)
            {
                _recordText = _records.TakeChars();
                if (_recordText == null) return false; // every buffer of the store waits for the flash: a later tick
            }

            if (_log.LostPending != _lostReported && _building == null)
            {
                // the ring wrapped while the needles ran: say how many snapshots never reached the log
                _recordText.Append(DroppedFaults);
                _recordText.Append(_log.LostPending - _lostReported);
                _recordText.Append(DroppedWhile);
                _records.Queue(_recordText);
                _recordText = null;
                _lostReported = _log.LostPending;
                return true;
            }

            if (_building == null || _building.Sequence != _buildingSequence)
            {
                // the next one (or again, when the ring overwrote the one being built)
                FaultSnapshot s = _log.OldestPending();
                // never in the tick that took it: that tick has the fault's reaction to make
                _recordText.Clear();
                _building = null;
                if (s == null || s.TimeMicros >= nowMicros) return false;
                _building = s;
                _buildingSequence = s.Sequence;
                _buildingPart = 0;
            }

            _building.FormatPart(_recordText, _buildingPart++);
            if (_buildingPart < FaultSnapshot.FormatParts) return true;
            _records.Queue(_recordText);
            _recordText = null;
            _building.Pending = false;
            _building = null;
            return true;
        }

        /// <summary>Fault snapshots (or a count of lost ones) not yet handed to the record store: the pen powers off only once there are none.</summary>
        public bool RecordsPending => _records != null && (_building != null || _log.LostPending != _lostReported || _log.OldestPending() != null);
    }
}
