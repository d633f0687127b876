using System;
using System.Collections.Generic;
using System.IO;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulator
{
    /// <summary>
    /// pen-sim: the simulated pen on the command line.
    ///   (no arguments)                      run the demo treatment live, write its files to ./out/demo
    ///   run &lt;scenario.json&gt; --out &lt;dir&gt;   run a scenario, write telemetry.csv and summary.json
    /// Exit codes: 0 done, 2 bad input (message names what and where), 3 internal error.
    /// </summary>
    public static class Program
    {
        public const string Usage =
            "usage:\n" +
            "  dotnet run --project hardware/Pen.Simulator                       run the demo treatment live\n" +
            "  dotnet run --project hardware/Pen.Simulator -- run <scenario.json> --out <dir> [--live] [--fidelity high] [--expect-clean]\n" +
            "  dotnet run --project hardware/Pen.Simulator -- demo [--out <dir>] [--fast]\n" +
            "  dotnet run --project hardware/Pen.Simulator -- report plant|depth|supply|sensing|safety|control|scheduler [--out <dir>] [--seed S (control)]\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report control --seeds 1-80,101-120 [--out <dir>]   (summed over seeds)\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report control --variations [--seeds 1-3] [--shift S] [--out <dir>]   (pens that differ)\n" +
            "      --shift S (also for report control --seed): each case's press and timeline S seconds later (0 to 2; default 0)\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report park [--needles 12,24,42 | --pens \"spring ×0.7,...\"] [--rate 150] [--shift 0-2:0.01] [--seed 1] [--out <dir>]\n" +
            "      the park after the stop command with the control timeline shifted: needles further out after its brake, park times\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report identify [--seeds 1-3] [--out <dir>]   (the pen measures its motor)\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report resistance [--seeds 1] [--out <dir>]   (the loop resistance in use against the truth while treating)\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- report thermal [--ambient 35,38,40] [--drag 0-3:0.2] [--rate 50,100,150]\n" +
            "      [--edge cold,hot] [--ntc-lag 5,8,15] [--pens nominal|matrix|<name>,...] [--minutes 5] [--needles 42] [--out <dir>]\n" +
            "      the over-temperature cases swept off report safety's grid at the sensors' tolerance edges (slow; not in CI)\n" +
            "  dotnet run --project hardware/Pen.Simulator -- sessions <dir with records.txt>\n" +
            "  dotnet run --project hardware/Pen.Simulator -- serve [<scenario.json>] [--truth <file.csv>]   the pen's bench serial on a\n" +
            "      pseudo-terminal in real time, the reference instrument on a second (Linux; Ctrl+C ends it)\n" +
            "  dotnet run --project hardware/Pen.Simulator -- campaign [--seeds N] [--first S] [--out <dir>]\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- campaign sweep --seed S --drag FROM-TO [--drag-step 0.1] [--moment-step 0.05] [--cartridge-seated-at S] [--out <dir>]\n" +
            "      one safety campaign seed's setup with its drag (mN·m) and moment varied, each trial judged as the campaign does\n" +
            "  dotnet run --project hardware/Pen.Simulator -c Release -- campaign fuzz|power-loss|flood [--cases N] [--seed S] [--out <dir>]\n" +
            "      the records and service access campaigns (hardware/Pen.Simulation/Campaigns/README.md; CI: 10,000 cases each)\n" +
            "  any command: --interpreter esp32|esp32-slow|instant   the firmware's timing on the interpreter (default esp32)\n" +
            "reports are written in full to <dir> (default ./out); the terminal gets them fitted to 120 columns\n" +
            "scenario format: hardware/Pen.Simulation/Scenarios/README.md";

        public static int Main(string[] args)
        {
            try
            {
                return Run(args, Console.Out, Console.Error);
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (UnauthorizedAccessException e)
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

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var a = new Arguments(args);
            string command = a.Command ?? "demo";
            string interpreter = a.Option("--interpreter");
            if (interpreter != null)
            {
                if (InterpreterTiming.ForName(interpreter) == null)
                    throw new UsageException("--interpreter: expected one of " + InterpreterTiming.Names + ", got \"" + interpreter + "\"");
                InterpreterTiming.DefaultName = interpreter;
            }
            switch (command)
            {
                case "demo":
                {
                    string outDir = a.Option("--out") ?? Path.Combine("out", "demo");
                    bool fast = a.Flag("--fast");
                    a.EnsureNoMore();
                    stdout.WriteLine("Pen demo treatment (simulated RP-1): start, speed change, skin contact, lift-off, stop.");
                    return RunScenario(DemoScenario.Build(), outDir, live: true, paced: !fast, highFidelity: false, stdout);
                }

                case "run":
                {
                    string file = a.Positional(0, "scenario file");
                    string outDir = a.Option("--out") ?? throw new UsageException("run: --out <dir> is required");
                    bool live = a.Flag("--live");
                    bool high = a.OptionIs("--fidelity", "high", "default");
                    bool expectClean = a.Flag("--expect-clean");
                    a.EnsureNoMore();
                    Scenario s = ScenarioParser.ParseFile(file);
                    return RunScenario(s, outDir, live, paced: false, high, stdout, expectClean);
                }

                case "report":
                {
                    string which = a.Positional(0, "report name (plant)");
                    if (which == "thermal") return ThermalSweepReport(a, stdout);
                    if (which == "park") return ParkSweep(a, stdout);
                    string outDir = a.Option("--out");
                    string seedText = a.Option("--seed");
                    string seedsText = a.Option("--seeds");
                    bool variations = a.Flag("--variations");
                    string shiftText = a.Option("--shift");
                    a.EnsureNoMore();
                    double shiftS = 0;
                    if (shiftText != null)
                    {
                        if (which != "control") throw new UsageException("report " + which + ": --shift applies to the control report only");
                        if (seedsText != null && !variations) throw new UsageException("report control --seeds: --shift applies to report control (one seed) and report control --variations only");
                        shiftS = ParseShift(shiftText);
                    }

                    if (which == "resistance")
                    {
                        if (seedText != null || variations) throw new UsageException("report resistance: give the seeds with --seeds A-B,... (default 1)");
                        return ResistanceInUse(seedsText, outDir, stdout);
                    }

                    if (which == "identify")
                    {
                        if (seedText != null || variations) throw new UsageException("report identify: give the seeds with --seeds A-B,... (default 1-3)");
                        return Identify(seedsText, outDir, stdout);
                    }

                    if (variations)
                    {
                        if (which != "control") throw new UsageException("report " + which + ": --variations applies to the control report only");
                        if (seedText != null) throw new UsageException("report control --variations: give the seeds with --seeds A-B,... (default 1-3)");
                        return ControlVariationMatrix(seedsText, shiftS, outDir, stdout);
                    }

                    if (seedsText != null)
                    {
                        if (which != "control") throw new UsageException("report " + which + ": --seeds applies to the control report only");
                        if (seedText != null) throw new UsageException("report control: give --seed S (one seed, with plots) or --seeds A-B,... (summed), not both");
                        return ControlOverSeeds(seedsText, outDir, stdout);
                    }

                    int seed = 1;
                    if (seedText != null && (which != "control" || !int.TryParse(seedText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seed)))
                        throw new UsageException(which != "control" ? "report " + which + ": --seed applies to the control report only" : "report control: --seed expects a whole number >= 0, got \"" + seedText + "\"");
                    return Report(which, outDir, seed, shiftS, stdout);
                }

                case "sessions":
                {
                    string where = a.Positional(0, "directory with records.txt (from run --out), or the file");
                    a.EnsureNoMore();
                    string log = SessionLog.Markdown(SessionLog.ReadFile(where), where);
                    Write(log, Directory.Exists(where) ? where : Path.GetDirectoryName(Path.GetFullPath(where)), "sessions.md", stdout);
                    return 0;
                }

                case "campaign":
                {
                    string kind = a.PositionalOrNull(0);
                    if (kind == "sweep") return SafetySweep(a, stdout);
                    if (kind != null) return RecordsCampaign(kind, a, stdout);
                    string seedsText = a.Option("--seeds") ?? "2000";
                    string firstText = a.Option("--first") ?? "1";
                    string outDir = a.Option("--out") ?? DefaultOut;
                    a.EnsureNoMore();
                    int seeds, first;
                    if (!int.TryParse(seedsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seeds) || seeds < 1)
                        throw new UsageException("campaign: --seeds expects a whole number >= 1, got \"" + seedsText + "\"");
                    if (!int.TryParse(firstText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first))
                        throw new UsageException("campaign: --first expects a whole number >= 0, got \"" + firstText + "\"");
                    var progress = Progress.ForConsole(stdout, "campaign", seeds, "runs");
                    var summary = SafetyCampaign.Run(first, seeds, progress.Step);
                    progress.Finish();
                    string text = SafetyCampaign.Render(summary) +
                                  "\nRerun: dotnet run --project hardware/Pen.Simulator -c Release -- campaign --seeds " + seeds + (first != 1 ? " --first " + first : "") + "\n";
                    Write(text, outDir, "campaign.md", stdout);
                    return summary.Failures == 0 ? 0 : 1;
                }

                case "serve":
                {
                    string file = a.PositionalOrNull(0);
                    string truth = a.Option("--truth");
                    a.EnsureNoMore();
                    Scenario s = file == null ? ServeScenario() : ScenarioParser.ParseFile(file);
                    using var bench = new Pen.Simulation.Serial.RealTimeBench(s, truth);
                    stdout.WriteLine("simulated pen (" + s.Plant + ", seed " + s.Seed + ") in real time:");
                    stdout.WriteLine("  bench serial          " + bench.PenPort + "   (115,200 8N1 on a real pen; e.g. picocom " + bench.PenPort + ")");
                    stdout.WriteLine("  reference instrument  " + bench.FixturePort);
                    stdout.WriteLine("Ctrl+C ends it.");
                    using var cancel = new System.Threading.CancellationTokenSource();
                    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
                    bench.RunForeground(cancel.Token);
                    stdout.WriteLine("served " + bench.LinesServed + " lines; the simulation lagged the wall clock by " + bench.WorstLagMillis.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms at worst");
                    return 0;
                }

                case "help":
                case "--help":
                case "-h":
                    stdout.WriteLine(Usage);
                    return 0;

                default:
                    throw new UsageException("unknown command \"" + command + "\"");
            }
        }

        /// <summary>report thermal: the treating-on over-temperature cases over every combination of the lists given
        /// (ThermalSweep). Fails (exit 1) when a case breaks a bound.</summary>
        private static int ThermalSweepReport(Arguments a, TextWriter stdout)
        {
            string ambientText = a.Option("--ambient") ?? "35,38,40";
            string dragText = a.Option("--drag") ?? "0-3:0.2";
            string rateText = a.Option("--rate") ?? "50,100,150";
            string edgeText = a.Option("--edge") ?? "cold,hot";
            string lagText = a.Option("--ntc-lag") ?? "8";
            string pensText = a.Option("--pens") ?? "nominal";
            string minutesText = a.Option("--minutes") ?? "5";
            string needlesText = a.Option("--needles") ?? "42";
            string outDir = a.Option("--out") ?? DefaultOut;
            a.EnsureNoMore();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            List<double> ambients = NumberList("--ambient", ambientText, -10, 50);
            List<double> drags = NumberList("--drag", dragText, 0, 10);
            List<double> rates = NumberList("--rate", rateText, 50, 150);
            List<double> lags = NumberList("--ntc-lag", lagText, 1, 60);
            List<double> minutesList = NumberList("--minutes", minutesText, 0.1, 120);
            if (minutesList.Count != 1) throw new UsageException("report thermal: --minutes expects one duration in minutes, got \"" + minutesText + "\"");
            if (!int.TryParse(needlesText, System.Globalization.NumberStyles.None, inv, out int needles) || needles < 1 || needles > 64)
                throw new UsageException("report thermal: --needles expects a whole number 1 to 64, got \"" + needlesText + "\"");
            var edges = new List<string>(edgeText.Split(','));
            foreach (string e in edges)
                if (e != "cold" && e != "hot" && e != "seed") throw new UsageException("report thermal: --edge expects cold, hot or seed (comma-separated), got \"" + e + "\"");
            var pens = new List<string>();
            foreach (string p in pensText.Split(','))
            {
                if (p == "matrix")
                {
                    pens.Add("nominal");
                    foreach (ControlVariations.Pen v in ControlVariations.Pens()) pens.Add(v.Name);
                    continue;
                }

                try { ThermalSweep.PenFor(p); }
                catch (ArgumentException e) { throw new UsageException("report thermal: --pens: " + e.Message); }
                pens.Add(p);
            }

            var cases = ThermalSweep.Grid(pens, edges, lags, ambients, drags, rates, minutesList[0], needles);
            var progress = Progress.ForConsole(stdout, "report thermal", cases.Count, "cases");
            var outcomes = ThermalSweep.RunAll(cases, progress.Step);
            progress.Finish();
            string rerun = "dotnet run --project hardware/Pen.Simulator -c Release -- report thermal --ambient " + ambientText + " --drag " + dragText + " --rate " + rateText
                           + " --edge " + edgeText + " --ntc-lag " + lagText + " --pens \"" + pensText + "\" --minutes " + minutesText + " --needles " + needlesText;
            string text = ThermalSweep.Render(outcomes, rerun, out int failures);
            Write(text, outDir, "thermal.md", stdout);
            return failures == 0 ? 0 : 1;
        }

        /// <summary>report park: the park after the stop command over shifts of the control timeline (ParkReport). Exit 1
        /// when a park breaks H-34's bound outside its exception (docs/hazards.md); its other findings are reported, not
        /// failed on, as the variation matrix's are.</summary>
        private static int ParkSweep(Arguments a, TextWriter stdout)
        {
            string pensText = a.Option("--pens");
            string needlesOption = a.Option("--needles");
            string needlesText = needlesOption ?? "12,24,42";
            string rateText = a.Option("--rate") ?? "150";
            string shiftText = a.Option("--shift") ?? "0-2:0.01";
            string seedText = a.Option("--seed") ?? "1";
            string outDir = a.Option("--out") ?? DefaultOut;
            a.EnsureNoMore();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var pens = new List<string>();
            if (pensText != null)
            {
                if (needlesOption != null) throw new UsageException("report park: give --needles or --pens, not both");
                var names = System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(ControlVariations.Pens(), p => p.Name));
                foreach (string part in pensText.Split(','))
                {
                    string name = part.Trim();
                    if (!names.Contains(name))
                        throw new UsageException("report park: --pens expects names of the variation matrix's pens, comma-separated (" + string.Join(", ", names) + "), got \"" + name + "\"");
                    if (!pens.Contains(name)) pens.Add(name);
                }
            }
            else
            {
                foreach (string part in needlesText.Split(','))
                {
                    if (!int.TryParse(part, System.Globalization.NumberStyles.None, inv, out int n) || Array.IndexOf(ParkReport.DefaultNeedles, n) < 0)
                        throw new UsageException("report park: --needles expects some of 12,24,42 (the variation matrix's needle pens), comma-separated, got \"" + needlesText + "\"");
                    if (!pens.Contains(n + " needles")) pens.Add(n + " needles");
                }
            }

            List<double> rates = NumberList("--rate", rateText, PenLimitsMinHz, PenLimitsMaxHz, "report park");
            List<double> shifts = NumberList("--shift", shiftText, 0, MaxShiftS, "report park");
            if (!int.TryParse(seedText, System.Globalization.NumberStyles.None, inv, out int seed))
                throw new UsageException("report park: --seed expects a whole number >= 0, got \"" + seedText + "\"");
            var progress = Progress.ForConsole(stdout, "report park", pens.Count * rates.Count * shifts.Count, "parks");
            List<ParkReport.Park> parks = ParkReport.Run(pens, rates, shifts, seed, progress.Step);
            progress.Finish();
            string rerun = "dotnet run --project hardware/Pen.Simulator -c Release -- report park " + (pensText != null ? "--pens \"" + pensText + "\"" : "--needles " + needlesText)
                           + " --rate " + rateText + " --shift " + shiftText + " --seed " + seedText;
            Write(ParkReport.Render(parks, rerun, out int failures), outDir, "park.md", stdout);
            return failures == 0 ? 0 : 1;
        }

        private const double PenLimitsMinHz = global::Pen.Core.Limits.PenLimits.MinStrokeRateHz, PenLimitsMaxHz = global::Pen.Core.Limits.PenLimits.MaxStrokeRateHz;

        /// <summary>A list of numbers: "a,b,c" or a range "from-to:step" (inclusive), each within [min, max].</summary>
        private static List<double> NumberList(string option, string text, double min, double max, string command = "report thermal")
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var list = new List<double>();
            string expect = option + " expects numbers from " + min.ToString(inv) + " to " + max.ToString(inv) + ", as a,b,c or FROM-TO:STEP, got \"" + text + "\"";
            int colon = text.IndexOf(':');
            if (colon > 0)
            {
                string[] range = text.Substring(0, colon).Split('-');
                if (range.Length != 2 || !double.TryParse(range[0], System.Globalization.NumberStyles.Float, inv, out double from)
                    || !double.TryParse(range[1], System.Globalization.NumberStyles.Float, inv, out double to)
                    || !double.TryParse(text.Substring(colon + 1), System.Globalization.NumberStyles.Float, inv, out double step) || step <= 0 || to < from)
                    throw new UsageException(command + ": " + expect);
                for (int i = 0; from + i * step <= to + step * 1e-6; i++) list.Add(Math.Round(from + i * step, 6));
            }
            else
            {
                foreach (string part in text.Split(','))
                {
                    if (!double.TryParse(part, System.Globalization.NumberStyles.Float, inv, out double v)) throw new UsageException(command + ": " + expect);
                    list.Add(v);
                }
            }

            foreach (double v in list)
                if (v < min || v > max) throw new UsageException(command + ": " + expect);
            return list;
        }

        /// <summary>campaign sweep: one campaign seed's setup with its drag and moment varied (SafetyCampaign.Sweep).</summary>
        private static int SafetySweep(Arguments a, TextWriter stdout)
        {
            string seedText = a.Option("--seed");
            string dragText = a.Option("--drag");
            string dragStepText = a.Option("--drag-step") ?? "0.1";
            string momentStepText = a.Option("--moment-step") ?? "0.05";
            string seatedText = a.Option("--cartridge-seated-at");
            string outDir = a.Option("--out") ?? DefaultOut;
            a.EnsureNoMore();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            if (seedText == null || !int.TryParse(seedText, System.Globalization.NumberStyles.None, inv, out int seed))
                throw new UsageException("campaign sweep: --seed expects the campaign seed whose setup is swept, a whole number >= 0, got \"" + seedText + "\"");
            string[] range = dragText == null ? new string[0] : dragText.Split('-');
            if (range.Length != 2 || !double.TryParse(range[0], System.Globalization.NumberStyles.Float, inv, out double dragFrom)
                || !double.TryParse(range[1], System.Globalization.NumberStyles.Float, inv, out double dragTo) || dragFrom <= 0 || dragTo < dragFrom)
                throw new UsageException("campaign sweep: --drag expects a range of drag torques in mN·m, FROM-TO with 0 < FROM <= TO (e.g. 3.0-4.6), got \"" + dragText + "\"");
            if (!double.TryParse(dragStepText, System.Globalization.NumberStyles.Float, inv, out double dragStep) || dragStep <= 0)
                throw new UsageException("campaign sweep: --drag-step expects a step in mN·m above 0, got \"" + dragStepText + "\"");
            if (!double.TryParse(momentStepText, System.Globalization.NumberStyles.Float, inv, out double momentStep) || momentStep <= 0 || momentStep >= 1)
                throw new UsageException("campaign sweep: --moment-step expects a step of the stroke between 0 and 1, got \"" + momentStepText + "\"");
            double seatedAt = double.NaN;
            if (seatedText != null && (!double.TryParse(seatedText, System.Globalization.NumberStyles.Float, inv, out seatedAt) || seatedAt <= 0 || seatedAt >= 0.2))
                throw new UsageException("campaign sweep: --cartridge-seated-at expects the time after power-on the cartridge is seated, in s, above 0 and before the start's press at 0.2, got \"" + seatedText + "\"");
            int trials = SafetyCampaign.SweepCount(dragFrom, dragTo, dragStep) * SafetyCampaign.MomentCount(momentStep);
            var progress = Progress.ForConsole(stdout, "campaign sweep", trials, "trials");
            var sum = SafetyCampaign.Sweep(seed, dragFrom, dragTo, dragStep, momentStep, progress.Step, seatedAt);
            progress.Finish();
            string text = SafetyCampaign.RenderSweep(seed, dragFrom, dragTo, dragStep, momentStep, sum) +
                          "\nRerun: dotnet run --project hardware/Pen.Simulator -c Release -- campaign sweep --seed " + seed + " --drag " + dragText
                          + " --drag-step " + dragStepText + " --moment-step " + momentStepText
                          + (seatedText != null ? " --cartridge-seated-at " + seatedText + " (the cartridge seated after power-on, measured by the firmware)" : "") + "\n";
            Write(text, outDir, "campaign-sweep.md", stdout);
            return sum.Failures == 0 ? 0 : 1;
        }

        /// <summary>campaign fuzz | power-loss | flood: the records and service access campaigns (Pen.Simulation/Campaigns).</summary>
        private static int RecordsCampaign(string kind, Arguments a, TextWriter stdout)
        {
            string casesText = a.Option("--cases") ?? "10000";
            string seedText = a.Option("--seed") ?? "1";
            string outDir = a.Option("--out") ?? DefaultOut;
            a.EnsureNoMore();
            if (!int.TryParse(casesText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int cases) || cases < 1)
                throw new UsageException("campaign " + kind + ": --cases expects a whole number >= 1, got \"" + casesText + "\"");
            if (!int.TryParse(seedText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seed))
                throw new UsageException("campaign " + kind + ": --seed expects a whole number >= 0, got \"" + seedText + "\"");
            string rerun = "\nRerun: dotnet run --project hardware/Pen.Simulator -c Release -- campaign " + kind + " --cases " + cases + " --seed " + seed + "\n";
            var progress = Progress.ForConsole(stdout, "campaign " + kind, cases, "cases");
            string text;
            bool pass;
            switch (kind)
            {
                case "fuzz":
                {
                    int done = 0;
                    var r = Pen.Simulation.Campaigns.BenchFuzz.Run(cases, seed, n => { while (done < n) { done++; progress.Step(); } });
                    text = Pen.Simulation.Campaigns.BenchFuzz.Render(r, seed);
                    pass = r.Failures == 0 && r.Lines == cases;
                    break;
                }

                case "power-loss":
                {
                    int done = 0;
                    var r = Pen.Simulation.Campaigns.PowerLossCampaign.Run(cases, seed, n => { while (done < n) { done++; progress.Step(); } });
                    text = Pen.Simulation.Campaigns.PowerLossCampaign.Render(r, seed);
                    pass = r.Failures == 0 && r.Cases == cases;
                    break;
                }

                case "flood":
                {
                    int done = 0;
                    var r = Pen.Simulation.Campaigns.FloodCampaign.Run(cases, seed, n => { while (done < n) { done++; progress.Step(); } });
                    text = Pen.Simulation.Campaigns.FloodCampaign.Render(r, seed);
                    pass = r.Failures == 0;
                    break;
                }

                default:
                    throw new UsageException("campaign: unknown campaign \"" + kind + "\"; expected fuzz, power-loss or flood (or --seeds N for the safety campaign)");
            }

            progress.Finish();
            Write(text + rerun, outDir, "campaign-" + kind + ".md", stdout);
            return pass ? 0 : 1;
        }

        private static int Report(string which, string outDir, int seed, double shiftS, TextWriter stdout)
        {
            string text;
            bool failed = false;
            switch (which)
            {
                case "plant":
                    var rows = PlantChecks.Table();
                    foreach (string[] r in rows) failed |= r[5] == "FAIL";
                    text = "# Plant check: RP-1 and RP-2 open loop against plant.md §6.4 and §6.6\n\n" +
                           MarkdownTable.Render(new[] { "quantity", "measured", "unit", "reference", "tolerance (error)", "verdict" }, rows) +
                           "\nRerun: dotnet run --project hardware/Pen.Simulator -- report plant\n";
                    break;
                case "depth":
                    text = DepthAccuracy.Markdown(50);
                    failed = text.Contains("FAIL");
                    break;
                case "supply":
                    text = SupplyAccuracy.Markdown(50);
                    failed = text.Contains("FAIL");
                    break;
                case "sensing":
                    text = SensingAccuracy.Markdown(50, out failed);
                    break;
                case "scheduler":
                    // the bench thread flooded while the needles run, at both interpreter presets; a heartbeat cutout or a fault fails it
                    text = SchedulerReport.Render(out failed);
                    break;
                case "safety":
                    // writes the plots of the worst trials beside safety.md; a missed bound or invariant fails the command
                    text = SafetyReport.Render(outDir ?? DefaultOut, out failed);
                    break;
                case "control":
                {
                    // writes control.md and the plots itself; a miss fails the command unless it is a known gap no worse
                    // than listed (Reports/control-known-gaps.txt)
                    outDir ??= Path.Combine(DefaultOut, "control");
                    text = ControlReport.Run(outDir, seed, shiftS, out int missed, out int unreachable, out var newMisses);
                    text += "\nmissed " + missed + " (" + (missed - newMisses.Count) + " known gaps, " + newMisses.Count + " new or worse), physically unreachable " + unreachable + " (of every case × target)\n";
                    failed = newMisses.Count > 0;
                    break;
                }

                default:
                    throw new UsageException("unknown report \"" + which + "\"; expected: plant, depth, supply, sensing, safety, control, scheduler, identify, resistance, thermal");
            }

            Write(text, outDir ?? DefaultOut, which + ".md", stdout);
            return failed ? 1 : 0;
        }

        /// <summary>The pen <c>serve</c> runs without a scenario: RP-1, seed 1, a fresh cartridge at 1.0 mm.</summary>
        public static Scenario ServeScenario()
        {
            return ScenarioParser.Parse("{ \"name\": \"bench\", \"plant\": \"RP-1\", \"seed\": 1, \"durationS\": 7200 }", "serve");
        }

        /// <summary>The longest delay --shift takes. Unit: s.</summary>
        public const double MaxShiftS = 2.0;

        /// <summary>report control --shift S: seconds by which each case's press and whole timeline are delayed (ControlCase.ShiftS), 0 to <see cref="MaxShiftS"/>.</summary>
        private static double ParseShift(string text)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, inv, out double s) || double.IsNaN(s) || s < 0 || s > MaxShiftS)
                throw new UsageException("report control: --shift expects seconds from 0 to " + MaxShiftS.ToString("0.#", inv) + ", got \"" + text + "\"");
            return s;
        }

        /// <summary>Where reports go without --out.</summary>
        private const string DefaultOut = "out";

        /// <summary>Writes a report's Markdown in full to outDir/file and prints it fitted to the terminal's 120 columns
        /// (a table too long for a terminal is left to the file, with its path in its place).</summary>
        private static void Write(string markdown, string outDir, string file, TextWriter stdout)
        {
            Directory.CreateDirectory(outDir);
            string path = Path.GetFullPath(Path.Combine(outDir, file));
            File.WriteAllText(path, markdown);
            stdout.Write(TerminalText.Fit(markdown, path));
            stdout.WriteLine("written: " + path);
        }

        /// <summary>report control --seeds: the standard matrix on every seed, summed (ControlSeeds). Like the one-seed
        /// report, its misses are known gaps and do not fail the command.</summary>
        private static int ControlOverSeeds(string seedsText, string outDir, TextWriter stdout)
        {
            System.Collections.Generic.List<int> seeds;
            try
            {
                seeds = ControlSeeds.ParseSeeds(seedsText);
            }
            catch (FormatException e)
            {
                throw new UsageException("report control --seeds: " + e.Message);
            }

            var progress = Progress.ForConsole(stdout, "report control", ControlSeeds.CasesFor(seeds), "cases");
            ControlSeeds.Summary sum = ControlSeeds.Run(seeds, progress.Step);
            progress.Finish();
            string text = ControlSeeds.Render(sum, "dotnet run --project hardware/Pen.Simulator -c Release -- report control --seeds " + seedsText) +
                          "\nmissed " + sum.Failures + ", physically unreachable " + sum.Unreachable + ", strokes beyond ±2 % " + sum.StrokesBeyond + " (over " + sum.Seeds.Count + " seeds)\n";
            Write(text, outDir ?? DefaultOut, "control-seeds.md", stdout);
            return 0;
        }

        /// <summary>report identify: the firmware's motor identification on every pen of the variation matrix, cold and warm,
        /// against the plant's truth (IdentificationReport). Fails (exit 1) when one is outside the issue's limits.</summary>
        private static int Identify(string seedsText, string outDir, TextWriter stdout)
        {
            System.Collections.Generic.List<int> seeds;
            try
            {
                seeds = ControlSeeds.ParseSeeds(seedsText ?? "1-3");
            }
            catch (FormatException e)
            {
                throw new UsageException("report identify --seeds: " + e.Message);
            }

            var progress = Progress.ForConsole(stdout, "report identify", IdentificationReport.CountFor(seeds) + IdentificationReport.CartridgeCountFor(seeds), "identifications");
            var rows = IdentificationReport.Run(seeds, progress.Step);
            var cartridges = IdentificationReport.RunCartridges(seeds, progress.Step);
            progress.Finish();
            string text = IdentificationReport.Render(rows, "dotnet run --project hardware/Pen.Simulator -c Release -- report identify" + (seedsText != null ? " --seeds " + seedsText : ""), out int missed);
            text += IdentificationReport.RenderCartridges(cartridges, out int cartridgesMissed);
            Write(text, outDir ?? DefaultOut, "identify.md", stdout);
            return missed + cartridgesMissed > 0 ? 1 : 0;
        }

        /// <summary>report resistance: the loop resistance the firmware uses against the plant's truth through a warming
        /// treatment on every pen of the variation matrix, cold and warm (ResistanceInUseReport); exit 1 beyond ±10 %.</summary>
        private static int ResistanceInUse(string seedsText, string outDir, TextWriter stdout)
        {
            System.Collections.Generic.List<int> seeds;
            try
            {
                seeds = ControlSeeds.ParseSeeds(seedsText ?? "1");
            }
            catch (FormatException e)
            {
                throw new UsageException("report resistance --seeds: " + e.Message);
            }

            var progress = Progress.ForConsole(stdout, "report resistance", ResistanceInUseReport.CountFor(seeds), "treatments");
            var rows = ResistanceInUseReport.Run(seeds, null, progress.Step);
            progress.Finish();
            string text = ResistanceInUseReport.Render(rows, "dotnet run --project hardware/Pen.Simulator -c Release -- report resistance" + (seedsText != null ? " --seeds " + seedsText : ""), out int missed);
            Write(text, outDir ?? DefaultOut, "resistance.md", stdout);
            return missed > 0 ? 1 : 0;
        }

        /// <summary>report control --variations: the pens of the variation matrix, each at 50/100/150 strokes/s on each seed
        /// (ControlVariations). Its misses are reported, not failed on.</summary>
        private static int ControlVariationMatrix(string seedsText, double shiftS, string outDir, TextWriter stdout)
        {
            System.Collections.Generic.List<int> seeds;
            try
            {
                seeds = ControlSeeds.ParseSeeds(seedsText ?? "1-3");
            }
            catch (FormatException e)
            {
                throw new UsageException("report control --variations --seeds: " + e.Message);
            }

            var progress = Progress.ForConsole(stdout, "report control --variations", ControlVariations.Cases(seeds).Count, "cases");
            ControlVariations.Summary sum = ControlVariations.Run(seeds, progress.Step, shiftS);
            progress.Finish();
            string text = ControlVariations.Render(sum, "dotnet run --project hardware/Pen.Simulator -c Release -- report control --variations" + (seedsText != null ? " --seeds " + seedsText : "") +
                                                     (shiftS != 0 ? " --shift " + shiftS.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "")) +
                          "\nmissed " + sum.All.Failures + ", physically unreachable " + sum.All.Unreachable + ", strokes beyond ±2 % " + sum.All.StrokesBeyond + " (" + sum.Pens.Count + " pens)\n";
            Write(text, outDir ?? DefaultOut, "control-variations.md", stdout);
            return 0;
        }

        private static int RunScenario(Scenario s, string outDir, bool live, bool paced, bool highFidelity, TextWriter stdout, bool expectClean = false)
        {
            if (highFidelity) s.Overrides["stepMicros"] = 20;
            Directory.CreateDirectory(outDir);
            string csv = Path.Combine(outDir, "telemetry.csv");
            string summary = Path.Combine(outDir, "summary.json");
            var runner = new ScenarioRunner(s);
            RunResult result;
            using (var writer = new CsvTelemetryWriter(csv))
            {
                if (live)
                {
                    var view = new LiveView(runner.Pen, stdout, LiveView.IsTerminal(stdout), paced);
                    result = runner.Run(writer, view);
                    view.Finish();
                }
                else
                {
                    result = runner.Run(writer);
                }
            }

            SummaryWriter.Write(summary, result);
            string records = Path.Combine(outDir, "records.txt");
            File.WriteAllLines(records, runner.Pen.LogRecords());
            var state = new List<string>();
            foreach (Pen.Core.Records.DurableSlot slot in runner.Pen.ReadRecords().Slots)
                state.Add(slot.Name + " " + (slot.Value ?? "(" + slot.State.ToString().ToLowerInvariant() + ")"));
            File.WriteAllLines(Path.Combine(outDir, "state.txt"), state);
            // the summary: every line within 100 columns (a long path on a line of its own)
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            stdout.WriteLine(TerminalText.Wrap(s.Name + ":", LiveView.Width));
            stdout.WriteLine(string.Format(inv, "  {0:F1} s simulated, {1:N0} strokes, final state {2}, {3}",
                result.SimulatedSeconds, result.Strokes, result.FinalState,
                result.FaultsSeen.Count == 0 ? "no fault" : result.FaultsSeen.Count + " fault code(s) seen"));
            stdout.WriteLine(string.Format(inv, "  hottest: winding {0:F1} °C, housing {1:F1} °C; peak current {2:F2} A; needles out at most {3:F2} mm",
                result.MaxWindingC, result.MaxHousingC, result.MaxCurrentA, result.MaxNeedleMm));
            stdout.WriteLine("files in " + Path.GetFullPath(outDir) + ":");
            stdout.WriteLine("  telemetry.csv  one row per firmware tick: truth and what the firmware believed");
            stdout.WriteLine("  summary.json   what the run measured");
            stdout.WriteLine("  records.txt    the session log; read it with: sessions " + outDir);
            stdout.WriteLine("  state.txt      the durable records: cartridge, calibrations, configuration");
            if (runner.BenchTranscript.Count > 0)
            {
                string bench = Path.Combine(outDir, "bench.txt");
                File.WriteAllLines(bench, runner.BenchTranscript);
                stdout.WriteLine("  bench.txt      the bench serial's transcript");
            }

            stdout.WriteLine(string.Format(inv, "  interpreter {0}: tick work {1:F2} ms mean, {2:F2} ms max; longest wait {3:F1} ms ({4});",
                result.Interpreter, result.ComputeMeanMicros / 1000, result.ComputeMaxMicros / 1000, result.LongestWaitMicros / 1000.0, result.LongestWaitCause));
            stdout.WriteLine(string.Format(inv, "  longest tick interval {0:F1} ms, longest bench slice {1:F1} ms, {2} collections, {3} heartbeat cutouts",
                result.LongestTickIntervalMicros / 1000, result.LongestBenchWorkMicros / 1000, result.Collections, result.HeartbeatCutouts));
            if (expectClean)
            {
                // a fault-free run: no fault seen, and the enable circuit never took the drive away
                bool clean = result.FaultsSeen.Count == 0 && result.HeartbeatCutouts == 0;
                stdout.WriteLine(clean ? "expect-clean: no fault, no heartbeat cutout" : string.Format(inv,
                    "expect-clean: FAILED: {0} fault code(s) seen, {1} heartbeat cutout(s)", result.FaultsSeen.Count, result.HeartbeatCutouts));
                return clean ? 0 : 1;
            }

            return 0;
        }
    }
}
