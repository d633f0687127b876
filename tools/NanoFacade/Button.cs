// Facade of nanoFramework.Iot.Device.Button 1.2.1016. Compile-only; declared members and why:
//   GpioButton(int, GpioController, bool, PinMode, TimeSpan)   ButtonInput opens each button on the shared controller
//   ButtonBase.IsPressed                                         the button's level, read once per tick by the core
// Parameter types and defaults are those of data/nanoframework/signatures.md §1.3.
using System;
using System.Device.Gpio;

namespace Iot.Device.Button
{
    public class ButtonBase
    {
        public ButtonBase() { }
        public bool IsPressed { get { throw new NotSupportedException(Facade.Message); } set { } }
    }

    public class GpioButton : ButtonBase
    {
        public GpioButton(int buttonPin, GpioController gpio = null, bool shouldDispose = true, PinMode pinMode = PinMode.InputPullUp, TimeSpan debounceTime = default) { }
    }
}
