using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The randomized fault campaign (`campaign --seeds N`): per seed a random fault (type, moment in the stroke,
    /// magnitude), random rate, load, cartridge, battery and tick jitter, and in 30 % of the runs a second fault
    /// after a random delay; one run in five is fault-free with tick pauses on. Invariants checked at every plant
    /// step of every run: the motor is never driven during an immediate stop or lockout and never runs during a
    /// controlled stop; every cut-off meets its bound; no fault is reported in a fault-free segment.
    /// Deterministic per seed.
    /// </summary>
    public static class SafetyCampaign
    {
        /// <summary>Everything the campaign measured.</summary>
        public sealed class Summary
        {
            public int Runs;
            public int FaultFreeRuns;
            public int Failures;
            public readonly List<string> FailureLines = new List<string>();
            /// <summary>Worst cut-off per bound name, with the run that gave it.</summary>
            public readonly SortedDictionary<string, double> WorstMs = new SortedDictionary<string, double>();
            public readonly SortedDictionary<string, double> BoundMs = new SortedDictionary<string, double>();
            public readonly SortedDictionary<string, string> WorstRun = new SortedDictionary<string, string>();
            public readonly SortedDictionary<string, int> Count = new SortedDictionary<string, int>();
            /// <summary>Worst needle tips out at rest after a stop where they could be brought in. Unit: mm.</summary>
            public double WorstNeedleMm;
            public string WorstNeedleRun = "";
            /// <summary>Longest time from a stop to the needles in or said to be out (TrialResult.InOrSaidAfterStopS). Unit: s.</summary>
            public double WorstInOrSaidS;
            public string WorstInOrSaidRun = "";
            /// <summary>Stops after which no retraction could bring the needles in, by reason (the pen said so in each).</summary>
            public readonly SortedDictionary<string, int> Impossible = new SortedDictionary<string, int>();
            /// <summary>Freezes short enough to be a pause (the tick interval within the tick-late limit): the pen ran on.</summary>
            public int ResumedAfterPause;
        }

        /// <summary>The setup of seed <paramref name="seed"/> (exposed so a failing seed can be replayed alone).</summary>
        public static TrialSetup SetupFor(int seed, SafetyFault[] faults, out SafetyFault fault)
        {
            SplitMix rnd = SplitMix.For(seed, "campaign");
            var setup = new TrialSetup
            {
                Seed = seed,
                RateHz = 50 + 100 * rnd.NextDouble(),
                Skin = rnd.NextDouble() < 0.5,
                LoadScale = 0.5 + 1.5 * rnd.NextDouble(),
                Needles = rnd.NextDouble() < 0.5 ? 12 : 42,
                Moment = rnd.NextDouble(),
                JitterMs = 3 * rnd.NextDouble(),
                StateOfCharge = 0.2 + 0.8 * rnd.NextDouble(),
                DepthMm = 0.25 * Math.Floor(1 + 7 * rnd.NextDouble()),
                ArmAtS = 1.8 + 0.3 * rnd.NextDouble(),
                DragMnm = 3 + 4 * rnd.NextDouble(),
                DepthOvershootMm = 0.3 + 0.7 * rnd.NextDouble(),
                FreezeMs = 60 + 400 * rnd.NextDouble(),
                AfterS = TrialSetup.RetractionWindowS,
            };
            fault = faults[(int)(rnd.NextDouble() * faults.Length) % faults.Length];
            // a frozen firmware's stop comes when it runs again (late tick: park): then the retraction
            if (fault.Kind == SafetyFaultKind.Freeze) setup.AfterS = setup.FreezeMs * 1e-3 + TrialSetup.RetractionWindowS;
            if (rnd.NextDouble() < 0.2)
            {
                setup.FaultFree = true;
                setup.PauseProbability = 0.01;
                setup.AfterS = 1.5;
            }
            else if (rnd.NextDouble() < 0.3)
            {
                SafetyFault second = faults[(int)(rnd.NextDouble() * faults.Length) % faults.Length];
                if (second.Kind != SafetyFaultKind.Freeze) setup.Second = second;
                setup.SecondDelayMs = 40 * rnd.NextDouble();
            }

            return setup;
        }

        /// <summary>Runs seeds first..first+count−1; <paramref name="runDone"/>, when given, is called after each.</summary>
        public static Summary Run(int first, int count, Action runDone = null)
        {
            SafetyFault[] faults = SafetyFault.All();
            var sum = new Summary();
            for (int seed = first; seed < first + count; seed++)
            {
                SafetyFault fault;
                TrialSetup setup = SetupFor(seed, faults, out fault);
                TrialResult r = SafetyTrial.Run(fault, setup);
                sum.Runs++;
                string problem = Problem(fault, setup, r);
                if (setup.FaultFree) sum.FaultFreeRuns++;
                else
                {
                    if (r.ResumedAfterPause) sum.ResumedAfterPause++;
                    else if (r.NeedlesLeftOut && r.NeedlesAccountedFor)
                    {
                        string why = r.ImpossibleBecause.StartsWith("drag", StringComparison.Ordinal) ? "drag beyond the motor's stall torque"
                            : r.ImpossibleBecause.Contains("shunt comparator", StringComparison.Ordinal) ? "held beyond what the shunt comparator lets a stalled winding turn"
                            : r.ImpossibleBecause.StartsWith("held by", StringComparison.Ordinal) ? "held beyond the retraction's current cap" : r.ImpossibleBecause;
                        sum.Impossible.TryGetValue(why, out int n);
                        sum.Impossible[why] = n + 1;
                    }
                    else if (r.NeedleAtRestMm > sum.WorstNeedleMm)
                    {
                        sum.WorstNeedleMm = r.NeedleAtRestMm;
                        sum.WorstNeedleRun = Describe(seed, fault, setup);
                    }
                    if (r.InOrSaidAfterStopS > sum.WorstInOrSaidS)
                    {
                        sum.WorstInOrSaidS = r.InOrSaidAfterStopS;
                        sum.WorstInOrSaidRun = Describe(seed, fault, setup) + (double.IsNaN(r.SaidS) ? ", in" : ", said");
                    }

                    string key = fault.BoundName;
                    double cut = double.IsNaN(r.CutS) ? double.PositiveInfinity : r.CutMs;
                    if (!sum.WorstMs.ContainsKey(key)) { sum.WorstMs[key] = 0; sum.BoundMs[key] = fault.BoundMs; sum.Count[key] = 0; }
                    sum.Count[key]++;
                    if (cut > sum.WorstMs[key])
                    {
                        sum.WorstMs[key] = cut;
                        sum.WorstRun[key] = Describe(seed, fault, setup);
                    }
                }

                if (problem != null)
                {
                    sum.Failures++;
                    if (sum.FailureLines.Count < 50) sum.FailureLines.Add(Describe(seed, fault, setup) + ": " + problem);
                }

                runDone?.Invoke();
            }

            return sum;
        }

        /// <summary>What makes a trial a failure of the campaign (null: none): an invariant broken, a false trip, a cut-off
        /// beyond its bound, the needles left out where a retraction could bring them in or without the pen saying so.</summary>
        public static string Problem(SafetyFault fault, TrialSetup setup, TrialResult r)
        {
            string problem = null;
            if (r.InvariantViolations > 0) problem = "invariant: " + r.FirstViolation;
            if (setup.FaultFree)
            {
                if (r.FalseTrip != FaultCode.None) problem = "false trip: " + FaultText.Of(r.FalseTrip);
                return problem;
            }

            if (r.FalseTrip != FaultCode.None) problem = "false trip before the fault: " + FaultText.Of(r.FalseTrip);
            else if (!r.WithinBound) problem = "cut-off " + Ms(r.CutMs) + " ms > " + fault.BoundMs + " ms";
            else if (r.InOrSaidAfterStopS > PenLimits.NeedlesInOrSaidMaxMicros * 1e-6)
                problem = string.Format(CultureInfo.InvariantCulture, "needles in or said to be out {0:F3} s after the stop > {1:F1} s", r.InOrSaidAfterStopS, PenLimits.NeedlesInOrSaidMaxMicros * 1e-6);
            else if (!r.NeedlesAccountedFor)
            {
                problem = !r.AtRest ? "the cam not at rest at the end of the run"
                    : string.Format(CultureInfo.InvariantCulture, "needles left out {0:F2} mm{1}", r.NeedleAtRestMm,
                        r.ImpossibleBecause != null ? " (" + r.ImpossibleBecause + ", but the pen did not say so)" : "");
            }

            return problem;
        }

        /// <summary>A sweep's trials and failures.</summary>
        public sealed class SweepSummary
        {
            public int Trials;
            public int Failures;
            public readonly List<string> FailureLines = new List<string>();
        }

        /// <summary>
        /// The setup of campaign seed <paramref name="seed"/> with its drag (a drag fault's, or a second fault's) set to
        /// <paramref name="dragFromMnm"/>..<paramref name="dragToMnm"/> in steps of <paramref name="dragStepMnm"/> and its
        /// moment to 0..1 (exclusive) in steps of <paramref name="momentStep"/>, each trial judged as the campaign judges
        /// it: how a trajectory-sensitive mechanism (docs/open-defects.md D-3) fares around one seed, where one seed alone
        /// passes or fails by chance. <paramref name="trialDone"/>, when given, is called after each.
        /// <paramref name="cartridgeSeatedAtS"/>: NaN, the cartridge seated at boot as in the campaign (measured at the first start);
        /// else seated that long after power-on, so the firmware measures it by itself before the start (TrialSetup.CartridgeSeatedAtS).
        /// </summary>
        public static SweepSummary Sweep(int seed, double dragFromMnm, double dragToMnm, double dragStepMnm, double momentStep, Action trialDone = null,
                                         double cartridgeSeatedAtS = double.NaN)
        {
            SafetyFault[] faults = SafetyFault.All();
            var sum = new SweepSummary();
            int drags = SweepCount(dragFromMnm, dragToMnm, dragStepMnm);
            int moments = MomentCount(momentStep);
            for (int i = 0; i < drags; i++)
            for (int j = 0; j < moments; j++)
            {
                SafetyFault fault;
                TrialSetup setup = SetupFor(seed, faults, out fault);
                setup.DragMnm = dragFromMnm + i * dragStepMnm;
                setup.Moment = j * momentStep;
                setup.CartridgeSeatedAtS = cartridgeSeatedAtS;
                TrialResult r = SafetyTrial.Run(fault, setup);
                sum.Trials++;
                string problem = Problem(fault, setup, r);
                if (problem != null)
                {
                    sum.Failures++;
                    if (sum.FailureLines.Count < 50)
                        sum.FailureLines.Add(string.Format(CultureInfo.InvariantCulture, "drag {0:F2} mN·m, moment {1:F3}: {2}", setup.DragMnm, setup.Moment, problem));
                }

                trialDone?.Invoke();
            }

            return sum;
        }

        /// <summary>Trials a sweep makes: from, from + step, ... up to to (inclusive, to a millionth of a step).</summary>
        public static int SweepCount(double from, double to, double step)
        {
            return (int)Math.Floor((to - from) / step + 1e-6) + 1;
        }

        /// <summary>Moments a sweep makes: 0, step, ... below 1.</summary>
        public static int MomentCount(double step)
        {
            return (int)Math.Ceiling(1 / step - 1e-6);
        }

        /// <summary>The sweep's printout.</summary>
        public static string RenderSweep(int seed, double dragFromMnm, double dragToMnm, double dragStepMnm, double momentStep, SweepSummary sum)
        {
            SafetyFault fault;
            TrialSetup setup = SetupFor(seed, SafetyFault.All(), out fault);
            var sb = new StringBuilder();
            sb.Append(string.Format(CultureInfo.InvariantCulture,
                "Sweep of campaign seed {0}'s setup ({1}), drag {2:F2}-{3:F2} mN·m in steps of {4:F3} × moment 0-1 in steps of {5:F3}: {6} trials, {7} failed\n\n",
                seed, Describe(seed, fault, setup), dragFromMnm, dragToMnm, dragStepMnm, momentStep, sum.Trials, sum.Failures));
            if (sum.FailureLines.Count > 0)
            {
                sb.Append("Failures (first 50):\n");
                foreach (string line in sum.FailureLines) sb.Append("  ").Append(line).Append('\n');
            }

            return sb.ToString();
        }

        public static string Describe(int seed, SafetyFault fault, TrialSetup s)
        {
            return string.Format(CultureInfo.InvariantCulture, "seed {0}: {1} at {2:F0}/s{3}, {4} needles, moment {5:F2}{6}",
                seed, s.FaultFree ? "fault-free" : fault.Name, s.RateHz, s.Skin ? " on skin ×" + s.LoadScale.ToString("F1", CultureInfo.InvariantCulture) : "",
                s.Needles, s.Moment, s.Second != null ? " + " + s.Second.Name + " after " + s.SecondDelayMs.ToString("F0", CultureInfo.InvariantCulture) + " ms" : "");
        }

        /// <summary>The campaign's printout: the worst case of each bound, and the failures.</summary>
        public static string Render(Summary sum)
        {
            var sb = new StringBuilder();
            sb.Append(string.Format(CultureInfo.InvariantCulture, "Safety campaign: {0} runs ({1} fault-free), {2} failed", sum.Runs, sum.FaultFreeRuns, sum.Failures));
            sb.Append("\n\n");
            var rows = new List<string[]>();
            foreach (KeyValuePair<string, double> kv in sum.WorstMs)
            {
                bool ok = kv.Value <= sum.BoundMs[kv.Key] + 1e-6;
                string verdict = ok ? "pass" : "FAIL";
                rows.Add(new[] { kv.Key, sum.Count[kv.Key].ToString(CultureInfo.InvariantCulture), Ms(kv.Value), "≤ " + sum.BoundMs[kv.Key].ToString("F0", CultureInfo.InvariantCulture), verdict, sum.WorstRun.ContainsKey(kv.Key) ? sum.WorstRun[kv.Key] : "" });
            }

            sb.Append(MarkdownTable.Render(new[] { "bound", "runs", "worst cut-off (ms)", "bound (ms)", "verdict", "worst run" }, rows));
            sb.Append(string.Format(CultureInfo.InvariantCulture, "\nNeedles at rest after every stop that a retraction could bring them in from: worst {0:F2} mm (bound 0){1}.\n",
                sum.WorstNeedleMm, sum.WorstNeedleMm > 0 ? " (" + sum.WorstNeedleRun + ")" : ""));
            sb.Append(string.Format(CultureInfo.InvariantCulture, "From the stop to the needles in or said to be out (fault {0}): worst {1:F3} s (bound {2:F1} s, H-31){3}.\n",
                (int)FaultCode.NeedlesMayBeOut, sum.WorstInOrSaidS, PenLimits.NeedlesInOrSaidMaxMicros * 1e-6, sum.WorstInOrSaidS > 0 ? " (" + sum.WorstInOrSaidRun + ")" : ""));
            if (sum.Impossible.Count > 0)
            {
                sb.Append("Not retractable, and said so by the pen (fault " + (int)FaultCode.NeedlesMayBeOut + "): ");
                bool first = true;
                foreach (KeyValuePair<string, int> kv in sum.Impossible)
                {
                    sb.Append(first ? "" : "; ").Append(kv.Value.ToString(CultureInfo.InvariantCulture)).Append(" × ").Append(kv.Key);
                    first = false;
                }

                sb.Append(".\n");
            }
            if (sum.ResumedAfterPause > 0)
                sb.Append(string.Format(CultureInfo.InvariantCulture, "Freezes short enough to be a pause (the tick interval within the {0} ms tick-late limit, no fault): {1}, the driver dropped by the enable circuit and the pen running again after it.\n",
                    PenLimits.TickLateMicros / 1000, sum.ResumedAfterPause));
            if (sum.FailureLines.Count > 0)
            {
                sb.Append("\nFailures (first 50):\n");
                foreach (string line in sum.FailureLines) sb.Append("  ").Append(line).Append('\n');
            }

            return sb.ToString();
        }

        private static string Ms(double v)
        {
            return double.IsPositiveInfinity(v) ? "never" : v.ToString("F1", CultureInfo.InvariantCulture);
        }
    }
}
