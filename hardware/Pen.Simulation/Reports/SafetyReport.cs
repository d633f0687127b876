using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Safety;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The safety report (`report safety`): every fault of <see cref="SafetyFault.All"/> injected at 50, 100 and
    /// 150 strokes/s, on skin and off, at four moments of the stroke, with tick jitter ±3 ms; the measured
    /// detection and cut-off times against the bounds; then the thermal and battery cases.
    /// </summary>
    public static class SafetyReport
    {
        public static readonly double[] Rates = { 50, 100, 150 };
        public static readonly double[] Moments = { 0, 0.25, 0.5, 0.75 };

        /// <summary>The first trial's seed; each further trial of the matrix takes the next.</summary>
        public const int FirstSeed = 100;

        /// <summary>Runs the whole matrix (deterministic). Returns every trial.</summary>
        public static List<TrialResult> RunMatrix()
        {
            var all = new List<TrialResult>();
            int seed = FirstSeed;
            foreach (SafetyFault f in SafetyFault.All())
                foreach (double rate in Rates)
                    foreach (bool skin in new[] { false, true })
                        foreach (double moment in Moments)
                            all.Add(SafetyTrial.Run(f, new TrialSetup { Seed = seed++, RateHz = rate, Skin = skin, Moment = moment }));
            return all;
        }

        /// <summary>One line per fault: worst detection and cut-off, bound, codes, verdict.</summary>
        public static List<string[]> Table(List<TrialResult> trials, out bool failed)
        {
            failed = false;
            var rows = new List<string[]>();
            var order = new List<string>();
            var byFault = new Dictionary<string, List<TrialResult>>();
            foreach (TrialResult t in trials)
            {
                if (!byFault.ContainsKey(t.Fault.Name)) { byFault[t.Fault.Name] = new List<TrialResult>(); order.Add(t.Fault.Name); }
                byFault[t.Fault.Name].Add(t);
            }

            foreach (string name in order)
            {
                List<TrialResult> list = byFault[name];
                SafetyFault f = list[0].Fault;
                var worstAt = new double[Rates.Length];
                double worstCut = 0, worstDetect = 0;
                int bad = 0, wrongCode = 0, violations = 0, falseTrips = 0, leftOut = 0, impossible = 0;
                double worstNeedle = 0;
                var impossibleWhy = new SortedSet<string>();
                var codes = new SortedSet<int>();
                foreach (TrialResult t in list)
                {
                    double cut = double.IsNaN(t.CutS) ? double.PositiveInfinity : t.CutMs;
                    worstCut = Math.Max(worstCut, cut);
                    if (!double.IsNaN(t.DetectedS)) worstDetect = Math.Max(worstDetect, t.DetectMs);
                    int ri = Array.IndexOf(Rates, t.Setup.RateHz);
                    if (ri >= 0) worstAt[ri] = Math.Max(worstAt[ri], cut);
                    if (!t.WithinBound) bad++;
                    if (f.Codes.Length > 0 && !t.CodeCorrect) wrongCode++;
                    if (t.Code != FaultCode.None) codes.Add((int)t.Code);
                    violations += t.InvariantViolations;
                    if (t.FalseTrip != FaultCode.None) falseTrips++;
                    worstNeedle = Math.Max(worstNeedle, t.NeedleAtRestMm);
                    if (!t.NeedlesAccountedFor) leftOut++;
                    else if (t.NeedlesLeftOut)
                    {
                        impossible++;
                        impossibleWhy.Add(Reason(t.ImpossibleBecause));
                    }
                }

                bool ok = bad == 0 && wrongCode == 0 && violations == 0 && falseTrips == 0 && leftOut == 0;
                failed |= !ok;
                var codeText = new StringBuilder();
                foreach (int c in codes) codeText.Append(codeText.Length > 0 ? ", " : "").Append(c).Append(' ').Append(FaultText.Of((FaultCode)c));
                rows.Add(new[]
                {
                    name, list.Count.ToString(CultureInfo.InvariantCulture), Ms(worstDetect), Ms(worstAt[0]), Ms(worstAt[1]), Ms(worstAt[2]), Ms(worstCut),
                    "≤ " + f.BoundMs.ToString("F0", CultureInfo.InvariantCulture), codeText.Length == 0 ? "–" : codeText.ToString(),
                    worstNeedle.ToString("F2", CultureInfo.InvariantCulture),
                    impossible == 0 ? "–" : impossible + " (" + string.Join("; ", impossibleWhy) + "), each said by the pen",
                    ok ? "pass" : "FAIL (" + bad + " over bound, " + wrongCode + " wrong code, " + violations + " invariant, " + falseTrips + " false trip, " + leftOut + " needles left out)",
                });
            }

            return rows;
        }

        public static readonly string[] Header =
        {
            "fault", "runs", "worst detection (ms)", "worst cut 50/s", "worst cut 100/s", "worst cut 150/s", "worst cut (ms)", "bound (ms)", "reported as",
            "needles at rest, worst (mm; bound 0)", "not retractable", "verdict",
        };

        /// <summary>The whole report as Markdown, without plots; <paramref name="failed"/> when a bound or an invariant failed.</summary>
        public static string Render(out bool failed) => Render(null, out failed);

        /// <summary>
        /// The whole report as Markdown; with <paramref name="plotDir"/> the plots of the worst trials (SafetyPlots) are
        /// written there and linked. <paramref name="failed"/> when a bound or an invariant failed (the command then exits 1).
        /// </summary>
        public static string Render(string plotDir, out bool failed)
        {
            List<TrialResult> trials = RunMatrix();
            List<string[]> rows = Table(trials, out failed);
            string version = "firmware " + Pen.Core.FirmwareIdentity.Version + " (build " + Pen.Core.FirmwareIdentity.Build + ")";
            string date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            sb.Append("# Safety report: fault injection on the simulated pen (RP-1)\n\n");
            sb.Append(char.ToUpperInvariant(version[0]) + version.Substring(1) + ", " + date + "; seeds " + FirstSeed.ToString(CultureInfo.InvariantCulture) + "–" +
                      (FirstSeed + trials.Count - 1).ToString(CultureInfo.InvariantCulture) + " for the fault matrix (one per trial, in the table's order), " +
                      SafetyLongCases.FirstStandardSeed.ToString(CultureInfo.InvariantCulture) + " onward for the no-false-trip cases (41, 43 and 45 for the jam, load and battery cases).\n\n");
            sb.Append("Each fault is injected at 50, 100 and 150 strokes/s (bench setpoint), off the skin and on it (12 needles, nominal load), ");
            sb.Append("at 0, ¼, ½ and ¾ of a stroke after the retracted point, with the firmware tick at 10 ms ± 3 ms. ");
            sb.Append("Cut-off: from the moment the fault physically begins (for over-current: the true current crossing ");
            sb.Append(Pen.Core.Limits.PenLimits.OverCurrentHazardAmps.ToString("F1", CultureInfo.InvariantCulture));
            sb.Append(" A or the cam stalling) to the first 100 µs plant step with the driver disabled or the duty 0 (plant truth). ");
            sb.Append("Detection: the first tick that reports a fault. Invariants checked at every step: the motor is never driven while an ");
            sb.Append("immediate stop or lockout is in force (except while it brings the needles back in, where no active fault forbids the bridge), ");
            sb.Append("never runs during a controlled stop, and no fault is reported before the injection. ");
            sb.Append("Needles at rest: where the needle tips stand (truth) at the end of the run, " + new TrialSetup().AfterS.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s after the fault, with the cam at rest; the bound is 0 mm ");
            sb.Append("(0.01 mm). Not retractable: the cases where no retraction can bring them in (a drag beyond the motor's stall torque, or a fault in the bridge or ");
            sb.Append("the Hall sensor, where the pen must not drive and only the return spring carries them back) and the pen said so (fault " + (int)FaultCode.NeedlesMayBeOut + ", needles may be out).\n\n");
            sb.Append(MarkdownTable.Render(Header, rows));
            sb.Append(StuckDriverCases.Render(out bool stuckFailed));
            failed |= stuckFailed;
            sb.Append("\n");
            sb.Append(SafetyLongCases.Render(out bool longFailed));
            failed |= longFailed;
            if (plotDir != null)
            {
                sb.Append("\n## Plots: the worst trial of each way the pen is stopped\n\n");
                sb.Append("The trial of the matrix with the latest cut-off, run again (the same seed and conditions) with the plant traced at every 100 µs step: ");
                sb.Append("motor current, shaft rate and duty against the time from the onset; the firmware's detection and the cut-off marked, the bound as a red limit line; ");
                sb.Append("each stamped with the firmware, the seed and the date.\n\n");
                var plotRows = new List<string[]>();
                foreach (SafetyPlots.PlottedTrial p in SafetyPlots.Write(plotDir, trials, version, date))
                {
                    TrialResult t = p.Trial;
                    plotRows.Add(new[]
                    {
                        t.Fault.Name, t.Setup.Seed.ToString(CultureInfo.InvariantCulture), Ms(double.IsNaN(t.DetectedS) ? double.PositiveInfinity : t.DetectMs),
                        Ms(double.IsNaN(t.CutS) ? double.PositiveInfinity : t.CutMs), "≤ " + t.Fault.BoundMs.ToString("F0", CultureInfo.InvariantCulture),
                        t.WithinBound && t.CodeCorrect && t.InvariantViolations == 0 && t.FalseTrip == FaultCode.None ? "pass" : "FAIL", "[" + p.File + "](" + p.File + ")",
                    });
                }

                sb.Append(MarkdownTable.Render(new[] { "fault", "seed", "detection (ms)", "cut (ms)", "bound (ms)", "verdict", "plot" }, plotRows));
                sb.Append("\n");
                foreach (string[] r in plotRows) sb.Append("![" + r[0] + "](" + r[6].Substring(1, r[6].IndexOf(']') - 1) + ")\n");
            }

            sb.Append("\nVerdict: " + (failed ? "FAIL: a bound, an invariant or a long case above was missed (the command exits 1)" : "pass: every bound and invariant met") + ".\n");
            sb.Append("\nRerun: dotnet run --project hardware/Pen.Simulator -c Release -- report safety\n");
            return sb.ToString();
        }

        /// <summary>The reason of an impossible retraction without its numbers (one entry per kind in the table).</summary>
        public static string Reason(string why)
        {
            if (why == null) return "?";
            int colon = why.IndexOf(':');
            if (why.Contains("shunt comparator", StringComparison.Ordinal)) return "held beyond what the shunt comparator lets a stalled winding turn";
            if (why.StartsWith("held by", StringComparison.Ordinal)) return "held beyond the retraction's current cap";
            if (why.StartsWith("drag ", StringComparison.Ordinal)) return "drag beyond the motor's stall torque";
            // the rest keep their words, less what follows the colon
            return why.StartsWith("no drive", StringComparison.Ordinal) || colon <= 0 ? why : why.Substring(0, colon);
        }

        private static string Ms(double v)
        {
            if (double.IsPositiveInfinity(v)) return "never";
            return v.ToString("F1", CultureInfo.InvariantCulture);
        }
    }
}
