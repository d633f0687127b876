using System.Device.Gpio;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One GPIO input with pull-up (IDigitalInput): the cartridge-present switch, which pulls the pin to ground when a
    /// cartridge is seated, and the cam Hall switch's level (its open-drain output, low within the Hall arc). Polled once
    /// per tick. (The buttons go through GpioButton: ButtonInput.)
    /// </summary>
    public sealed class GpioInput : IDigitalInput
    {
        private readonly GpioPin _pin;

        /// <summary>Opens <paramref name="pin"/> as an input with the internal pull-up.</summary>
        public GpioInput(GpioController gpio, int pin)
        {
            _pin = gpio.OpenPin(pin, PinMode.InputPullUp);
        }

        /// <summary>true = high (contact open), false = low (contact closed).</summary>
        public bool Read()
        {
            return _pin.Read() == PinValue.High;
        }
    }
}
