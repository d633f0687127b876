namespace Pen.Core.Controls
{
    /// <summary>
    /// What a button's port reports on the device: Iot.Device.Button's <c>GpioButton.IsPressed</c>, corrected for a
    /// button already down when the pin was opened. The library keeps IsPressed from pin events only and starts it
    /// false whatever the pin (nanoFramework.IoT.Device@122ebb1 devices/Button/ButtonBase.cs: <c>IsPressed = false</c>;
    /// GpioButton.cs: Falling → HandleButtonPressed, Rising → HandleButtonReleased), so a button held from power-up is
    /// never seen pressed, and its release (a Rising event while IsPressed is false) changes nothing. So:
    ///   level = held since open ? the pin : not IsPressed;   "held since open" = the pin read low at open, until it reads high
    /// The pin is read (a native call) only while the button has been down since open; after that the library's state
    /// is the level, which the port returns without calling <see cref="Level"/> (not IsPressed while not
    /// <see cref="ReadsPin"/>: nothing per tick). Used by the device adapter (Pen.Firmware/Adapters/ButtonInput) and
    /// the simulated pen's button (Pen.Simulation/Peripherals/SimButton) alike. No allocation.
    /// </summary>
    public sealed class BootHeldButton
    {
        private bool _heldSinceOpen;

        /// <summary>The pin was opened now; <paramref name="pinLow"/>: it read low (pressed) then.</summary>
        public void Open(bool pinLow)
        {
            _heldSinceOpen = pinLow;
        }

        /// <summary>The button has been down since the pin was opened: the port must pass the pin's level this tick.</summary>
        public bool ReadsPin => _heldSinceOpen;

        /// <summary>
        /// The level to report: true = high (up), false = low (down). <paramref name="pinHigh"/>: the pin now (only
        /// looked at while <see cref="ReadsPin"/>); <paramref name="libraryPressed"/>: GpioButton.IsPressed.
        /// </summary>
        public bool Level(bool pinHigh, bool libraryPressed)
        {
            if (_heldSinceOpen)
            {
                if (!pinHigh) return false;
                _heldSinceOpen = false;
            }

            return !libraryPressed;
        }
    }
}
