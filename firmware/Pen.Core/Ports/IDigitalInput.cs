namespace Pen.Core.Ports
{
    /// <summary>
    /// One GPIO input (nanoFramework <c>GpioPin.Read</c>): a button or the cartridge-present switch. The
    /// level is raw: no debounce, no inversion. Buttons and the cartridge switch pull to ground when closed
    /// (input with pull-up), so "closed" reads false.
    /// </summary>
    public interface IDigitalInput
    {
        /// <summary>The pin level now. true = high (open contact), false = low (closed contact).</summary>
        bool Read();
    }
}
