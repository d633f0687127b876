using System;
using Pen.Core.Ports;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The LEDC PWM channel on the bridge's EN pin. Duty is quantised to the 11-bit resolution that 39 kHz
    /// allows (plant.md §4.6) and holds between writes, as the hardware does.
    /// </summary>
    public sealed class SimPwm : IMotorPwm
    {
        private readonly PenPlant _plant;
        private readonly double _steps;

        public SimPwm(PenPlant plant, int resolutionBits)
        {
            _plant = plant;
            _steps = 1 << resolutionBits;
        }

        /// <summary>The duty last written, before quantisation.</summary>
        public float Requested { get; private set; }

        public void SetDuty(float dutyFraction)
        {
            float d = dutyFraction;
            if (!(d > 0f)) d = 0f; // also catches NaN
            if (d > 1f) d = 1f;
            Requested = d;
            _plant.DutyCommand = Math.Round(d * _steps) / _steps;
        }
    }

    /// <summary>A GPIO output: remembers its level and, optionally, tells someone about changes.</summary>
    public sealed class SimOutput : IDigitalOutput
    {
        private readonly Action<bool> _onChange;

        public SimOutput(Action<bool> onChange = null) { _onChange = onChange; }

        public bool Level { get; private set; }

        public void Write(bool high)
        {
            if (high == Level) return;
            Level = high;
            _onChange?.Invoke(high);
        }
    }

    /// <summary>A GPIO input whose level the scenario sets. Raw: bounce and stuck contacts show as they are.</summary>
    public sealed class SimInput : IDigitalInput
    {
        public SimInput(bool level) { Level = level; }

        public bool Level;

        public bool Read() { return Level; }
    }

    /// <summary>
    /// The PCNT unit on the cam Hall switch, as <c>GpioPulseCounter.Read()</c> gives it: the edges counted by
    /// now and the read time in µs since boot (esp_timer).
    /// </summary>
    public sealed class SimPulseCounter : IPulseCounter
    {
        private readonly PenPlant _plant;

        public SimPulseCounter(PenPlant plant) { _plant = plant; }

        public long ReadCount(out long sampleTimeMicros)
        {
            long now = _plant.NowMicros;
            sampleTimeMicros = now;
            return _plant.EdgesCountedBy(now);
        }
    }

    /// <summary>The esp_timer clock: simulated time in µs.</summary>
    public sealed class SimClock : IMicrosecondClock
    {
        private readonly PenPlant _plant;

        public SimClock(PenPlant plant) { _plant = plant; }

        public long NowMicros => _plant.NowMicros;
    }
}
