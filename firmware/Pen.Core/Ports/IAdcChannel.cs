namespace Pen.Core.Ports
{
    /// <summary>
    /// One ADC1 channel (nanoFramework <c>AdcChannel.ReadValue()</c>): the raw code of the ESP32's 12-bit SAR
    /// converter at 12 dB attenuation, <c>adc1_get_raw()</c> unconverted (nf-interpreter@a3e8139
    /// …/System.Device.Adc/sys_dev_adc_native_System_Device_Adc_AdcChannel.cpp). Unit: ADC code, range 0 to 4095: 0 up
    /// to about 140 mV, about 0.8 mV per code (by the chip's reference) to about 2.5 V, 4095 from about 3.1 V. The
    /// conversion to volts is the core's (<see cref="Pen.Core.Board.AdcLine"/>, calibrated per pen and input).
    /// </summary>
    public interface IAdcChannel
    {
        /// <summary>One conversion now. Unit: ADC code, 0 to 4095, raw: the chip's reference, offset, bends and noise.</summary>
        int ReadRaw();
    }
}
