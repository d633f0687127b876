using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Tests.Scenarios;

namespace Pen.Simulation.Tests.Cli
{
    /// <summary>The command line: files written, bad input answered with a message that names what and where.</summary>
    [TestClass]
    public class SimulatorCliTests
    {
        /// <summary>The usage error the command line gives for <paramref name="args"/> (fails if there is none).</summary>
        private static Pen.Simulator.UsageException UsageError(params string[] args)
        {
            return Assert.ThrowsExactly<Pen.Simulator.UsageException>(() => Pen.Simulator.Program.Run(args, TextWriter.Null, TextWriter.Null));
        }

        private static int Run(out string stdout, out string stderr, params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code;
            try
            {
                code = Pen.Simulator.Program.Run(args, o, e);
            }
            catch (Pen.Simulation.Scenarios.ScenarioException ex)
            {
                // Main turns this into "error: <message>" and exit code 2
                e.WriteLine("error: " + ex.Message);
                code = 2;
            }

            stdout = o.ToString();
            stderr = e.ToString();
            return code;
        }

        [TestMethod]
        public void Run_writes_telemetry_and_summary()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-cli-" + System.Guid.NewGuid().ToString("N"));
            string scenario = Path.Combine(ScenarioTestSupport.ExamplesDir, "rp2-corded.json");
            int code = Run(out string stdout, out _, "run", scenario, "--out", dir);
            Assert.AreEqual(0, code);
            string csv = File.ReadAllText(Path.Combine(dir, "telemetry.csv"));
            StringAssert.StartsWith(csv, "t_s,setpoint_hz,true_rate_hz,measured_rate_hz,duty,motor_enabled,current_a,vbus_v,winding_c,housing_c,depth_mm,needle_mm,strokes,state,fault");
            Assert.IsTrue(csv.Split('\n').Length > 100);
            StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "summary.json")), "\"strokes\"");
            StringAssert.Contains(stdout, "telemetry.csv");
            Directory.Delete(dir, true);
        }

        [TestMethod]
        public void Malformed_scenario_gets_file_line_and_field_not_a_stack_trace()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-cli-bad-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "bad.json");
            File.WriteAllText(file, "{\n  \"durationS\": 5,\n  \"events\": [\n    { \"at\": 1, \"type\": \"fault\", \"kind\": \"jamm\" }\n  ]\n}\n");
            int code = Run(out _, out string stderr, "run", file, "--out", dir);
            Assert.AreEqual(2, code);
            StringAssert.Contains(stderr, "bad.json:4:");
            StringAssert.Contains(stderr, "events[0].kind");
            Assert.IsFalse(stderr.Contains("   at "), "no stack trace: " + stderr);
        }

        [TestMethod]
        public void Unknown_command_and_missing_out_are_usage_errors()
        {
            UsageError("fly");
            UsageError("run", "x.json");
        }

        [TestMethod]
        public void A_seed_that_is_not_a_number_or_not_for_the_control_report_is_a_usage_error()
        {
            var e = UsageError("report", "control", "--seed", "two");
            StringAssert.Contains(e.Message, "--seed expects a whole number");
            StringAssert.Contains(e.Message, "\"two\"");
            e = UsageError("report", "plant", "--seed", "2");
            StringAssert.Contains(e.Message, "control report only");
        }

        [TestMethod]
        public void A_seed_list_that_does_not_parse_or_does_not_fit_the_report_is_a_usage_error()
        {
            var e = UsageError("report", "control", "--seeds", "1-80,101-x");
            StringAssert.Contains(e.Message, "--seeds");
            StringAssert.Contains(e.Message, "\"101-x\"");
            e = UsageError("report", "safety", "--seeds", "1-2");
            StringAssert.Contains(e.Message, "control report only");
            e = UsageError("report", "control", "--seed", "1", "--seeds", "1-2");
            StringAssert.Contains(e.Message, "not both");
        }

        [TestMethod]
        public void A_shift_that_is_not_seconds_from_0_to_2_or_not_for_a_control_report_is_a_usage_error()
        {
            foreach (string bad in new[] { "-0.1", "2.5", "abc", "NaN", "0,35" })
            {
                var e = UsageError("report", "control", "--variations", "--seeds", "1", "--shift", bad);
                StringAssert.Contains(e.Message, "--shift", bad);
                StringAssert.Contains(e.Message, "\"" + bad + "\"", bad);
                e = UsageError("report", "control", "--shift", bad);
                StringAssert.Contains(e.Message, "--shift expects seconds from 0 to 2", bad);
            }

            StringAssert.Contains(UsageError("report", "safety", "--shift", "0.3").Message, "control report only");
            StringAssert.Contains(UsageError("report", "control", "--seeds", "1-2", "--shift", "0.3").Message, "--shift applies to");
            StringAssert.Contains(UsageError("report", "control", "--shift").Message, "--shift needs a value");
        }

        [TestMethod]
        public void Report_park_measures_the_parks_over_the_shifts_and_refuses_bad_arguments_by_name()
        {
            // two shifts on the 24-needle pen at 150/s: one park each, the table row and the totals written to park.md
            string dir = Path.Combine(Path.GetTempPath(), "pen-cli-park-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                int code = Run(out string stdout, out string stderr, "report", "park", "--needles", "24", "--rate", "150", "--shift", "0.3-0.31:0.01", "--out", dir);
                Assert.AreEqual(0, code, stderr);
                string text = File.ReadAllText(Path.Combine(dir, "park.md"));
                StringAssert.Contains(text, "| 24 needles | 150 | 2 |");
                StringAssert.Contains(text, "parks 2, crossed the bottom after the brake ");
                StringAssert.Contains(text, "report park --needles 24 --rate 150 --shift 0.3-0.31:0.01 --seed 1");
                StringAssert.Contains(stdout, "park.md");
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }

            StringAssert.Contains(UsageError("report", "park", "--needles", "16").Message, "--needles expects some of 12,24,42");
            StringAssert.Contains(UsageError("report", "park", "--rate", "200").Message, "--rate expects numbers from 50 to 150");
            StringAssert.Contains(UsageError("report", "park", "--shift", "0-3:0.01").Message, "--shift expects numbers from 0 to 2");
            StringAssert.Contains(UsageError("report", "park", "--shift", "2-1:0.1").Message, "report park: --shift");
            StringAssert.Contains(UsageError("report", "park", "--seed", "x").Message, "report park: --seed expects a whole number");
            StringAssert.Contains(UsageError("report", "park", "--variations").Message, "unexpected argument \"--variations\"");
        }

        [TestMethod]
        public void Demo_runs_without_arguments_and_says_where_its_files_are()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-demo-" + System.Guid.NewGuid().ToString("N"));
            int code = Run(out string stdout, out _, "demo", "--fast", "--out", dir);
            Assert.AreEqual(0, code);
            StringAssert.Contains(stdout, "files in " + Path.GetFullPath(dir) + ":");
            StringAssert.Contains(stdout, "telemetry.csv");
            StringAssert.Contains(stdout, "final state Idle");
            Directory.Delete(dir, true);
        }

        [TestMethod]
        public void Campaign_sweep_runs_one_seeds_setup_over_drags_and_moments_and_names_bad_ranges()
        {
            // 2 drags × 2 moments of campaign seed 36833's setup (a freeze, then a drag), each judged as the campaign does
            string dir = Path.Combine(Path.GetTempPath(), "pen-cli-sweep-" + System.Guid.NewGuid().ToString("N"));
            int code = Run(out string stdout, out _, "campaign", "sweep", "--seed", "36833", "--drag", "3.3-3.4", "--drag-step", "0.1", "--moment-step", "0.5", "--out", dir);
            string text = File.ReadAllText(Path.Combine(dir, "campaign-sweep.md"));
            StringAssert.Contains(text, "Sweep of campaign seed 36833's setup");
            StringAssert.Contains(text, "4 trials, 0 failed");
            StringAssert.Contains(text, "campaign sweep --seed 36833 --drag 3.3-3.4");
            Assert.AreEqual(0, code, text);
            Directory.Delete(dir, true);

            StringAssert.Contains(UsageError("campaign", "sweep", "--drag", "3-4").Message, "--seed");
            StringAssert.Contains(UsageError("campaign", "sweep", "--seed", "1", "--drag", "4-3").Message, "FROM-TO");
            StringAssert.Contains(UsageError("campaign", "sweep", "--seed", "1", "--drag", "three").Message, "got \"three\"");
            StringAssert.Contains(UsageError("campaign", "sweep", "--seed", "1", "--drag", "3-4", "--moment-step", "0").Message, "--moment-step");
            StringAssert.Contains(UsageError("campaign", "sweep", "--seed", "1", "--drag", "3-4", "--drag-step", "-1").Message, "--drag-step");
        }
    }
}
