namespace Pen.Core.Board
{
    /// <summary>
    /// Turns raw ADC codes into physical units with the nominal scaling of each sensing chain (nf.config).
    /// Pure functions: no state, no allocation. Codes at the rails (0, 4095) still convert; deciding whether a
    /// reading is plausible is the safety checks' job, not this class's.
    /// </summary>
    public sealed class SensingScale
    {
        // V_in = V_zero + code · (V_full − V_zero) / code_max   (11 dB, linear between the rails)
        private const float MillivoltsPerCode =
            (BoardConstants.AdcFullScaleMillivolts - BoardConstants.AdcZeroCodeMillivolts) / BoardConstants.AdcCodeMax;

        private readonly float _supplyVoltsPerMillivolt;

        /// <summary>Scale for a supply divider of the given resistors (Ω).</summary>
        public SensingScale(float dividerTopOhms, float dividerBottomOhms)
        {
            // V_supply = V_adc · (R_top + R_bottom) / R_bottom
            _supplyVoltsPerMillivolt = (dividerTopOhms + dividerBottomOhms) / dividerBottomOhms / 1000f;
        }

        /// <summary>ADC input voltage for a code. Unit: mV, 150 to 2450.</summary>
        public static float CodeToMillivolts(int code)
        {
            return BoardConstants.AdcZeroCodeMillivolts + code * MillivoltsPerCode;
        }

        /// <summary>
        /// Average current in the shunt for a code. Unit: A, -0.008 to about 2.15. The shunt is in the driver's ground
        /// return, so with slow decay this is duty × motor current.
        /// </summary>
        public static float CodeToShuntAmps(int code)
        {
            // I = (V_adc − V_ref) / (R_shunt · G)
            float volts = (CodeToMillivolts(code) - BoardConstants.CurrentSenseReferenceMillivolts) / 1000f;
            return volts / (BoardConstants.CurrentShuntOhms * BoardConstants.CurrentAmplifierGain);
        }

        /// <summary>The code the current channel reads at zero current, nominally. Unit: ADC code.</summary>
        public static int ZeroCurrentCode =>
            (int)((BoardConstants.CurrentSenseReferenceMillivolts - BoardConstants.AdcZeroCodeMillivolts) / MillivoltsPerCode + 0.5f);

        /// <summary>
        /// Average shunt current for a code, relative to a measured zero-current code (auto-zero removes the
        /// amplifier's and the ADC's offsets). Unit: A.
        /// </summary>
        public static float CodeToShuntAmps(int code, float zeroCode)
        {
            float volts = (code - zeroCode) * MillivoltsPerCode / 1000f;
            return volts / (BoardConstants.CurrentShuntOhms * BoardConstants.CurrentAmplifierGain);
        }

        /// <summary>Supply (battery or bus) voltage for a code. Unit: V.</summary>
        public float CodeToSupplyVolts(int code)
        {
            return CodeToMillivolts(code) * _supplyVoltsPerMillivolt;
        }

        /// <summary>
        /// Housing temperature from the NTC code. Unit: °C. Returns -273.15 when the code means an open or
        /// shorted thermistor (no finite resistance).
        /// </summary>
        public static float CodeToHousingCelsius(int code)
        {
            // R_ntc = R_pu · V / (V_s − V);   1/T = 1/T25 + ln(R_ntc / R25) / B   (Beta equation, plant.md §4.4)
            float mv = CodeToMillivolts(code);
            float headroom = BoardConstants.NtcSupplyMillivolts - mv;
            if (mv <= 0f || headroom <= 0f)
            {
                return -273.15f;
            }

            float ohms = BoardConstants.NtcPullUpOhms * mv / headroom;
            double inverseKelvin = 1.0 / 298.15 + System.Math.Log(ohms / BoardConstants.NtcR25Ohms) / BoardConstants.NtcBetaKelvin;
            return (float)(1.0 / inverseKelvin) - 273.15f;
        }
    }
}
