using System.Device.Gpio;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The cam Hall switch on the ESP32's hardware pulse counter (IPulseCounter): one edge per stroke, counted in
    /// hardware, read once per tick, so no managed code runs per edge. The glitch filter drops pulses shorter than
    /// nf.config pulseCounter.glitchFilterApbCycles × 12.5 ns.
    /// </summary>
    public sealed class CamPulseCounter : IPulseCounter
    {
        private readonly GpioPulseCounter _counter;

        /// <summary>Sets polarity and filter (only settable while stopped), then starts counting.</summary>
        public CamPulseCounter(int pin, bool countFallingEdges, int glitchFilterApbCycles)
        {
            _counter = new GpioPulseCounter(pin, -1);
            _counter.Polarity = countFallingEdges ? GpioPulsePolarity.Falling : GpioPulsePolarity.Rising;
            _counter.FilterPulses = (ushort)glitchFilterApbCycles;
            _counter.Start();
        }

        public PulseCount Read()
        {
            GpioPulseCount c = _counter.Read();
            // RelativeTime is esp_timer time since boot when the count was latched; a TimeSpan tick is 100 ns.
            return new PulseCount(c.Count, c.RelativeTime.Ticks / 10);
        }
    }
}
