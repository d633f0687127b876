using System.Device.Gpio;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One push-pull GPIO output (IDigitalOutput): motor enable, LEDs, buzzer, heartbeat, power latch. The level is
    /// written once at construction, so a pin is never left floating after it is opened. A write of the level the pin
    /// already has is skipped, and a change is a Toggle of the level this adapter wrote (it alone drives the pin):
    /// GpioPin.Write(PinValue) loops ran at 1.5–1.7 kHz on an ESP32_REV3 (about 0.3 ms a write, and a PinValue struct on
    /// nanoCLR's heap each time), GpioPin.Toggle() loops at 27 kHz (nanoframework/Home#1013; nanoframework.md §5).
    /// </summary>
    public sealed class GpioOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;
        private bool _level;

        /// <summary>Opens <paramref name="pin"/> as an output and drives <paramref name="initialHigh"/> at once.</summary>
        public GpioOutput(GpioController gpio, int pin, bool initialHigh)
        {
            _pin = gpio.OpenPin(pin, PinMode.Output);
            _level = initialHigh;
            _pin.Write(initialHigh ? PinValue.High : PinValue.Low);
        }

        public void Write(bool high)
        {
            if (high == _level) return;
            _level = high;
            _pin.Toggle();
        }
    }
}
