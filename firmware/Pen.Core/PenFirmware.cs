using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Controls;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Core.Safety;

namespace Pen.Core
{
    /// <summary>
    /// The pen's firmware logic, hardware-free. The device layer (or the simulator) builds it with the ports,
    /// calls <see cref="Boot"/> once before anything else, then <see cref="Tick"/> at the control rate with the
    /// time read from the µs clock. Each tick: read every input → estimate → decide → drive every output →
    /// toggle the heartbeat. No allocation, no clock reads, no threads.
    /// </summary>
    public sealed class PenFirmware
    {
        // Timing of the controls [E]; issue "limits, session and controls" owns the final values.
        private const long DebounceMicros = 20000;
        private const long HoldMicros = 1000000;
        private const long DoublePressMicros = 1500000;

        // Soft start and park (issue "stroke control loop" tunes these on the simulated pen).
        private const float SoftStartHzPerSecond = 800f;
        private const float ParkCrawlHz = 15f;
        private const long ParkWaitMaxMicros = 200000;
        private const long ParkBrakeMicros = 150000;

        private readonly PenPorts _io;
        private readonly BoardVariant _board;
        private readonly StrokeRateEstimator _rate = new StrokeRateEstimator();
        private readonly SpeedController _speed;
        private readonly ButtonGestures _main = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);
        private readonly ButtonGestures _plus = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);
        private readonly ButtonGestures _minus = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);

        private bool _booted;
        private long _lastTickMicros;
        private bool _heartbeatLevel;
        private PenState _state = PenState.Boot;
        private long _stateSinceMicros;
        private int _speedLevel = PenLimits.DefaultSpeedLevel;
        private float _setpointHz;
        private float _rampedSetpointHz;
        private float _duty;
        private bool _enable;
        private float _supplyVolts;
        private float _shuntAmps;
        private float _motorAmps;
        private float _housingC;
        private bool _cartridgePresent;
        private int _parkPhase;
        private long _parkPhaseSinceMicros;
        private long _parkStartCount;

        public PenFirmware(PenPorts ports, BoardVariant board)
        {
            _io = ports;
            _board = board;
            _speed = new SpeedController(board.MotorBackEmfVoltSecondsPerRad,
                board.MotorResistanceOhms + board.DriveResistanceOhms, board.MotorNoLoadAmps);
        }

        // ------------------------------------------------------------------ what the pen is doing (read-only)
        /// <summary>Top-level state.</summary>
        public PenState State => _state;
        /// <summary>Active fault; None while healthy.</summary>
        public FaultCode Fault => FaultCode.None;
        /// <summary>Speed level, 1..<see cref="PenLimits.SpeedLevelCount"/>.</summary>
        public int SpeedLevel => _speedLevel;
        /// <summary>Stroke-rate setpoint after the soft-start ramp; 0 when not driving. Unit: strokes/s.</summary>
        public float SetpointHz => _rampedSetpointHz;
        /// <summary>Estimated stroke rate. Unit: strokes/s.</summary>
        public float MeasuredRateHz => _rate.RateHz;
        /// <summary>Duty written to the PWM. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>Enable requested from the driver.</summary>
        public bool MotorEnableRequested => _enable;
        /// <summary>Measured supply voltage. Unit: V.</summary>
        public float SupplyVolts => _supplyVolts;
        /// <summary>Estimated motor current. Unit: A.</summary>
        public float MotorAmps => _motorAmps;
        /// <summary>Measured housing temperature. Unit: °C.</summary>
        public float HousingC => _housingC;

        /// <summary>
        /// Makes every output safe (duty 0, driver disabled, LEDs and buzzer off) before anything else runs.
        /// </summary>
        public void Boot(long nowMicros)
        {
            _io.MotorPwm.SetDuty(0f);
            _io.MotorEnable.Write(false);
            _io.Buzzer.Write(false);
            _io.LedGreen.Write(false);
            _io.LedAmber.Write(false);
            _io.LedRed.Write(false);
            _io.Heartbeat.Write(false);
            _heartbeatLevel = false;
            _main.Reset(false, nowMicros);
            _plus.Reset(false, nowMicros);
            _minus.Reset(false, nowMicros);
            _lastTickMicros = nowMicros;
            _booted = true;
            EnterState(PenState.Idle, nowMicros);
        }

        /// <summary>One control period. <paramref name="nowMicros"/>: the µs clock, read by the caller just before.</summary>
        public void Tick(long nowMicros)
        {
            if (!_booted)
            {
                Boot(nowMicros);
            }

            float dt = (nowMicros - _lastTickMicros) * 1e-6f;
            _lastTickMicros = nowMicros;

            ReadInputs(nowMicros);
            RunStateMachine(nowMicros);
            Drive(dt, nowMicros);
            ShowState(nowMicros);

            _heartbeatLevel = !_heartbeatLevel;
            _io.Heartbeat.Write(_heartbeatLevel);
        }

        private void ReadInputs(long nowMicros)
        {
            PulseCount pulses = _io.CamPulses.Read();
            _rate.Update(pulses.Count, pulses.SampleTimeMicros);

            _supplyVolts = _board.Scale.CodeToSupplyVolts(_io.SupplyVoltage.ReadRaw());
            _shuntAmps = SensingScale.CodeToShuntAmps(_io.MotorCurrent.ReadRaw());
            // the shunt carries the on-time current only: motor current ≈ shunt average / duty
            _motorAmps = _duty > 0.05f ? _shuntAmps / _duty : 0f;
            _housingC = SensingScale.CodeToHousingCelsius(_io.HousingNtc.ReadRaw());
            _io.DepthRing.ReadRaw();

            // buttons and the cartridge switch close to ground: low = pressed / seated
            _main.Update(!_io.ButtonMain.Read(), nowMicros);
            _plus.Update(!_io.ButtonPlus.Read(), nowMicros);
            _minus.Update(!_io.ButtonMinus.Read(), nowMicros);
            _cartridgePresent = !_io.CartridgeSwitch.Read();
        }

        private void RunStateMachine(long nowMicros)
        {
            switch (_state)
            {
                case PenState.Idle:
                    if (_main.HoldStarted && _cartridgePresent)
                    {
                        EnterState(PenState.Running, nowMicros);
                    }

                    break;

                case PenState.Running:
                    if (_plus.ShortPress && _speedLevel < PenLimits.SpeedLevelCount) _speedLevel++;
                    if (_minus.ShortPress && _speedLevel > 1) _speedLevel--;
                    if (_main.ShortPress || !_cartridgePresent)
                    {
                        EnterState(PenState.Stopping, nowMicros);
                    }

                    break;

                case PenState.Stopping:
                    if (_parkPhase == 3)
                    {
                        EnterState(PenState.Idle, nowMicros);
                    }

                    break;
            }

            _setpointHz = _state == PenState.Running ? LevelToHz(_speedLevel) : 0f;
        }

        /// <summary>Speed level 1..N mapped evenly onto the device's stroke-rate range. Unit: strokes/s.</summary>
        public static float LevelToHz(int level)
        {
            float span = PenLimits.MaxStrokeRateHz - PenLimits.MinStrokeRateHz;
            return PenLimits.MinStrokeRateHz + span * (level - 1) / (PenLimits.SpeedLevelCount - 1);
        }

        private void Drive(float dt, long nowMicros)
        {
            if (_state == PenState.Running)
            {
                // soft start: the setpoint the controller sees rises at a bounded rate
                float step = SoftStartHzPerSecond * dt;
                if (_rampedSetpointHz < _setpointHz) _rampedSetpointHz = Min(_rampedSetpointHz + step, _setpointHz);
                else _rampedSetpointHz = _setpointHz;
                _enable = true;
                _duty = _speed.Update(_rampedSetpointHz, _rate.RateHz, _supplyVolts, _motorAmps, dt);
            }
            else if (_state == PenState.Stopping)
            {
                DriveParking(dt, nowMicros);
            }
            else
            {
                _rampedSetpointHz = 0f;
                _enable = false;
                _duty = 0f;
                _speed.Reset();
            }

            _io.MotorPwm.SetDuty(_duty);
            _io.MotorEnable.Write(_enable);
        }

        /// <summary>
        /// Park: crawl (phase 0) until a Hall edge shows the cam has just passed the retracted point (phase 1
        /// waits for it), then brake (phase 2: duty 0 with the bridge enabled shorts the motor) so the cam stops
        /// early in the stroke and the return spring pulls the needles in; then release the bridge (phase 3).
        /// </summary>
        private void DriveParking(float dt, long nowMicros)
        {
            _enable = true;
            long sincePhase = nowMicros - _parkPhaseSinceMicros;
            if (_parkPhase == 0)
            {
                _rampedSetpointHz = ParkCrawlHz;
                _duty = _speed.Update(ParkCrawlHz, _rate.RateHz, _supplyVolts, _motorAmps, dt);
                if (_rate.RateHz < ParkCrawlHz * 1.5f || sincePhase > ParkWaitMaxMicros)
                {
                    SetParkPhase(1, nowMicros);
                    _parkStartCount = _rate.Count;
                }
            }
            else if (_parkPhase == 1)
            {
                _duty = _speed.Update(ParkCrawlHz, _rate.RateHz, _supplyVolts, _motorAmps, dt);
                if (_rate.Count != _parkStartCount || sincePhase > ParkWaitMaxMicros)
                {
                    _duty = 0f;
                    SetParkPhase(2, nowMicros);
                }
            }
            else if (_parkPhase == 2)
            {
                _rampedSetpointHz = 0f;
                _duty = 0f;
                if (sincePhase > ParkBrakeMicros)
                {
                    SetParkPhase(3, nowMicros);
                }
            }
            else
            {
                _duty = 0f;
                _enable = false;
            }
        }

        private void SetParkPhase(int phase, long nowMicros)
        {
            _parkPhase = phase;
            _parkPhaseSinceMicros = nowMicros;
        }

        private void EnterState(PenState next, long nowMicros)
        {
            _state = next;
            _stateSinceMicros = nowMicros;
            if (next == PenState.Stopping) SetParkPhase(0, nowMicros);
            if (next == PenState.Running)
            {
                _rampedSetpointHz = 0f;
                _speed.Reset();
            }
        }

        private void ShowState(long nowMicros)
        {
            bool blink = ((nowMicros - _stateSinceMicros) / 250000) % 2 == 0;
            _io.LedGreen.Write(_state == PenState.Idle || _state == PenState.Running || (_state == PenState.Stopping && blink));
            _io.LedAmber.Write(false);
            _io.LedRed.Write(_state == PenState.Fault);
            _io.Buzzer.Write(false);
        }

        private static float Min(float a, float b) { return a < b ? a : b; }
    }
}
