using System.Device.Adc;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// One ADC1 channel (IAdcChannel): a raw 12-bit conversion, 0 to 4095. The logical channel numbers are
    /// nanoFramework's (0-7 = ADC1 on GPIO 36, 37, 38, 39, 32, 33, 34, 35; nf.config adcChannels). ADC1 only: ADC2
    /// is unusable while the radio is on. The code is raw (12 dB, nothing converts it natively); code to volts is the
    /// core's, through each input's factory calibration (Board/AdcLine, AdcCalibration), then to units (Board/SensingScale).
    /// </summary>
    public sealed class Adc1Channel : IAdcChannel
    {
        private readonly AdcChannel _channel;

        /// <summary>Opens logical channel <paramref name="channel"/>.</summary>
        public Adc1Channel(AdcController adc, int channel)
        {
            _channel = adc.OpenChannel(channel);
        }

        public int ReadRaw()
        {
            return _channel.ReadValue();
        }
    }
}
