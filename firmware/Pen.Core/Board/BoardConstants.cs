namespace Pen.Core.Board
{
    /// <summary>
    /// Board values the core needs, copied from nf.config (the one source; a test fails when they disagree).
    /// Units are in the names. Pin numbers are not here: only the device layer opens pins.
    /// </summary>
    public static class BoardConstants
    {
        /// <summary>ADC full-scale code (12-bit).</summary>
        public const int AdcCodeMax = 4095;
        /// <summary>Input voltage that reads code 0 at 11 dB attenuation. Unit: mV.</summary>
        public const float AdcZeroCodeMillivolts = 150f;
        /// <summary>Input voltage that reads code 4095 at 11 dB attenuation. Unit: mV.</summary>
        public const float AdcFullScaleMillivolts = 2450f;

        /// <summary>Motor-current shunt. Unit: Ω.</summary>
        public const float CurrentShuntOhms = 0.05f;
        /// <summary>Current-sense amplifier gain. Unit: V/V.</summary>
        public const float CurrentAmplifierGain = 20f;

        /// <summary>Battery divider (RP-1), upper resistor. Unit: Ω.</summary>
        public const float Battery1SDividerTopOhms = 100000f;
        /// <summary>Battery divider (RP-1), lower resistor. Unit: Ω.</summary>
        public const float Battery1SDividerBottomOhms = 100000f;
        /// <summary>Supply divider (RP-2, corded), upper resistor. Unit: Ω.</summary>
        public const float Corded7V4DividerTopOhms = 100000f;
        /// <summary>Supply divider (RP-2, corded), lower resistor. Unit: Ω.</summary>
        public const float Corded7V4DividerBottomOhms = 39000f;

        /// <summary>Housing NTC resistance at 25 °C. Unit: Ω.</summary>
        public const float NtcR25Ohms = 10000f;
        /// <summary>Housing NTC beta. Unit: K.</summary>
        public const float NtcBetaKelvin = 3950f;
        /// <summary>Pull-up from 3.3 V to the NTC. Unit: Ω.</summary>
        public const float NtcPullUpOhms = 10000f;
        /// <summary>Supply of the NTC divider. Unit: mV.</summary>
        public const float NtcSupplyMillivolts = 3300f;

        /// <summary>Depth-ring sensor output at 0 mm, nominal. Unit: mV.</summary>
        public const float DepthMillivoltsAtZero = 500f;
        /// <summary>Depth-ring sensor output at full scale, nominal. Unit: mV.</summary>
        public const float DepthMillivoltsAtFull = 2100f;
        /// <summary>Depth-ring full scale. Unit: mm.</summary>
        public const float DepthFullScaleMm = 2.5f;
        /// <summary>Depth-ring detent step. Unit: mm.</summary>
        public const float DepthDetentStepMm = 0.25f;

        /// <summary>PWM frequency of the motor output. Unit: Hz.</summary>
        public const int PwmFrequencyHz = 39000;

        /// <summary>Nominal firmware tick period. Unit: µs.</summary>
        public const int TickPeriodMicros = 10000;
    }
}
