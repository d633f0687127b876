namespace Pen.Core.Ports
{
    /// <summary>
    /// The pen's soft power latch: the main button switches the pen on in hardware, and the firmware keeps it on
    /// until it releases the latch (power off). On the ESP32, releasing the latch GPIO; the simulator stops the
    /// firmware until the main button or a power event switches it on again.
    /// </summary>
    public interface IPowerLatch
    {
        /// <summary>Switches the pen off. The caller must have stopped the motor first; nothing runs after this.</summary>
        void PowerOff();
    }
}
