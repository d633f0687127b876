namespace Pen.Core.Ports
{
    /// <summary>
    /// A hardware pulse counter (ESP32 PCNT through nanoFramework <c>GpioPulseCounter.Read()</c>) on the cam
    /// Hall switch, which gives one falling edge per stroke as the cam passes the needle-retracted point.
    /// The counter runs in hardware; the firmware only reads it once per tick (no per-edge managed code).
    /// </summary>
    public interface IPulseCounter
    {
        /// <summary>
        /// Reads the counter. <see cref="PulseCount.Count"/>: edges since the counter started, 0 to 2^63-1,
        /// never decreasing. <see cref="PulseCount.SampleTimeMicros"/>: when the count was latched, in
        /// microseconds since boot (esp_timer, what <c>GpioPulseCount.RelativeTime</c> carries).
        /// </summary>
        PulseCount Read();
    }

    /// <summary>One reading of the pulse counter: a count and the time it was taken.</summary>
    public struct PulseCount
    {
        /// <summary>Edges counted since start. Unit: pulses (one per stroke), 0 to 2^63-1.</summary>
        public long Count;

        /// <summary>When the count was latched. Unit: µs since boot, monotonic.</summary>
        public long SampleTimeMicros;

        /// <summary>Makes a reading.</summary>
        public PulseCount(long count, long sampleTimeMicros)
        {
            Count = count;
            SampleTimeMicros = sampleTimeMicros;
        }
    }
}
