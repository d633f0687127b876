using System;
using Pen.Core.Board;
using Pen.Core.Ports;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Replays a golden trace (tests/Pen.Core.Tests/Shared/Golden/, recorded on the simulated pen by
    /// hardware/Pen.Simulation/Running/TraceRecorder.cs through tools/Pen.Golden): the recorded inputs go through a
    /// fresh <see cref="PenFirmware"/> on replay ports, tick by tick at the recorded times, and after each tick the
    /// outputs must equal the recorded ones. Tolerance: duty within <see cref="DutyTolerance"/> (float maths on the
    /// ESP32 is single precision, the recording rounds to 1e-4); every digital output, the state, the fault, the records
    /// stored and the power-offs exactly. Compiles for nanoFramework too (no generics, no file access).
    /// A mismatch names the case, tick, time and output, and how to regenerate when the change is intended.
    /// </summary>
    public sealed class GoldenReplay
    {
        /// <summary>Largest accepted duty difference. Unit: fraction of the PWM period (≈ 4 LSB of the 11-bit LEDC).</summary>
        public const float DutyTolerance = 0.002f;
        /// <summary>The layout this replay reads (TraceRecorder.LayoutVersion).</summary>
        public const int LayoutVersion = 4;
        /// <summary>Duty unit of the recording (TraceRecorder.DutyScale).</summary>
        public const float DutyScale = 10000f;
        /// <summary>The command that re-records the golden files.</summary>
        public const string Regenerate = "dotnet run --project tools/Pen.Golden";

        private const int InputPorts = 12;

        private readonly ReplayCounter _counter = new ReplayCounter();
        private readonly ReplayValues[] _inputs = new ReplayValues[InputPorts];
        private readonly FakePwm _pwm = new FakePwm { Duty = 0f };
        private readonly FakeOutput[] _outputs = new FakeOutput[7];
        private readonly FakeFlashFiles _flash = new FakeFlashFiles();
        private readonly FakePowerLatch _latch = new FakePowerLatch();
        private readonly PenPorts _ports = new PenPorts();

        private GoldenReplay()
        {
            for (int i = 1; i < InputPorts; i++) _inputs[i] = new ReplayValues();
            for (int i = 0; i < _outputs.Length; i++) _outputs[i] = new FakeOutput();
            _ports.CamPulses = _counter;
            _ports.MotorCurrent = _inputs[1];
            _ports.SupplyVoltage = _inputs[2];
            _ports.HousingNtc = _inputs[3];
            _ports.DepthRing = _inputs[4];
            _ports.ButtonMain = _inputs[5];
            _ports.ButtonPlus = _inputs[6];
            _ports.ButtonMinus = _inputs[7];
            _ports.CartridgeSwitch = _inputs[8];
            _ports.MotorCurrentAveraged = _inputs[9];
            _ports.DriveVoltage = _inputs[10];
            _ports.CamHallLevel = _inputs[11];
            _ports.MotorPwm = _pwm;
            _ports.MotorEnable = _outputs[0];
            _ports.LedGreen = _outputs[1];
            _ports.LedAmber = _outputs[2];
            _ports.LedRed = _outputs[3];
            _ports.Buzzer = _outputs[4];
            _ports.Heartbeat = _outputs[5];
            _ports.MotorDirection = _outputs[6];
            _ports.Flash = _flash;
            _ports.Power = _latch;
        }

        /// <summary>
        /// Replays <paramref name="data"/> on the board <paramref name="board"/> ("RP-1" or "RP-2"), the record store holding
        /// <paramref name="initialRecords"/> (durable records: slot name, a space, the record) at boot. Returns null when every tick matched, else the first mismatch.
        /// </summary>
        public static string Run(string caseName, string board, int layoutVersion, int ticks, string[] initialRecords, short[] data)
        {
            if (layoutVersion != LayoutVersion)
                return caseName + ": recorded with layout " + layoutVersion.ToString() + ", this replay reads " + LayoutVersion.ToString() + "; run: " + Regenerate;
            GoldenReplay r = new GoldenReplay();
            // the durable records on the flash before boot: each "slot record"
            Pen.Core.Records.PenRecords before = new Pen.Core.Records.PenRecords(r._flash);
            before.Load();
            for (int k = 0; k < initialRecords.Length; k++)
            {
                int space = initialRecords[k].IndexOf(' ');
                before.WriteNow(initialRecords[k].Substring(0, space), initialRecords[k].Substring(space + 1));
            }

            BoardVariant variant = board == "RP-2" ? BoardVariant.Corded7V4() : BoardVariant.Battery1S();
            PenFirmware fw = new PenFirmware(r._ports, variant);
            return r.Play(caseName, fw, ticks, data);
        }

        private string Play(string caseName, PenFirmware fw, int ticks, short[] d)
        {
            int i = 0;
            long now = 0;
            for (int tick = 0; tick < ticks; tick++)
            {
                if (i >= d.Length) return caseName + ": data ends at tick " + tick.ToString() + " of " + ticks.ToString();
                long previous = now;
                now += d[i++];
                // inputs of this tick (the first also holds what Boot read)
                int n = d[i++];
                _counter.Load(d, i, n, previous);
                i += n;
                for (int p = 1; p < InputPorts; p++)
                {
                    n = d[i++];
                    _inputs[p].Load(d, i, n);
                    i += n;
                }

                if (tick == 0) fw.Boot(0);
                fw.Tick(now);

                string where = caseName + ", tick " + tick.ToString() + " at " + now.ToString() + " us: ";
                string unread = UnreadInputs();
                if (unread != null) return where + unread + " (the core now reads its inputs differently; if intended, run: " + Regenerate + ")";
                float duty = d[i++] / DutyScale;
                if (Math.Abs(duty - _pwm.Duty) > DutyTolerance)
                    return Mismatch(where, "duty", duty.ToString("F4"), _pwm.Duty.ToString("F4"));
                int bits = d[i++];
                for (int o = 0; o < _outputs.Length; o++)
                {
                    bool expected = ((bits >> o) & 1) != 0;
                    if (_outputs[o].Level != expected) return Mismatch(where, OutputName(o), expected ? "high" : "low", _outputs[o].Level ? "high" : "low");
                }

                int state = d[i++];
                if ((int)fw.State != state) return Mismatch(where, "state", state.ToString(), ((int)fw.State).ToString());
                int fault = d[i++];
                if ((int)fw.Fault != fault) return Mismatch(where, "fault", fault.ToString(), ((int)fw.Fault).ToString());
                int records = d[i++];
                if (fw.Records.Count != records) return Mismatch(where, "log records", records.ToString(), fw.Records.Count.ToString());
                int offs = d[i++];
                if (_latch.PowerOffs != offs) return Mismatch(where, "power-offs", offs.ToString(), _latch.PowerOffs.ToString());
            }

            return i == d.Length ? null : caseName + ": " + (d.Length - i).ToString() + " values left after " + ticks.ToString() + " ticks";
        }

        private static string Mismatch(string where, string what, string expected, string actual)
        {
            return where + what + " recorded " + expected + ", replayed " + actual +
                   ". If the core's new behaviour is intended, regenerate the golden files: " + Regenerate;
        }

        private string UnreadInputs()
        {
            if (_counter.Misread) return "the pulse counter was read a different number of times than recorded";
            for (int p = 1; p < InputPorts; p++)
            {
                if (_inputs[p].Misread) return "input port " + p.ToString() + " was read a different number of times than recorded";
            }

            return null;
        }

        private static string OutputName(int o)
        {
            switch (o)
            {
                case 0: return "motor enable";
                case 1: return "green LED";
                case 2: return "amber LED";
                case 3: return "red LED";
                case 4: return "buzzer";
                case 5: return "heartbeat";
                default: return "motor direction";
            }
        }

        // ------------------------------------------------------------------ replay ports

        /// <summary>An ADC channel or digital input that returns the recorded values of one tick, in order.</summary>
        private sealed class ReplayValues : IAdcChannel, IDigitalInput
        {
            private readonly int[] _values = new int[64];
            private int _count;
            private int _next;
            private int _last;
            private bool _overread;

            public bool Misread { get { return _overread || _next != _count; } }

            public void Load(short[] d, int start, int n)
            {
                if (n > _values.Length) n = _values.Length;
                for (int k = 0; k < n; k++) _values[k] = d[start + k];
                _count = n;
                _next = 0;
                _overread = false;
            }

            public int ReadRaw()
            {
                if (_next >= _count)
                {
                    _overread = true;
                    return _last;
                }

                _last = _values[_next++];
                return _last;
            }

            public bool Read() { return ReadRaw() != 0; }
        }

        /// <summary>The pulse counter: recorded (count, sample time) pairs of one tick.</summary>
        private sealed class ReplayCounter : IPulseCounter
        {
            private readonly long[] _counts = new long[32];
            private readonly long[] _times = new long[32];
            private int _count;
            private int _next;
            private bool _overread;
            private long _lastCount;
            private long _lastTime;

            public bool Misread { get { return _overread || _next != _count; } }

            public void Load(short[] d, int start, int n, long previousTickMicros)
            {
                int pairs = n / 2;
                if (pairs > _counts.Length) pairs = _counts.Length;
                for (int k = 0; k < pairs; k++)
                {
                    _counts[k] = d[start + 2 * k];
                    _times[k] = previousTickMicros + d[start + 2 * k + 1];
                }

                _count = pairs;
                _next = 0;
                _overread = false;
            }

            public long ReadCount(out long sampleTimeMicros)
            {
                if (_next >= _count)
                {
                    _overread = true;
                    sampleTimeMicros = _lastTime;
                    return _lastCount;
                }

                _lastCount = _counts[_next];
                _lastTime = _times[_next];
                _next++;
                sampleTimeMicros = _lastTime;
                return _lastCount;
            }
        }
    }
}
