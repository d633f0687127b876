using System;
using System.Device.Gpio;
using Iot.Device.Button;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One of the three buttons (IDigitalInput) through Iot.Device.Button's GpioButton: input with pull-up, the
    /// contact pulls to ground. The core reads the button's level once per tick (IsPressed, kept by GpioButton from
    /// its pin events) and finds debounce, press, double press and hold itself with time passed in
    /// (Pen.Core/Controls/ButtonGestures), so GpioButton's own gesture features stay off: no holding timer, no
    /// double press (were it ever enabled: subscribe to DoublePress first, GpioButton invokes it without a null check).
    /// </summary>
    public sealed class ButtonInput : IDigitalInput
    {
        private readonly GpioButton _button;

        /// <summary>Opens <paramref name="pin"/> as a GpioButton on the shared controller (not disposed with it).</summary>
        public ButtonInput(GpioController gpio, int pin)
        {
            _button = new GpioButton(pin, gpio, false, PinMode.InputPullUp, TimeSpan.Zero);
        }

        /// <summary>true = high (button up), false = low (button down).</summary>
        public bool Read()
        {
            return !_button.IsPressed;
        }
    }
}
