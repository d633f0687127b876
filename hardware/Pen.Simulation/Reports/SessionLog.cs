using System;
using System.Collections.Generic;
using System.IO;
using Pen.Core.Board;
using Pen.Core.Session;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// Reads the pen's session log (records.txt written by "run", one record per line, as the device's flash file
    /// holds them) and shows the SESSION records as a table for practitioners and QA.
    /// </summary>
    public static class SessionLog
    {
        public static readonly string[] Columns =
        {
            "n", "end", "needling", "elapsed", "on skin", "strokes", "profiles", "depth mm", "levels", "pauses", "cues", "faults", "cartridge",
        };

        /// <summary>The SESSION records of a log, as table rows.</summary>
        public static List<string[]> Rows(IEnumerable<string> records)
        {
            var rows = new List<string[]>();
            foreach (string r in records)
            {
                if (!r.StartsWith(SessionRecord.EndTag + " ", StringComparison.Ordinal)) continue;
                rows.Add(new[]
                {
                    F(r, "n"), F(r, "end"), Seconds(RecordText.Field(r, "needling_ms")), Seconds(RecordText.Field(r, "elapsed_ms")),
                    Seconds(RecordText.Field(r, "onskin_ms")), F(r, "strokes"), Profiles(RecordText.Field(r, "profiles")), F(r, "depth_mm"),
                    F(r, "levels"), F(r, "pauses"), F(r, "cues"), F(r, "faults"), F(r, "cart"),
                });
            }

            return rows;
        }

        /// <summary>Reads records.txt from a directory or a file path. Throws ScenarioException with the path when absent.</summary>
        public static string[] ReadFile(string dirOrFile)
        {
            string path = Directory.Exists(dirOrFile) ? Path.Combine(dirOrFile, "records.txt") : dirOrFile;
            if (!File.Exists(path)) throw new ScenarioException(path, 0, 0, "records", "no session log here: expected records.txt written by 'run <scenario> --out <dir>'");
            return File.ReadAllLines(path);
        }

        public static string Markdown(IEnumerable<string> records, string title)
        {
            return "# Session log: " + title + "\n\n" + MarkdownTable.Render(Columns, Rows(records))
                   + "\nTimes in minutes:seconds. Profiles by name (pens-and-regulation.md §4.1 table in PenLimits).\n";
        }

        private static string F(string r, string key) { return RecordText.Field(r, key) ?? "-"; }

        private static string Seconds(string ms)
        {
            if (ms == null || !long.TryParse(ms, out long v)) return "-";
            long s = v / 1000;
            return (s / 60).ToString("D2") + ":" + (s % 60).ToString("D2");
        }

        private static string Profiles(string list)
        {
            if (string.IsNullOrEmpty(list)) return "-";
            var names = new List<string>();
            foreach (string p in list.Split(','))
            {
                names.Add(int.TryParse(p, out int i) && i >= 0 && i < Pen.Core.Limits.PenLimits.ProfileNames.Length ? Pen.Core.Limits.PenLimits.ProfileNames[i] : p);
            }

            return string.Join(", ", names);
        }
    }
}
