namespace Pen.Core.Ports
{
    /// <summary>
    /// A hardware pulse counter (ESP32 PCNT through nanoFramework <c>GpioPulseCounter.Read()</c>) on the cam
    /// Hall switch, which gives one falling edge per stroke as the cam passes the needle-retracted point.
    /// The counter runs in hardware; the firmware only reads it once per tick (no per-edge managed code).
    /// Primitives only: nanoCLR keeps struct values on the managed heap, so a struct returned here would be garbage
    /// made every tick.
    /// </summary>
    public interface IPulseCounter
    {
        /// <summary>
        /// Reads the counter once. Returns the edges counted since the counter started, 0 to 2^63-1, never
        /// decreasing. <paramref name="sampleTimeMicros"/>: when that count was latched, in µs since boot
        /// (esp_timer, what <c>GpioPulseCount.RelativeTime</c> carries), from the same read as the count.
        /// </summary>
        long ReadCount(out long sampleTimeMicros);
    }
}
