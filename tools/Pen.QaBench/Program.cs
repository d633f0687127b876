using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Pen.QaBench.Link;
using Pen.QaBench.Plans;
using Pen.QaBench.Report;
using Pen.QaBench.Steps;
using Pen.Simulation.Scenarios;
using Pen.Simulation.Serial;

namespace Pen.QaBench
{
    /// <summary>
    /// The QA bench tool (README.md): runs a plan against a real pen (--port) or the simulated pen on a pseudo-terminal
    /// (--sim), writes report.html, junit.xml, results.csv and transcript.txt, and exits 0 only when every check passes.
    /// </summary>
    public static class Program
    {
        public const string Usage =
            "usage:\n" +
            "  dotnet run --project tools/Pen.QaBench -- run <plan.json> --port <device> [--fixture <device>] --out <dir> [--operator <name>]\n" +
            "      [--key <64 hex digits> | --key-file <file>]   the unit's service key (docs/security.md), for plans with a\n" +
            "                                       service step; never written to the report (the file: the 64 digits on its first line)\n" +
            "  dotnet run --project tools/Pen.QaBench -- run <plan.json> --sim [<scenario.json>] --out <dir> [--operator <name>]\n" +
            "      [--real-time]                    the simulated pen paced by the wall clock (default: in lockstep with the tool,\n" +
            "                                       on the pen's time: the same run gives the same report)\n" +
            "      [--expect-fail <check id,...>]   exit 0 when exactly these checks fail (CI's planted-fault runs)\n" +
            "      [--tolerate <check id,...>]      these checks' verdicts (still reported) do not decide the exit code\n" +
            "  dotnet run --project tools/Pen.QaBench -- check <plan.json>       read a plan and list its steps\n" +
            "devices: /dev/ttyUSB0, COM3, ... (115,200 baud 8N1); plans: tools/Pen.QaBench/plans; format: tools/Pen.QaBench/README.md\n" +
            "exit: 0 every check passed, 1 a check did not pass, 2 bad arguments, plan or device, 3 internal error";

        public static int Main(string[] args)
        {
            try
            {
                return Run(args, Console.Out);
            }
            catch (UsageError e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
            catch (PlanException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is PlatformNotSupportedException || e is TimeoutException || e is DeviceError)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("internal error: " + e.GetType().Name + ": " + e.Message);
                if (Environment.GetEnvironmentVariable("PEN_DEBUG") == "1") Console.Error.WriteLine(e);
                else Console.Error.WriteLine("(set PEN_DEBUG=1 for the details a developer needs)");
                return 3;
            }
        }

        public static int Run(string[] args, TextWriter stdout)
        {
            if (args.Length == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            var a = new List<string>(args);
            string command = a[0];
            a.RemoveAt(0);
            if (command == "check")
            {
                if (a.Count != 1) throw new UsageError("check takes one plan file");
                Plan p = PlanReader.ReadFile(a[0]);
                stdout.WriteLine(p.Name + ": " + p.Steps.Count + " steps");
                foreach (PlanStep s in p.Steps) stdout.WriteLine("  " + s.Id + "  " + s.Kind + "  " + s.Requirement + "  " + s.Title);
                return 0;
            }

            if (command != "run") throw new UsageError("unknown command \"" + command + "\"");
            string port = Option(a, "--port"), fixture = Option(a, "--fixture"), outDir = Option(a, "--out"), op = Option(a, "--operator"), expect = Option(a, "--expect-fail"), tolerate = Option(a, "--tolerate"), keyHex = Option(a, "--key"), keyFile = Option(a, "--key-file");
            bool sim = a.Remove("--sim");
            bool realTime = a.Remove("--real-time");
            if (a.Count == 0) throw new UsageError("run: the plan file is missing");
            string planFile = a[0];
            a.RemoveAt(0);
            string scenarioFile = null;
            if (sim && a.Count > 0 && !a[0].StartsWith("--", StringComparison.Ordinal))
            {
                scenarioFile = a[0];
                a.RemoveAt(0);
            }

            if (a.Count > 0) throw new UsageError("run: unexpected \"" + a[0] + "\"");
            if (outDir == null) throw new UsageError("run: --out <dir> is required");
            if (sim == (port != null)) throw new UsageError("run: give either --port <device> (a real pen) or --sim [scenario] (the simulated pen)");
            if (sim && fixture != null) throw new UsageError("run: --sim brings its own reference instrument; --fixture is for a real bench");
            if (realTime && !sim) throw new UsageError("run: --real-time is for the simulated pen (--sim); a real pen always runs in real time");

            byte[] key = ServiceKey(keyHex, keyFile);

            Plan plan = PlanReader.ReadFile(planFile);
            Directory.CreateDirectory(outDir);
            var info = new RunInfo
            {
                Plan = plan.Name, PlanFile = planFile, Operator = op ?? Environment.UserName,
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                Command = "Pen.QaBench " + string.Join(" ", Redacted(args)),
            };

            RealTimeBench simulated = null;
            string truthCsv = Path.Combine(outDir, "sim-truth.csv");
            if (sim)
            {
                Scenario s = scenarioFile != null ? ScenarioParser.ParseFile(scenarioFile) : ScenarioParser.Parse("{ \"name\": \"bench\", \"durationS\": 7200 }", "default");
                simulated = new RealTimeBench(s, truthCsv, lockstep: !realTime);
                port = simulated.PenPort;
                fixture = simulated.FixturePort;
                info.Bench = "simulated pen \"" + s.Name + "\" (" + s.Plant + ", seed " + s.Seed + (scenarioFile != null ? ", " + scenarioFile : "") + ") on pseudo-terminal " + port
                             + (realTime ? ", in real time" : ", in lockstep with the tool (the host's clock is the pen's: reproducible)");
                simulated.Start();
            }
            else
            {
                info.Bench = "pen on " + port + " (115,200 8N1)";
            }

            info.Reference = fixture == null ? "none: rate and depth verdicts rest on the pen's own readings" : "connected on " + fixture + (sim ? " (simulated: reports the plant's truth)" : "");
            var watch = Stopwatch.StartNew();
            Runner runner;
            try
            {
                using var bench = new Bench(port, fixture, simulated);
                stdout.WriteLine("QA bench: " + plan.Name + " on " + info.Bench);
                // the simulated pen's key is its simulated factory's (Pen.Simulation/Factory); a real unit's comes with --key
                runner = new Runner(bench, stdout.WriteLine, what => AskOperator(what, stdout),
                    unit => key ?? (sim ? Pen.Simulation.Factory.FactoryRecords.KeyOf(unit) : null));
                runner.Run(plan);
                foreach (var kv in runner.Identity) info.Identity[kv.Key] = kv.Value;
                if (info.Identity.Count == 0) foreach (var kv in Field.All(bench.Pen.Ask("ID")[0])) info.Identity[kv.Key] = kv.Value;
                if (bench.HasReference)
                    info.ClockSync = "clocks aligned to ±" + (bench.SyncUncertaintyMicros / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " ms (the best of 8 TIME round trips)";
                File.WriteAllLines(Path.Combine(outDir, "transcript.txt"), bench.Pen.Transcript.Concat(bench.Fixture?.Transcript ?? new List<string>()));
            }
            finally
            {
                simulated?.Stop();
                simulated?.Dispose();
            }

            if (simulated != null && !simulated.Lockstep)
                info.Bench += "; the simulation ran up to " + simulated.WorstLagMillis.ToString("0", CultureInfo.InvariantCulture) + " ms behind the wall clock";

            List<Result> results = runner.Results;
            int disagreements = 0;
            if (sim)
            {
                int n = TruthCheck.Apply(truthCsv, results);
                disagreements = results.Count(r => r.TruthVerdict.HasValue && r.TruthVerdict != r.Verdict);
                info.TruthNote = n + " rate, start and depth verdicts judged again on the plant's truth (sim-truth.csv): " + (disagreements == 0 ? "all agree" : disagreements + " DISAGREE");
            }

            string stamp = "firmware " + Get(info.Identity, "firmware") + " (" + Get(info.Identity, "build") + "), unit " + Get(info.Identity, "unit") + ", plan " + plan.Name + ", " + info.Date;
            double limitA = runner.Limits.TryGetValue("overcurrent_mA", out string oc) ? double.Parse(oc, CultureInfo.InvariantCulture) / 1000 : 0;
            double maxMm = runner.Limits.TryGetValue("depth_um_max", out string dm) ? double.Parse(dm, CultureInfo.InvariantCulture) / 1000 : 0;
            double capMm = runner.Limits.TryGetValue("clinic_depth_cap_um", out string cm) ? double.Parse(cm, CultureInfo.InvariantCulture) / 1000 : 0;
            var plots = new List<(string, byte[])>
            {
                ("Stroke rate against time: the pen's setpoint and estimate, the reference instrument's strokes, each judged window's limits", Plots.Rate(runner.Plot, stamp)),
                ("Motor current against time, with the over-current trip", Plots.Current(runner.Plot, limitA, stamp)),
                ("Depth reading against time, with the depth ceiling and the clinic cap", Plots.Depth(runner.Plot, maxMm, capMm, stamp)),
            };
            if (runner.Plot.GaugeDetent.Count > 0) plots.Add(("Depth reading minus the gauge at each detent, with the tolerance", Plots.DepthError(runner.Plot, stamp)));
            File.WriteAllText(Path.Combine(outDir, "report.html"), Reports.Html(info, results, plots));
            File.WriteAllText(Path.Combine(outDir, "junit.xml"), Reports.JUnit(info, results, watch.Elapsed.TotalSeconds));
            File.WriteAllLines(Path.Combine(outDir, "results.csv"), new[] { "check,requirement,verdict,truth,measured,limit,basis" }
                .Concat(results.Select(r => string.Join(",", Csv(r.Id), r.Requirement, Reports.Word(r.Verdict), r.TruthVerdict.HasValue ? Reports.Word(r.TruthVerdict.Value) : "", Csv(r.Measured), Csv(r.Limit), Csv(r.Basis)))));

            var failed = results.Where(r => r.Failed).Select(r => r.Id).ToList();
            var tolerated = (tolerate ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            var deciding = failed.Where(id => !tolerated.Contains(id)).ToList();
            stdout.WriteLine((failed.Count == 0 ? "PASS" : "FAIL") + ": " + (results.Count - failed.Count) + " of " + results.Count + " checks pass"
                             + (failed.Count > 0 ? "; not passing: " + string.Join(", ", failed) : "") + (sim ? "; " + info.TruthNote : ""));
            stdout.WriteLine("written: " + Path.GetFullPath(Path.Combine(outDir, "report.html")) + ", junit.xml, results.csv, transcript.txt");
            if (disagreements > 0) return 1;
            if (expect != null)
            {
                var expected = expect.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                bool same = expected.SetEquals(deciding);
                stdout.WriteLine(same ? "as expected: exactly the planted fault's checks fail" : "NOT as expected: expected failing " + string.Join(", ", expected.OrderBy(x => x)) + "; got " + string.Join(", ", failed.OrderBy(x => x)));
                return same ? 0 : 1;
            }

            if (tolerated.Overlaps(failed)) stdout.WriteLine("tolerated (reported, not deciding the exit code): " + string.Join(", ", tolerated.Intersect(failed)));
            return deciding.Count == 0 ? 0 : 1;
        }

        private static bool AskOperator(string what, TextWriter stdout)
        {
            if (Console.IsInputRedirected) return false;
            stdout.Write("OPERATOR: " + what + "; press Enter when done: ");
            Console.ReadLine();
            return true;
        }

        /// <summary>The unit's service key from --key (64 hex digits) or --key-file (a file whose first line holds them); null for neither.</summary>
        public static byte[] ServiceKey(string keyHex, string keyFile)
        {
            if (keyHex != null && keyFile != null) throw new UsageError("run: give the service key with --key or --key-file, not both");
            string where = keyHex != null ? "--key" : "--key-file " + keyFile;
            if (keyFile != null)
            {
                try
                {
                    keyHex = File.ReadLines(keyFile).FirstOrDefault() ?? "";
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    throw new UsageError("run: --key-file " + keyFile + ": cannot read it (" + e.Message + ")");
                }
            }

            if (keyHex == null) return null;
            byte[] key = Pen.Core.Security.Hex.Decode(keyHex.Trim());
            if (key == null || key.Length != 32) throw new UsageError("run: " + where + " takes the unit's 32-byte service key as 64 hex digits");
            return key;
        }

        /// <summary>The command line as the report records it: the value of --key replaced, so a report never carries a unit's key.</summary>
        public static string[] Redacted(string[] args)
        {
            var r = (string[])args.Clone();
            for (int i = 0; i + 1 < r.Length; i++)
                if (r[i] == "--key") r[i + 1] = "<redacted>";
            return r;
        }

        private static string Option(List<string> a, string name)
        {
            int i = a.IndexOf(name);
            if (i < 0) return null;
            if (i + 1 >= a.Count || a[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new UsageError(name + " needs a value");
            string v = a[i + 1];
            a.RemoveRange(i, 2);
            return v;
        }

        private static string Get(Dictionary<string, string> d, string k) => d.TryGetValue(k, out string v) ? v : "?";

        private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public sealed class UsageError : Exception
    {
        public UsageError(string message) : base(message) { }
    }
}
