using Pen.Core.Limits;

namespace Pen.Core.Board
{
    /// <summary>
    /// The pen's records (session log, calibrations, fault snapshots): one line of space-separated "key=value" fields
    /// after a tag. What a record store accepts (Records/PenRecords) and how fields are read.
    /// </summary>
    public static class RecordText
    {
        /// <summary>The value of <paramref name="key"/> in a record, or null when absent (no allocation beyond the result).</summary>
        public static string Field(string record, string key)
        {
            string probe = " " + key + "=";
            int at = (" " + record).IndexOf(probe);
            if (at < 0) return null;
            int start = at + probe.Length - 1;
            int end = record.IndexOf(' ', start);
            return end < 0 ? record.Substring(start) : record.Substring(start, end - start);
        }

        /// <summary>A value as the integer records and the bench protocol carry (rounded half away from zero): the unit
        /// goes in the key (v_mV, duty_pm), so no float formatting and no culture. Allocates the string.</summary>
        public static string Rounded(float v)
        {
            int i = (int)(v >= 0f ? v + 0.5f : v - 0.5f);
            return i.ToString();
        }

        /// <summary>Whether a store may keep this record: printable ASCII (no line breaks), 1 to <see cref="PenLimits.RecordMaxLength"/> characters.</summary>
        public static bool Storable(string record)
        {
            if (record == null || record.Length > PenLimits.RecordMaxLength) return false;
            for (int i = 0; i < record.Length; i++)
            {
                char c = record[i];
                if (c < ' ' || c > '~') return false;
            }

            return true;
        }
    }
}
