using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Tests.Scenarios;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>docs/hardware-assumptions.md stays true: every row has its six columns, every test and file it names exists.</summary>
    [TestClass]
    public class HardwareAssumptionsTableTests
    {
        private static string Table => File.ReadAllText(Path.Combine(ScenarioTestSupport.RepoRoot, "docs", "hardware-assumptions.md"));

        [TestMethod]
        public void Every_row_says_source_firmware_simulator_and_test()
        {
            int rows = 0;
            foreach (string line in Table.Split('\n'))
            {
                if (!Regex.IsMatch(line, @"^\| [A-Z][0-9]+ \|")) continue;
                rows++;
                string[] cells = line.Trim().Trim('|').Split(" | ");
                Assert.AreEqual(6, cells.Length, "six columns: " + line);
                foreach (string cell in cells) Assert.IsTrue(cell.Trim().Length > 0, "an empty cell: " + line);
            }

            Assert.IsTrue(rows >= 30, "rows: " + rows);
        }

        [TestMethod]
        public void Every_test_a_row_names_exists()
        {
            var sources = new List<string>();
            foreach (string file in Directory.GetFiles(Path.Combine(ScenarioTestSupport.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) || file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)) continue;
                sources.Add(File.ReadAllText(file));
            }

            int named = 0;
            string table = Table;
            // `Class.Method`, `Class` alone, and `…Method` (a method of the class named before it on the line)
            foreach (Match m in Regex.Matches(table, @"`([A-Z][A-Za-z0-9]+Tests)(?:\.([A-Za-z0-9_]+))?`|`…([A-Za-z0-9_]+)`"))
            {
                named++;
                string cls = m.Groups[1].Value, method = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
                bool found = false;
                foreach (string src in sources)
                {
                    bool classOk = cls.Length == 0 || src.Contains("class " + cls);
                    bool methodOk = method.Length == 0 || Regex.IsMatch(src, @"void\s+" + Regex.Escape(method) + @"\s*\(");
                    if (classOk && methodOk) { found = true; break; }
                }

                Assert.IsTrue(found, "docs/hardware-assumptions.md names " + m.Value + ", which does not exist");
            }

            Assert.IsTrue(named >= 40, "tests named: " + named);
        }
    }
}
