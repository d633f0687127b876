using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The soft power latch (IPowerLatch): the main button powers the regulator in hardware; the latch output, set high
    /// early in boot, keeps it powered after the button is released. Releasing it switches the pen off.
    /// </summary>
    public sealed class GpioPowerLatch : IPowerLatch
    {
        private readonly GpioOutput _latch;

        /// <summary>Uses an output that boot already drove high.</summary>
        public GpioPowerLatch(GpioOutput latch)
        {
            _latch = latch;
        }

        public void PowerOff()
        {
            _latch.Write(false);
        }
    }
}
