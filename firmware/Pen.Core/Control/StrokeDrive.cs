using Pen.Core.Board;
using Pen.Core.Safety;

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
    }

    /// <summary>
    /// The motor drive: rate estimate, soft start, closed-loop rate control, and park on stop. It obeys the
    /// supervisor: an immediate stop (or lockout) cuts duty and enable at once; a controlled stop parks.
    /// </summary>
    public sealed class StrokeDrive
    {
        // Soft start and park [E]; the control issue tunes these on the simulated pen (report control).
        private const float SoftStartHzPerSecond = 800f;
        private const float ParkCrawlHz = 15f;
        private const long ParkWaitMaxMicros = 200000;
        private const long ParkBrakeMicros = 150000;

        private readonly StrokeRateEstimator _rate = new StrokeRateEstimator();
        private readonly SpeedController _speed;
        private DriveMode _mode = DriveMode.Off;
        private float _setpointHz;
        private float _duty;
        private bool _enable;
        private float _motorAmps;
        private int _parkPhase;
        private long _parkPhaseSinceMicros;
        private long _parkStartCount;

        public StrokeDrive(BoardVariant board)
        {
            _speed = new SpeedController(board.MotorBackEmfVoltSecondsPerRad,
                board.MotorResistanceOhms + board.DriveResistanceOhms, board.MotorNoLoadAmps);
        }

        /// <summary>What the drive is doing.</summary>
        public DriveMode Mode => _mode;
        /// <summary>Duty to write to the PWM. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
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

        /// <summary>
        /// One drive step.
        /// </summary>
        /// <param name="frame">This tick's inputs.</param>
        /// <param name="run">The treatment wants the needles running.</param>
        /// <param name="setpointHz">Wanted stroke rate while running. Unit: strokes/s.</param>
        /// <param name="action">The supervisor's action; ControlledStop or worse overrides <paramref name="run"/>.</param>
        /// <param name="dutyCeilingFactor">Derating of the duty ceiling, 0..1 (1 = none).</param>
        public void Update(SensorFrame frame, bool run, float setpointHz, SafetyAction action, float dutyCeilingFactor)
        {
            long now = frame.NowMicros;
            float dt = frame.TickIntervalMicros * 1e-6f;
            _rate.Update(frame.PulseCount, frame.PulseSampleMicros);
            // the shunt carries the on-time current only: motor current ≈ shunt average / duty
            _motorAmps = _duty > 0.05f ? frame.ShuntAmps / _duty : 0f;

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
                _setpointHz = 0f;
                _speed.Reset();
            }
            else if (!mayRun && _mode == DriveMode.Running)
            {
                _mode = DriveMode.Parking;
                SetParkPhase(0, now);
            }

            if (_mode == DriveMode.Running)
            {
                // soft start: the setpoint the controller sees rises at a bounded rate
                float step = SoftStartHzPerSecond * dt;
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
                _duty = _speed.Update(_setpointHz, _rate.RateHz, frame.SupplyVolts, _motorAmps, dt) * 1f;
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
        /// Park: crawl (phase 0) until slow, wait for a Hall edge that shows the cam has just passed the
        /// retracted point (phase 1), then brake (phase 2: duty 0 with the bridge enabled shorts the motor) so the
        /// cam stops early in the stroke and the return spring pulls the needles in; then release the bridge.
        /// </summary>
        private void Park(SensorFrame frame, float dt, long now)
        {
            _enable = true;
            long sincePhase = now - _parkPhaseSinceMicros;
            if (_parkPhase == 0)
            {
                _setpointHz = ParkCrawlHz;
                _duty = _speed.Update(ParkCrawlHz, _rate.RateHz, frame.SupplyVolts, _motorAmps, dt);
                if (_rate.RateHz < ParkCrawlHz * 1.5f || sincePhase > ParkWaitMaxMicros)
                {
                    SetParkPhase(1, now);
                    _parkStartCount = _rate.Count;
                }
            }
            else if (_parkPhase == 1)
            {
                _duty = _speed.Update(ParkCrawlHz, _rate.RateHz, frame.SupplyVolts, _motorAmps, dt);
                if (_rate.Count != _parkStartCount || sincePhase > ParkWaitMaxMicros)
                {
                    _duty = 0f;
                    SetParkPhase(2, now);
                }
            }
            else if (_parkPhase == 2)
            {
                _setpointHz = 0f;
                _duty = 0f;
                if (sincePhase > ParkBrakeMicros)
                {
                    _mode = DriveMode.Off;
                    _enable = false;
                    _speed.Reset();
                }
            }
        }

        private void SetParkPhase(int phase, long now)
        {
            _parkPhase = phase;
            _parkPhaseSinceMicros = now;
        }
    }
}
