using nanoFramework.Hardware.Esp32;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The µs clock (IMicrosecondClock): esp_timer through HighResTimer.GetCurrent(), µs since boot. Unlike
    /// Environment.TickCount64, Thread.Sleep and Timer, it is not tied to the 10 ms FreeRTOS tick (nanoframework.md §5).
    /// </summary>
    public sealed class HighResClock : IMicrosecondClock
    {
        public long NowMicros
        {
            get { return (long)HighResTimer.GetCurrent(); }
        }
    }
}
