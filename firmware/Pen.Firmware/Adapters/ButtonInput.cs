using System;
using System.Device.Gpio;
using Iot.Device.Button;
using Pen.Core.Controls;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One of the three buttons (IDigitalInput) through Iot.Device.Button's GpioButton: input with pull-up, the
    /// contact pulls to ground. The core reads the button's level once per tick and finds debounce, press, double
    /// press and hold itself with time passed in (Pen.Core/Controls/ButtonGestures), so GpioButton's own gesture
    /// features stay off: no holding timer, no double press (were it ever enabled: subscribe to DoublePress first,
    /// GpioButton invokes it without a null check). GpioButton's IsPressed starts false and changes only on pin
    /// events, so a button already down at power-up would never be seen: the level comes from the pin until the button
    /// is first seen up (Pen.Core/Controls/BootHeldButton), from IsPressed after.
    /// </summary>
    public sealed class ButtonInput : IDigitalInput
    {
        private readonly GpioController _gpio;
        private readonly int _pin;
        private readonly GpioButton _button;
        private readonly BootHeldButton _boot = new BootHeldButton();

        /// <summary>Opens <paramref name="pin"/> as a GpioButton on the shared controller (not disposed with it) and reads its level.</summary>
        public ButtonInput(GpioController gpio, int pin)
        {
            _gpio = gpio;
            _pin = pin;
            _button = new GpioButton(pin, gpio, false, PinMode.InputPullUp, TimeSpan.Zero);
            _boot.Open(gpio.Read(pin) == PinValue.Low);
        }

        /// <summary>true = high (button up), false = low (button down).</summary>
        public bool Read()
        {
            // once the button has been up, the library's state is the level (the common read: no pin read, no call
            // into Level); a native pin read only while the button has been down since power-up
            if (!_boot.ReadsPin) return !_button.IsPressed;
            return _boot.Level(_gpio.Read(_pin) == PinValue.High, _button.IsPressed);
        }
    }
}
