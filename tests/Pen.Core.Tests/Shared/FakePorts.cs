using Pen.Core.Ports;

namespace Pen.Core.Tests
{
    /// <summary>Test doubles for every port: inputs the test sets, outputs that remember what was written.</summary>
    public sealed class FakeOutput : IDigitalOutput
    {
        public bool Level;
        public int Writes;
        public int Changes;

        public void Write(bool high)
        {
            Writes++;
            if (high != Level) Changes++;
            Level = high;
        }
    }

    public sealed class FakeInput : IDigitalInput
    {
        public bool Level = true;
        public bool Read() { return Level; }
    }

    public sealed class FakeAdc : IAdcChannel
    {
        public int Code;
        public int ReadRaw() { return Code; }
    }

    public sealed class FakePwm : IMotorPwm
    {
        public float Duty = -1f;
        public int Writes;

        public void SetDuty(float dutyFraction)
        {
            Writes++;
            Duty = dutyFraction;
        }
    }

    public sealed class FakeCounter : IPulseCounter
    {
        public long Count;
        public long TimeMicros;
        public PulseCount Read() { return new PulseCount(Count, TimeMicros); }
    }

    /// <summary>A full set of fake ports, idle: buttons up, cartridge in, mid-range ADC codes.</summary>
    public sealed class FakePen
    {
        public readonly FakePwm Pwm = new FakePwm();
        public readonly FakeOutput Enable = new FakeOutput();
        public readonly FakeCounter Counter = new FakeCounter();
        public readonly FakeAdc Current = new FakeAdc();
        public readonly FakeAdc Supply = new FakeAdc();
        public readonly FakeAdc Ntc = new FakeAdc();
        public readonly FakeAdc Depth = new FakeAdc();
        public readonly FakeInput Main = new FakeInput();
        public readonly FakeInput Plus = new FakeInput();
        public readonly FakeInput Minus = new FakeInput();
        public readonly FakeInput Cartridge = new FakeInput();
        public readonly FakeOutput Green = new FakeOutput();
        public readonly FakeOutput Amber = new FakeOutput();
        public readonly FakeOutput Red = new FakeOutput();
        public readonly FakeOutput Buzzer = new FakeOutput();
        public readonly FakeOutput Heartbeat = new FakeOutput();
        public readonly PenPorts Ports;

        public FakePen()
        {
            Cartridge.Level = false;   // seated
            Supply.Code = 1800;        // ≈ 3.9 V on RP-1
            Ntc.Code = 2660;           // ≈ 25 °C
            Depth.Code = 1300;
            Current.Code = 0;
            Enable.Level = true;       // outputs start in an unknown state: boot must make them safe
            Green.Level = true;
            Red.Level = true;
            Buzzer.Level = true;
            Pwm.Duty = 0.7f;
            Ports = new PenPorts
            {
                MotorPwm = Pwm, MotorEnable = Enable, CamPulses = Counter, MotorCurrent = Current,
                SupplyVoltage = Supply, HousingNtc = Ntc, DepthRing = Depth, ButtonMain = Main,
                ButtonPlus = Plus, ButtonMinus = Minus, CartridgeSwitch = Cartridge, LedGreen = Green,
                LedAmber = Amber, LedRed = Red, Buzzer = Buzzer, Heartbeat = Heartbeat,
            };
        }
    }
}
