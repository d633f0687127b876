using Pen.Core.Board;
using Pen.Core.Limits;

namespace Pen.Core.Commissioning
{
    /// <summary>
    /// The seated cartridge's identified spring and friction as a durable record (Records/PenRecords, slot
    /// <see cref="Slot"/>), written once its identification passed every check, read at boot; "CARTID none" once the
    /// cartridge is taken out (the record belongs to the cartridge seated, not to the pen). Integers only, the unit in each key:
    ///   CARTID tb_nnm=1120000 ts_nnm=920000 tf_nnm=48000
    /// the breakaway torque (the spring's peak and all friction at rest), the spring's peak alone and the cartridge's mean
    /// friction torque, each in nN·m. A record that does not parse, or whose values leave their plausible range
    /// (<see cref="Check"/>), is not used: the cartridge is measured again.
    /// </summary>
    public static class CartridgeRecord
    {
        /// <summary>The durable record's slot.</summary>
        public const string Slot = Records.PenRecords.CartridgeIdSlot;
        /// <summary>The record's first word.</summary>
        public const string Tag = "CARTID";
        /// <summary>The record once the cartridge is out.</summary>
        public const string None = Tag + " none";

        // made once: a literal is a new string object per use on nanoCLR
        private static readonly string SlotName = Slot, NoneText = None, BreakawayKey = Tag + " tb_nnm=", SpringKey = " ts_nnm=", FrictionKey = " tf_nnm=";

        /// <summary>
        /// Queues the record of a cartridge just measured (<paramref name="measured"/>), or "CARTID none" (null: the cartridge was
        /// taken out), built in pieces from the store's pool, allocating nothing; the string's text when the pool has none free.
        /// </summary>
        public static void Queue(Records.PenRecords records, CartridgeIdentification measured)
        {
            if (measured == null)
            {
                records.QueueWrite(SlotName, NoneText);
                return;
            }

            Records.RecordChars w = records.TakeChars();
            if (w == null)
            {
                records.QueueWrite(SlotName, ToRecord(measured.BreakawayTorqueNm, measured.SpringPeakTorqueNm, measured.FrictionTorqueNm));
                return;
            }

            w.Append(BreakawayKey); w.AppendRounded(measured.BreakawayTorqueNm * 1e9f);
            w.Append(SpringKey); w.AppendRounded(measured.SpringPeakTorqueNm * 1e9f);
            w.Append(FrictionKey); w.AppendRounded(measured.FrictionTorqueNm * 1e9f);
            records.QueueWrite(SlotName, w);
        }

        /// <summary>The record text (allocates: the bench's and the tests' form).</summary>
        public static string ToRecord(float breakawayNm, float springPeakNm, float frictionNm)
        {
            return Tag + " tb_nnm=" + RecordText.Rounded(breakawayNm * 1e9f) + " ts_nnm=" + RecordText.Rounded(springPeakNm * 1e9f)
                   + " tf_nnm=" + RecordText.Rounded(frictionNm * 1e9f);
        }

        /// <summary>Reads a record; false when it is not a whole CARTID record with values (boot only: parsing allocates).</summary>
        public static bool Parse(string record, out float breakawayNm, out float springPeakNm, out float frictionNm)
        {
            breakawayNm = springPeakNm = frictionNm = 0f;
            if (record == null || !record.StartsWith(Tag + " ")) return false;
            int tb, ts, tf;
            if (!Int(record, "tb_nnm", out tb) || !Int(record, "ts_nnm", out ts) || !Int(record, "tf_nnm", out tf)) return false;
            breakawayNm = tb * 1e-9f;
            springPeakNm = ts * 1e-9f;
            frictionNm = tf * 1e-9f;
            return true;
        }

        /// <summary>
        /// Whether a cartridge may be whole: <see cref="CartridgeOutcome.None"/> when both values are plausible, else which
        /// value left its range (<see cref="Describe"/> says by how much): the spring's peak against the board's nominal
        /// (<see cref="BoardVariant.CamSpringPeakTorqueNm"/>) within <see cref="PenLimits.CartridgeSpringMinRatio"/>..<see cref="PenLimits.CartridgeSpringMaxRatio"/>
        /// (under it: <see cref="CartridgeOutcome.SpringMissing"/>; over it: <see cref="CartridgeOutcome.SpringOverRange"/>, a
        /// binding carrier), the friction at most <see cref="PenLimits.CartridgeFrictionMaxNm"/> (<see cref="CartridgeOutcome.FrictionOutOfRange"/>).
        /// </summary>
        public static int Check(float springPeakNm, float frictionNm, BoardVariant board)
        {
            float nominal = board.CamSpringPeakTorqueNm;
            if (springPeakNm < PenLimits.CartridgeSpringMinRatio * nominal) return CartridgeOutcome.SpringMissing;
            if (springPeakNm > PenLimits.CartridgeSpringMaxRatio * nominal) return CartridgeOutcome.SpringOverRange;
            if (frictionNm > PenLimits.CartridgeFrictionMaxNm || frictionNm < -PenLimits.CartridgeFrictionMaxNm) return CartridgeOutcome.FrictionOutOfRange;
            return CartridgeOutcome.None;
        }

        /// <summary>The text of a <see cref="Check"/> code with the value and the bound it crossed (allocates: for people only); null for <see cref="CartridgeOutcome.None"/>.</summary>
        public static string Describe(int code, float springPeakNm, float frictionNm, BoardVariant board)
        {
            float nominal = board.CamSpringPeakTorqueNm;
            switch (code)
            {
                case CartridgeOutcome.None: return null;
                case CartridgeOutcome.SpringMissing:
                    return CartridgeOutcome.Text(code) + ": peak " + Micro(springPeakNm) + " uN m under " + Micro(PenLimits.CartridgeSpringMinRatio * nominal);
                case CartridgeOutcome.SpringOverRange:
                    return CartridgeOutcome.Text(code) + ": peak " + Micro(springPeakNm) + " uN m over " + Micro(PenLimits.CartridgeSpringMaxRatio * nominal);
                case CartridgeOutcome.FrictionOutOfRange:
                    return CartridgeOutcome.Text(code) + ": " + Micro(frictionNm) + " uN m outside +-" + Micro(PenLimits.CartridgeFrictionMaxNm);
                default: return CartridgeOutcome.Text(code);
            }
        }

        private static string Micro(float nm)
        {
            return RecordText.Rounded(nm * 1e6f);
        }

        private static bool Int(string record, string key, out int value)
        {
            value = 0;
            string v = RecordText.Field(record, key);
            return v != null && int.TryParse(v, out value);
        }
    }
}
