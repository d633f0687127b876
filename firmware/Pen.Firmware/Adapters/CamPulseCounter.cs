using System.Device.Gpio;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The cam Hall switch on the ESP32's hardware pulse counter (IPulseCounter): one edge per stroke, counted in
    /// hardware, read once per tick, so no managed code runs per edge. FilterPulses is ESP-IDF's max_glitch_ns: the
    /// PCNT ignores any level held for less than nf.config pulseCounter.glitchFilterNanoseconds (12.5 µs; ESP-IDF
    /// refuses more than 12,799 ns and the filter then stays off, an error nanoFramework does not pass on). The 64-bit
    /// count nanoFramework returns adds its own overflow counter to the 15-bit hardware count without a lock, so a read
    /// right at a wrap can be 32,767 off for that one read: the core guards it (Pen.Core/Board/PulseCountGuard).
    /// </summary>
    public sealed class CamPulseCounter : IPulseCounter
    {
        private readonly GpioPulseCounter _counter;

        /// <summary>Sets polarity and filter (only settable while stopped), then starts counting.</summary>
        public CamPulseCounter(int pin, bool countFallingEdges, int glitchFilterNanoseconds)
        {
            _counter = new GpioPulseCounter(pin, -1);
            _counter.Polarity = countFallingEdges ? GpioPulsePolarity.Falling : GpioPulsePolarity.Rising;
            _counter.FilterPulses = (ushort)glitchFilterNanoseconds;
            _counter.Start();
        }

        public long ReadCount(out long sampleTimeMicros)
        {
            // GpioPulseCounter.Read() can only return its struct: its native side makes a new GpioPulseCount object
            // on the managed heap each call (nf-interpreter@a3e8139 …GpioPulseCounter.cpp, NativeRead:
            // NewObjectFromIndex), about 3 heap blocks of 12 B, and nanoCLR may copy it again into this local. That
            // is the one allocation of the tick the core cannot avoid; it ends here: the count and its time leave as
            // primitives. RelativeTime is esp_timer time since boot when the count was latched; a TimeSpan tick is 100 ns.
            GpioPulseCount c = _counter.Read();
            sampleTimeMicros = c.RelativeTime.Ticks / 10;
            return c.Count;
        }
    }
}
