// Facade of nanoFramework.System.Device.Adc 1.1.24. Compile-only; declared members and why:
//   AdcController()                 one controller for the four ADC1 channels (Program.cs)
//   AdcController.OpenChannel(int)  logical channel from nf.config adcChannels
//   AdcChannel.ReadValue()          one raw conversion per tick (Adc1Channel)
// Return types and parameter types are those of data/nanoframework/signatures.md §1.5.
using System;

namespace System.Device.Adc
{
    public class AdcController
    {
        public AdcController() { }
        public AdcChannel OpenChannel(int channelNumber) { throw new NotSupportedException(Facade.Message); }
    }

    public class AdcChannel
    {
        private AdcChannel() { }
        public int ReadValue() { throw new NotSupportedException(Facade.Message); }
    }
}
