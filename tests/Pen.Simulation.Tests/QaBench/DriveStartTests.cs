using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Steps;

namespace Pen.Simulation.Tests.QaBench
{
    /// <summary>
    /// The QA tool's rate and start checks count from the moment the pen reports it drives the needles (telemetry state
    /// Running), not from BENCH START: a pen's first start with the cartridge seated at boot first measures the cartridge
    /// (MeasuringCartridge, green and amber, about 0.7 s) and writes its QA-start record, and neither is the drive's
    /// settling. Each test runs the tool against the simulated pen in lockstep (reproducible) and reads the plant's truth.
    /// </summary>
    [TestClass]
    public sealed class DriveStartTests
    {
        private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

        private const string Service = "{\"id\":\"ID\",\"kind\":\"identify\",\"requirement\":\"REQ-QA-01\"},{\"id\":\"SVC\",\"kind\":\"service\",\"requirement\":\"REQ-SEC-01\"}";

        [TestMethod]
        public void The_first_rate_level_settles_from_the_drives_start_not_from_the_command()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            // the stale-motor pen climbs slowly from each start, so where the window falls on the climb shows in the mean
            string plan = "{\"name\":\"first level\",\"steps\":[" + Service +
                          ",{\"id\":\"RATE\",\"kind\":\"rate\",\"requirement\":\"REQ-RATE-01\",\"ratesHz\":[50],\"settleS\":1.0,\"windowS\":2.0}]}";
            string dir = Temp();
            try
            {
                Run(dir, plan, Path.Combine(Root, "tools", "Pen.QaBench", "sims", "fault-motor-15.json"), 1);
                // the drive's start: the first tick in the state Running, and the plant's own strokes 1 s to 3 s after it
                long drive = FirstRunningTick(dir, out bool measured);
                Assert.IsTrue(measured, "the pen measured the cartridge seated at boot before driving (MeasuringCartridge in the truth log)");
                List<long> strokes = File.ReadAllLines(Path.Combine(dir, "sim-truth-strokes.csv")).Skip(1).Select(l => long.Parse(l, CultureInfo.InvariantCulture))
                    .Where(t => t >= drive + 1_000_000 && t <= drive + 3_000_000).ToList();
                double truth = (strokes.Count - 1) * 1e6 / (strokes[^1] - strokes[0]);
                string[] row = Row(dir, "RATE-050");
                double read = double.Parse(row[4].Split(' ')[0], CultureInfo.InvariantCulture);
                // a window 1 s after the command reads the climb's earlier part (0.26-2.26 s of the drive): 1.5 strokes/s lower
                Assert.AreEqual(truth, read, 0.05, "RATE-050 reads the drive's 1-3 s (the plant's " + truth.ToString("0.00", CultureInfo.InvariantCulture) + " strokes/s), the settle counted from the drive's start");
                StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "junit.xml")), "measuring the cartridge (MeasuringCartridge)", "the report says how long the drive waited and why");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void A_first_start_from_rest_is_timed_from_the_drive_after_the_cartridge_measurement()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            // START as the pen's first start: the measurement's strokes (the chain, then the park) come before the drive's
            string plan = "{\"name\":\"start first\",\"steps\":[" + Service +
                          ",{\"id\":\"START\",\"kind\":\"start\",\"requirement\":\"REQ-RATE-02\",\"rateHz\":100,\"limitS\":0.3}]}";
            string dir = Temp();
            try
            {
                Run(dir, plan, Path.Combine(Root, "tools", "Pen.QaBench", "sims", "good-pen.json"), 0);
                FirstRunningTick(dir, out bool measured);
                Assert.IsTrue(measured, "the pen measured the cartridge seated at boot before driving");
                string[] row = Row(dir, "START-settle");
                Assert.AreEqual("PASS", row[2], "the good pen settles within 300 ms of its drive's start: " + string.Join(",", row));
                Assert.AreEqual("PASS", row[3], "the plant's truth agrees");
                StringAssert.Contains(row[6], "aligned to the instrument's", "the drive's start placed on the instrument's clock by the drive's own strokes, not the command's time");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void A_pen_that_never_drives_is_an_error_naming_the_check_and_the_state_it_stayed_in()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            string plan = "{\"name\":\"no drive\",\"steps\":[" + Service +
                          ",{\"id\":\"RATE\",\"kind\":\"rate\",\"requirement\":\"REQ-RATE-01\",\"ratesHz\":[50]}]}";
            string dir = Temp();
            try
            {
                // no cartridge seated (a bench set up wrong): the pen refuses the start and stays in NoCartridge, no fault
                string sim = Path.Combine(Root, "tools", "Pen.QaBench", "sims", "no-cartridge.json");
                StringAssert.Contains(File.ReadAllText(sim), "\"cartridge\": false");
                Run(Path.Combine(dir, "out"), plan, sim, 1);
                string[] row = Row(Path.Combine(dir, "out"), "RATE");
                Assert.AreEqual("ERROR", row[2], string.Join(",", row));
                string junit = File.ReadAllText(Path.Combine(dir, "out", "junit.xml"));
                StringAssert.Contains(junit, "RATE-050: the pen did not report driving the needles (state Running) within 4.0 s of BENCH START; it stayed in NoCartridge (7)",
                    "the pen's own bound on the cartridge wait (PenLimits.StartAwaitsCartridgeMicros, 3 s) and 1 s for the QA-start record and the line");
                StringAssert.Contains(junit, "its last start refusal: NoCartridge (2): the bench was not ready for the check", "STATUS's refusal says why the pen did not start");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static string Temp()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-qa-drive-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        internal static void Run(string outDir, string planJson, string sim, int expectedExit)
        {
            Directory.CreateDirectory(outDir);
            string plan = Path.Combine(outDir, "plan.json");
            File.WriteAllText(plan, planJson);
            var output = new StringWriter();
            int exit = Pen.QaBench.Program.Run(new[] { "run", plan, "--operator", "test", "--sim", sim, "--out", outDir }, output);
            Assert.AreEqual(expectedExit, exit, output.ToString());
        }

        /// <summary>The plant's time of the first tick in the state Running (the truth log's tick_start_us); whether a
        /// MeasuringCartridge tick came before it.</summary>
        private static long FirstRunningTick(string dir, out bool measured)
        {
            string[] lines = File.ReadAllLines(Path.Combine(dir, "sim-truth.csv"));
            string[] head = lines[0].Split(',');
            int state = Array.IndexOf(head, "state"), start = Array.IndexOf(head, "tick_start_us");
            measured = false;
            foreach (string l in lines.Skip(1))
            {
                string[] f = l.Split(',');
                int s = int.Parse(f[state], CultureInfo.InvariantCulture);
                if (s == (int)Pen.Core.PenState.MeasuringCartridge) measured = true;
                if (s == StartTiming.RunningState) return long.Parse(f[start], CultureInfo.InvariantCulture);
            }

            Assert.Fail("the pen never ran");
            return 0;
        }

        /// <summary>results.csv's row of a check: check, requirement, verdict, truth, measured, limit, basis.</summary>
        internal static string[] Row(string dir, string check)
        {
            string line = File.ReadAllLines(Path.Combine(dir, "results.csv")).Single(l => l.StartsWith(check + ",", StringComparison.Ordinal));
            var cells = new List<string>();
            var cell = new System.Text.StringBuilder();
            bool quoted = false;
            foreach (char c in line)
            {
                if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted)
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else cell.Append(c);
            }

            cells.Add(cell.ToString());
            return cells.ToArray();
        }
    }
}
