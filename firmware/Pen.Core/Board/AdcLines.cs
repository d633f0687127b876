using Pen.Core.Records;

namespace Pen.Core.Board
{
    /// <summary>
    /// The transfer of each of the pen's six ADC inputs (<see cref="AdcLine"/>): the factory's calibration where a
    /// valid ADCCAL record names the input, the nominal line otherwise. Loaded once at boot; read every tick.
    /// </summary>
    public sealed class AdcLines
    {
        /// <summary>The inputs' names in ADCCAL records, as the bench's RAW names them.</summary>
        public static readonly string[] Names = { "current", "current_avg", "drive", "supply", "ntc", "depth" };

        /// <summary>The fast current-sense input (100 µs RC).</summary>
        public AdcLine Current = AdcLine.Nominal;
        /// <summary>The averaged current-sense input (10 ms RC).</summary>
        public AdcLine CurrentAveraged = AdcLine.Nominal;
        /// <summary>The drive-voltage input.</summary>
        public AdcLine Drive = AdcLine.Nominal;
        /// <summary>The supply divider.</summary>
        public AdcLine Supply = AdcLine.Nominal;
        /// <summary>The housing NTC divider.</summary>
        public AdcLine Ntc = AdcLine.Nominal;
        /// <summary>The depth-ring sensor.</summary>
        public AdcLine Depth = AdcLine.Nominal;

        /// <summary>How many inputs use a factory calibration (0 to 6).</summary>
        public int Calibrated { get; private set; }

        /// <summary>Position of an input name in <see cref="Names"/>, or −1.</summary>
        public static int IndexOf(string input)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == input) return i;
            }

            return -1;
        }

        /// <summary>The line of an input by its <see cref="Names"/> index.</summary>
        public AdcLine ByIndex(int index)
        {
            switch (index)
            {
                case 0: return Current;
                case 1: return CurrentAveraged;
                case 2: return Drive;
                case 3: return Supply;
                case 4: return Ntc;
                default: return Depth;
            }
        }

        /// <summary>Loads each input's ADCCAL record from its durable record (boot only: parsing allocates).</summary>
        public void Load(PenRecords records)
        {
            Calibrated = 0;
            Current = LineOf(records, 0);
            CurrentAveraged = LineOf(records, 1);
            Drive = LineOf(records, 2);
            Supply = LineOf(records, 3);
            Ntc = LineOf(records, 4);
            Depth = LineOf(records, 5);
        }

        private AdcLine LineOf(PenRecords records, int index)
        {
            string record = records == null ? null : records.Value(CalibrationKinds.AdcSlotName(Names[index]));
            AdcCalibration c = AdcCalibration.Load(record, Names[index]);
            if (c == null) return AdcLine.Nominal;
            Calibrated++;
            return c.Line;
        }
    }
}
