using System.Device.Gpio;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One GPIO input with pull-up (IDigitalInput): the three buttons and the cartridge switch, which pull the pin to
    /// ground when closed. Polled once per tick; the core debounces and finds gestures from these raw levels with time
    /// passed in (Pen.Core/Controls/ButtonGestures).
    ///
    /// Why not GpioButton or ValueChanged: GpioButton's own debounce, press, double press and hold run on
    /// DateTime.UtcNow and a System.Threading.Timer, a second and untested gesture logic beside the core's; and every
    /// pin edge, contact chatter included, becomes a managed event through the CLR's event queue (nanoframework.md §1.1,
    /// §5), which takes interpreter time from the control thread and has a history of missed edges on the ESP32. A
    /// level read each 10 ms needs neither. (Should GpioButton ever be used: subscribe to DoublePress before setting
    /// IsDoublePressEnabled; it invokes the event without a null check.)
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
