using System;
using System.Threading;
using Pen.Core;
using Pen.Core.Ports;

namespace Pen.Firmware.Running
{
    /// <summary>
    /// The control thread: PenFirmware.Tick at the control rate with the time read from the µs clock just before,
    /// paced by <see cref="TickPacer"/>, at the highest managed priority (its 20 ms quantum is debited least,
    /// nanoframework.md §5). Any exception ends in <see cref="SafeStop"/>; after a safe stop the loop ends, so the
    /// heartbeat stops and the enable circuit drops the driver.
    /// </summary>
    public sealed class ControlLoop
    {
        private readonly PenFirmware _firmware;
        private readonly IMicrosecondClock _clock;
        private readonly TickPacer _pacer;

        public ControlLoop(PenFirmware firmware, IMicrosecondClock clock, int periodMicros)
        {
            _firmware = firmware;
            _clock = clock;
            _pacer = new TickPacer(periodMicros);
        }

        /// <summary>Starts the control thread.</summary>
        public void Start()
        {
            Thread thread = new Thread(Run);
            thread.Priority = ThreadPriority.Highest;
            thread.Start();
        }

        private void Run()
        {
            try
            {
                while (!SafeStop.Engaged)
                {
                    long start = _clock.NowMicros;
                    _firmware.Tick(start);
                    if (SafeStop.Engaged) break;
                    Thread.Sleep(_pacer.SleepMillisAfterTick(start, _clock.NowMicros));
                }
            }
            catch (Exception e)
            {
                SafeStop.Engage("control loop: " + e.Message);
            }

            // Another thread may have engaged the stop while this one was inside Tick: make the outputs safe again.
            SafeStop.ApplyOutputs();
        }
    }
}
