
namespace Pen.Core.Board
{
    /// <summary>
    /// One pen's calibration of one ADC input: the mean code at two reference voltages the factory applies to the
    /// input's test pad (nf.config adc.calibrationLow/HighMillivolts, inside the ADC's linear part on every chip),
    /// each measured with a reference voltmeter. It removes the chip's reference (1000–1200 mV: ±9 % of gain) and
    /// offset, the channel's own offset, and the line's error against the chip's real transfer between the points:
    ///   V = V_lo + (code − c_lo) · (V_hi − V_lo) / (c_hi − c_lo)
    /// the same two-point form as ESP-IDF's eFuse scheme (esp-idf@1021229 components/esp_adc/esp32/
    /// adc_cali_line_fitting.c, characterize_using_two_point), taken at the board's own pins and points.
    /// Written once per input at the factory as a record in the pen's record store, read at every boot (the newest
    /// valid one per input wins). Without one, the input uses the nominal line (<see cref="AdcLine.Nominal"/>).
    /// Record text: "ADCCAL in=&lt;input&gt; codes=c_lo,c_hi mv=v_lo,v_hi" with codes in tenths of a code and voltages in
    /// tenths of a mV (integers only: no culture-dependent decimal parsing on the device); the inputs are named as
    /// the bench's RAW names them (<see cref="AdcLines"/>).
    /// </summary>
    public sealed class AdcCalibration
    {
        /// <summary>The record's first word.</summary>
        public const string RecordTag = "ADCCAL";

        /// <summary>The two points must be at least this far apart, or the slope is mostly noise. Unit: mV.</summary>
        public const float MinSpanMillivolts = 1000f;

        /// <summary>
        /// Largest slope a real chip has against the nominal: Vref 1000–1200 mV against the default 1100 mV is ±9.1 %;
        /// beyond ±12 % the points were not applied where the record says. Unit: fraction.
        /// </summary>
        public const float MaxSlopeErrorFraction = 0.12f;

        /// <summary>Largest offset of a real line at code 0 against the nominal 142 mV. Unit: mV. [E] the ESP32's worst error at 12 dB after its own calibration, ±60 mV (plant.md §4.3): a line further off was measured wrong.</summary>
        public const float MaxOffsetErrorMillivolts = 60f;

        /// <summary>Which input (<see cref="AdcLines"/> names).</summary>
        public readonly string Input;
        /// <summary>Mean code at the lower and the upper reference. Unit: ADC code (fractional).</summary>
        public readonly float LowCode, HighCode;
        /// <summary>The reference voltages. Unit: mV.</summary>
        public readonly float LowMillivolts, HighMillivolts;
        /// <summary>The line through the two points.</summary>
        public readonly AdcLine Line;

        private AdcCalibration(string input, float lowCode, float lowMv, float highCode, float highMv)
        {
            Input = input;
            LowCode = lowCode;
            LowMillivolts = lowMv;
            HighCode = highCode;
            HighMillivolts = highMv;
            float perCode = (highMv - lowMv) / (highCode - lowCode);
            Line = new AdcLine(lowMv - lowCode * perCode, perCode);
        }

        /// <summary>
        /// A calibration from two measured points; null when they are not usable: an unknown input, out of order,
        /// closer than <see cref="MinSpanMillivolts"/>, a code at a rail, or a line no ESP32 has (slope beyond
        /// <see cref="MaxSlopeErrorFraction"/> or offset beyond <see cref="MaxOffsetErrorMillivolts"/> of the nominal).
        /// </summary>
        public static AdcCalibration FromMeasured(string input, float lowCode, float lowMillivolts, float highCode, float highMillivolts)
        {
            if (AdcLines.IndexOf(input) < 0) return null;
            if (highMillivolts - lowMillivolts < MinSpanMillivolts || highCode <= lowCode) return null;
            if (lowCode <= 0f || highCode >= BoardConstants.AdcCodeMax) return null;
            AdcCalibration c = new AdcCalibration(input, lowCode, lowMillivolts, highCode, highMillivolts);
            float slopeError = c.Line.MillivoltsPerCode / AdcLine.NominalMillivoltsPerCode - 1f;
            float offsetError = c.Line.MillivoltsAtZero - AdcLine.Nominal.MillivoltsAtZero;
            if (slopeError > MaxSlopeErrorFraction || slopeError < -MaxSlopeErrorFraction) return null;
            if (offsetError > MaxOffsetErrorMillivolts || offsetError < -MaxOffsetErrorMillivolts) return null;
            return c;
        }

        /// <summary>The record text (allocates: factory use only).</summary>
        public string ToRecord()
        {
            return RecordTag + " in=" + Input + " codes=" + Tenths(LowCode) + "," + Tenths(HighCode)
                   + " mv=" + Tenths(LowMillivolts) + "," + Tenths(HighMillivolts);
        }

        /// <summary>Parses a record; null when it is not a valid ADCCAL record.</summary>
        public static AdcCalibration Parse(string record)
        {
            if (record == null || !record.StartsWith(RecordTag + " ")) return null;
            string input = RecordText.Field(record, "in");
            string codes = RecordText.Field(record, "codes");
            string mv = RecordText.Field(record, "mv");
            if (input == null || codes == null || mv == null) return null;
            string[] c = codes.Split(new char[] { ',' });
            string[] v = mv.Split(new char[] { ',' });
            if (c.Length != 2 || v.Length != 2) return null;
            int c0, c1, v0, v1;
            if (!int.TryParse(c[0], out c0) || !int.TryParse(c[1], out c1) || !int.TryParse(v[0], out v0) || !int.TryParse(v[1], out v1)) return null;
            return FromMeasured(input, c0 / 10f, v0 / 10f, c1 / 10f, v1 / 10f);
        }

        /// <summary>The calibration of a stored record for <paramref name="input"/>, or null (absent, not valid, or another input's). Boot only: parsing allocates.</summary>
        public static AdcCalibration Load(string record, string input)
        {
            AdcCalibration c = record == null ? null : Parse(record);
            return c != null && c.Input == input ? c : null;
        }

        /// <summary>Why a record is no valid ADCCAL record, or null when it is.</summary>
        public static string Problem(string record)
        {
            return Parse(record) != null ? null
                : "ADCCAL wants in=<current|current_avg|drive|supply|ntc|depth> codes=<low>,<high> mv=<low>,<high> (tenths), at least 1000 mV apart, on a line an ESP32 can have";
        }

        private static string Tenths(float value)
        {
            return ((int)(value * 10f + (value >= 0f ? 0.5f : -0.5f))).ToString();
        }
    }
}
