using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The checked-in list of known gaps (control-known-gaps.txt, embedded): targets the stroke control is known to
    /// miss on a case, each with the worst value accepted. `report control` fails on a miss not listed or worse than
    /// listed, so CI tells a known, listed gap from a new miss. A gap that closes is reported and should be removed.
    /// </summary>
    public static class KnownGaps
    {
        public sealed class Gap
        {
            public int Seed;
            public string Case, Target, Why;
            /// <summary>The worst value accepted, in the target's unit (fraction or s).</summary>
            public double Worst;
        }

        public static List<Gap> Control()
        {
            using Stream s = typeof(KnownGaps).Assembly.GetManifestResourceStream("control-known-gaps.txt")
                             ?? throw new InvalidOperationException("control-known-gaps.txt is not embedded in Pen.Simulation");
            using var reader = new StreamReader(s);
            return Parse(reader.ReadToEnd(), "control-known-gaps.txt");
        }

        /// <summary>Lines "seed | case | target | worst accepted | why" (tab or '|' separated); '#' starts a comment.</summary>
        public static List<Gap> Parse(string text, string source)
        {
            var list = new List<Gap>();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                string[] f = line.Split('|');
                if (f.Length < 5 || !int.TryParse(f[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seed)
                    || !double.TryParse(f[3].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double worst))
                    throw new FormatException(source + ":" + (i + 1) + ": expected \"seed | case | target | worst accepted (a number in the target's unit) | why\"");
                list.Add(new Gap { Seed = seed, Case = f[1].Trim(), Target = f[2].Trim(), Worst = worst, Why = f[4].Trim() });
            }

            return list;
        }
    }
}
