namespace Pen.Core.Board
{
    /// <summary>
    /// The per-unit calibration records the pen keeps, each in its own durable record (Records/PenRecords), written at
    /// the factory or in a service session (STORE), read at every boot. A kind is one tag in <see cref="Tags"/>, its
    /// durable records in <see cref="SlotNames"/> (one per kind, or one per input for the ADC's), and one case in
    /// <see cref="Problem"/>: its class parses the record and checks it against the part's physical characterisation,
    /// not only against itself.
    /// </summary>
    public static class CalibrationKinds
    {
        /// <summary>The record tags of every calibration kind (each record's first word).</summary>
        public static readonly string[] Tags = { SupplyCalibration.RecordTag, DepthCalibration.RecordTag, AdcCalibration.RecordTag };

        /// <summary>The durable record of a kind kept once per pen: its tag in lower case ("depthcal").</summary>
        public static string SlotName(string tag)
        {
            return tag.ToLower();
        }

        /// <summary>The durable record of an ADC input's calibration ("adccal-supply").</summary>
        public static string AdcSlotName(string input)
        {
            return SlotName(AdcCalibration.RecordTag) + "-" + input;
        }

        /// <summary>Every calibration's durable record name.</summary>
        public static string[] SlotNames()
        {
            string[] names = new string[2 + AdcLines.Names.Length];
            names[0] = SlotName(SupplyCalibration.RecordTag);
            names[1] = SlotName(DepthCalibration.RecordTag);
            for (int i = 0; i < AdcLines.Names.Length; i++) names[2 + i] = AdcSlotName(AdcLines.Names[i]);
            return names;
        }

        /// <summary>The kind's tag of a record ("DEPTHCAL codes=…" → "DEPTHCAL"), or null when it is no calibration record.</summary>
        public static string TagOf(string record)
        {
            if (record == null) return null;
            for (int i = 0; i < Tags.Length; i++)
            {
                if (record.StartsWith(Tags[i] + " ")) return Tags[i];
            }

            return null;
        }

        /// <summary>The durable record a calibration record goes to, or null (no calibration record, or an ADC record naming no known input).</summary>
        public static string SlotOf(string record)
        {
            string tag = TagOf(record);
            if (tag == null) return null;
            if (tag != AdcCalibration.RecordTag) return SlotName(tag);
            string input = RecordText.Field(record, "in");
            return input != null && AdcLines.IndexOf(input) >= 0 ? AdcSlotName(input) : null;
        }

        /// <summary>Why a calibration record may not be used on this board (which field, what it must be), or null when it may.</summary>
        public static string Problem(string record, BoardVariant board, AdcLines lines)
        {
            string tag = TagOf(record);
            if (tag == SupplyCalibration.RecordTag) return SupplyCalibration.Problem(record, board.Scale, lines.Supply);
            if (tag == DepthCalibration.RecordTag) return DepthCalibration.Problem(record, lines.Depth);
            if (tag == AdcCalibration.RecordTag) return AdcCalibration.Problem(record);
            return "not a calibration record (" + SupplyCalibration.RecordTag + ", " + DepthCalibration.RecordTag + " or " + AdcCalibration.RecordTag + ")";
        }
    }
}
