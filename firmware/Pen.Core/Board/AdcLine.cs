namespace Pen.Core.Board
{
    /// <summary>
    /// One ADC1 input's transfer from raw code to pin voltage, as a straight line:
    ///   V = V₀ + code · s
    /// nanoFramework's <c>AdcChannel.ReadValue()</c> is the raw <c>adc1_get_raw()</c> code at 12 dB: nothing converts it
    /// (nf-interpreter@a3e8139 …/System.Device.Adc/sys_dev_adc_native_System_Device_Adc_AdcChannel.cpp).
    /// Nominal line: ESP-IDF's line fitting for ADC1 at 12 dB with the default reference,
    ///   s = Vref · 196602 / 4096 / 65536 (0.806 mV per code at Vref = 1100 mV),  V₀ = 142 mV
    /// (esp-idf@1021229 components/esp_adc/esp32/adc_cali_line_fitting.c, characterize_using_vref; nf.config adc).
    /// The real reference lies anywhere in 1000–1200 mV (adc_calibration.rst), ±9 % on s, so each pen's inputs carry
    /// the factory's two-point line (<see cref="AdcCalibration"/>), as ESP-IDF's own two-point eFuse scheme does
    /// per chip (characterize_using_two_point). The line holds in the accurate range, 150–2450 mV: below about
    /// 200 mV the code bends down to 0, above code 2880 the transfer bends too (ESP-IDF's lookup table); the sensing
    /// chains keep every normal reading between (nf.config). Pure: no state, no allocation.
    /// </summary>
    public sealed class AdcLine
    {
        /// <summary>Voltage of code 0 on the line (its intercept). Unit: mV.</summary>
        public readonly float MillivoltsAtZero;
        /// <summary>Slope of the line. Unit: mV per code.</summary>
        public readonly float MillivoltsPerCode;

        /// <summary>A line through (0, <paramref name="millivoltsAtZero"/>) with slope <paramref name="millivoltsPerCode"/>.</summary>
        public AdcLine(float millivoltsAtZero, float millivoltsPerCode)
        {
            MillivoltsAtZero = millivoltsAtZero;
            MillivoltsPerCode = millivoltsPerCode;
        }

        /// <summary>Nominal slope: ESP-IDF's default Vref through its 12 dB scale. Unit: mV per code.</summary>
        public const float NominalMillivoltsPerCode = BoardConstants.AdcDefaultVrefMillivolts * BoardConstants.AdcAttenScale / 4096f / 65536f;

        /// <summary>
        /// Codes below this lie in the bend at the bottom: the code is 0 up to the line's V₀ (127–157 mV by chip) and
        /// only rises to the line about 15 mV above it. Such a code bounds the pin voltage from above (under about
        /// 160 mV); it is not a reading. Unit: ADC code. [D] 20 codes = 16 mV above V₀.
        /// </summary>
        public const int FloorCode = 20;

        /// <summary>The nominal line (no factory calibration): ESP-IDF's characterisation at the default reference.</summary>
        public static readonly AdcLine Nominal = new AdcLine(BoardConstants.AdcAttenOffsetMillivolts, NominalMillivoltsPerCode);

        /// <summary>Pin voltage for a code. Unit: mV.</summary>
        public float Millivolts(int code)
        {
            return MillivoltsAtZero + code * MillivoltsPerCode;
        }

        /// <summary>Pin voltage for a fractional code (a mean of several conversions). Unit: mV.</summary>
        public float Millivolts(float code)
        {
            return MillivoltsAtZero + code * MillivoltsPerCode;
        }

        /// <summary>The (fractional) code this line gives a pin voltage. Unit: ADC code.</summary>
        public float CodeAt(float millivolts)
        {
            return (millivolts - MillivoltsAtZero) / MillivoltsPerCode;
        }
    }
}
