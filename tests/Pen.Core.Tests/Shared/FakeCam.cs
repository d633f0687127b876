using Pen.Core.Board;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The fake pen's cam and return spring, for the cartridge identification the firmware runs at every seating
    /// (Commissioning/CartridgeIdentification): from each seating while the pen is on, until that motion has ended (the
    /// cam turned over and the bridge off again for 100 ms, or the treatment drive running), it turns the PWM's forward duty into the cam's motion, the Hall
    /// edges and the shunt's current; at any other time the tests drive the edges and currents themselves.
    /// Quasi-static, one step per counter read (one 10 ms tick; the clock is the test's when it sets the latch time):
    ///   at rest   I = D·V/R (the rotor still); the cam turns over once k_t·I reaches the breakaway
    ///             T_b = T_spring + k_t·i_f(0) + (π/2)·T_seal, one edge as it runs round to the window
    ///   turning   f = (D·V − R·I)/(2π·k_e), I = i_f(f) + T_seal/k_t (the spring's torque averages out over a stroke)
    ///   shunt     its mean D·I through the averaged input's 10 ms RC
    /// with the RP-1 datasheet motor (the one the fake pen's MOTOR record holds) and the board's nominal spring.
    /// </summary>
    public sealed class FakeCam
    {
        /// <summary>The cartridge's seal friction: 0.05 N on the 1.5 mm cam's lever (plant.md §3.3). Unit: N·m.</summary>
        public float SealTorqueNm = 0.048e-3f;
        /// <summary>The return spring's peak torque on the cam. Unit: N·m.</summary>
        public float SpringPeakTorqueNm;
        /// <summary>The cam turns by itself (the identification's motion); false: the tests drive it.</summary>
        public bool Engaged;
        /// <summary>The firmware on these ports: while its cartridge chain runs (a start measuring the cartridge seated at boot)
        /// the cam turns by itself as after a seating; null: only a seating engages it.</summary>
        public PenFirmware Firmware;
        /// <summary>Edges the cam gave while it turned by itself (the chain's strokes, in the air).</summary>
        public long Strokes;
        /// <summary>Times the cam turned over the spring's peak by itself.</summary>
        public int TurnOvers;

        private readonly FakePen _pen;
        private readonly MotorModel _motor;
        private readonly BoardVariant _board = BoardVariant.Battery1S();
        private bool _turning;
        private bool _turnedOver;
        private float _phase;
        private float _shuntAmps;     // the averaged input's RC output. Unit: A
        private int _offTicks;
        private bool _seatedBefore;
        private long _clockMicros;
        private int _drivenCodes, _drivenCodesFast;

        public FakeCam(FakePen pen)
        {
            _pen = pen;
            _motor = MotorModel.Datasheet(_board);
            SpringPeakTorqueNm = _board.CamSpringPeakTorqueNm;
            _seatedBefore = !pen.Cartridge.Level;
        }

        /// <summary>One tick of the cam, before the counter's read: returns the latch time to report. Unit: µs.</summary>
        public long Step(long testMicros)
        {
            bool seated = !_pen.Cartridge.Level;
            if (seated && (!_seatedBefore || !Engaged && Firmware != null && Firmware.Drive.Mode == DriveMode.IdentifyingCartridge)) Engage();
            _seatedBefore = seated;
            if (!Engaged || !seated) return testMicros;
            _clockMicros = testMicros > _clockMicros ? testMicros : _clockMicros + 10000;

            bool driven = _pen.Enable.Level && !_pen.Direction.Level && _pen.Pwm.Duty > 0f;
            float d = driven ? _pen.Pwm.Duty : 0f;
            float volts = _board.Scale.SupplyVolts(Pen.Core.Board.AdcLine.Nominal.Millivolts(_pen.Supply.Code));
            float ke = _motor.KeVoltSecondsPerRad, r = _motor.LoopOhms;
            float amps = 0f;
            if (!driven) _turning = false;
            else if (!_turning)
            {
                amps = d * volts / r;
                float breakaway = SpringPeakTorqueNm + ke * _motor.FrictionAmpsAt(0f) + 1.5707963f * SealTorqueNm;
                if (ke * amps >= breakaway)
                {
                    _turning = true;
                    _turnedOver = true;
                    TurnOvers++;
                    _pen.Counter.Count++;
                    Strokes++;
                    _phase = 0f;
                }
            }
            else
            {
                // f from the duty with the friction at the last step's speed (one fixed-point step a tick is enough here)
                float f = 0f;
                for (int i = 0; i < 4; i++)
                {
                    amps = _motor.FrictionAmpsAt(f) + SealTorqueNm / ke;
                    f = (d * volts - r * amps) / (6.2831853f * ke);
                    if (f < 0f) f = 0f;
                }

                if (f <= 0f) _turning = false;
                _phase += f * 0.01f;
                while (_phase >= 1f)
                {
                    _phase -= 1f;
                    _pen.Counter.Count++;
                    Strokes++;
                }
            }

            // the averaged input: a 10 ms RC, one tick of it
            _shuntAmps += (d * amps - _shuntAmps) * 0.6321206f;
            int codes = TestCodes.ShuntAmps(_shuntAmps) - TestCodes.ZeroCurrent;
            _pen.CurrentAveraged.DrivenCodes = codes;
            _pen.Current.DrivenCodes = TestCodes.ShuntAmps(d * amps) - TestCodes.ZeroCurrent;

            // the motion ends once the bridge has been off for 100 ms after the cam turned over, or once the treatment drive
            // runs (a start that waited for the chain goes on within 100 ms of its park: the tests drive the cam from then)
            _offTicks = _pen.Enable.Level ? 0 : _offTicks + 1;
            if (_turnedOver && (_offTicks >= 10 || Firmware != null && Firmware.Drive.Mode == DriveMode.Running)) Disengage();
            return _clockMicros;
        }

        /// <summary>The cam turns by itself from now on, as at a seating (a chain the firmware runs again without one).</summary>
        public void Engage()
        {
            if (Engaged) return;
            Engaged = true;
            _turnedOver = false;
            _turning = false;
            _offTicks = 0;
            _shuntAmps = 0f;
            _drivenCodes = _pen.CurrentAveraged.DrivenCodes;
            _drivenCodesFast = _pen.Current.DrivenCodes;
        }

        private void Disengage()
        {
            Engaged = false;
            _turning = false;
            _pen.CurrentAveraged.DrivenCodes = _drivenCodes;
            _pen.Current.DrivenCodes = _drivenCodesFast;
        }

        /// <summary>Remembers the tests' own driven codes (restored when the cam's motion ends).</summary>
        public void KeepDrivenCodes()
        {
            _drivenCodes = _pen.CurrentAveraged.DrivenCodes;
            _drivenCodesFast = _pen.Current.DrivenCodes;
        }
    }
}
