namespace Pen.Core.Ports
{
    /// <summary>
    /// One ADC1 channel (nanoFramework <c>AdcChannel.ReadValue()</c>): a raw conversion of the ESP32's
    /// 12-bit SAR converter at 11 dB attenuation. Unit: ADC code, range 0 to 4095. Code 0 covers every input
    /// at or below about 150 mV and 4095 every input at or above about 2450 mV (plant.md §4.3); the scaling
    /// to volts and to physical units lives in <see cref="Pen.Core.Board.SensingScale"/>.
    /// </summary>
    public interface IAdcChannel
    {
        /// <summary>One conversion now. Unit: ADC code, 0 to 4095. Carries offset, gain error and noise.</summary>
        int ReadRaw();
    }
}
