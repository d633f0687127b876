namespace Pen.Core.Ports
{
    /// <summary>
    /// The monotonic microsecond clock (nanoFramework <c>HighResTimer.GetCurrent()</c>, esp_timer). Only the
    /// run loop reads it; it passes the time into <see cref="Pen.Core.PenFirmware.Tick"/>. No logic in the
    /// core reads a clock.
    /// </summary>
    public interface IMicrosecondClock
    {
        /// <summary>Time since boot. Unit: µs, 0 to 2^63-1, never decreasing.</summary>
        long NowMicros { get; }
    }
}
