using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;

namespace Pen.Core.Commissioning
{
    /// <summary>
    /// This unit's identified motor as a durable record (Records/PenRecords, slot <see cref="Slot"/>), written once the
    /// identification chain has passed every check, read at every boot. Integers only, the unit in each key (no float
    /// parsing on the device):
    ///   MOTOR ke_nvs=2670000 rl_uohm=1512000 tc_dc=230 j_e12=68000 if_ua=30000 fa_chz=6000 ifs_na=12
    /// k_e in nV·s/rad, the loop resistance in µΩ at the winding temperature tc (0.1 °C), J in 1e-12 kg·m², the friction
    /// current in µA at the rate fa (0.01 strokes/s) and its rise in nA per stroke/s. A record that does not parse or
    /// whose values leave their plausible range (<see cref="Problem"/>) is not used: the pen identifies its motor again.
    /// </summary>
    public static class MotorRecord
    {
        /// <summary>The durable record's slot.</summary>
        public const string Slot = Records.PenRecords.MotorSlot;
        /// <summary>The record's first word.</summary>
        public const string Tag = "MOTOR";

        /// <summary>The record text of a model (allocates: written once, with the motor stopped).</summary>
        public static string ToRecord(MotorModel m)
        {
            return Tag + " ke_nvs=" + Round(m.KeVoltSecondsPerRad * 1e9f) + " rl_uohm=" + Round(m.LoopOhms * 1e6f)
                   + " tc_dc=" + Round(m.IdentifiedAtC * 10f) + " j_e12=" + Round(m.InertiaKgM2 * 1e12f)
                   + " if_ua=" + Round(m.FrictionAmps * 1e6f) + " fa_chz=" + Round(m.FrictionAtHz * 100f)
                   + " ifs_na=" + Round(m.FrictionAmpsPerHz * 1e9f);
        }

        /// <summary>Reads a record into <paramref name="into"/>; false (and <paramref name="into"/> untouched) when it is not
        /// a whole MOTOR record. Boot only: parsing allocates.</summary>
        public static bool Parse(string record, MotorModel into)
        {
            if (record == null || !record.StartsWith(Tag + " ")) return false;
            int ke, rl, tc, j, i0, fa, ifs;
            if (!Int(record, "ke_nvs", out ke) || !Int(record, "rl_uohm", out rl) || !Int(record, "tc_dc", out tc) || !Int(record, "j_e12", out j)
                || !Int(record, "if_ua", out i0) || !Int(record, "fa_chz", out fa) || !Int(record, "ifs_na", out ifs)) return false;
            into.KeVoltSecondsPerRad = ke * 1e-9f;
            into.LoopOhms = rl * 1e-6f;
            into.IdentifiedAtC = tc * 0.1f;
            into.InertiaKgM2 = j * 1e-12f;
            into.FrictionAmps = i0 * 1e-6f;
            into.FrictionAtHz = fa * 0.01f;
            into.FrictionAmpsPerHz = ifs * 1e-9f;
            into.Identified = true;
            return true;
        }

        /// <summary>
        /// Why a motor may not be this board's (which value, what it is, its range), or null when every value is in its
        /// plausible range: each within a factor of the board variant's datasheet value (PenLimits: the spread of real
        /// units and of the coreless motors of the class that fit the pen, plant.md §2; a motor of another winding, or a
        /// damaged one, is outside).
        /// </summary>
        public static string Problem(MotorModel m, BoardVariant board)
        {
            MotorModel d = MotorModel.Datasheet(board);
            string p = Range("back-EMF constant (nV s/rad)", m.KeVoltSecondsPerRad * 1e9f, d.KeVoltSecondsPerRad * 1e9f, PenLimits.IdentifyBackEmfMinRatio, PenLimits.IdentifyBackEmfMaxRatio);
            if (p == null) p = Range("loop resistance (mOhm)", m.LoopOhms * 1e3f, d.LoopOhmsAt(m.IdentifiedAtC) * 1e3f, PenLimits.IdentifyResistanceMinRatio, PenLimits.IdentifyResistanceMaxRatio);
            if (p == null) p = Range("inertia (1e-12 kg m^2)", m.InertiaKgM2 * 1e12f, d.InertiaKgM2 * 1e12f, PenLimits.IdentifyInertiaMinRatio, PenLimits.IdentifyInertiaMaxRatio);
            if (p == null && (m.FrictionAmps < 0f || m.FrictionAmps > PenLimits.IdentifyFrictionMaxRatio * d.FrictionAmps + PenLimits.IdentifyFrictionMarginAmps))
                p = "friction current " + Round(m.FrictionAmps * 1e3f) + " mA outside 0 to " + Round((PenLimits.IdentifyFrictionMaxRatio * d.FrictionAmps + PenLimits.IdentifyFrictionMarginAmps) * 1e3f) + " mA";
            return p;
        }

        /// <summary>Why a back-EMF constant may not be this board's motor's, or null (the first check, made before the chain drives faster).</summary>
        public static string BackEmfProblem(float ke, BoardVariant board)
        {
            return Range("back-EMF constant (nV s/rad)", ke * 1e9f, board.MotorBackEmfVoltSecondsPerRad * 1e9f, PenLimits.IdentifyBackEmfMinRatio, PenLimits.IdentifyBackEmfMaxRatio);
        }

        private static string Range(string what, float value, float nominal, float minRatio, float maxRatio)
        {
            if (value >= minRatio * nominal && value <= maxRatio * nominal) return null;
            return what + " " + Round(value) + " outside " + Round(minRatio * nominal) + " to " + Round(maxRatio * nominal);
        }

        private static bool Int(string record, string key, out int value)
        {
            value = 0;
            string v = RecordText.Field(record, key);
            return v != null && int.TryParse(v, out value);
        }

        private static string Round(float v)
        {
            return RecordText.Rounded(v);
        }
    }
}
