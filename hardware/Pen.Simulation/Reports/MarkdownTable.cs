using System.Collections.Generic;
using System.Text;

namespace Pen.Simulation.Reports
{
    /// <summary>Renders rows as a Markdown table (readable as plain text too).</summary>
    public static class MarkdownTable
    {
        public static string Render(string[] header, IEnumerable<string[]> rows)
        {
            var all = new List<string[]> { header };
            all.AddRange(rows);
            var widths = new int[header.Length];
            foreach (string[] r in all)
                for (int i = 0; i < r.Length && i < widths.Length; i++)
                    if ((r[i] ?? "").Length > widths[i]) widths[i] = (r[i] ?? "").Length;

            var sb = new StringBuilder();
            for (int k = 0; k < all.Count; k++)
            {
                sb.Append('|');
                for (int i = 0; i < widths.Length; i++) sb.Append(' ').Append((i < all[k].Length ? all[k][i] ?? "" : "").PadRight(widths[i])).Append(" |");
                sb.Append('\n');
                if (k == 0)
                {
                    sb.Append('|');
                    for (int i = 0; i < widths.Length; i++) sb.Append(new string('-', widths[i] + 2)).Append('|');
                    sb.Append('\n');
                }
            }

            return sb.ToString();
        }
    }
}
