using System;
using System.Collections.Generic;
using System.Text;

namespace Pen.Simulator
{
    /// <summary>
    /// A report's Markdown as a person reads it in a terminal of <see cref="Width"/> columns: prose wrapped at word
    /// boundaries, each table fitted by wrapping the text of its widest cells onto continuation lines, and a table too
    /// long or too wide to read there replaced by one line saying where the full report is. The file keeps the Markdown.
    /// </summary>
    public static class TerminalText
    {
        /// <summary>Columns of the terminal the text is fitted to.</summary>
        public const int Width = 120;

        /// <summary>Tables with more rows than this go to the file only.</summary>
        public const int MaxRows = 40;

        /// <summary>A table too wide for one line a row is shown row by row up to this many rows.</summary>
        public const int MaxRecords = 10;

        /// <summary>A word longer than this may be broken inside. Unit: characters.</summary>
        private const int MaxWord = 16;

        /// <summary>Fits <paramref name="markdown"/>; <paramref name="fullReport"/> names the file a dropped table is in.</summary>
        public static string Fit(string markdown, string fullReport)
        {
            string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
            var sb = new StringBuilder();
            string heading = null;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("|", StringComparison.Ordinal))
                {
                    var table = new List<string>();
                    while (i < lines.Length && lines[i].StartsWith("|", StringComparison.Ordinal)) table.Add(lines[i++]);
                    i--;
                    sb.Append(FitTable(table, heading, fullReport));
                    continue;
                }

                if (lines[i].StartsWith("#", StringComparison.Ordinal)) heading = lines[i].TrimStart('#', ' ');
                Wrap(lines[i], sb);
                if (i < lines.Length - 1) sb.Append('\n');
            }

            return sb.ToString();
        }

        /// <summary><paramref name="line"/> broken at words into lines of at most <paramref name="width"/> characters.</summary>
        public static string Wrap(string line, int width)
        {
            var sb = new StringBuilder();
            Wrap(line, sb, width);
            return sb.ToString();
        }

        private static void Wrap(string line, StringBuilder sb, int width = Width)
        {
            if (line.Length <= width)
            {
                sb.Append(line);
                return;
            }

            // continuation lines keep a list item's or a quote's indentation
            int indent = 0;
            while (indent < line.Length && line[indent] == ' ') indent++;
            string rest = line.Substring(indent);
            if (rest.StartsWith("- ", StringComparison.Ordinal)) indent += 2;
            else
            {
                int dot = rest.IndexOf(". ", StringComparison.Ordinal);
                if (dot > 0 && dot <= 3 && int.TryParse(rest.Substring(0, dot), out _)) indent += dot + 2;
            }

            string pad = new string(' ', Math.Min(indent, width / 4));
            int start = 0;
            bool first = true;
            while (start < line.Length)
            {
                int room = width - (first ? 0 : pad.Length);
                string piece;
                if (line.Length - start <= room) piece = line.Substring(start);
                else
                {
                    int cut = line.LastIndexOf(' ', start + room, room);
                    if (cut <= start) cut = start + room; // one word longer than the line
                    piece = line.Substring(start, cut - start);
                }

                if (!first) sb.Append('\n').Append(pad);
                sb.Append(piece.TrimEnd());
                start += piece.Length;
                while (start < line.Length && line[start] == ' ') start++;
                first = false;
            }
        }

        private static string FitTable(List<string> lines, string heading, string fullReport)
        {
            var rows = new List<string[]>();
            foreach (string l in lines)
            {
                string[] cells = l.Trim().Trim('|').Split('|');
                for (int c = 0; c < cells.Length; c++) cells[c] = cells[c].Trim();
                bool separator = true;
                foreach (string c in cells) separator &= c.Length > 0 && c.Trim('-', ':').Length == 0;
                if (!separator) rows.Add(cells);
            }

            int columns = 0;
            foreach (string[] r in rows) columns = Math.Max(columns, r.Length);
            string where = "(a table of " + (rows.Count - 1) + " rows and " + columns + " columns" + (heading != null ? " under \"" + heading + "\"" : "") + ": in " + fullReport + ")\n";
            if (rows.Count - 1 > MaxRows) return where;

            // full widths, and the narrowest each column may get: its longest word (up to MaxWord)
            var full = new int[columns];
            var widths = new int[columns];
            foreach (string[] r in rows)
                for (int c = 0; c < r.Length; c++)
                {
                    full[c] = Math.Max(full[c], r[c].Length);
                    foreach (string word in r[c].Split(' ')) widths[c] = Math.Max(widths[c], Math.Min(MaxWord, word.Length));
                }

            // "| a | b |": 3 characters around each cell, plus one
            int room = Width - 1 - 3 * columns;
            foreach (int w in full) room -= w;
            if (room >= 0) return string.Join("\n", lines) + "\n";
            room = Width - 1 - 3 * columns;
            foreach (int w in widths) room -= w;
            if (room < 0) return rows.Count - 1 <= MaxRecords ? Records(rows) : where; // too many columns for one line a row

            // hand out the room left where it saves the most lines: the table's height first, then the cells' lines
            Cost(rows, widths, out int tableHeight, out int cellLines);
            while (room > 0)
            {
                int bestColumn = -1, bestK = 0;
                double bestGain = 0;
                for (int c = 0; c < columns; c++)
                {
                    for (int k = 1; k <= Math.Min(room, full[c] - widths[c]); k++)
                    {
                        widths[c] += k;
                        Cost(rows, widths, out int h, out int cl);
                        widths[c] -= k;
                        if (h == tableHeight && cl == cellLines) continue;
                        double gain = ((tableHeight - h) * 1000.0 + (cellLines - cl)) / k;
                        if (gain > bestGain) { bestGain = gain; bestColumn = c; bestK = k; }
                        break;
                    }
                }

                if (bestColumn < 0) break;
                widths[bestColumn] += bestK;
                room -= bestK;
                Cost(rows, widths, out tableHeight, out cellLines);
            }

            var sb = new StringBuilder();
            for (int r = 0; r < rows.Count; r++)
            {
                var parts = new List<string>[columns];
                int height = 1;
                for (int c = 0; c < columns; c++)
                {
                    parts[c] = Split(c < rows[r].Length ? rows[r][c] : "", widths[c]);
                    height = Math.Max(height, parts[c].Count);
                }

                for (int k = 0; k < height; k++)
                {
                    sb.Append('|');
                    for (int c = 0; c < columns; c++) sb.Append(' ').Append((k < parts[c].Count ? parts[c][k] : "").PadRight(widths[c])).Append(" |");
                    sb.Append('\n');
                }

                if (r == 0)
                {
                    sb.Append('|');
                    foreach (int w in widths) sb.Append(new string('-', w + 2)).Append('|');
                    sb.Append('\n');
                }
            }

            return sb.ToString();
        }

        /// <summary>A table too wide for the terminal, a few rows long: each row as "column: value" lines.</summary>
        private static string Records(List<string[]> rows)
        {
            var sb = new StringBuilder();
            int label = 0;
            foreach (string h in rows[0]) label = Math.Max(label, h.Length);
            label = Math.Min(label, Width / 3);
            for (int r = 1; r < rows.Count; r++)
            {
                for (int c = 0; c < rows[0].Length; c++)
                {
                    string line = "  " + rows[0][c].PadRight(label) + "  " + (c < rows[r].Length ? rows[r][c] : "");
                    Wrap(line, sb);
                    sb.Append('\n');
                }

                if (r < rows.Count - 1) sb.Append('\n');
            }

            return sb.ToString();
        }

        /// <summary>The table's height in lines at these widths, and the lines of all its cells together.</summary>
        private static void Cost(List<string[]> rows, int[] widths, out int height, out int cellLines)
        {
            height = 0;
            cellLines = 0;
            foreach (string[] r in rows)
            {
                int rowHeight = 1;
                for (int c = 0; c < r.Length; c++)
                {
                    int n = Split(r[c], widths[c]).Count;
                    cellLines += n;
                    rowHeight = Math.Max(rowHeight, n);
                }

                height += rowHeight;
            }
        }

        /// <summary>A cell's text in pieces of at most <paramref name="width"/> characters, broken at spaces where it can be.</summary>
        private static List<string> Split(string text, int width)
        {
            var parts = new List<string>();
            int start = 0;
            while (text.Length - start > width)
            {
                int cut = text.LastIndexOf(' ', start + width, width);
                if (cut <= start) cut = start + width;
                parts.Add(text.Substring(start, cut - start).TrimEnd());
                start = cut;
                while (start < text.Length && text[start] == ' ') start++;
            }

            parts.Add(text.Substring(start));
            return parts;
        }
    }
}
