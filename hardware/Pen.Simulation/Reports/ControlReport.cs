using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The stroke control report: every target of the stroke control issue measured on the standard matrix
    /// (RP-1 and RP-2, 12 and 42 needles, 4.2 V and 3.2 V, 50/100/150 strokes/s, tick jitter and pauses on), each
    /// against its target with its margin, next to what no tick-based controller can beat (ControlBounds); and
    /// PNG plots of start-up, contact and lift-off for RP-1 and RP-2 (RatePlot).
    /// </summary>
    public static class ControlReport
    {
        /// <summary>One target: what it measures, its limit, and how to read a case's value.</summary>
        private sealed class Target
        {
            public string Id, What;
            public double Limit;
            public string Unit;
            public Func<ControlResult, double> Value;
            public Func<ControlResult, bool> Applies = _ => true;
            /// <summary>When not null: what the value is made of, shown after it ("HallSensorLost").</summary>
            public Func<ControlResult, string> Detail;
            /// <summary>When not null: the physical floor for this case (a measured value the controller cannot beat).</summary>
            public Func<ControlResult, ControlBounds.Result, double> Floor;
            /// <summary>When not null (the ±2 % settling targets): the share of its windows the ideal controller meets (note 2);
            /// the floor is then "unreachable" below <see cref="ControlBounds.IdealMeetsAtLeast"/>, and the column shows the share.</summary>
            public Func<ControlBounds.Result, double> Ideal;
            /// <summary>With <see cref="Ideal"/>: when the event the settling is counted from happened. Unit: s.</summary>
            public Func<ControlResult, double> EventS;
            /// <summary>"id what": the key the summaries group by.</summary>
            public string Key => Id + " " + What;
        }

        /// <summary>Above this share of strokes on skin beyond ±2 % of their mean at constant duty, the steadiness line
        /// leaves the case out. Unit: fraction.</summary>
        private const double NoisyShare = 0.01;

        private static double SettleFloor(double idealMeets) { return idealMeets < ControlBounds.IdealMeetsAtLeast ? double.PositiveInfinity : 0; }

        private static string ShowIdeal(double idealMeets) { return "ideal " + (idealMeets * 100).ToString("F0", CultureInfo.InvariantCulture) + " % (note 2)"; }

        private static List<Target> Targets()
        {
            return new List<Target>
            {
                new Target { Id = "a1", What = "mean-rate error, every 1 s window, free", Limit = 0.010, Unit = "%", Value = r => r.FreeWindow1s },
                new Target { Id = "a1", What = "mean-rate error, every 1 s window, on skin", Limit = 0.010, Unit = "%", Value = r => r.SkinWindow1s },
                new Target { Id = "a5", What = "mean-rate error, every 5 s window, free", Limit = 0.003, Unit = "%", Value = r => r.FreeWindow5s },
                new Target { Id = "a5", What = "mean-rate error, every 5 s window, on skin", Limit = 0.003, Unit = "%", Value = r => r.SkinWindow5s },
                new Target { Id = "b", What = "stroke-to-stroke RMS on skin (12 needles)", Limit = 0.02, Unit = "%", Value = r => r.SkinStrokeRms, Applies = r => r.Case.Needles == 12, Floor = (r, b) => b.StrokeRmsOnSkin },
                new Target { Id = "c", What = "contact dip (50 ms ramp)", Limit = 0, Unit = "%", Value = r => r.ContactDip, Floor = (r, b) => b.UnavoidableContactDip },
                new Target { Id = "c", What = "within ±2 % after contact", Limit = ControlCaseRunner.ContactSettleLimitS, Unit = "ms", Value = r => r.ContactSettle, Ideal = b => b.IdealMeetsContactSettle, EventS = r => r.ContactS },
                new Target { Id = "c", What = "harsh contact dip (one stroke)", Limit = 0, Unit = "%", Value = r => r.HarshDip, Floor = (r, b) => b.UnavoidableHarshDip },
                new Target { Id = "c", What = "within ±2 % after harsh contact", Limit = ControlCaseRunner.HarshSettleLimitS, Unit = "ms", Value = r => r.HarshSettle, Ideal = b => b.IdealMeetsHarshSettle, EventS = r => r.HarshS },
                new Target { Id = "c", What = "lift-off overshoot", Limit = ControlCase.LiftOvershootLimit, Unit = "%", Value = r => r.LiftOvershoot, Floor = (r, b) => b.UnavoidableLiftOvershoot },
                new Target { Id = "c", What = "within ±2 % after lift-off", Limit = 0.200, Unit = "ms", Value = r => r.LiftSettle },
                new Target { Id = "d", What = "start from rest: within ±2 % after", Limit = 0.300, Unit = "ms", Value = r => r.StartSettle },
                new Target { Id = "d", What = "start from rest: overshoot", Limit = 0.05, Unit = "%", Value = r => r.StartOvershoot },
                new Target { Id = "d", What = "adjacent level change: within ±2 % after", Limit = 0.250, Unit = "ms", Value = r => r.LevelChangeSettle },
                new Target { Id = "e", What = "peak shaft speed (rated 13,000 rpm)", Limit = 13000, Unit = "rpm", Value = r => r.MaxShaftRpm },
                new Target { Id = "f", What = "needles in after the stop command", Limit = 0.300, Unit = "ms", Value = r => r.ParkSeconds },
                new Target { Id = "g", What = "faults raised (none injected)", Limit = 0, Unit = "faults", Value = r => r.Faults.Length,
                    Detail = r => string.Join(", ", Array.ConvertAll(r.Faults, f => ((global::Pen.Core.Safety.FaultCode)f).ToString())) },
            };
        }

        /// <summary>Every target's key ("id what"), in the report's order.</summary>
        public static List<string> TargetKeys()
        {
            var keys = new List<string>();
            foreach (Target t in Targets()) keys.Add(t.Key);
            return keys;
        }

        /// <summary>The dip limits depend on the cartridge: 5 % / 10 % (standard), 10 % / 20 % (harsh).</summary>
        private static double LimitFor(Target t, ControlResult r)
        {
            if (t.What.StartsWith("contact dip", StringComparison.Ordinal)) return r.Case.ContactDipLimit;
            if (t.What.StartsWith("harsh contact dip", StringComparison.Ordinal)) return r.Case.HarshDipLimit;
            return t.Limit;
        }

        /// <summary>One target's verdict in one case.</summary>
        public sealed class Verdict
        {
            /// <summary>"id what", the key the summaries group by.</summary>
            public string Key;
            public string Id, What, Unit;
            public double Value, Limit, Floor;
            /// <summary>The measured value as shown, with what it is made of where the target says.</summary>
            public string ValueShown;
            /// <summary>The floor column's text.</summary>
            public string FloorShown;
            /// <summary>For a ±2 % settling target: the share of its windows the ideal controller meets (note 2), else NaN.</summary>
            public double IdealMeets = double.NaN;
            /// <summary>"ok", "FAIL" (missed where the plant allows meeting it) or "unreachable".</summary>
            public string Outcome;
            /// <summary>The stroke that decided the value began during a tick pause or soon after one (ControlResult.DecidedAfterPause).</summary>
            public bool AfterPause;
        }

        /// <summary>One case run and judged: the run, its floors, and every target's verdict.</summary>
        public sealed class CaseOutcome
        {
            public ControlCase Case;
            public ControlResult Run;
            public ControlBounds.Result Bounds;
            public readonly List<Verdict> Verdicts = new List<Verdict>();
            /// <summary>The case counts in the steadiness line (constant duty keeps ≥ 99 % of its strokes on skin within ±2 %).</summary>
            public bool Steady => Bounds.ShareOutside2Percent <= NoisyShare;
        }

        /// <summary>Runs one case and its floors and judges every target.</summary>
        public static CaseOutcome Evaluate(ControlCase c)
        {
            var o = new CaseOutcome { Case = c, Run = ControlCaseRunner.Run(c), Bounds = ControlBounds.Measure(c) };
            ControlResult r = o.Run;
            ControlBounds.Result b = o.Bounds;
            foreach (Target t in Targets())
            {
                if (!t.Applies(r)) continue;
                double v = t.Value(r);
                double limit = LimitFor(t, r);
                bool ok = !double.IsNaN(v) && v <= limit;
                double ideal = t.Ideal == null ? double.NaN : t.Ideal(b);
                double floor = t.Ideal != null ? SettleFloor(ideal) : t.Floor == null ? double.NaN : t.Floor(r, b);
                o.Verdicts.Add(new Verdict
                {
                    Key = t.Key, Id = t.Id, What = t.What, Unit = t.Unit, Value = v, Limit = limit, Floor = floor,
                    ValueShown = Show(v, t.Unit) + (t.Detail != null && v > 0 ? " (" + t.Detail(r) + ")" : ""),
                    FloorShown = t.Ideal != null ? ShowIdeal(ideal) : double.IsNaN(floor) ? "" : Show(floor, t.Unit),
                    IdealMeets = ideal,
                    Outcome = ok ? "ok" : (!double.IsNaN(floor) && floor > limit ? "unreachable" : "FAIL"),
                    AfterPause = r.DecidedAfterPause.Contains(t.Key),
                });
                Verdict last = o.Verdicts[o.Verdicts.Count - 1];
                if (last.Outcome != "FAIL" || t.EventS == null || !(v > 0)) continue;
                if (AcrossCutUnreachable(r, t.EventS(r) + v, out string shown))
                {
                    last.Outcome = "unreachable";
                    last.Floor = double.PositiveInfinity;
                    last.FloorShown = shown;
                }
                else if (shown != null) last.FloorShown += "; " + shown;
            }

            return o;
        }

        /// <summary>
        /// Note 3: whether a ±2 % settling verdict whose deciding stroke (the last outside ±2 %, ending at
        /// <paramref name="strokeEndS"/>) is a tick pause's (the pause ended after <see cref="ControlCaseRunner.AfterPauseS"/>
        /// before the stroke began, or before it ended) in which the enable circuit cut the drive is beyond the best
        /// controller that samples once a tick: no make-up duty on the first tick after the pause keeps every stroke of
        /// the pause's stretch within ±2 % of the setpoint (ControlBounds.AcrossCut). <paramref name="shown"/> is the floor
        /// column's text then, or, where a make-up exists, what it keeps the stretch to (null: no such pause).
        /// </summary>
        public static bool AcrossCutUnreachable(ControlResult r, double strokeEndS, out string shown)
        {
            shown = null;
            double start = new StrokeTimeline(r.StrokeTimes).StrokeStart(strokeEndS);
            if (double.IsNaN(start)) return false;
            foreach (CutPause pause in r.CutPauses)
            {
                if (pause.ResumeTickS <= start - ControlCaseRunner.AfterPauseS || pause.ResumeTickS > strokeEndS) continue;
                ControlBounds.CutFloor f = ControlBounds.AcrossCut(r.Case, pause);
                if (f.BestWorst <= 0.02)
                {
                    shown = "across the cut a make-up keeps the strokes within ±" + Show(f.BestWorst, "%") + " (note 3)";
                    return false;
                }

                shown = "unreachable: the enable circuit's cut in a tick pause (best make-up " + Show(f.BestWorst, "%") + ", note 3)";
                return true;
            }

            return false;
        }

        /// <summary>
        /// Runs the matrix with every case's press and timeline delayed by <paramref name="shiftS"/> (ControlCase.ShiftS; unit:
        /// s), writes control.md and the plots into outDir and returns the report text. <paramref name="failures"/> counts
        /// targets missed where the plant allows meeting them; <paramref name="newMisses"/> lists each missed target that is not
        /// a known gap (KnownGaps, control-known-gaps.txt) or is worse than the value listed for it: the command fails on these.
        /// </summary>
        public static string Run(string outDir, int seed, double shiftS, out int failures, out int unreachable, out List<string> newMisses)
        {
            newMisses = new List<string>();
            var knownGaps = KnownGaps.Control();
            var knownShown = new List<string>();
            Directory.CreateDirectory(outDir);
            var rows = new List<string[]>();
            failures = 0;
            unreachable = 0;
            var summary = new Dictionary<string, int[]>(); // target → {ok, fail, unreachable}
            var actRows = new List<string[]>();
            int beyond = 0, steady = 0, cutouts = 0, cutoutCases = 0;
            double cutoutSeconds = 0;
            double waitMin = double.NaN, waitMax = double.NaN;
            double beyondAtConstantDuty = 0;
            double quietInRange = double.MaxValue;
            int beyondAfterPause = 0;
            string quietCase = "";
            foreach (ControlCase c in ControlCase.StandardMatrix(seed, shiftS))
            {
                CaseOutcome o = Evaluate(c);
                ControlResult r = o.Run;
                ControlBounds.Result b = o.Bounds;
                if (b.OrdinaryStrokesInRangeS < quietInRange)
                {
                    quietInRange = b.OrdinaryStrokesInRangeS;
                    quietCase = c.Name;
                }
                if (!(r.CartridgeWaitS >= waitMin)) waitMin = r.CartridgeWaitS;
                if (!(r.CartridgeWaitS <= waitMax)) waitMax = r.CartridgeWaitS;
                cutouts += r.HeartbeatCutouts;
                cutoutSeconds += r.HeartbeatCutoutSeconds;
                if (r.HeartbeatCutouts > 0) cutoutCases++;
                if (o.Steady)
                {
                    beyond += r.StrokesBeyond2Percent;
                    beyondAfterPause += r.StrokesBeyond2PercentAfterPause;
                    steady += r.StrokesSteady;
                    beyondAtConstantDuty += b.ShareOutside2Percent * r.StrokesSteady;
                }

                actRows.Add(ActRow(c.Name, "contact (50 ms ramp)", "dip", r.ContactDip, c.ContactDipLimit, b.ContactActByS, b.ContactAtNeedlesS, b.ContactInformedS, r.ContactResponseS));
                actRows.Add(ActRow(c.Name, "harsh contact (one stroke)", "dip", r.HarshDip, c.HarshDipLimit, b.HarshActByS, b.HarshAtNeedlesS, b.HarshInformedS, r.HarshResponseS));
                actRows.Add(ActRow(c.Name, "lift-off (20 ms ramp)", "overshoot", r.LiftOvershoot, ControlCase.LiftOvershootLimit, b.LiftActByS, b.LiftAtNeedlesS, b.LiftInformedS, r.LiftResponseS));
                foreach (Verdict v in o.Verdicts)
                {
                    string verdict = v.Outcome;
                    if (v.Outcome == "FAIL")
                    {
                        failures++;
                        KnownGaps.Gap gap = knownGaps.Find(g => g.Seed == seed && g.Case == c.Name && g.Target == v.Key);
                        if (gap != null && v.Value <= gap.Worst)
                        {
                            verdict = "FAIL (known gap, listed at " + Show(gap.Worst, v.Unit) + ")";
                            knownShown.Add(c.Name + " " + v.Key);
                        }
                        else
                        {
                            verdict = "FAIL (new" + (gap != null ? ": worse than the listed " + Show(gap.Worst, v.Unit) : "") + ")";
                            newMisses.Add(c.Name + ": " + v.Key + " " + v.ValueShown + " (limit " + Show(v.Limit, v.Unit) + ")" + (gap != null ? ", worse than the known gap's " + Show(gap.Worst, v.Unit) : ", not a known gap"));
                        }
                    }

                    if (v.Outcome == "unreachable") unreachable++;
                    if (!summary.ContainsKey(v.Key)) summary[v.Key] = new int[3];
                    summary[v.Key][v.Outcome == "ok" ? 0 : v.Outcome == "FAIL" ? 1 : 2]++;
                    rows.Add(new[]
                    {
                        c.Name, v.Id, v.What, v.ValueShown, Show(v.Limit, v.Unit), v.Outcome == "ok" ? Show(v.Limit - v.Value, v.Unit) : "-",
                        v.FloorShown, verdict,
                    });
                }
            }

            var sb = new StringBuilder();
            sb.Append("# Stroke control report\n\n");
            sb.Append("Firmware " + global::Pen.Core.FirmwareIdentity.Version + " (build " + global::Pen.Core.FirmwareIdentity.Build + "), seed " + seed.ToString(CultureInfo.InvariantCulture)
                      + (shiftS != 0 ? ", press and timeline delayed by " + shiftS.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "")
                      + ", " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ".\n\n");
            sb.Append("Standard matrix: RP-1 (battery; cell at 4.2 V and 3.2 V open circuit) and RP-2 (corded, 7.4 V), 12- and 42-needle cartridges, 50/100/150 strokes/s, depth 1.5 mm, tick 10 ms ±3 ms with 20–50 ms pauses on 0.5 % of ticks, seed " + seed.ToString(CultureInfo.InvariantCulture) + ". ");
            sb.Append("One timeline per case: start from rest; 7 s free; skin contact (load ramps in 50 ms); 7 s on skin; lift-off; contact within one stroke (harsh); lift-off; change to the adjacent speed level (±20 strokes/s); stop. ");
            sb.Append("The cartridge is seated at power-on, so the first start measures it first (Commissioning/README.md: its needles turn in the air, the pen showing that it measures) and the timeline waits with it: the start's targets are judged from the treatment drive's start, not from the press; the wait itself took " + Show(waitMin, "ms") + " to " + Show(waitMax, "ms") + " over the cases. ");
            sb.Append("Every value comes from the plant's truth (the times the cam passed the needle-retracted point).\n\n");
            sb.Append("## Summary by target\n\n");
            var srows = new List<string[]>();
            foreach (KeyValuePair<string, int[]> kv in summary)
            {
                int known = knownShown.FindAll(k => k.EndsWith(" " + kv.Key)).Count;
                string verdict = kv.Value[1] == 0 ? "met" : kv.Value[1] == known ? "missed: known gap" : "MISSED (new)";
                srows.Add(new[] { kv.Key, kv.Value[0].ToString(CultureInfo.InvariantCulture), kv.Value[1].ToString(CultureInfo.InvariantCulture), kv.Value[2].ToString(CultureInfo.InvariantCulture), verdict });
            }
            sb.Append(MarkdownTable.Render(new[] { "target", "cases met", "missed", "physically unreachable", "verdict" }, srows));
            sb.Append("\nSteadiness: " + beyond.ToString(CultureInfo.InvariantCulture) + " of " + steady.ToString(CultureInfo.InvariantCulture) +
                      " strokes more than 2 % off the setpoint outside the transients the targets allow (from 300 ms after the start, 200 ms after contact and lift-off, 250 ms after the harsh contact, to the next event), over the cases where constant duty keeps at least 99 % of the strokes on skin within ±2 % of their mean; at constant duty about " +
                      beyondAtConstantDuty.ToString("F0", CultureInfo.InvariantCulture) + " of them would be. " + beyondAfterPause.ToString(CultureInfo.InvariantCulture) + " of them began during a tick pause or within " + Show(ControlCaseRunner.AfterPauseS, "ms") + " after one. Less chaotic than the verdicts: a ±2 % settling verdict turns on the one worst stroke.\n");
            sb.Append("\nTick pauses against the heartbeat: the enable circuit took the drive away " + cutouts.ToString(CultureInfo.InvariantCulture) + " times in " +
                      cutoutCases.ToString(CultureInfo.InvariantCulture) + " cases, " + (cutoutSeconds * 1000).ToString("F1", CultureInfo.InvariantCulture) +
                      " ms in all, while the firmware was running: pauses longer than its 45 ms hold (it must drop a frozen firmware's drive within 50 ms; the pauses allowed are up to 50 ms: docs/hazards.md, open items). The strokes around them count in the verdicts above.\n");
            sb.Append("\nNotes:\n");
            sb.Append("1. \"floor\" is what no controller ticking every 10 ms can guarantee to beat at every cam phase (a run, at one phase, may come out a little below it), measured on the plant alone (ControlBounds): at contact and lift-off, a controller that knows of the load change the instant the motor current shows it (the current, noise-free, outside the range ordinary strokes give it at that cam phase, and the needles in the skin with a load no ordinary stroke of the old contact makes: each stroke's own load varies by ±20 %; see \"How soon a controller must act\") and acts at the latest first tick after that (13 ms with jitter) with the strongest action there is (the bridge shorted against an overshoot, full duty against a dip, to the end of the stroke in progress); its worst excursion over " + ControlBounds.ActionPhases.ToString(CultureInfo.InvariantCulture) + " cam phases at which the event can begin. For rms, the stroke-to-stroke spread that each stroke's own skin load (×(1 ± 0.2)) causes at constant duty. A target is \"unreachable\" for a case when its floor exceeds it.\n");
            sb.Append("   The range of the current over ordinary strokes is recorded over " + Show(ControlBounds.EnvelopeS, "s") + " of them just before the event. It can be narrower than all ordinary strokes: on skin with no change, they left it after " + Show(quietInRange, "ms") + " at the earliest (" + quietCase + "; " + Show(ControlBounds.QuietCheckS, "ms") + " watched in each case). That can only make \"in the current by\" early and the floor low, on the safe side for calling a target unreachable.\n");
            sb.Append("2. For the ±2 % settling targets the floor is how often the best controller that samples about once per stroke would meet them (\"ideal\"): it cannot know a stroke's own load before the stroke, so it can do no better than constant duty with its mean held on the setpoint. Constant duty on skin for " + Show(ControlBounds.IdealRunS, "s") + ", every window as long as the target watches after its allowed settling (" + Show(ControlCaseRunner.SettleWatchS - ControlCaseRunner.ContactSettleLimitS, "ms") + " after contact, " + Show(ControlCaseRunner.SettleWatchS - ControlCaseRunner.HarshSettleLimitS, "ms") + " after the harsh contact), one starting at each stroke: the share of them with every stroke within ±2 % of the mean over the second around it (the slow drift that any controller takes out is not counted). Where that share is under " + (ControlBounds.IdealMeetsAtLeast * 100).ToString("F0", CultureInfo.InvariantCulture) + " %, even that controller would miss the target more often than not, and a miss is \"unreachable\". At 42 needles and 50 strokes/s a fifth to a third of the strokes are beyond ±2 % at constant duty, and the ideal meets it in none of the windows.\n");
            sb.Append("3. A ±2 % settling verdict whose deciding stroke (the last one outside ±2 %) is a tick pause's (it began during the pause or at most " + Show(ControlCaseRunner.AfterPauseS, "ms") + " after it, or straddles its end) in which the enable circuit cut the drive (the pause outlasted its hold; the plant counts the cut) is judged on the plant alone from its state at the last tick before that pause: the ideal's duty (note 2's, constant, its mean rate on the setpoint from that state) held through the pause, the same cut, then the best single make-up duty on the first tick after the pause (every duty from 0 to 1, in steps of " + ControlBounds.MakeUpFineStep.ToString("0.###", CultureInfo.InvariantCulture) + " around the best) and the ideal's duty after it. During the pause no controller can act and the cut is the hardware's; after it a controller can, so the floor is this one event's, not every pause's. If no make-up keeps every stroke of that stretch (those ending after the last tick before the pause and beginning at most " + Show(ControlCaseRunner.AfterPauseS, "ms") + " after the first tick after it) within ±2 % of the setpoint, the verdict is \"unreachable: the enable circuit's cut in a tick pause\"; otherwise it stays a miss.\n\n");
            sb.Append("## Every case\n\n");
            sb.Append(MarkdownTable.Render(new[] { "case", "id", "target", "measured", "limit", "margin", "floor", "verdict" }, rows));
            sb.Append("\n## How soon a controller must act\n\n");
            sb.Append("For each load change: the latest time after the event at which the strongest action (bridge shorted against an overshoot, full duty against a dip, held to the end of the stroke in progress) still keeps the excursion within its limit, on the plant alone, for the worst of " + ControlBounds.ActionPhases.ToString(CultureInfo.InvariantCulture) + " cam phases at which the event can begin (\"act by\"; " + Show(ControlBounds.ActionHorizonS, "ms") + " means later than that is still enough); and when the firmware first responded in this run (its duty a quarter of the way from the holding duty before the event to the one after). ");
            sb.Append("\"At the needles by\" is when the needles first feel a load no ordinary stroke of the old contact gives them (each stroke's own load varies by ±20 %): what a load sensor at the needles would know. \"In the current by\" is when the motor current, noise-free and sampled every 250 µs, first leaves the range ordinary strokes give it at the same cam phase (and not before the needles feel it): the firmware senses load only through the motor (current, back-EMF speed, Hall edges: one rotor speed), and the current answers a fall of load only as the rotor speeds up (τ_m ≈ 10 ms). Both are the latest of the same cam phases. No controller on this pen can know of the change before \"in the current by\", and a tick-based one acts up to a tick (13 ms with jitter) after that. Where that sum is later than \"act by\", the limit may not be met at every cam phase; the floor in the table above settles it, phase by phase (the latest phases of the two columns need not be the same phase). ");
            sb.Append("The firmware sees a load change in the motor current averaged over one stroke (each stroke's own load varies by ±20 %), so at 50 strokes/s it responds about one stroke (20 ms) plus a tick after the change has fully arrived.\n\n");
            sb.Append(MarkdownTable.Render(new[] { "case", "event", "measured", "limit", "act by (plant alone)", "at the needles by", "in the current by", "firmware responded at" }, actRows));
            sb.Append("\nRerun: `dotnet run --project hardware/Pen.Simulator -- report control --out <dir>" + (seed != 1 ? " --seed " + seed.ToString(CultureInfo.InvariantCulture) : "") + (shiftS != 0 ? " --shift " + shiftS.ToString("0.###", CultureInfo.InvariantCulture) : "") + "`\n");
            sb.Append("\nVerdict: " + (newMisses.Count == 0 ? "no miss beyond the known gaps (" + knownShown.Count + " known, hardware/Pen.Simulation/Reports/control-known-gaps.txt)" : newMisses.Count + " new or worse miss(es), the command fails:\n\n- " + string.Join("\n- ", newMisses)) + "\n");
            Plots(outDir, sb, seed, shiftS, "firmware " + global::Pen.Core.FirmwareIdentity.Version + " (" + global::Pen.Core.FirmwareIdentity.Build + "), seed " + seed.ToString(CultureInfo.InvariantCulture) + ", " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(outDir, "control.md"), sb.ToString());
            return sb.ToString();
        }

        private static string[] ActRow(string name, string evt, string what, double measured, double limit, double actByS, double atNeedlesS, double informedS, double responseS)
        {
            return new[]
            {
                name, evt, Show(measured, "%") + " " + what, Show(limit, "%"),
                actByS <= 0 ? "not even at once" : Show(actByS, "ms"), Show(atNeedlesS, "ms"), Show(informedS, "ms"), double.IsNaN(responseS) ? "no change" : Show(responseS, "ms"),
            };
        }

        /// <summary>A value in its unit as the reports print it (fractions as %, seconds as ms).</summary>
        internal static string Show(double v, string unit)
        {
            if (double.IsNaN(v)) return "n/a";
            switch (unit)
            {
                case "%": return (v * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
                case "ms": return (v * 1000).ToString("F0", CultureInfo.InvariantCulture) + " ms";
                case "faults": return v.ToString("F0", CultureInfo.InvariantCulture);
                default: return v.ToString("F0", CultureInfo.InvariantCulture) + " " + unit;
            }
        }

        // ------------------------------------------------------------------ plots

        /// <summary>The firmware's setpoint and estimate at each tick, for the plots.</summary>
        private sealed class Series : ITickSink
        {
            public readonly List<double> TimeS = new List<double>(), SetpointHz = new List<double>(), EstimateHz = new List<double>();
            public readonly StringBuilder Data = new StringBuilder();
            public void OnTick(in TickRow r)
            {
                TimeS.Add(r.TimeS);
                SetpointHz.Add(r.SetpointHz);
                EstimateHz.Add(r.MeasuredRateHz);
                Data.Append(r.TimeS.ToString("F4", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(r.SetpointHz.ToString("F3", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(r.MeasuredRateHz.ToString("F3", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(r.Duty.ToString("F4", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        /// <summary>The limits the targets judge at an event, as lines on its plot.</summary>
        private static List<RatePlot.PlotLimit> LimitsOf(string eventName, ControlCase c)
        {
            var l = new List<RatePlot.PlotLimit>();
            double f = c.SetpointHz;
            switch (eventName)
            {
                case "start":
                    l.Add(new RatePlot.PlotLimit { Value = f * 1.05, Label = "limit: start overshoot 5 %" });
                    l.Add(new RatePlot.PlotLimit { Value = 0.300, IsTime = true, Label = "limit: within ±2 % by 300 ms" });
                    break;
                case "contact":
                    l.Add(new RatePlot.PlotLimit { Value = f * (1 - c.ContactDipLimit), Label = "limit: contact dip " + (c.ContactDipLimit * 100).ToString("0", CultureInfo.InvariantCulture) + " %" });
                    l.Add(new RatePlot.PlotLimit { Value = ControlCaseRunner.ContactSettleLimitS, IsTime = true, Label = "limit: within ±2 % after contact" });
                    break;
                default:
                    l.Add(new RatePlot.PlotLimit { Value = f * (1 + ControlCase.LiftOvershootLimit), Label = "limit: lift-off overshoot 5 %" });
                    l.Add(new RatePlot.PlotLimit { Value = 0.200, IsTime = true, Label = "limit: within ±2 % by 200 ms" });
                    break;
            }

            return l;
        }

        /// <summary>Start-up, contact and lift-off of RP-1 (4.2 V) and RP-2 at 100/s (cases of the matrix), 12 and 42 needles: a PNG each
        /// (RatePlot), and the data behind them (&lt;case&gt;-ticks.dat: t_s setpoint_hz estimate_hz duty;
        /// &lt;case&gt;-strokes.dat: t_s true_rate_hz).</summary>
        private static void Plots(string outDir, StringBuilder sb, int seed, double shiftS, string stamp)
        {
            sb.Append("\n## Plots\n\n");
            sb.Append("Cases of the matrix above (RP-1 at 4.2 V, RP-2; 100 strokes/s), each event with the limits its targets judge in red; stamped with the firmware, the seed and the date.\n\n");
            foreach (string plant in new[] { "RP-1", "RP-2" })
            foreach (int needles in new[] { 12, 42 })
            {
                var c = new ControlCase { Plant = plant, Needles = needles, SupplyVolts = plant == "RP-1" ? 4.2 : 0, SetpointHz = 100, Seed = seed, ShiftS = shiftS };
                var series = new Series();
                ControlResult r = ControlCaseRunner.Run(c, series);
                string stem = plant.ToLowerInvariant() + "-" + needles + "n";
                File.WriteAllText(Path.Combine(outDir, stem + "-ticks.dat"), series.Data.ToString());
                var strokes = new StringBuilder();
                for (int i = 1; i < r.StrokeTimes.Length; i++)
                    strokes.Append(r.StrokeTimes[i].ToString("F5", CultureInfo.InvariantCulture)).Append(' ')
                        .Append((1 / (r.StrokeTimes[i] - r.StrokeTimes[i - 1])).ToString("F3", CultureInfo.InvariantCulture)).Append('\n');
                File.WriteAllText(Path.Combine(outDir, stem + "-strokes.dat"), strokes.ToString());
                foreach ((string name, double at, double before, double after) in new[]
                         {
                             ("start", r.StartS, 0.05, 0.6), ("contact", r.ContactS, 0.1, 0.5), ("liftoff", r.LiftS, 0.1, 0.5),
                         })
                {
                    string png = stem + "-" + name + ".png";
                    RatePlot.Write(Path.Combine(outDir, png), c.Name + ": " + name, at, at - before, at + after, c.SetpointHz,
                        r.StrokeTimes, series.TimeS, series.SetpointHz, series.EstimateHz, LimitsOf(name, c), stamp);
                    sb.Append("![" + c.Name + " " + name + "](" + png + ")\n");
                }
            }
        }
    }
}
