using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulator;

namespace Pen.Simulation.Tests.Cli
{
    /// <summary>What a person sees in a terminal: reports fitted to 120 columns, long tables left to the file, and a
    /// progress line for long work only on a terminal.</summary>
    [TestClass]
    public class TerminalOutputTests
    {
        private static string Table(int rows, params string[] header)
        {
            var sb = new StringBuilder("| " + string.Join(" | ", header) + " |\n|" + string.Concat(header.Select(h => new string('-', h.Length + 2) + "|")) + "\n");
            for (int r = 0; r < rows; r++) sb.Append("| " + string.Join(" | ", header.Select((h, i) => i == header.Length - 1 ? "a long explanation of what row " + r + " found, in words that wrap nicely inside their cell, and some more of them" : r.ToString())) + " |\n");
            return sb.ToString();
        }

        [TestMethod]
        public void A_wide_table_is_wrapped_inside_its_cells_to_fit_120_columns_and_loses_no_word()
        {
            string md = "# Report\n\n" + Table(5, "case", "worst detection (ms)", "worst cut 50/s", "worst cut 100/s", "worst cut 150/s", "bound (ms)", "reported as") + "\nend\n";
            string fitted = TerminalText.Fit(md, "out/x.md");
            Assert.IsTrue(md.Split('\n').Any(l => l.Length > 120), "the sample must be too wide to begin with");
            foreach (string line in fitted.Split('\n')) Assert.IsTrue(line.Length <= TerminalText.Width, line.Length + ": " + line);
            string Words(string s) => string.Join(" ", s.Split(new[] { ' ', '|', '\n', '-' }, System.StringSplitOptions.RemoveEmptyEntries));
            StringAssert.Contains(Words(fitted), "a long explanation of what row 4 found, in words that wrap nicely inside their cell, and some more of them");
            StringAssert.StartsWith(fitted, "# Report\n\n|");
            StringAssert.EndsWith(fitted, "\nend\n");
        }

        [TestMethod]
        public void A_table_that_fits_is_left_as_it_is_and_a_long_one_points_to_the_file()
        {
            string small = "| a | b |\n|---|---|\n| 1 | 2 |\n";
            Assert.AreEqual(small, TerminalText.Fit(small, "out/x.md"));
            string fitted = TerminalText.Fit("## Every case\n\n" + Table(TerminalText.MaxRows + 1, "case", "note"), "out/control.md");
            Assert.AreEqual("## Every case\n\n(a table of " + (TerminalText.MaxRows + 1) + " rows and 2 columns under \"Every case\": in out/control.md)\n", fitted);
        }

        [TestMethod]
        public void A_few_rows_too_wide_for_one_line_each_show_as_records()
        {
            string[] header = Enumerable.Range(1, 14).Select(i => "column" + i).ToArray();
            string md = "| " + string.Join(" | ", header) + " |\n|" + string.Concat(header.Select(h => "---|")) + "\n| " + string.Join(" | ", header.Select(h => "value-of-" + h)) + " |\n";
            string fitted = TerminalText.Fit(md, "out/sessions.md");
            StringAssert.Contains(fitted, "  column14  value-of-column14\n");
            Assert.IsTrue(fitted.Split('\n').All(l => l.Length <= TerminalText.Width));
        }

        [TestMethod]
        public void Long_prose_is_wrapped_at_words_and_a_list_item_keeps_its_indent()
        {
            string item = "1. " + string.Join(" ", Enumerable.Repeat("stroke", 60));
            string[] lines = TerminalText.Fit(item, "x").Split('\n');
            Assert.IsTrue(lines.Length >= 3);
            Assert.IsTrue(lines.All(l => l.Length <= TerminalText.Width));
            Assert.IsTrue(lines.Skip(1).All(l => l.StartsWith("   stroke")), string.Join("\n", lines));
        }

        [TestMethod]
        public void Progress_shows_done_of_total_elapsed_and_an_estimate_on_a_terminal()
        {
            double now = 0;
            var screen = new StringWriter();
            var p = new Progress(screen, "report control", 72, "cases", () => now);
            now = 30;
            for (int i = 0; i < 17; i++) p.Step(); // the first is drawn, the rest come within RedrawS of it
            StringAssert.Contains(screen.ToString(), "report control: 1/72 cases (1 %), 0:30 elapsed");
            Assert.IsFalse(screen.ToString().Contains("17/72"));
            now = 31;
            p.Step();
            StringAssert.Contains(screen.ToString(), "report control: 18/72 cases (25 %), 0:31 elapsed, about 1:33 left");
            now = 121;
            for (int i = 0; i < 54; i++) p.Step();
            p.Finish();
            StringAssert.EndsWith(screen.ToString(), "report control: 72 cases in 2:01\n");
        }

        [TestMethod]
        public void No_progress_line_when_the_output_is_not_a_terminal()
        {
            var file = new StringWriter();
            Progress p = Progress.ForConsole(file, "campaign", 10, "runs");
            Assert.IsFalse(p.Shown);
            for (int i = 0; i < 10; i++) p.Step();
            p.Finish();
            Assert.AreEqual("", file.ToString());
        }
    }
}
