using Pen.Core.Ports;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// The ports as the firmware's native calls reach them on the ESP32: each call happens at its own instant inside
    /// the tick and takes its native round trip (<see cref="SimCpu.Native"/>). Wrapped around the simulated
    /// peripherals in <see cref="SimulatedPen.Ports"/>; what each call costs is <see cref="InterpreterTiming"/>'s.
    /// </summary>
    internal static class TimedPorts
    {
        public sealed class Adc : IAdcChannel
        {
            private readonly IAdcChannel _inner;
            private readonly SimCpu _cpu;
            public Adc(IAdcChannel inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public int ReadRaw()
            {
                _cpu.Native(_cpu.Timing.PortCallMicros);
                return _inner.ReadRaw();
            }
        }

        /// <summary>A GPIO read through GpioPin.Read (a native call).</summary>
        public sealed class PinInput : IDigitalInput
        {
            private readonly IDigitalInput _inner;
            private readonly SimCpu _cpu;
            public PinInput(IDigitalInput inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public bool Read()
            {
                _cpu.Native(_cpu.Timing.PortCallMicros);
                return _inner.Read();
            }
        }

        /// <summary>
        /// A button through GpioButton.IsPressed: a managed field its pin-change events keep, no native call in the tick
        /// (firmware/Pen.Firmware/Adapters/ButtonInput.cs). Sampled at its instant all the same.
        /// </summary>
        public sealed class ButtonInput : IDigitalInput
        {
            private readonly IDigitalInput _inner;
            private readonly SimCpu _cpu;
            public ButtonInput(IDigitalInput inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public bool Read()
            {
                _cpu.Native(0);
                return _inner.Read();
            }
        }

        /// <summary>A GPIO output: the adapter skips a write of the level the pin has; a change is one native call.</summary>
        public sealed class Output : IDigitalOutput
        {
            private readonly IDigitalOutput _inner;
            private readonly SimCpu _cpu;
            private bool _level;
            private bool _known;
            public Output(IDigitalOutput inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public void Write(bool high)
            {
                if (_known && high == _level) return;
                _known = true;
                _level = high;
                _cpu.Native(_cpu.Timing.GpioWriteMicros);
                _inner.Write(high);
            }
        }

        /// <summary>The LEDC duty: the adapter skips an unchanged duty; a change is one native call.</summary>
        public sealed class Pwm : IMotorPwm
        {
            private readonly IMotorPwm _inner;
            private readonly SimCpu _cpu;
            private float _duty = float.NaN;
            public Pwm(IMotorPwm inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public void SetDuty(float dutyFraction)
            {
                if (dutyFraction == _duty) return;
                _duty = dutyFraction;
                _cpu.Native(_cpu.Timing.PortCallMicros);
                _inner.SetDuty(dutyFraction);
            }
        }

        /// <summary>The pulse counter: one native call, and the struct its native side leaves on the heap.</summary>
        public sealed class Counter : IPulseCounter
        {
            private readonly IPulseCounter _inner;
            private readonly SimCpu _cpu;
            public Counter(IPulseCounter inner, SimCpu cpu) { _inner = inner; _cpu = cpu; }

            public long ReadCount(out long sampleTimeMicros)
            {
                _cpu.Native(_cpu.Timing.PortCallMicros);
                _cpu.AdapterGarbage(_cpu.Timing.PulseReadBytes);
                return _inner.ReadCount(out sampleTimeMicros);
            }
        }
    }
}
