using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core;
using Pen.Core.Safety;
using Pen.QaBench.Steps;

namespace Pen.Simulation.Tests.QaBench
{
    /// <summary>
    /// A pen that faults on its start failed the requirement the rate and start checks verify: the check FAILs naming the
    /// fault code. A bench set up wrong (no cartridge, a broken one) is an ERROR: the check could not run. Each test runs
    /// the QA tool against the simulated pen in lockstep and reads the pen's timeline in the plant's truth log.
    /// </summary>
    [TestClass]
    public sealed class StartFaultTests
    {
        private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

        private static string Sims => Path.Combine(Root, "tools", "Pen.QaBench", "sims");

        private const string Plan = "{\"name\":\"start faults\",\"steps\":[{\"id\":\"ID\",\"kind\":\"identify\",\"requirement\":\"REQ-QA-01\"},{\"id\":\"SVC\",\"kind\":\"service\",\"requirement\":\"REQ-SEC-01\"}," +
                                    "{\"id\":\"RATE\",\"kind\":\"rate\",\"requirement\":\"REQ-RATE-01\",\"ratesHz\":[50,100]}," +
                                    "{\"id\":\"START\",\"kind\":\"start\",\"requirement\":\"REQ-RATE-02\",\"rateHz\":100,\"limitS\":0.3}]}";

        [TestMethod]
        public void A_pen_whose_hall_sensor_is_dead_faults_on_its_first_start_and_fails_each_check_naming_the_fault()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            string dir = Temp();
            try
            {
                string sim = Path.Combine(Sims, "fault-hall-dead.json");
                DriveStartTests.Run(Path.Combine(dir, "a"), Plan, sim, 1);
                // the timeline: the first start measures the cartridge, the pen faults there and never drives
                List<(int State, int Fault)> states = States(Path.Combine(dir, "a"));
                Assert.IsFalse(states.Any(s => s.State == (int)PenState.Running), "the pen never drove the needles");
                int measuring = states.FindIndex(s => s.State == (int)PenState.MeasuringCartridge), fault = states.FindIndex(s => s.State == (int)PenState.Fault);
                Assert.IsTrue(measuring >= 0 && fault > measuring, "the pen faulted on its start, measuring the cartridge");
                int code = states[fault].Fault;
                Assert.IsNull(StartFaults.BenchNotReady(code), "the pen's own failure, not the bench's: " + StartFaults.Name(code));
                string name = ((FaultCode)code).ToString() + " (" + code + ")";

                foreach (string check in new[] { "RATE-050", "RATE-100", "START-settle" })
                {
                    string[] row = DriveStartTests.Row(Path.Combine(dir, "a"), check);
                    Assert.AreEqual("FAIL", row[2], "a pen that faulted on its start failed the requirement, not the bench: " + string.Join(",", row));
                    Assert.AreEqual("fault " + name, row[4], check + " names the fault code");
                }

                Assert.AreEqual("NOT RUN", DriveStartTests.Row(Path.Combine(dir, "a"), "START-overshoot")[2], "no strokes to judge an overshoot on");
                StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "a", "junit.xml")), "RATE-050: the pen did not drive the needles (state Running) after BENCH START: it reported fault " + name);

                // reproducible: the same run again gives the same transcript (the pen's clock) and verdicts
                DriveStartTests.Run(Path.Combine(dir, "b"), Plan, sim, 1);
                foreach (string file in new[] { "transcript.txt", "results.csv" })
                    CollectionAssert.AreEqual(File.ReadAllLines(Path.Combine(dir, "a", file)), File.ReadAllLines(Path.Combine(dir, "b", file)), file + " differs between two runs");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void A_pen_that_stalls_after_its_drive_started_fails_the_level_and_the_start_naming_the_stall()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            string dir = Temp();
            try
            {
                // the needle carrier seizes half a second into the scenario: after the first start's cartridge measurement
                // (the scenario's timeline waits while the pen measures), while the drive climbs to 50/s
                string sim = WithEvent(dir, "stall.json", "{ \"at\": 0.5, \"type\": \"fault\", \"kind\": \"jam\" }");
                DriveStartTests.Run(Path.Combine(dir, "out"), Plan, sim, 1);
                List<(int State, int Fault)> states = States(Path.Combine(dir, "out"));
                int running = states.FindIndex(s => s.State == (int)PenState.Running), fault = states.FindIndex(s => s.State == (int)PenState.Fault);
                Assert.IsTrue(running >= 0 && fault > running, "the pen drove the needles, then faulted");
                Assert.IsTrue(fault - running < 100, "within 1 s of the drive's start (10 ms ticks), inside RATE-050's settle: " + (fault - running) + " ticks");
                Assert.AreEqual((int)FaultCode.MotorStall, states[fault].Fault, "the plant's jam stalls the motor");

                string[] rate = DriveStartTests.Row(Path.Combine(dir, "out"), "RATE-050");
                Assert.AreEqual("FAIL", rate[2], string.Join(",", rate));
                Assert.AreEqual("fault MotorStall (1)", rate[4], "the row names the stall, not a mean of 0 strokes/s");
                string junit = File.ReadAllText(Path.Combine(dir, "out", "junit.xml"));
                StringAssert.Contains(junit, "RATE-050: the pen faulted while it drove the needles: it reported fault MotorStall (1)");
                string[] start = DriveStartTests.Row(Path.Combine(dir, "out"), "START-settle");
                Assert.AreEqual("FAIL", start[2], "the pen holds the stall (cleared by a press of main): its start fails, not an ERROR: " + string.Join(",", start));
                Assert.AreEqual("fault MotorStall (1)", start[4]);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void A_bench_cartridge_the_pen_finds_jammed_is_an_error_naming_the_fault_and_the_remedy()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            string dir = Temp();
            try
            {
                // jammed from power-up: the first start's measurement finds the cartridge broken (the pen's job done right)
                string sim = WithEvent(dir, "jammed.json", "{ \"at\": 0, \"type\": \"fault\", \"kind\": \"jam\" }");
                DriveStartTests.Run(Path.Combine(dir, "out"), Plan, sim, 1);
                List<(int State, int Fault)> states = States(Path.Combine(dir, "out"));
                Assert.IsFalse(states.Any(s => s.State == (int)PenState.Running));
                Assert.AreEqual((int)FaultCode.CartridgeImplausible, states.First(s => s.State == (int)PenState.Fault).Fault, "the measurement found the cartridge jammed");

                foreach (string check in new[] { "RATE", "START" })
                    Assert.AreEqual("ERROR", DriveStartTests.Row(Path.Combine(dir, "out"), check)[2], check + ": the bench's cartridge, not the pen, failed");
                StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "out", "junit.xml")),
                    "RATE-050: the pen did not drive the needles (state Running) after BENCH START: it reported fault CartridgeImplausible (26)");
                StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "out", "junit.xml")), "the bench was not ready for the check (the pen found the bench's cartridge broken or jammed: change the cartridge)");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void Every_fault_code_is_decided_either_the_pens_failure_or_the_bench_not_ready()
        {
            foreach (FaultCode code in Enum.GetValues(typeof(FaultCode)))
            {
                if (code == FaultCode.None) continue;
                bool bench = StartFaults.BenchNotReady((int)code) != null, pen = StartFaults.PenFailure.Contains((int)code);
                Assert.IsTrue(bench ^ pen, code + ": decided " + (bench && pen ? "both ways" : "neither way") + " (StartFaults)");
            }

            StringAssert.Contains(StartFaults.Name(1), "MotorStall (1): ");
            Assert.AreEqual("code 99", StartFaults.Name(99));
            Assert.IsNull(StartFaults.BenchNotReady(99), "a code the tool does not know is the pen's failure, never hidden as the bench's");
        }

        private static string Temp()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-qa-fault-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        /// <summary>The good pen with one event added, written into <paramref name="dir"/>.</summary>
        private static string WithEvent(string dir, string name, string ev)
        {
            string text = File.ReadAllText(Path.Combine(Sims, "good-pen.json")).TrimEnd();
            Assert.IsTrue(text.EndsWith("}", StringComparison.Ordinal) && !text.Contains("\"events\""));
            string sim = Path.Combine(dir, name);
            File.WriteAllText(sim, text[..^1].TrimEnd() + ",\n  \"events\": [ " + ev + " ]\n}\n");
            return sim;
        }

        /// <summary>The pen's state and fault code at every tick (sim-truth.csv).</summary>
        private static List<(int State, int Fault)> States(string dir)
        {
            string[] lines = File.ReadAllLines(Path.Combine(dir, "sim-truth.csv"));
            string[] head = lines[0].Split(',');
            int state = Array.IndexOf(head, "state"), fault = Array.IndexOf(head, "fault");
            return lines.Skip(1).Select(l => l.Split(',')).Select(f => (int.Parse(f[state], CultureInfo.InvariantCulture), int.Parse(f[fault], CultureInfo.InvariantCulture))).ToList();
        }
    }
}
