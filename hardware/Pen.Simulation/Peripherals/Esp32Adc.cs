using System;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The ESP32's ADC1 at 12 dB attenuation, one chip: what raw code <c>adc1_get_raw()</c> gives for a pin voltage,
    /// which is what nanoFramework's <c>AdcChannel.ReadValue()</c> returns unconverted (nf-interpreter@a3e8139
    /// targets/ESP32/_nanoCLR/System.Device.Adc/sys_dev_adc_native_System_Device_Adc_AdcChannel.cpp; every channel
    /// at ADC_ATTEN_DB_12 in …AdcController.cpp). Modelled from Espressif's own characterisation of the part
    /// (esp-idf@1021229 components/esp_adc/esp32/adc_cali_line_fitting.c, ADC1, ADC_ATTEN_DB_12):
    /// - linear part, code ≤ 2880:  V = V₀ + s·code,  s = Vref·196602/4096/65536 mV per code,  V₀ = 142 mV
    ///   (characterize_using_vref); each chip has its own Vref, 1000–1200 mV (docs/en/api-reference/peripherals/adc/
    ///   adc_calibration.rst), and its own V₀ (±<see cref="PlantParameters.AdcInterceptSpreadMillivolts"/>, [E]);
    /// - top, code above 2880 (LUT_LOW_THRESH): the transfer bends, as the 20-point tables lut_adc1_low (Vref 1000)
    ///   and lut_adc1_high (Vref 1200) give it: V = V(2880) + a·x − b·x², x = code − 2880, a and b least-squares fits
    ///   to each table, interpolated in Vref (within 12 mV of both tables and of their mean at 1100 mV; test:
    ///   Esp32AdcTests), so the code reaches 4095 at 3.06–3.21 V by chip;
    /// - bottom: the code is 0 below the line's V₀ and rises through a soft knee of
    ///   <see cref="PlantParameters.AdcKneeMillivolts"/> (c = w·ln(1 + e^((V − V₀)/w))/s), linear from about 200 mV, so
    ///   Espressif's accurate range starts at 150 mV (plant.md §4.3) [E];
    /// - integral non-linearity: a bow of up to ±<see cref="PlantParameters.AdcInlLsb"/> across the codes, each chip
    ///   its own [E]; noise <see cref="PlantParameters.AdcNoiseLsb"/> rms per conversion, independent [E].
    /// The simulator takes none of these from the firmware: the firmware's nominal line (nf.config adc) is the same
    /// ESP-IDF line at Vref 1100 mV, checked equal by tests/Pen.Device.Tests.
    /// </summary>
    public sealed class Esp32Adc
    {
        /// <summary>Where ESP-IDF's lookup table takes over from the line (LUT_LOW_THRESH). Unit: code.</summary>
        public const int BendCode = 2880;
        /// <summary>Vref of lut_adc1_low and lut_adc1_high (LUT_VREF_LOW, LUT_VREF_HIGH). Unit: mV.</summary>
        public const double BendVrefLow = 1000, BendVrefHigh = 1200;
        // least-squares fits of V − V_line(2880) = a·x − b·x² to lut_adc1_low (Vref 1000) and lut_adc1_high (Vref 1200)
        private const double BendALow = 0.89475, BendBLow = 1.8777e-4;
        private const double BendAHigh = 0.54158, BendBHigh = 8.730e-5;

        private readonly PlantParameters _p;
        private readonly double _bendA, _bendB;
        private readonly double _inlLsb, _inlPhase;

        /// <summary>A chip drawn for unit <paramref name="seed"/> (its reference, offset and bow).</summary>
        public Esp32Adc(PlantParameters p, int seed)
            : this(p, p.AdcDefaultVrefMillivolts + SplitMix.For(seed, "adc-chip").NextSigned() * p.AdcVrefSpreadMillivolts, double.NaN, seed)
        {
        }

        /// <summary>A chip with a given reference (mV); <paramref name="interceptMillivolts"/> NaN draws it for the seed, as the bow.</summary>
        public Esp32Adc(PlantParameters p, double vrefMillivolts, double interceptMillivolts, int seed)
        {
            _p = p;
            SplitMix chip = SplitMix.For(seed, "adc-chip-shape");
            VrefMillivolts = vrefMillivolts;
            InterceptMillivolts = double.IsNaN(interceptMillivolts)
                ? p.AdcAttenOffsetMillivolts + chip.NextSigned() * p.AdcInterceptSpreadMillivolts
                : interceptMillivolts;
            MillivoltsPerCode = vrefMillivolts * p.AdcAttenScale / 4096 / 65536;
            double f = Math.Clamp((vrefMillivolts - BendVrefLow) / (BendVrefHigh - BendVrefLow), 0, 1);
            _bendA = BendALow + f * (BendAHigh - BendALow);
            _bendB = BendBLow + f * (BendBHigh - BendBLow);
            _inlLsb = chip.NextSigned() * p.AdcInlLsb;
            _inlPhase = 0.3 * chip.NextSigned();
        }

        /// <summary>This chip's reference. Unit: mV.</summary>
        public double VrefMillivolts { get; }
        /// <summary>This chip's line at code 0. Unit: mV.</summary>
        public double InterceptMillivolts { get; }
        /// <summary>Slope of this chip's linear part. Unit: mV per code.</summary>
        public double MillivoltsPerCode { get; }

        /// <summary>Pin voltage where the linear part ends (code 2880). Unit: mV.</summary>
        public double BendMillivolts => InterceptMillivolts + MillivoltsPerCode * BendCode;

        /// <summary>
        /// The pin voltage that gives a (fractional) code, without noise, bow or the bottom knee: the line below code
        /// 2880, ESP-IDF's bend above it. Unit: mV. (The forward form of ESP-IDF's tables, for tests.)
        /// </summary>
        public double MillivoltsAt(double code)
        {
            if (code <= BendCode) return InterceptMillivolts + MillivoltsPerCode * code;
            double x = code - BendCode;
            return BendMillivolts + _bendA * x - _bendB * x * x;
        }

        /// <summary>
        /// The code before rounding for a pin voltage: knee, line, bend and bow, no noise. Unit: code (may lie outside
        /// 0..4095; the conversion clips).
        /// </summary>
        public double CodeFor(double millivolts)
        {
            double code;
            if (millivolts <= BendMillivolts)
            {
                double above = millivolts - InterceptMillivolts;
                double w = _p.AdcKneeMillivolts;
                // soft knee: w·ln(1 + e^(u/w)) → u well above the intercept, → 0 below it
                double knee = above > 20 * w ? above : w * Math.Log(1 + Math.Exp(above / w));
                code = knee / MillivoltsPerCode;
            }
            else
            {
                // V − V_bend = a·x − b·x²  →  x = (a − √(a² − 4·b·y)) / 2b; beyond the vertex the code is past 4095
                double y = millivolts - BendMillivolts;
                double disc = _bendA * _bendA - 4 * _bendB * y;
                code = disc <= 0 ? 1e6 : BendCode + (_bendA - Math.Sqrt(disc)) / (2 * _bendB);
            }

            // the chip's integral non-linearity: a bow over the code range, zero at both ends
            return code + _inlLsb * Math.Sin(Math.PI * Math.Clamp(code / 4095 + _inlPhase * code / 4095 * (1 - code / 4095), 0, 1));
        }

        /// <summary>
        /// One conversion: the code for <paramref name="millivolts"/> with noise from <paramref name="noise"/>, rounded and
        /// clipped to 0..4095. The noise is the input's (referred to the pin, <see cref="PlantParameters.AdcNoiseLsb"/>
        /// codes of the line), so a grounded input reads 0 every time, as the part does.
        /// </summary>
        public int Convert(double millivolts, SplitMix noise)
        {
            return ConvertWith(millivolts, noise.NextGaussian());
        }

        /// <summary>One conversion as <see cref="Convert"/>, its noise the standard normal <paramref name="gaussian"/> given.</summary>
        public int ConvertWith(double millivolts, double gaussian)
        {
            double code = CodeFor(millivolts + _p.AdcNoiseLsb * MillivoltsPerCode * gaussian);
            int c = (int)Math.Round(code);
            return c < 0 ? 0 : c > 4095 ? 4095 : c;
        }
    }
}
