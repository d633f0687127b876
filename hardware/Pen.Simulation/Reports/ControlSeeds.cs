using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The stroke control report over many seeds (`report control --seeds 1-80,101-120`): the standard matrix of
    /// <see cref="ControlReport"/> on every seed, judged the same way, summed. A seed draws the pen's part
    /// tolerances, each stroke's own skin load and the tick jitter and pauses, so one seed is one pen on one day;
    /// a single seed's verdicts turn on single strokes, and only the sum over many says how often a target is
    /// missed. Next to each settling target's misses it puts how many the ideal controller of note 2 would miss
    /// (Σ over the cases of 1 − the share of windows it meets), the only floor there is for a verdict that turns
    /// on the one worst stroke. Seeds run in parallel; the text depends only on the seeds.
    /// </summary>
    public static class ControlSeeds
    {
        /// <summary>Everything summed over the seeds.</summary>
        public sealed class Summary
        {
            public readonly List<int> Seeds = new List<int>();
            public int Failures, Unreachable, Verdicts;
            public int StrokesBeyond, StrokesSteady, StrokesBeyondAfterPause;
            public double StrokesBeyondAtConstantDuty;
            /// <summary>Per target: {met, missed, unreachable}, in the report's order.</summary>
            public readonly List<string> TargetOrder = new List<string>();
            public readonly Dictionary<string, int[]> ByTarget = new Dictionary<string, int[]>();
            /// <summary>Per target: of its misses, those decided by a stroke during or just after a tick pause.</summary>
            public readonly Dictionary<string, int> MissedAfterPause = new Dictionary<string, int>();
            /// <summary>Per settling target: how many misses the ideal controller would have, about.</summary>
            public readonly Dictionary<string, double> IdealWouldMiss = new Dictionary<string, double>();
            /// <summary>Per case and target (where reachable), in the order first met.</summary>
            public readonly List<CaseTally> ByCase = new List<CaseTally>();
            public readonly Dictionary<string, CaseTally> ByCaseKey = new Dictionary<string, CaseTally>();
            public readonly List<string[]> MissRows = new List<string[]>();
        }

        /// <summary>One target in one case, over the seeds where the plant allows meeting it.</summary>
        public sealed class CaseTally
        {
            public string Case, Target, Unit;
            public int Missed, Seeds, Floors;
            public double SumMeasured, Worst, SumFloor, IdealWouldMiss;
            public bool Settling;
        }

        /// <summary>Parses "1-80,101-120" (ranges and single seeds, comma-separated) into seeds in order.</summary>
        /// <exception cref="FormatException">The text names no seed, or a part is not a whole number ≥ 0 or a range low-high.</exception>
        public static List<int> ParseSeeds(string text)
        {
            var seeds = new List<int>();
            foreach (string part in text.Split(','))
            {
                string p = part.Trim();
                int dash = p.IndexOf('-');
                int low, high = -1;
                bool ok = TryWhole(dash < 0 ? p : p.Substring(0, dash), out low);
                if (dash < 0) high = low;
                else ok &= TryWhole(p.Substring(dash + 1), out high);
                if (!ok || high < low)
                    throw new FormatException("\"" + p + "\" in \"" + text + "\" is not a seed (a whole number >= 0) or a range of them (low-high, low <= high)");
                if (high - low > 100000) throw new FormatException("\"" + p + "\" in \"" + text + "\" spans more than 100,000 seeds");
                for (int s = low; s <= high; s++) seeds.Add(s);
            }

            return seeds;
        }

        private static bool TryWhole(string text, out int value)
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>Runs the standard matrix on every seed (in parallel) and sums it. <paramref name="caseDone"/>, when
        /// given, is called after each case (from any of the worker threads): CasesFor(seeds) calls in all.</summary>
        public static Summary Run(IList<int> seeds, Action caseDone = null)
        {
            var perSeed = new List<ControlReport.CaseOutcome>[seeds.Count];
            Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var outcomes = new List<ControlReport.CaseOutcome>();
                foreach (ControlCase c in ControlCase.StandardMatrix(seeds[i]))
                {
                    outcomes.Add(ControlReport.Evaluate(c));
                    caseDone?.Invoke();
                }
                perSeed[i] = outcomes;
            });

            var sum = new Summary();
            for (int i = 0; i < seeds.Count; i++)
            {
                sum.Seeds.Add(seeds[i]);
                foreach (ControlReport.CaseOutcome o in perSeed[i]) Add(sum, seeds[i], o);
            }

            return sum;
        }

        /// <summary>How many cases <see cref="Run"/> runs for <paramref name="seeds"/>.</summary>
        public static int CasesFor(IList<int> seeds) => seeds.Count * ControlCase.StandardMatrix(1).Count;

        /// <summary>Adds one case of one seed to the sum (public for the tests of the summing).</summary>
        public static void Add(Summary sum, int seed, ControlReport.CaseOutcome o)
        {
            if (o.Steady)
            {
                sum.StrokesBeyond += o.Run.StrokesBeyond2Percent;
                sum.StrokesBeyondAfterPause += o.Run.StrokesBeyond2PercentAfterPause;
                sum.StrokesSteady += o.Run.StrokesSteady;
                sum.StrokesBeyondAtConstantDuty += o.Bounds.ShareOutside2Percent * o.Run.StrokesSteady;
            }

            foreach (ControlReport.Verdict v in o.Verdicts)
            {
                sum.Verdicts++;
                if (!sum.ByTarget.ContainsKey(v.Key))
                {
                    sum.ByTarget[v.Key] = new int[3];
                    sum.TargetOrder.Add(v.Key);
                }

                bool fail = v.Outcome == "FAIL";
                sum.ByTarget[v.Key][v.Outcome == "ok" ? 0 : fail ? 1 : 2]++;
                if (fail) sum.Failures++;
                if (fail && v.AfterPause)
                {
                    sum.MissedAfterPause.TryGetValue(v.Key, out int p);
                    sum.MissedAfterPause[v.Key] = p + 1;
                }

                if (v.Outcome == "unreachable") sum.Unreachable++;
                // the ideal's misses count where the target is reachable (a case it is unreachable in is not judged)
                if (!double.IsNaN(v.IdealMeets) && v.IdealMeets >= ControlBounds.IdealMeetsAtLeast)
                {
                    sum.IdealWouldMiss.TryGetValue(v.Key, out double m);
                    sum.IdealWouldMiss[v.Key] = m + (1 - v.IdealMeets);
                }

                if (v.Outcome == "unreachable") continue;
                string caseKey = o.Case.Name + " / " + v.Key;
                if (!sum.ByCaseKey.TryGetValue(caseKey, out CaseTally t))
                {
                    t = new CaseTally { Case = o.Case.Name, Target = v.Key, Unit = v.Unit, Settling = !double.IsNaN(v.IdealMeets), Worst = double.MinValue };
                    sum.ByCaseKey[caseKey] = t;
                    sum.ByCase.Add(t);
                }

                t.Seeds++;
                if (fail) t.Missed++;
                t.SumMeasured += v.Value;
                if (v.Value > t.Worst) t.Worst = v.Value;
                if (t.Settling) t.IdealWouldMiss += 1 - v.IdealMeets;
                else if (!double.IsNaN(v.Floor))
                {
                    t.SumFloor += v.Floor;
                    t.Floors++;
                }
                if (fail)
                    sum.MissRows.Add(new[]
                    {
                        seed.ToString(CultureInfo.InvariantCulture), o.Case.Name, v.Key, v.ValueShown ?? ControlReport.Show(v.Value, v.Unit), ControlReport.Show(v.Limit, v.Unit), v.FloorShown,
                        KnownAndActBy(v, o.Bounds), v.AfterPause ? "yes" : "",
                    });
            }
        }

        /// <summary>Column header of <see cref="KnownAndActBy"/>.</summary>
        public const string KnownAndActByHeader = "in the current + a tick / act by";

        /// <summary>
        /// For a contact's or a lift-off's excursion: when the change had reached the motor current plus the latest first
        /// tick after that (ControlBounds.FirstActionS), against the latest moment the strongest action still meets the
        /// limit ("act by"), each the latest over the floor's cam phases, on the plant alone. Well before the act-by, a
        /// controller that samples once a tick had time; at or after it, the miss is near what the floor allows at its worst
        /// phase (the two times can come from different phases). Empty for other targets.
        /// </summary>
        public static string KnownAndActBy(ControlReport.Verdict v, ControlBounds.Result b)
        {
            if (b == null) return "";
            double known, actBy;
            switch (v.What)
            {
                case "contact dip (50 ms ramp)": known = b.ContactInformedS; actBy = b.ContactActByS; break;
                case "harsh contact dip (one stroke)": known = b.HarshInformedS; actBy = b.HarshActByS; break;
                case "lift-off overshoot": known = b.LiftInformedS; actBy = b.LiftActByS; break;
                default: return "";
            }

            var inv = CultureInfo.InvariantCulture;
            return ((known + ControlBounds.FirstActionS) * 1e3).ToString("F1", inv) + " / " + (actBy * 1e3).ToString("F1", inv) + " ms";
        }

        /// <summary>The summary as markdown; <paramref name="rerun"/> is the command line that reproduces it.</summary>
        public static string Render(Summary sum, string rerun)
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append("# Stroke control report over seeds\n\n");
            sb.Append("The standard matrix of `report control` (" + ControlCase.StandardMatrix(1).Count.ToString(inv) + " cases) on " + sum.Seeds.Count.ToString(inv) + " seeds (" + SeedList(sum.Seeds) +
                      "), every case judged as that report judges it (its notes 1 to 3 say what a floor and the ideal are). A seed draws the pen's part tolerances, each stroke's own skin load, and the tick jitter and pauses.\n\n");
            sb.Append("**" + sum.Failures.ToString(inv) + " missed** of " + sum.Verdicts.ToString(inv) + " verdicts where the plant allows meeting them; " + sum.Unreachable.ToString(inv) + " physically unreachable.\n\n");
            sb.Append("## By target\n\n");
            var rows = new List<string[]>();
            foreach (string key in sum.TargetOrder)
            {
                int[] n = sum.ByTarget[key];
                sum.MissedAfterPause.TryGetValue(key, out int afterPause);
                rows.Add(new[]
                {
                    key, n[0].ToString(inv), n[1].ToString(inv), n[1] > 0 ? afterPause.ToString(inv) : "", n[2].ToString(inv),
                    sum.IdealWouldMiss.TryGetValue(key, out double ideal) ? ideal.ToString("F1", inv) : "",
                });
            }

            sb.Append(MarkdownTable.Render(new[] { "target", "met", "missed", "of them decided after a tick pause", "physically unreachable", "the ideal would miss (about)" }, rows));
            sb.Append("\nA miss is \"decided after a tick pause\" when the stroke that set its value (the worst of a dip or an overshoot, the last one outside ±2 % of a settling target) began during a tick pause or within " +
                      (ControlCaseRunner.AfterPauseS * 1000).ToString("F0", inv) + " ms after one ended: the pauses (20–50 ms on 0.5 % of ticks) are part of the conditions, and a pause past the enable circuit's 45 ms hold also cuts the drive for the rest of it.\n");
            sb.Append("\nSteadiness: " + sum.StrokesBeyond.ToString(inv) + " of " + sum.StrokesSteady.ToString(inv) +
                      " strokes more than 2 % off the setpoint outside the transients the targets allow, in the cases where constant duty keeps at least 99 % of the strokes on skin within ±2 % of their mean; at constant duty about " +
                      sum.StrokesBeyondAtConstantDuty.ToString("F0", inv) + " of them would be; " + sum.StrokesBeyondAfterPause.ToString(inv) + " began during a tick pause or within " +
                      (ControlCaseRunner.AfterPauseS * 1000).ToString("F0", inv) + " ms after one.\n\n");
            sb.Append("## Missed, by case\n\n");
            sb.Append("Every case and target missed at least once, over the seeds where the plant allows meeting it: how often, the mean and the worst of what was measured, and next to it the mean floor (which varies with the seed's part tolerances and skin) or, for a settling target, how many of those seeds the ideal would miss.\n\n");
            var caseRows = new List<string[]>();
            foreach (CaseTally t in sum.ByCase)
            {
                if (t.Missed == 0) continue;
                caseRows.Add(new[]
                {
                    t.Case, t.Target, t.Missed.ToString(inv) + " of " + t.Seeds.ToString(inv), ControlReport.Show(t.SumMeasured / t.Seeds, t.Unit), ControlReport.Show(t.Worst, t.Unit),
                    t.Settling ? "the ideal would miss " + t.IdealWouldMiss.ToString("F1", inv) : t.Floors > 0 ? ControlReport.Show(t.SumFloor / t.Floors, t.Unit) : "",
                });
            }

            sb.Append(MarkdownTable.Render(new[] { "case", "target", "missed", "mean measured", "worst", "mean floor / ideal" }, caseRows));
            sb.Append("\n## Every miss\n\n");
            sb.Append("For a contact's or a lift-off's excursion, \"" + KnownAndActByHeader + "\" is when the change had reached the motor current plus the latest first tick after that, against the latest moment the strongest action still meets the limit (\"act by\"), each the latest over the cam phases the floor tries, on the plant alone: well before it, a controller that samples once a tick had time; at or after it, the miss is within what the floor allows at its worst phase (the two can come from different phases, so the floor may still be under the limit).\n\n");
            sb.Append(MarkdownTable.Render(new[] { "seed", "case", "target", "measured", "limit", "floor", KnownAndActByHeader, "after a tick pause" }, sum.MissRows));
            sb.Append("\nRerun: `" + rerun + "`\n");
            return sb.ToString();
        }

        /// <summary>"1-80, 101-120": the seeds as ranges.</summary>
        private static string SeedList(List<int> seeds)
        {
            var sb = new StringBuilder();
            int i = 0;
            while (i < seeds.Count)
            {
                int j = i;
                while (j + 1 < seeds.Count && seeds[j + 1] == seeds[j] + 1) j++;
                if (sb.Length > 0) sb.Append(", ");
                sb.Append(seeds[i].ToString(CultureInfo.InvariantCulture));
                if (j > i) sb.Append('–').Append(seeds[j].ToString(CultureInfo.InvariantCulture));
                i = j + 1;
            }

            return sb.ToString();
        }
    }
}
