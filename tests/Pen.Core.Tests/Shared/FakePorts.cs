using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Core.Records;

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
        /// <summary>While this output is high (the driver enabled), <see cref="DrivenCodes"/> more: a current channel's motor friction current.</summary>
        public FakeOutput DrivenBy;
        public int DrivenCodes;
        private int[] _queued;
        private int _taken;

        /// <summary>The next conversions read these codes, one each, before the channel reads <see cref="Code"/> again (a fault's onset between the conversions of one tick).</summary>
        public void Queue(int[] codes)
        {
            _queued = codes;
            _taken = 0;
        }

        public int ReadRaw()
        {
            if (_queued != null && _taken < _queued.Length) return _queued[_taken++];
            return DrivenBy != null && DrivenBy.Level ? Code + DrivenCodes : Code;
        }
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
        /// <summary>The cam that turns by itself while the firmware measures a cartridge (FakeCam), or null.</summary>
        public FakeCam Cam;
        public long ReadCount(out long sampleTimeMicros)
        {
            sampleTimeMicros = Cam != null ? Cam.Step(TimeMicros) : TimeMicros;
            return Count;
        }
    }

    /// <summary>
    /// The flash in memory: files that survive a new PenFirmware on the same FakePen, like a power cycle. Refuses every
    /// write once <see cref="Failed"/>; <see cref="CapacityBytes"/> makes a volume that fills.
    /// </summary>
    public sealed class FakeFlashFiles : IFlashFiles
    {
        private string[] _names = new string[32];
        private byte[][] _data = new byte[32][];
        private int _count;

        /// <summary>The flash failed: every write is refused (reads still work).</summary>
        public bool Failed;

        /// <summary>Writes to files whose name starts with this are refused (one durable record failing); null: none.</summary>
        public string RefusedPrefix;

        /// <summary>Most bytes all files may hold together; −1 for no limit.</summary>
        public int CapacityBytes = -1;

        /// <summary>Writes and appends accepted.</summary>
        public int Writes;

        public int Read(string name, int offset, byte[] buffer, int count)
        {
            byte[] d = Find(name);
            if (d == null || offset >= d.Length) return 0;
            int n = d.Length - offset < count ? d.Length - offset : count;
            for (int i = 0; i < n; i++) buffer[i] = d[offset + i];
            return n;
        }

        public bool Write(string name, byte[] data, int count)
        {
            if (Failed || Refused(name) || !Fits(name, count)) return false;
            byte[] copy = new byte[count];
            for (int i = 0; i < count; i++) copy[i] = data[i];
            Put(name, copy);
            Writes++;
            return true;
        }

        public bool Append(string name, byte[] data, int count)
        {
            byte[] old = Find(name);
            int oldLength = old == null ? 0 : old.Length;
            if (Failed || !Fits(name, oldLength + count)) return false;
            byte[] joined = new byte[oldLength + count];
            for (int i = 0; i < oldLength; i++) joined[i] = old[i];
            for (int i = 0; i < count; i++) joined[oldLength + i] = data[i];
            Put(name, joined);
            Writes++;
            return true;
        }

        private bool Refused(string name) { return RefusedPrefix != null && name.StartsWith(RefusedPrefix); }

        /// <summary>Puts bytes in a file as they are (a test's corruption).</summary>
        public void Put(string name, byte[] content)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_names[i] == name)
                {
                    _data[i] = content;
                    return;
                }
            }

            if (_count == _names.Length)
            {
                string[] names = new string[_count * 2];
                byte[][] data = new byte[_count * 2][];
                for (int i = 0; i < _count; i++)
                {
                    names[i] = _names[i];
                    data[i] = _data[i];
                }

                _names = names;
                _data = data;
            }

            _names[_count] = name;
            _data[_count++] = content;
        }

        /// <summary>A file's bytes, or null.</summary>
        public byte[] Find(string name)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_names[i] == name) return _data[i];
            }

            return null;
        }

        /// <summary>Bytes all files hold.</summary>
        public int UsedBytes
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++) n += _data[i].Length;
                return n;
            }
        }

        /// <summary>The records on this flash as the next boot reads them (writes nothing).</summary>
        public PenRecords Records()
        {
            PenRecords r = new PenRecords(this);
            r.Load();
            return r;
        }

        /// <summary>The newest log record starting with a tag, or null.</summary>
        public string Last(string tag)
        {
            PenRecords r = Records();
            for (int i = r.Count - 1; i >= 0; i--)
            {
                string rec = r.Read(i);
                if (rec != null && rec.StartsWith(tag)) return rec;
            }

            return null;
        }

        /// <summary>Log records starting with a tag.</summary>
        public int CountOf(string tag)
        {
            PenRecords r = Records();
            int n = 0;
            for (int i = 0; i < r.Count; i++)
            {
                string rec = r.Read(i);
                if (rec != null && rec.StartsWith(tag)) n++;
            }

            return n;
        }

        private bool Fits(string name, int newLength)
        {
            if (CapacityBytes < 0) return true;
            byte[] old = Find(name);
            return UsedBytes - (old == null ? 0 : old.Length) + newLength <= CapacityBytes;
        }
    }

    /// <summary>Random bytes from a fixed sequence (xorshift): challenges differ, runs repeat.</summary>
    public sealed class FakeRandom : IRandomSource
    {
        private uint _x = 2463534242;

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                _x ^= _x << 13;
                _x ^= _x >> 17;
                _x ^= _x << 5;
                buffer[i] = (byte)_x;
            }
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

        /// <summary>Codes above the reference of a turning motor's friction current: 10 mA of shunt average.</summary>
        public static int FrictionCurrentCodes => ShuntAmps(0.01f) - ZeroCurrent;

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
        public readonly FakeFlashFiles Flash = new FakeFlashFiles();
        public readonly FakeOutput Direction = new FakeOutput();
        /// <summary>The cam Hall switch's level: low (false) = the cam within the Hall arc (parked).</summary>
        public readonly FakeInput HallLevel = new FakeInput();
        public readonly FakePowerLatch Power = new FakePowerLatch();
        public readonly FakeRandom Random = new FakeRandom();
        /// <summary>The cam and return spring the firmware's cartridge identification turns (at every seating, and at the first
        /// start for the cartridge seated at boot).</summary>
        public readonly FakeCam Cam;

        /// <summary>A firmware on these ports (not booted), whose cartridge chain turns <see cref="Cam"/> by itself whenever it runs
        /// (the first start measures the cartridge seated at boot).</summary>
        public PenFirmware NewFirmware(BoardVariant board)
        {
            var fw = new PenFirmware(Ports, board);
            Cam.Firmware = fw;
            return fw;
        }
        public readonly PenPorts Ports;

        /// <summary>The test pen's identity and service key, as the factory provisions them (a test key: never a real pen's).</summary>
        public const string DeviceId = "PEN-TEST-1";
        public static readonly byte[] Key =
        {
            0x70, 0x65, 0x6e, 0x2d, 0x74, 0x65, 0x73, 0x74, 0x2d, 0x6b, 0x65, 0x79, 0x2d, 0x6e, 0x6f, 0x74,
            0x2d, 0x61, 0x2d, 0x72, 0x65, 0x61, 0x6c, 0x2d, 0x70, 0x65, 0x6e, 0x73, 0x2d, 0x6b, 0x65, 0x79,
        };

        /// <summary>
        /// One 10 ms tick of the firmware after <paramref name="nowMicros"/>: the cam gives one edge every
        /// <paramref name="ticksPerEdge"/> ticks (0: none), counted on the tick's own time, except while the cam turns by
        /// itself for the firmware's cartridge identification (<see cref="FakeCam"/>). Returns that time. Unit: µs.
        /// </summary>
        public long Tick(PenFirmware fw, long nowMicros, int ticksPerEdge)
        {
            long t = nowMicros + 10000;
            // while the firmware measures a cartridge the cam turns by itself (FakeCam), and the test's edges wait
            if (ticksPerEdge > 0 && !Cam.Engaged && (t / 10000) % ticksPerEdge == 0) Counter.Count++;
            Counter.TimeMicros = t;
            fw.Tick(t);
            // a start that waits for the cartridge's chain (the cartridge seated at boot is measured at the first start): the
            // test waits with it, as a practitioner does, so its timeline goes on from the treatment drive's start
            for (int i = 0; i < 500 && fw.Treatment.StartAwaitsCartridge; i++)
            {
                t += 10000;
                Counter.TimeMicros = t;
                fw.Tick(t);
            }

            return t;
        }

        /// <summary>
        /// 10 ms ticks from <paramref name="nowMicros"/> until the firmware has measured the seated cartridge (at boot or after
        /// a seating: the cam's own motion, <see cref="FakeCam"/>) and its drive has stopped again; at most 2 s. Returns the time. Unit: µs.
        /// </summary>
        public long AwaitCartridgeMeasured(PenFirmware fw, long nowMicros)
        {
            long t = nowMicros;
            for (int i = 0; i < 200 && (Cam.Engaged || !fw.Drive.Stopped); i++)
            {
                t += 10000;
                Counter.TimeMicros = t;
                fw.Tick(t);
            }

            return t;
        }

        public FakePen()
        {
            Drive = new FakeDriveSense(Pwm, Enable, Supply);
            Cartridge.Level = false;   // seated
            HallLevel.Level = false;   // the cam parked within the Hall arc
            Supply.Code = TestCodes.For(1950f);       // 3.9 V on RP-1 (÷2), on the nominal ADC line
            Ntc.Code = TestCodes.For(1650f);          // 25 °C
            Depth.Code = TestCodes.For(1300f);
            Current.Code = TestCodes.ZeroCurrent;     // zero current: the amplifier's reference
            CurrentAveraged.Code = TestCodes.ZeroCurrent;
            // the enabled motor draws its friction current, about 10 mA of shunt average (a failed amplifier reads
            // nothing while the motor turns under drive: AdcPlausibilityCheck)
            Current.DrivenBy = Enable;
            Current.DrivenCodes = TestCodes.FrictionCurrentCodes;
            CurrentAveraged.DrivenBy = Enable;
            CurrentAveraged.DrivenCodes = TestCodes.FrictionCurrentCodes;
            Cam = new FakeCam(this);
            Cam.KeepDrivenCodes();
            Counter.Cam = Cam;
            Enable.Level = true;       // outputs start in an unknown state: boot must make them safe
            Green.Level = true;
            Red.Level = true;
            Buzzer.Level = true;
            Pwm.Duty = 0.7f;
            // the factory's state: a pen that has seen no cartridge
            PenRecords factory = new PenRecords(Flash);
            factory.Load();
            factory.WriteNow(PenRecords.CartridgeSlot, Pen.Core.Session.Treatment.CartridgeRecord(false, 0, 0));
            factory.WriteNow(PenRecords.KeySlot, Pen.Core.Protocol.ServiceSession.KeyRecord(DeviceId, Key));
            // and its motor identified at the factory (the RP-1 datasheet's values stand in for a unit's)
            factory.WriteNow(Pen.Core.Commissioning.MotorRecord.Slot, Pen.Core.Commissioning.MotorRecord.ToRecord(Pen.Core.Control.MotorModel.Datasheet(BoardVariant.Battery1S())));
            Ports = new PenPorts
            {
                MotorPwm = Pwm, MotorEnable = Enable, CamPulses = Counter, MotorCurrent = Current, MotorCurrentAveraged = CurrentAveraged, DriveVoltage = Drive,
                SupplyVoltage = Supply, HousingNtc = Ntc, DepthRing = Depth, ButtonMain = Main,
                ButtonPlus = Plus, ButtonMinus = Minus, CartridgeSwitch = Cartridge, LedGreen = Green,
                LedAmber = Amber, LedRed = Red, Buzzer = Buzzer, Heartbeat = Heartbeat, MotorDirection = Direction, CamHallLevel = HallLevel,
                Flash = Flash, Power = Power, Random = Random,
            };
        }
    }
}
