using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Core.Indication;
using Pen.Core.Ports;
using Pen.Core.Protocol;
using Pen.Core.Records;
using Pen.Core.Safety;
using Pen.Core.Session;

namespace Pen.Core
{
    /// <summary>
    /// The pen's firmware logic, hardware-free. The device layer (or the simulator) builds it with the ports,
    /// calls <see cref="Boot"/> once before anything else, then <see cref="Tick"/> at the control rate with the
    /// time read from the µs clock. Each tick, in this order:
    ///   1. read every input into the <see cref="SensorFrame"/>;
    ///   2. safety: the checks raise flags, the supervisor maps them to one action (it can only stop, never start);
    ///   3. treatment: what the practitioner asked for, within the limits and the supervisor's action;
    ///   4. drive: rate estimate, soft start, closed-loop control, park — obeying the supervisor;
    ///   5. write every output, the supervisor's cut last; indication; heartbeat.
    /// No allocation, no clock reads, no threads.
    /// </summary>
    public sealed class PenFirmware
    {
        private readonly PenPorts _io;
        private readonly BoardVariant _board;
        private readonly SensorFrame _frame = new SensorFrame();
        private readonly SafetySupervisor _supervisor;
        private readonly Treatment _treatment = new Treatment();
        private readonly StrokeDrive _drive;
        private readonly Indicator _indicator;
        private readonly PenRecords _records;
        private readonly AveragedRate _averagedRate = new AveragedRate();
        private readonly TelemetryStream _stream = new TelemetryStream();
        private readonly ServiceSession _service;
        private int _flashWritesSeen;
        private int _benchStarts, _benchStartsSeen;   // BENCH START requests: written by the bench thread, one start each
        private int _benchStops, _benchStopsSeen;     // BENCH STOP requests

        private bool _booted;
        private bool _heartbeatLevel;
        private bool _reverse;
        private bool _enableWritten;       // the enable output's level as last written: written again only to change it
        private readonly RateDerating _rateDerating = new RateDerating();
        private bool _poweredOff;
        private float _benchSetpointHz;
        private float _benchRequestHz;     // written by SetBenchSetpoint (any thread), applied at the next tick
        private PenState _state = PenState.Boot;

        public PenFirmware(PenPorts ports, BoardVariant board)
        {
            _io = ports;
            _board = board;
            _drive = new StrokeDrive(board);
            _records = new PenRecords(ports.Flash);
            _service = new ServiceSession(_records, ports.Random);
            _supervisor = new SafetySupervisor(board, _records);
            _indicator = new Indicator(_rateDerating, _supervisor);
        }

        // ------------------------------------------------------------------ what the pen is doing (read-only)
        /// <summary>Top-level state.</summary>
        public PenState State => _state;
        /// <summary>Active fault; None while healthy.</summary>
        public FaultCode Fault => _supervisor.ActiveFault;
        /// <summary>The LEDs and buzzer (what they show now).</summary>
        public Indicator Indicator => _indicator;
        /// <summary>Stroke-rate steps a warm pen has taken off the rate set (Safety/RateDerating; 0 = none).</summary>
        public int RateDerateSteps => _rateDerating.Steps;
        /// <summary>The supervisor's action in force.</summary>
        public SafetyAction SafetyAction => _supervisor.Action;
        /// <summary>Speed level.</summary>
        public int SpeedLevel => _treatment.SpeedLevel;
        /// <summary>Stroke-rate setpoint after the soft-start ramp; 0 when not driving. Unit: strokes/s.</summary>
        public float SetpointHz => _drive.SetpointHz;
        /// <summary>Estimated stroke rate. Unit: strokes/s.</summary>
        public float MeasuredRateHz => _drive.MeasuredRateHz;
        /// <summary>Duty written to the PWM. Unit: fraction 0..1.</summary>
        public float Duty => _drive.Duty;
        /// <summary>Enable requested from the driver.</summary>
        public bool MotorEnableRequested => _drive.EnableRequested;
        /// <summary>Measured supply voltage. Unit: V.</summary>
        public float SupplyVolts => _frame.SupplyVolts;
        /// <summary>Estimated motor current. Unit: A.</summary>
        public float MotorAmps => _drive.MotorAmps;
        /// <summary>Measured housing temperature. Unit: °C.</summary>
        public float HousingC => _frame.HousingC;
        /// <summary>This tick's inputs (read-only use).</summary>
        public SensorFrame Frame => _frame;
        /// <summary>The drive (read-only use).</summary>
        public StrokeDrive Drive => _drive;
        /// <summary>The treatment state (read-only use).</summary>
        public Treatment Treatment => _treatment;
        /// <summary>The safety supervisor (read-only use).</summary>
        public SafetySupervisor Supervisor => _supervisor;
        /// <summary>The service session (the bench serial opens it by challenge and response; Protocol/ServiceSession).</summary>
        public ServiceSession Service => _service;
        /// <summary>The records on the flash: durable records and the log (the bench serial reads and, in a service session, writes them).</summary>
        public PenRecords Records => _records;

        /// <summary>
        /// QA bench, in a service session: runs the needles at this stroke rate instead of the speed level's in a QA run
        /// (BENCH START, or a hold of main, with a bench rate set; the treatment still decides whether they run). Clamped to the device's range; 0 turns it
        /// off; the tick drops it whenever no service session is open. Takes effect at the next tick: it may be called
        /// from another thread (the bench serial's, Protocol/BenchProtocol), so it only writes one word the tick reads.
        /// Unit: strokes/s.
        /// </summary>
        public void SetBenchSetpoint(float strokesPerSecond)
        {
            float hz = strokesPerSecond;
            if (hz > Limits.PenLimits.MaxStrokeRateHz) hz = Limits.PenLimits.MaxStrokeRateHz;
            if (hz > 0f && hz < Limits.PenLimits.MinStrokeRateHz) hz = Limits.PenLimits.MinStrokeRateHz;
            _benchRequestHz = hz > 0f ? hz : 0f;
        }

        /// <summary>The QA bench rate in effect (0: none, the speed level's rate). Unit: strokes/s.</summary>
        public float BenchSetpointHz => _benchSetpointHz;

        /// <summary>The QA bench rate last asked for (in effect from the next tick). Unit: strokes/s.</summary>
        public float BenchRequestedHz => _benchRequestHz;

        /// <summary>
        /// QA bench: asks for the needles to start (<paramref name="run"/> true) or stop, in bench mode, as a hold or a press
        /// of main would; the next tick acts on it once. A bench run is no patient session: it begins none and leaves the
        /// cartridge as it was (Session/Treatment). From any thread (the bench serial's): one word written.
        /// </summary>
        public void RequestBenchRun(bool run)
        {
            if (run) _benchStarts++;
            else _benchStops++;
        }

        /// <summary>The rate over a stated window, for the bench (STATUS).</summary>
        public AveragedRate AveragedRate => _averagedRate;

        /// <summary>The bench's telemetry stream (STREAM): captured by the tick, sent by the bench thread.</summary>
        public TelemetryStream Stream => _stream;

        /// <summary>A valid DEPTHCAL record was loaded at boot (otherwise the nominal table is in use).</summary>
        public bool DepthCalibrated { get; private set; }

        /// <summary>
        /// Makes every output safe (duty 0, driver disabled, LEDs and buzzer off) before anything else runs.
        /// </summary>
        public void Boot(long nowMicros)
        {
            _io.MotorPwm.SetDuty(0f);
            _io.MotorEnable.Write(false);
            _enableWritten = false;
            _io.MotorDirection.Write(false);
            _reverse = false;
            _io.Buzzer.Write(false);
            _io.LedGreen.Write(false);
            _io.LedAmber.Write(false);
            _io.LedRed.Write(false);
            _io.Heartbeat.Write(false);
            _heartbeatLevel = false;
            _frame.ResetButtons(nowMicros);
            // the records on the flash (bounded memory whatever they hold): per-unit ADC, depth and supply calibration,
            // the configuration, the seated cartridge's state and a lockout a power cycle does not clear (boot only)
            _records.Open();
            _frame.Adc.Load(_records);
            DepthCalibrated = _frame.DepthGauge.LoadCalibration(_records.Value(CalibrationKinds.SlotName(DepthCalibration.RecordTag)), _frame.Adc.Depth);
            _frame.SupplyCalibration = SupplyCalibration.Load(_records.Value(CalibrationKinds.SlotName(SupplyCalibration.RecordTag)), _board.Scale, _frame.Adc.Supply);
            _treatment.Boot(_records, _board.BatteryPowered, nowMicros);
            _service.Boot(nowMicros);
            // this unit's identified motor (Commissioning/MotorRecord); without a plausible one the pen identifies it
            _drive.LoadMotorRecord(_records.Value(MotorRecord.Slot));
            // the seated cartridge's spring (Commissioning/CartridgeRecord), written when it was measured; "CARTID none" once it
            // was taken out. Without a plausible one the cartridge is measured when the drive is next off
            _drive.LoadCartridgeRecord(_records.Value(CartridgeRecord.Slot));
            _supervisor.Boot();
            _flashWritesSeen = _records.FlashWrites;
            _booted = true;
            _state = PenState.Idle;
        }

        /// <summary>What the record store was last told of deferring its writes (set only on a change: the setter locks).</summary>
        private bool _recordsDeferring;

        /// <summary>The drive's motor status at the last tick's end (a motor just identified is written to the flash once).</summary>
        private MotorStatus _motorStatusSeen = MotorStatus.NotIdentified;

        // made once: a literal is a new string object per use on nanoCLR
        private static readonly string ServiceEndIdle = ServiceSession.ServiceTag + " end why=idle";

        /// <summary>One control period. <paramref name="nowMicros"/>: the µs clock, read by the caller just before.</summary>
        public void Tick(long nowMicros)
        {
            if (!_booted)
            {
                Boot(nowMicros);
            }

            // the records' deferral (no flash write while the needles run) is set at the end of each tick, after the
            // drive's step: only the tick changes the drive, so it still holds here
            // the bench rate and QA runs exist only inside a service session: it closing (END, idle) ends both
            bool service = _service.Open;
            if (service && _service.Tick(nowMicros))
            {
                _records.Queue(ServiceEndIdle);
                service = false;
            }

            if (service)
            {
                _benchSetpointHz = _benchRequestHz;
                _treatment.BenchMode = _benchSetpointHz > 0f;
            }
            else
            {
                // a rate asked for outside a session is dropped; none in effect (the treatment's bench mode is off with it)
                _benchRequestHz = 0f;
                if (_benchSetpointHz != 0f)
                {
                    _benchSetpointHz = 0f;
                    _treatment.BenchMode = false;
                }
            }
            if (_benchStarts != _benchStartsSeen || _benchStops != _benchStopsSeen) TakeBenchRequests();
            _treatment.ServiceMode = service;
            _frame.Read(_io, _board.Scale, nowMicros);
            int flashWrites = _records.FlashWrites;
            _frame.FlashWrittenSinceLastTick = flashWrites != _flashWritesSeen;
            _flashWritesSeen = flashWrites;
            _supervisor.Update(_frame, _drive, _treatment);
            SafetyAction action = _supervisor.Action;
            // a cut goes out at once, before the treatment and the drive run: on the interpreter they are ~2,000 IL
            // instructions (tools/Pen.TickBudget), 1.7 ms at the slow end of its speed, and that was the margin the
            // 20 ms cut-off bounds lacked there (campaign --interpreter esp32-slow). The writes below repeat it. Not while
            // the drive brings the needles in after a stop with the supervisor's leave (the writes below keep the bridge
            // then): each tick of the crawl would lose the bridge for the ~1 ms until its duty is written
            if (action >= SafetyAction.ImmediateStop && !(_drive.Mode == DriveMode.Retracting && _supervisor.RetractionAllowed))
            {
                _io.MotorPwm.SetDuty(0f);
                if (_enableWritten)
                {
                    _io.MotorEnable.Write(false);
                    _enableWritten = false;
                }
            }

            FaultCode fault = _supervisor.ActiveFault;
            if (fault != FaultCode.None) _treatment.ObserveFault(fault);
            _treatment.Update(_frame, action, _drive);
            // a warm pen derates by running slower, in steps (Safety/RateDerating), never by starving the motor of duty
            float setpointHz = _rateDerating.Apply(_benchSetpointHz > 0f ? _benchSetpointHz : _treatment.SetpointHz, _supervisor.RateFactor);
            if (_drive.Mode == DriveMode.Off && _drive.CartridgeStatus == CartridgeStatus.NotIdentified) _drive.CartridgeMayBeMeasured = _treatment.CartridgeMayBeMeasured(_frame);
            // the winding estimate of this tick's supervisor step (nothing below moves it): the drive's and the re-check's
            float windingC = _supervisor.Inputs.WindingC;
            _drive.Update(_frame, _treatment.RunRequested, setpointHz, action, windingC, _supervisor.Retraction);

            // an immediate stop or lockout cuts, except while the drive brings the needles in after it, which the
            // supervisor allows only when no active fault lies in the bridge or the Hall sensor
            DriveMode mode = _drive.Mode;
            bool cut = action >= SafetyAction.ImmediateStop && !(mode == DriveMode.Retracting && _supervisor.RetractionAllowed);
            bool reverse = !cut && (_reverse || mode != DriveMode.Running) && _drive.Reverse;
            if (reverse != _reverse)
            {
                // a direction change at zero duty: the bridge never drives the old direction with the new duty
                _io.MotorPwm.SetDuty(0f);
                _io.MotorDirection.Write(reverse);
                _reverse = reverse;
            }

            // the duty every tick (it moves on most running ticks); the enable, a level, only when it changes (a GPIO
            // write is a native call: ~40 µs, up to 300 µs, nanoframework.md)
            _io.MotorPwm.SetDuty(cut ? 0f : _drive.Duty);
            bool enable = !cut && _drive.EnableRequested;
            if (enable != _enableWritten)
            {
                _io.MotorEnable.Write(enable);
                _enableWritten = enable;
            }

            _state = StateNow(action, mode);
            _indicator.Update(_io, _state, action, _treatment, fault, nowMicros);

            // the heartbeat is the hardware's proof of a healthy tick: it stops while the supervisor cuts, so the
            // enable circuit drops the driver even if the enable write above failed (defence in depth); a retraction
            // after an immediate stop needs the bridge, so it runs on while one is allowed and under way
            if (!cut)
            {
                _heartbeatLevel = !_heartbeatLevel;
                _io.Heartbeat.Write(_heartbeatLevel);
            }

            if (_drive.CommissioningPending) Commission(nowMicros, action);

            // a flash write stalls the interpreter: none while the needles run (held in RAM, written once the drive is
            // off); what was held goes to the flash once the drive is off, and before the latch drops
            bool deferring = !_drive.Stopped;
            if (deferring != _recordsDeferring)
            {
                _records.Deferring = deferring;
                _recordsDeferring = deferring;
            }
            // the records' share of this tick, one item: a slice of the first record waiting or its write
            // (Records/PenRecords.Step), else a part of a fault snapshot's record, built without allocating, once the needles are off
            if (!_records.Step() && !deferring) _supervisor.WritePendingRecord(nowMicros);

            // power off (gesture or idle): the treatment asks only once the motor has parked; the latch drops once its
            // records and the fault snapshots are on the flash
            if (_treatment.PowerOffNow && !_poweredOff && !_treatment.RecordsPending && !_records.Pending && !_supervisor.RecordsPending)
            {
                _poweredOff = true;
                _io.LedGreen.Write(false);
                _io.LedAmber.Write(false);
                _io.Buzzer.Write(false);
                if (_io.Power != null) _io.Power.PowerOff();
            }

            // after the outputs, so that it delays none of them: the loop resistance re-checked over windows of running
            _drive.RecheckResistance(_frame, windingC);

            // last, so that it delays no output of this tick; most ticks only compare
            if (_stream.On || nowMicros >= _averagedRate.NextNoteMicros) BenchTelemetry(nowMicros);
        }

        /// <summary>
        /// The motor identifies itself (from the next tick) once the drive is off with no cartridge seated and nothing else
        /// asked of it; a motor just identified, or a cartridge just measured or taken out, goes to the flash after this tick's
        /// outputs (a cartridge's once no start waits for its chain). Only while the drive says there is something to do (<see cref="StrokeDrive.CommissioningPending"/>).
        /// </summary>
        private void Commission(long nowMicros, SafetyAction action)
        {
            MotorStatus motorStatus = _drive.MotorStatus;
            if (motorStatus != MotorStatus.Identified)
            {
                if (motorStatus == MotorStatus.NotIdentified && _drive.Stopped && !_frame.CartridgeSeatedRaw && action == SafetyAction.None && !_treatment.RunRequested)
                    _drive.StartIdentification(nowMicros);
                _motorStatusSeen = motorStatus;
            }
            else if (_motorStatusSeen != MotorStatus.Identified)
            {
                string motorRecord = _drive.TakeMotorRecord();
                if (motorRecord != null) _records.QueueWrite(MotorRecord.Slot, motorRecord);
                // the checks judge this unit's motor from now on (its model changes only as it becomes identified)
                _supervisor.UseMotor(_drive.Model);
                _motorStatusSeen = motorStatus;
            }

            // a start that waits for the chain queues its own records first, so that the needles start as soon after the chain as
            // they would without it (the CARTID record is kept for diagnosis only); the drive holds the record until then
            bool startWaits = _treatment.StartAwaitsCartridge;
            int cartridgeRecord = startWaits ? 0 : _drive.TakeCartridgeRecord();
            if (cartridgeRecord != 0) CartridgeRecord.Queue(_records, cartridgeRecord == StrokeDrive.CartridgeMeasuredRecord ? _drive.CartridgeIdentification : null);
            _drive.CommissioningPending = _drive.MotorStatus != MotorStatus.Identified || startWaits;
        }

        /// <summary>BENCH START / STOP since the last tick: one request each for the treatment, taken this tick only.</summary>
        private void TakeBenchRequests()
        {
            int starts = _benchStarts, stops = _benchStops;
            _treatment.BenchStartRequested = starts != _benchStartsSeen;
            _treatment.BenchStopRequested = stops != _benchStopsSeen;
            _benchStartsSeen = starts;
            _benchStopsSeen = stops;
        }

        /// <summary>What the bench reads of this tick: the rate's window mean and, while STREAM is on, one sample when due.</summary>
        private void BenchTelemetry(long nowMicros)
        {
            _averagedRate.Add(nowMicros, _frame, _drive.Rate);
            if (!_stream.On) return;
            _stream.Capture(nowMicros, (int)_state, (int)_supervisor.ActiveFault, Hundredths(_drive.SetpointHz), Hundredths(_drive.MeasuredRateHz),
                            Thousandths(_drive.Duty), Thousandths(_drive.MotorAmps), Thousandths(_frame.SupplyVolts), Thousandths(_frame.DepthMm),
                            (int)_frame.PulseCount, Hundredths(_benchSetpointHz));
        }

        private static int Hundredths(float x) { return (int)(x >= 0f ? x * 100f + 0.5f : x * 100f - 0.5f); }

        private static int Thousandths(float x) { return (int)(x >= 0f ? x * 1000f + 0.5f : x * 1000f - 0.5f); }

        private PenState StateNow(SafetyAction action, DriveMode mode)
        {
            if (action >= SafetyAction.ControlledStop) return PenState.Fault;
            if (mode == DriveMode.Running) return PenState.Running;
            if (_treatment.StartAwaitsCartridge) return PenState.MeasuringCartridge;
            if (mode == DriveMode.Parking) return PenState.Stopping;
            switch (_treatment.Phase)
            {
                case TreatmentPhase.Paused: return PenState.Paused;
                case TreatmentPhase.CartridgeUsed: return PenState.CartridgeUsed;
                case TreatmentPhase.NoCartridge: return PenState.NoCartridge;
                case TreatmentPhase.PoweringOff:
                case TreatmentPhase.Off: return PenState.PoweringOff;
                default: return PenState.Idle;
            }
        }
    }
}
