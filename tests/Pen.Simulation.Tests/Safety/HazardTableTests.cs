using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Tests.Scenarios;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>docs/hazards.md stays true: every fault code and every check has a row, every test it names exists.</summary>
    [TestClass]
    public class HazardTableTests
    {
        private static string Table => File.ReadAllText(Path.Combine(ScenarioTestSupport.RepoRoot, "docs", "hazards.md"));

        [TestMethod]
        public void Every_fault_code_has_a_row()
        {
            string table = Table;
            foreach (FaultCode code in Enum.GetValues<FaultCode>())
            {
                if (code == FaultCode.None) continue;
                StringAssert.Contains(table, "`FaultCode." + code + "`", "docs/hazards.md has no row for FaultCode." + code);
            }
        }

        [TestMethod]
        public void Every_check_has_a_row()
        {
            string table = Table;
            string checks = Path.Combine(ScenarioTestSupport.RepoRoot, "firmware", "Pen.Core", "Safety", "Checks");
            int n = 0;
            foreach (string file in Directory.GetFiles(checks, "*Check.cs"))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                if (name == "ISafetyCheck") continue;
                n++;
                StringAssert.Contains(table, "`" + name + "`", "docs/hazards.md has no row for the check " + name);
            }

            Assert.IsTrue(n >= 12, "found " + n + " checks");
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
            foreach (Match m in Regex.Matches(Table, @"`([A-Z][A-Za-z]+Tests)\.([A-Za-z0-9_]+)`"))
            {
                named++;
                string cls = m.Groups[1].Value, method = m.Groups[2].Value;
                bool found = false;
                foreach (string src in sources)
                {
                    if (src.Contains("class " + cls) && Regex.IsMatch(src, @"void\s+" + Regex.Escape(method) + @"\s*\(")) { found = true; break; }
                }

                Assert.IsTrue(found, "docs/hazards.md names " + cls + "." + method + ", which does not exist");
            }

            Assert.IsTrue(named >= 17, "rows name tests: " + named);
        }
    }
}
