using Pen.Core.Limits;

namespace Pen.Core.Board
{
    /// <summary>
    /// One pen's depth-ring calibration: for each of the 11 detents (0 to 2.5 mm in 0.25 mm steps), the mean ADC
    /// code the linear Hall sensor gives there and the needle protrusion a reference gauge measured there. Written
    /// at the factory as one record in the pen's record store (the flash file on I: on the device; see
    /// Session/README.md), read at every boot; the newest valid one wins. Without one, the nominal straight line
    /// of nf.config is used.
    /// Record text: "DEPTHCAL codes=c0,..,c10 um=m0,..,m10" with codes in tenths of a code and depths in µm
    /// (integers only: no culture-dependent decimal parsing on the device).
    /// </summary>
    public sealed class DepthCalibration
    {
        /// <summary>The record's first word.</summary>
        public const string RecordTag = "DEPTHCAL";

        /// <summary>Mean code at each detent. Unit: ADC code (fractional), strictly increasing.</summary>
        public readonly float[] Codes = new float[PenLimits.DepthDetentCount];
        /// <summary>Measured protrusion at each detent. Unit: mm.</summary>
        public readonly float[] Mm = new float[PenLimits.DepthDetentCount];

        /// <summary>True for the nominal table (no factory calibration found).</summary>
        public bool IsNominal { get; private set; }

        /// <summary>The nominal table on the nominal ADC line: the sensor's straight line from nf.config, detents at their marks.</summary>
        public static DepthCalibration Nominal()
        {
            return Nominal(AdcLine.Nominal);
        }

        /// <summary>The nominal table through an ADC line (the depth input's own, when the factory calibrated it).</summary>
        public static DepthCalibration Nominal(AdcLine line)
        {
            DepthCalibration c = new DepthCalibration();
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                float mm = i * BoardConstants.DepthDetentStepMm;
                // V = V0 + (V1 − V0) · d / full scale;  code from the input's ADC line
                float mv = BoardConstants.DepthMillivoltsAtZero
                           + (BoardConstants.DepthMillivoltsAtFull - BoardConstants.DepthMillivoltsAtZero) * mm / BoardConstants.DepthFullScaleMm;
                c.Codes[i] = line.CodeAt(mv);
                c.Mm[i] = mm;
            }

            c.IsNominal = true;
            return c;
        }

        /// <summary>A table from measured values (factory bench). Null when it is not valid (see <see cref="IsValid"/>).</summary>
        public static DepthCalibration FromMeasured(float[] codes, float[] mm)
        {
            if (codes == null || mm == null || codes.Length != PenLimits.DepthDetentCount || mm.Length != PenLimits.DepthDetentCount) return null;
            DepthCalibration c = new DepthCalibration();
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                c.Codes[i] = codes[i];
                c.Mm[i] = mm[i];
            }

            return c.IsValid() ? c : null;
        }

        /// <summary>
        /// A usable table: codes strictly increasing by at least a quarter of the nominal step, and each measured
        /// depth within a quarter step of its mark (a table that fails this was measured wrong).
        /// </summary>
        public bool IsValid()
        {
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                float mark = i * BoardConstants.DepthDetentStepMm;
                float off = Mm[i] - mark;
                if (off > BoardConstants.DepthDetentStepMm / 4f || off < -BoardConstants.DepthDetentStepMm / 4f) return false;
                if (Codes[i] < 0f || Codes[i] > BoardConstants.AdcCodeMax) return false;
                if (i > 0 && Codes[i] - Codes[i - 1] < 40f) return false;
            }

            return true;
        }

        /// <summary>The record text (allocates: factory use only).</summary>
        public string ToRecord()
        {
            string codes = "";
            string um = "";
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                if (i > 0)
                {
                    codes += ",";
                    um += ",";
                }

                codes += ((int)(Codes[i] * 10f + 0.5f)).ToString();
                um += ((int)(Mm[i] * 1000f + (Mm[i] >= 0f ? 0.5f : -0.5f))).ToString();
            }

            return RecordTag + " codes=" + codes + " um=" + um;
        }

        /// <summary>
        /// Why a record may not be this pen's DEPTHCAL, or null when it may: it must be a valid table (<see cref="Parse"/>)
        /// and one a healthy ring and sensor can give through the depth input's ADC line <paramref name="line"/>
        /// (<see cref="CharacterisationProblem"/>).
        /// </summary>
        public static string Problem(string record, AdcLine line)
        {
            DepthCalibration c = Parse(record);
            if (c == null)
            {
                return "DEPTHCAL wants codes=<c0>,...,<c10> (tenths) um=<d0>,...,<d10>, one per detent: codes rising by 4 or more, each depth within a quarter step of its mark";
            }

            return c.CharacterisationProblem(line);
        }

        /// <summary>Allowance for the ADC line of a calibrated input between its two points (the bow the line leaves), and for noise. Unit: mV. [E] the simulated ADC's residual after its two-point calibration is under 4 mV (Esp32AdcTests); 10 mV leaves room for a real part.</summary>
        public const float LineResidualMillivolts = 10f;

        /// <summary>
        /// Whether the table is one a healthy ring and sensor can give (null) or which detent is not, and why. Each
        /// detent's voltage (the code through the depth input's ADC line) must lie within the sensor's characterisation of
        /// the nominal line (nf.config depthRing: sensitivity ±3 % of the span, a bow up to 60 mV, the detent's own
        /// ±0.03 mm, and what the ADC line leaves: a few mV calibrated, its reference's spread uncalibrated), and each
        /// step between detents within the same allowances of the nominal step: a table shifted, stretched or bent beyond
        /// what the part can do is a wrong record, whatever its own order says.
        ///   V_i = line(code_i);  |V_i − V_nom(i)| ≤ s·span·u_i + bow + t_d·span/d_full + e_line(V)
        ///   |ΔV_i − ΔV_nom| ≤ s·ΔV_nom + 0.4·bow + 2·t_d·span/d_full + e_line(ΔV)   (the bow's slope is at most 4·bow per span)
        /// </summary>
        public string CharacterisationProblem(AdcLine line)
        {
            if (line == null) line = AdcLine.Nominal;
            bool calibrated = line != AdcLine.Nominal;
            float span = BoardConstants.DepthMillivoltsAtFull - BoardConstants.DepthMillivoltsAtZero;
            float perMm = span / BoardConstants.DepthFullScaleMm;
            float detentMv = BoardConstants.DepthDetentToleranceMm * perMm;
            float stepMv = span * BoardConstants.DepthDetentStepMm / BoardConstants.DepthFullScaleMm;
            float previous = 0f;
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                float u = i * BoardConstants.DepthDetentStepMm / BoardConstants.DepthFullScaleMm;
                float nominal = BoardConstants.DepthMillivoltsAtZero + span * u;
                float mv = line.Millivolts(Codes[i]);
                float allowed = BoardConstants.DepthSensitivityTolerance * span * u + BoardConstants.DepthNonlinearityMillivolts + detentMv
                                + LineError(calibrated, nominal);
                float off = mv - nominal;
                if (off > allowed || off < -allowed)
                {
                    return "DEPTHCAL detent " + i.ToString() + " reads " + RecordText.Rounded(mv) + " mV where this sensor gives "
                           + RecordText.Rounded(nominal) + " +- " + RecordText.Rounded(allowed) + " mV";
                }

                if (i > 0)
                {
                    float step = mv - previous;
                    float stepAllowed = BoardConstants.DepthSensitivityTolerance * stepMv + 0.4f * BoardConstants.DepthNonlinearityMillivolts + 2f * detentMv
                                        + (calibrated ? 2f * LineResidualMillivolts : AdcCalibration.MaxSlopeErrorFraction * stepMv);
                    if (step - stepMv > stepAllowed || stepMv - step > stepAllowed)
                    {
                        return "DEPTHCAL step " + (i - 1).ToString() + "-" + i.ToString() + " is " + RecordText.Rounded(step) + " mV where this sensor gives "
                               + RecordText.Rounded(stepMv) + " +- " + RecordText.Rounded(stepAllowed) + " mV";
                    }
                }

                previous = mv;
            }

            return null;
        }

        private static float LineError(bool calibrated, float millivolts)
        {
            return calibrated ? LineResidualMillivolts : AdcCalibration.MaxSlopeErrorFraction * millivolts + AdcCalibration.MaxOffsetErrorMillivolts;
        }

        /// <summary>Parses a record; null when it is not a valid DEPTHCAL record.</summary>
        public static DepthCalibration Parse(string record)
        {
            if (record == null || !record.StartsWith(RecordTag + " ")) return null;
            string codes = RecordText.Field(record, "codes");
            string um = RecordText.Field(record, "um");
            if (codes == null || um == null) return null;
            string[] c = codes.Split(new char[] { ',' });
            string[] m = um.Split(new char[] { ',' });
            if (c.Length != PenLimits.DepthDetentCount || m.Length != PenLimits.DepthDetentCount) return null;
            float[] cf = new float[PenLimits.DepthDetentCount];
            float[] mf = new float[PenLimits.DepthDetentCount];
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                int ci, mi;
                if (!int.TryParse(c[i], out ci) || !int.TryParse(m[i], out mi)) return null;
                cf[i] = ci / 10f;
                mf[i] = mi / 1000f;
            }

            return FromMeasured(cf, mf);
        }
    }
}
