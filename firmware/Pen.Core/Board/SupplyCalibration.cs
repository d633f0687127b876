namespace Pen.Core.Board
{
    /// <summary>
    /// One pen's supply-reading calibration: the mean code of the supply channel at two reference voltages that the
    /// factory applies in place of the battery (or the bus), each measured with a reference voltmeter. It removes
    /// the divider's tolerance and the ADC's gain and offset error (±0.12 V on the 1S battery without it,
    /// plant.md §4.4), which is more than the gap between a 3.2 V cell the pen must run on and the 3.15 V under
    /// which it refuses to start (Limits/PenLimits.BatteryStartMinVolts).
    ///   V = V_lo + (code − c_lo) · (V_hi − V_lo) / (c_hi − c_lo)
    /// Written once at the factory as a record in the pen's record store, read at every boot (the newest valid one
    /// wins). Without one, the supply input's ADC line (<see cref="AdcLine"/>) and the nominal divider of nf.config
    /// are used.
    /// Record text: "SUPPLYCAL codes=c_lo,c_hi mv=v_lo,v_hi" with codes in tenths of a code and voltages in mV
    /// (integers only: no culture-dependent decimal parsing on the device).
    /// </summary>
    public sealed class SupplyCalibration
    {
        /// <summary>The record's first word.</summary>
        public const string RecordTag = "SUPPLYCAL";

        /// <summary>The two points must be at least this far apart, or the slope is mostly noise. Unit: V.</summary>
        public const float MinSpanVolts = 0.5f;

        /// <summary>
        /// A point whose nominal reading (the supply input's ADC line through the nominal divider) is further than this
        /// from the reference is a wrong board or a fault, not tolerance: divider ±1 %, and what the ADC line leaves:
        /// a few mV calibrated, but up to ±9 % of gain and ±2 % of offset on the nominal line of an uncalibrated
        /// input (the chip's reference, 1000–1200 mV). The two boards' dividers differ by a factor of two.
        /// Unit: fraction of the reference.
        /// </summary>
        public const float MaxNominalErrorFraction = 0.12f;

        /// <summary>
        /// The same bound on a supply input whose ADC line the factory calibrated (ADCCAL): then only the divider's own
        /// tolerance (nf.config supplyDivider.toleranceFraction) and what the line leaves between its points remain, so a
        /// point further than this is no divider this pen can have: a shifted record (a cell of 3.05 V read as 3.26 V
        /// after a +7 % shift, under the 3.15 V start threshold no longer) is refused. Unit: fraction of the reference.
        /// [D] divider ±1 %, the line's residual (10 mV at a 1.5 V pin, 0.7 %) and the reference voltmeter: 2 %.
        /// </summary>
        public const float MaxCalibratedErrorFraction = BoardConstants.SupplyDividerTolerance + 0.01f;

        /// <summary>Mean code at the lower and the upper reference. Unit: ADC code (fractional).</summary>
        public readonly float LowCode, HighCode;
        /// <summary>The reference voltages. Unit: V.</summary>
        public readonly float LowVolts, HighVolts;

        private readonly float _voltsPerCode;

        private SupplyCalibration(float lowCode, float lowVolts, float highCode, float highVolts)
        {
            LowCode = lowCode;
            LowVolts = lowVolts;
            HighCode = highCode;
            HighVolts = highVolts;
            _voltsPerCode = (highVolts - lowVolts) / (highCode - lowCode);
        }

        /// <summary>
        /// A calibration from two measured points; null when they are not usable: out of order, closer than
        /// <see cref="MinSpanVolts"/>, a code at a rail, or a point whose nominal reading (<paramref name="nominal"/>
        /// through <paramref name="line"/>) is off by more than <see cref="MaxNominalErrorFraction"/>.
        /// </summary>
        public static SupplyCalibration FromMeasured(float lowCode, float lowVolts, float highCode, float highVolts, SensingScale nominal, AdcLine line)
        {
            if (nominal == null || line == null) return null;
            if (highVolts - lowVolts < MinSpanVolts || highCode <= lowCode) return null;
            if (lowCode <= 0f || highCode >= BoardConstants.AdcCodeMax) return null;
            float bound = line == AdcLine.Nominal ? MaxNominalErrorFraction : MaxCalibratedErrorFraction;
            if (!Near(nominal.SupplyVolts(line.Millivolts(lowCode)), lowVolts, bound) || !Near(nominal.SupplyVolts(line.Millivolts(highCode)), highVolts, bound)) return null;
            return new SupplyCalibration(lowCode, lowVolts, highCode, highVolts);
        }

        /// <summary>Supply voltage for a code, on the calibrated line. Unit: V.</summary>
        public float Volts(int code)
        {
            return LowVolts + (code - LowCode) * _voltsPerCode;
        }

        /// <summary>The record text (allocates: factory use only).</summary>
        public string ToRecord()
        {
            return RecordTag + " codes=" + Tenths(LowCode) + "," + Tenths(HighCode)
                   + " mv=" + Millivolts(LowVolts) + "," + Millivolts(HighVolts);
        }

        /// <summary>Parses a record; null when it is not a valid SUPPLYCAL record for this board and supply input.</summary>
        public static SupplyCalibration Parse(string record, SensingScale nominal, AdcLine line)
        {
            if (record == null || !record.StartsWith(RecordTag + " ")) return null;
            string codes = RecordText.Field(record, "codes");
            string mv = RecordText.Field(record, "mv");
            if (codes == null || mv == null) return null;
            string[] c = codes.Split(new char[] { ',' });
            string[] v = mv.Split(new char[] { ',' });
            if (c.Length != 2 || v.Length != 2) return null;
            int c0, c1, v0, v1;
            if (!int.TryParse(c[0], out c0) || !int.TryParse(c[1], out c1) || !int.TryParse(v[0], out v0) || !int.TryParse(v[1], out v1)) return null;
            return FromMeasured(c0 / 10f, v0 / 1000f, c1 / 10f, v1 / 1000f, nominal, line);
        }

        /// <summary>The calibration of a stored record, or null (absent or not valid for this board: the nominal line is used). Boot only: parsing allocates.</summary>
        public static SupplyCalibration Load(string record, SensingScale nominal, AdcLine line)
        {
            return record == null ? null : Parse(record, nominal, line);
        }

        /// <summary>Why a record is no valid SUPPLYCAL record for this board, or null when it is.</summary>
        public static string Problem(string record, SensingScale nominal, AdcLine line)
        {
            float bound = line == null || line == AdcLine.Nominal ? MaxNominalErrorFraction : MaxCalibratedErrorFraction;
            return Parse(record, nominal, line) != null ? null
                : "SUPPLYCAL wants codes=<low>,<high> mv=<low>,<high> (codes in tenths), each point within "
                  + ((int)(bound * 100f + 0.5f)).ToString() + " % of the board's nominal line through the supply input's ADC line";
        }

        private static bool Near(float reading, float reference, float fraction)
        {
            float off = reading - reference;
            if (off < 0f) off = -off;
            return off <= fraction * reference;
        }

        private static string Tenths(float code)
        {
            return ((int)(code * 10f + 0.5f)).ToString();
        }

        private static string Millivolts(float volts)
        {
            return ((int)(volts * 1000f + 0.5f)).ToString();
        }
    }
}
