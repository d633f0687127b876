namespace Pen.Core.Ports
{
    /// <summary>
    /// One GPIO output (nanoFramework <c>GpioPin.Write</c>): the driver enable request, an LED, the buzzer or
    /// the heartbeat line. Active level is fixed per pin by the board (see nf.config); the core writes the
    /// logical level.
    /// </summary>
    public interface IDigitalOutput
    {
        /// <summary>Drives the pin. true = high (3.3 V), false = low (0 V).</summary>
        void Write(bool high);
    }
}
