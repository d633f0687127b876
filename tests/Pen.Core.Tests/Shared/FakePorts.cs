using Pen.Core.Board;
using Pen.Core.Limits;
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

    /// <summary>An ADC channel whose conversions follow a list of codes, round and round; counts the conversions.</summary>
    public sealed class FakeAdcSequence : IAdcChannel
    {
        private readonly int[] _codes;
        public int Conversions;
        public FakeAdcSequence(int[] codes) { _codes = codes; }
        public int ReadRaw() { return _codes[Conversions++ % _codes.Length]; }
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
        public long ReadCount(out long sampleTimeMicros) { sampleTimeMicros = TimeMicros; return Count; }
    }

    /// <summary>Persistent records in memory (survive a new PenFirmware on the same FakePen, like a power cycle).
    /// Refuses what the device's store refuses: more than its capacity, and everything once <see cref="Failed"/>.</summary>
    public sealed class FakeRecordStore : IRecordStore
    {
        private string[] _records = new string[16];
        private int _count;

        /// <summary>The flash failed: every Append and Replace is refused.</summary>
        public bool Failed;

        /// <summary>Replace calls accepted.</summary>
        public int Replacements;

        public int Count { get { return _count; } }

        public bool Replace(string[] records, int count, int replacing)
        {
            if (Failed || _count != replacing || !RecordText.StorableAll(records, count)) return false;
            string[] fresh = new string[count > 16 ? count : 16];
            for (int i = 0; i < count; i++) fresh[i] = records[i];
            _records = fresh;
            _count = count;
            Replacements++;
            return true;
        }

        public bool Append(string record)
        {
            if (Failed || !RecordText.Storable(record) || _count >= PenLimits.RecordStoreCapacity) return false;
            if (_count == _records.Length)
            {
                string[] bigger = new string[_records.Length * 2];
                for (int i = 0; i < _count; i++) bigger[i] = _records[i];
                _records = bigger;
            }

            _records[_count++] = record;
            return true;
        }

        public string Read(int index) { return index >= 0 && index < _count ? _records[index] : null; }

        /// <summary>The newest record starting with a tag, or null.</summary>
        public string Last(string tag)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                if (_records[i].StartsWith(tag)) return _records[i];
            }

            return null;
        }
    }

    /// <summary>Remembers that the firmware switched the pen off.</summary>
    public sealed class FakePowerLatch : IPowerLatch
    {
        public int PowerOffs;
        public void PowerOff() { PowerOffs++; }
    }

    /// <summary>
    /// The drive-voltage input of a healthy driver: the PWM's duty times the supply reading while enabled, 0 V
    /// otherwise (the board shares the supply's divider), unless a test sets <see cref="Override"/>.
    /// </summary>
    public sealed class FakeDriveSense : IAdcChannel
    {
        private readonly FakePwm _pwm;
        private readonly FakeOutput _enable;
        private readonly FakeAdc _supply;
        /// <summary>A code to return instead of the healthy one; −1 for none.</summary>
        public int Override = -1;

        public FakeDriveSense(FakePwm pwm, FakeOutput enable, FakeAdc supply)
        {
            _pwm = pwm;
            _enable = enable;
            _supply = supply;
        }

        public int ReadRaw()
        {
            if (Override >= 0) return Override;
            float duty = _enable.Level ? _pwm.Duty : 0f;
            // V_adc = d · V_adc,supply on the nominal ADC line, clipped at 0
            float supplyMv = AdcLine.Nominal.Millivolts(_supply.Code);
            float code = AdcLine.Nominal.CodeAt(duty * supplyMv);
            return code <= 0f ? 0 : (int)(code + 0.5f);
        }
    }

    /// <summary>ADC codes the nominal line (ESP-IDF's at the default reference, Board/AdcLine) gives pin voltages: what the tests feed the fake inputs.</summary>
    public static class TestCodes
    {
        /// <summary>The code of a pin voltage (mV), rounded.</summary>
        public static int For(float millivolts)
        {
            return (int)(AdcLine.Nominal.CodeAt(millivolts) + 0.5f);
        }

        /// <summary>The code of the current-sense amplifier's reference: zero current.</summary>
        public static int ZeroCurrent => For(SensingScale.ZeroCurrentMillivolts);

        /// <summary>The code of an average shunt current (A) above the reference.</summary>
        public static int ShuntAmps(float amps)
        {
            return For(SensingScale.ZeroCurrentMillivolts + amps * BoardConstants.CurrentShuntOhms * BoardConstants.CurrentAmplifierGain * 1000f);
        }
    }

    /// <summary>A full set of fake ports, idle: buttons up, cartridge in, mid-range ADC codes.</summary>
    public sealed class FakePen
    {
        public readonly FakePwm Pwm = new FakePwm();
        public readonly FakeOutput Enable = new FakeOutput();
        public readonly FakeCounter Counter = new FakeCounter();
        public readonly FakeAdc Current = new FakeAdc();
        public readonly FakeAdc CurrentAveraged = new FakeAdc();
        public readonly FakeAdc Supply = new FakeAdc();
        public readonly FakeAdc Ntc = new FakeAdc();
        public readonly FakeAdc Depth = new FakeAdc();
        public readonly FakeDriveSense Drive;
        public readonly FakeInput Main = new FakeInput();
        public readonly FakeInput Plus = new FakeInput();
        public readonly FakeInput Minus = new FakeInput();
        public readonly FakeInput Cartridge = new FakeInput();
        public readonly FakeOutput Green = new FakeOutput();
        public readonly FakeOutput Amber = new FakeOutput();
        public readonly FakeOutput Red = new FakeOutput();
        public readonly FakeOutput Buzzer = new FakeOutput();
        public readonly FakeOutput Heartbeat = new FakeOutput();
        public readonly FakeRecordStore Records = new FakeRecordStore();
        public readonly FakePowerLatch Power = new FakePowerLatch();
        public readonly PenPorts Ports;

        public FakePen()
        {
            Drive = new FakeDriveSense(Pwm, Enable, Supply);
            Cartridge.Level = false;   // seated
            Supply.Code = TestCodes.For(1950f);       // 3.9 V on RP-1 (÷2), on the nominal ADC line
            Ntc.Code = TestCodes.For(1650f);          // 25 °C
            Depth.Code = TestCodes.For(1300f);
            Current.Code = TestCodes.ZeroCurrent;     // zero current: the amplifier's reference
            CurrentAveraged.Code = TestCodes.ZeroCurrent;
            Enable.Level = true;       // outputs start in an unknown state: boot must make them safe
            Green.Level = true;
            Red.Level = true;
            Buzzer.Level = true;
            Pwm.Duty = 0.7f;
            Ports = new PenPorts
            {
                MotorPwm = Pwm, MotorEnable = Enable, CamPulses = Counter, MotorCurrent = Current, MotorCurrentAveraged = CurrentAveraged, DriveVoltage = Drive,
                SupplyVoltage = Supply, HousingNtc = Ntc, DepthRing = Depth, ButtonMain = Main,
                ButtonPlus = Plus, ButtonMinus = Minus, CartridgeSwitch = Cartridge, LedGreen = Green,
                LedAmber = Amber, LedRed = Red, Buzzer = Buzzer, Heartbeat = Heartbeat,
                Records = Records, Power = Power,
            };
        }
    }
}
