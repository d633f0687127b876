using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Simulation.Tests.QaBench
{
    /// <summary>
    /// The QA tool against the simulated pen (--sim) is reproducible: the simulated pen runs in lockstep with the tool
    /// (Serial/RealTimeBench.Lockstep), so each request lands on a tick fixed by the run so far, not on whichever tick the
    /// host's scheduler let its bytes through. The same plan on the same pen twice gives the same verdicts and values, the
    /// same transcript (on the pen's clock) and the same plant, tick for tick.
    /// </summary>
    [TestClass]
    public sealed class ReproducibleBenchTests
    {
        private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

        [TestMethod]
        public void The_stale_motor_pen_on_the_standard_plan_gives_the_same_report_twice()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            string dir = Path.Combine(Path.GetTempPath(), "pen-qa-repro-" + Guid.NewGuid().ToString("N"));
            try
            {
                string[] first = Run(Path.Combine(dir, "a")), second = Run(Path.Combine(dir, "b"));
                for (int i = 0; i < first.Length; i++)
                {
                    string[] a = File.ReadAllLines(Path.Combine(dir, "a", first[i])), b = File.ReadAllLines(Path.Combine(dir, "b", second[i]));
                    if (first[i] == "sim-truth.csv")
                    {
                        // the last column is the wall clock when the row was written: the host's, not the pen's
                        a = a.Select(l => l[..l.LastIndexOf(',')]).ToArray();
                        b = b.Select(l => l[..l.LastIndexOf(',')]).ToArray();
                    }

                    int at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(k => a[k] != b[k], -1);
                    Assert.IsTrue(at < 0 && a.Length == b.Length, first[i] + " differs between two runs" + (at >= 0 ? " at line " + (at + 1) + ":\n  " + a[at] + "\n  " + b[at] : ": " + a.Length + " and " + b.Length + " lines"));
                }

                string[] results = File.ReadAllLines(Path.Combine(dir, "a", "results.csv"));
                Assert.AreEqual(73, results.Length, "the standard plan's 72 checks and the header");
                StringAssert.StartsWith(results.Single(l => l.StartsWith("RATE-050,")), "RATE-050,REQ-RATE-01,FAIL,FAIL,", "the planted motor fault fails its 50/s rate, on the instrument and on the plant's truth");
                Assert.IsTrue(File.ReadAllLines(Path.Combine(dir, "a", "sim-truth.csv")).Length > 1000, "the plant's truth logged tick by tick");
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }
        }

        /// <summary>The CI's qa-bench-fault-motor-15 run (.ci/run); the files compared.</summary>
        private static string[] Run(string outDir)
        {
            var output = new StringWriter();
            int exit = Pen.QaBench.Program.Run(new[]
            {
                "run", Path.Combine(Root, "tools", "Pen.QaBench", "plans", "standard.json"), "--operator", "test",
                "--sim", Path.Combine(Root, "tools", "Pen.QaBench", "sims", "fault-motor-15.json"), "--out", outDir,
            }, output);
            Assert.AreEqual(1, exit, "a failing plan (its planted fault), every verdict agreeing with the truth:\n" + output);
            return new[] { "results.csv", "transcript.txt", "sim-truth.csv", "sim-truth-strokes.csv" };
        }
    }
}
