using System;
using System.Collections.Generic;
using Pen.Core.Ports;
using Pen.Core.Records;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// Records, tick by tick, what the firmware core read from its input ports and what it left on its outputs, for the
    /// golden-trace replay (tests/Pen.Core.Tests/Shared/GoldenReplay.cs replays the inputs through a fresh core on fake
    /// ports, on the host and on the nanoFramework runtime, and compares the outputs). Attach before the run: it
    /// wraps the input and output ports of the pen's <see cref="PenPorts"/> (the core reads the fields every tick).
    ///
    /// Layout of one tick in <see cref="Data"/> (version <see cref="LayoutVersion"/>), all ints:
    ///   dt: µs since the previous recorded tick (the first: since boot);
    ///   for each input port in <see cref="InputPorts"/> order: n = ints that follow for it, then those ints: one per read
    ///     (ADC code; buttons and switch 1 high / 0 low), two per read for the cam pulses (count, and sample time minus the
    ///     previous recorded tick's time, which is 0 before the first tick);
    ///     reads made by Boot land in the first tick's lists, in order, which is how the replay feeds them back;
    ///   outputs after the tick: duty × <see cref="DutyScale"/> (rounded), output bits (enable 1, green 2, amber 4, red 8, buzzer 16, heartbeat 32, direction 64),
    ///     state, fault, log records held, power-offs.
    /// The durable records already on the pen's flash when the recorder is attached (the factory's: cartridge state, depth
    /// and supply calibration) are kept in <see cref="InitialRecords"/>, each as its slot name and its text; the replay
    /// writes them to its flash before boot. A power cycle (a new firmware instance) is not
    /// supported: the recorder throws.
    /// </summary>
    public sealed class TraceRecorder : ITickSink
    {
        /// <summary>Version of the layout; the replay refuses another.</summary>
        public const int LayoutVersion = 4;

        /// <summary>Duty is recorded as an integer in 1/DutyScale: 1e-4, well inside the replay's tolerance.</summary>
        public const int DutyScale = 10000;

        /// <summary>Input ports in recorded order.</summary>
        public static readonly string[] InputPorts =
        {
            "CamPulses", "MotorCurrent", "SupplyVoltage", "HousingNtc", "DepthRing", "ButtonMain", "ButtonPlus", "ButtonMinus", "CartridgeSwitch",
            "MotorCurrentAveraged", "DriveVoltage", "CamHallLevel",
        };

        private readonly ScenarioRunner _runner;
        private readonly List<int>[] _reads = new List<int>[12];
        private readonly List<int> _data = new List<int>();
        private readonly RecordingPwm _pwm;
        private readonly RecordingOutput[] _outputs;
        private long _lastTickMicros;
        private int _boots = -1;

        /// <summary>Wraps the ports of <paramref name="runner"/>'s pen. Call before <see cref="ScenarioRunner.Run"/>.</summary>
        public TraceRecorder(ScenarioRunner runner)
        {
            _runner = runner;
            for (int i = 0; i < _reads.Length; i++) _reads[i] = new List<int>();
            var initial = new List<string>();
            foreach (DurableSlot slot in runner.Pen.ReadRecords().Slots) if (slot.Value != null) initial.Add(slot.Name + " " + slot.Value);
            InitialRecords = initial.ToArray();
            PenPorts p = runner.Pen.Ports;
            p.CamPulses = new RecordingCounter(p.CamPulses, this);
            p.MotorCurrent = new RecordingAdc(p.MotorCurrent, _reads[1]);
            p.SupplyVoltage = new RecordingAdc(p.SupplyVoltage, _reads[2]);
            p.HousingNtc = new RecordingAdc(p.HousingNtc, _reads[3]);
            p.DepthRing = new RecordingAdc(p.DepthRing, _reads[4]);
            p.ButtonMain = new RecordingInput(p.ButtonMain, _reads[5]);
            p.ButtonPlus = new RecordingInput(p.ButtonPlus, _reads[6]);
            p.ButtonMinus = new RecordingInput(p.ButtonMinus, _reads[7]);
            p.CartridgeSwitch = new RecordingInput(p.CartridgeSwitch, _reads[8]);
            p.MotorCurrentAveraged = new RecordingAdc(p.MotorCurrentAveraged, _reads[9]);
            p.DriveVoltage = new RecordingAdc(p.DriveVoltage, _reads[10]);
            p.CamHallLevel = new RecordingInput(p.CamHallLevel, _reads[11]);
            p.MotorPwm = _pwm = new RecordingPwm(p.MotorPwm);
            _outputs = new[]
            {
                new RecordingOutput(p.MotorEnable), new RecordingOutput(p.LedGreen), new RecordingOutput(p.LedAmber),
                new RecordingOutput(p.LedRed), new RecordingOutput(p.Buzzer), new RecordingOutput(p.Heartbeat),
                new RecordingOutput(p.MotorDirection),
            };
            p.MotorEnable = _outputs[0];
            p.LedGreen = _outputs[1];
            p.LedAmber = _outputs[2];
            p.LedRed = _outputs[3];
            p.Buzzer = _outputs[4];
            p.Heartbeat = _outputs[5];
            p.MotorDirection = _outputs[6];
        }

        /// <summary>The recorded ticks, in the layout above.</summary>
        public IReadOnlyList<int> Data => _data;

        /// <summary>The durable records on the pen's flash before the firmware booted: slot name, a space, the record.</summary>
        public string[] InitialRecords { get; }

        /// <summary>Ticks recorded.</summary>
        public int Ticks { get; private set; }

        public void OnTick(in TickRow row)
        {
            SimulatedPen pen = _runner.Pen;
            if (_boots < 0) _boots = pen.Boots;
            if (pen.Boots != _boots) throw new InvalidOperationException("TraceRecorder: the pen power-cycled at " + row.TimeS + " s; a golden case must not");
            if (!row.FirmwareRan) return; // no tick: nothing read, nothing written; the reads stay queued for the next

            long now = pen.Cpu.LastTick.StartMicros; // the time the tick was given (the row is taken when its work ends)
            _data.Add(checked((int)(now - _lastTickMicros)));
            _lastTickMicros = now;
            foreach (List<int> reads in _reads)
            {
                _data.Add(reads.Count);
                _data.AddRange(reads);
                reads.Clear();
            }

            _data.Add((int)Math.Round(_pwm.Duty * DutyScale));
            int bits = 0;
            for (int i = 0; i < _outputs.Length; i++) if (_outputs[i].Level) bits |= 1 << i;
            _data.Add(bits);
            _data.Add((int)pen.Firmware.State);
            _data.Add((int)pen.Firmware.Fault);
            _data.Add(pen.Firmware.Records.Count);
            _data.Add(pen.PowerLatch.PowerOffs);
            Ticks++;
        }

        private void RecordPulse(long count, long sampleTimeMicros)
        {
            _reads[0].Add(checked((int)count));
            // relative to the previous recorded tick (it is read during the tick, before OnTick moves _lastTickMicros)
            _reads[0].Add(checked((int)(sampleTimeMicros - _lastTickMicros)));
        }

        private sealed class RecordingCounter : IPulseCounter
        {
            private readonly IPulseCounter _inner;
            private readonly TraceRecorder _owner;
            public RecordingCounter(IPulseCounter inner, TraceRecorder owner) { _inner = inner; _owner = owner; }
            public long ReadCount(out long sampleTimeMicros)
            {
                long count = _inner.ReadCount(out sampleTimeMicros);
                _owner.RecordPulse(count, sampleTimeMicros);
                return count;
            }
        }

        private sealed class RecordingAdc : IAdcChannel
        {
            private readonly IAdcChannel _inner;
            private readonly List<int> _log;
            public RecordingAdc(IAdcChannel inner, List<int> log) { _inner = inner; _log = log; }
            public int ReadRaw() { int v = _inner.ReadRaw(); _log.Add(v); return v; }
        }

        private sealed class RecordingInput : IDigitalInput
        {
            private readonly IDigitalInput _inner;
            private readonly List<int> _log;
            public RecordingInput(IDigitalInput inner, List<int> log) { _inner = inner; _log = log; }
            public bool Read() { bool v = _inner.Read(); _log.Add(v ? 1 : 0); return v; }
        }

        private sealed class RecordingPwm : IMotorPwm
        {
            private readonly IMotorPwm _inner;
            public RecordingPwm(IMotorPwm inner) { _inner = inner; }
            public float Duty;
            public void SetDuty(float dutyFraction) { Duty = dutyFraction; _inner.SetDuty(dutyFraction); }
        }

        private sealed class RecordingOutput : IDigitalOutput
        {
            private readonly IDigitalOutput _inner;
            public RecordingOutput(IDigitalOutput inner) { _inner = inner; }
            public bool Level;
            public void Write(bool high) { Level = high; _inner.Write(high); }
        }
    }
}
