using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Metering;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// `report park`: the park after the stop command (Control/NeedleRetraction, a park from running) on the control
    /// report's timeline, its press and timeline shifted over a range of delays (ControlCase.ShiftS), so the stop falls on
    /// many cam phases. Per pen and rate: the parks whose needles moved further out after the retraction's first brake
    /// ended than where that brake left them (the cam crossing the bottom of the stroke, or a first pass the long way),
    /// how far, the park's time to needles in (the control report's target f, 300 ms) and the parks that needed a second
    /// pass. The pens are the variation matrix's 12-, 24- and 42-needle ones by default, or any of its pens by name
    /// (ControlVariations). H-34's bound (docs/hazards.md): after the brake the needles go no further out than where it left
    /// them by more than <see cref="PenLimits.ParkNeedlesBeyondBrakeMaxMm"/>; a park that breaks it fails the report. The
    /// watch reads the firmware with the IL meter's counters put back, so it does not move the timeline.
    /// </summary>
    public static class ParkReport
    {
        /// <summary>The control report's park target (f): needles in within this of the first parking tick. Unit: s.</summary>
        public const double ParkLimitS = 0.300;

        /// <summary>One park, measured on the plant's truth.</summary>
        public sealed class Park
        {
            public int Needles;
            /// <summary>The variation matrix's pen (ControlVariations.Pens).</summary>
            public string Pen;
            public double RateHz;
            public int Seed;
            public double ShiftS;
            /// <summary>First parking tick to needles in and staying in (NaN: never). Unit: s.</summary>
            public double ParkS;
            /// <summary>Crawl passes the retraction made.</summary>
            public int Passes;
            /// <summary>The retraction's result.</summary>
            public RetractionResult Result;
            /// <summary>The cam at the first brake's end, past the retracted point (0–360). Unit: °.</summary>
            public double BrakeEndCamDeg = double.NaN;
            /// <summary>Needle tips out at the first brake's end. Unit: mm.</summary>
            public double BrakeEndNeedleMm = double.NaN;
            /// <summary>The most the needle tips went back out after the first brake's end: the largest rise of their
            /// extension above the least it had been since that end (≥ 0; where the brake left them, or nearer in). Unit: mm.</summary>
            public double ExtensionMm;
            /// <summary>The most the needle tips went further out than where the first brake's end left them (≥ 0). Unit: mm.</summary>
            public double BeyondBrakeMm;
            /// <summary>The cam entered the Hall window after the first brake's end and before the first crawl, and the crawl
            /// began outside it: the settle swung it through the window (the firmware sees an edge, not its direction).</summary>
            public int SettleWindowEntries;
            /// <summary>H-34: the needles went further out than where the brake left them by more than <see cref="PenLimits.ParkNeedlesBeyondBrakeMaxMm"/>.</summary>
            public bool OverBound => BeyondBrakeMm > PenLimits.ParkNeedlesBeyondBrakeMaxMm;
            /// <summary>The needle tips went back out after coming in (<see cref="ExtensionMm"/>) by more than the calibrated depth's
            /// accuracy (<see cref="PenLimits.DepthAccuracyMm"/>, the least move the pen is said to make): not bounded by H-34
            /// (docs/open-defects.md D-15).</summary>
            public bool BackOut => ExtensionMm > PenLimits.DepthAccuracyMm;
            /// <summary>The cam crossed the bottom of the stroke (180°) after the first brake's end.</summary>
            public bool CrossedBottom;
            /// <summary>The first crawl began with the cam at this angle past the retracted point (NaN: no crawl). Unit: °.</summary>
            public double FirstPassCamDeg = double.NaN;
            /// <summary>The first crawl went the long way: forward with the cam on its way out (under 180°), or in reverse on its way in.</summary>
            public bool FirstPassLongWay;
            /// <summary>The park's first settle kept the bridge on (the motor shorted, NeedleRetraction.SpringCreepsIntoWindow) on
            /// its first tick after the brake.</summary>
            public bool SettleShorted;
        }

        /// <summary>The needles of the pens it runs (ControlVariations' "N needles" pens).</summary>
        public static readonly int[] DefaultNeedles = { 12, 24, 42 };

        /// <summary>One park: the control case of the pen with <paramref name="needles"/> at <paramref name="hz"/>, seed and shift.</summary>
        public static Park RunOne(int needles, double hz, int seed, double shiftS)
        {
            return RunOne(needles + " needles", hz, seed, shiftS);
        }

        /// <summary>One park on the variation matrix's pen named <paramref name="penName"/> (ControlVariations.Pens).</summary>
        public static Park RunOne(string penName, double hz, int seed, double shiftS)
        {
            ControlVariations.Pen pen = ControlVariations.Pens().FirstOrDefault(p => p.Name == penName)
                                        ?? throw new ArgumentException("no variation pen named \"" + penName + "\"");
            int needles = pen.Needles;
            ControlCase c = ControlVariations.CaseFor(pen, hz, seed);
            c.ShiftS = shiftS;
            var watch = new Watch();
            ControlResult r = ControlCaseRunner.Run(c, watch, watch.Attach);
            Park p = watch.Result;
            p.Needles = needles;
            p.Pen = penName;
            p.RateHz = hz;
            p.Seed = seed;
            p.ShiftS = shiftS;
            p.ParkS = r.ParkSeconds;
            return p;
        }

        /// <summary>Every park of the sweep: each pen at each rate at each shift, on one seed (in parallel, in order).</summary>
        public static List<Park> Run(IList<int> needles, IList<double> ratesHz, IList<double> shiftsS, int seed, Action step = null)
        {
            return Run(needles.Select(n => n + " needles").ToList(), ratesHz, shiftsS, seed, step);
        }

        /// <summary>Every park of the sweep on the variation matrix's pens named <paramref name="pens"/>.</summary>
        public static List<Park> Run(IList<string> pens, IList<double> ratesHz, IList<double> shiftsS, int seed, Action step = null)
        {
            var jobs = new List<(string N, double Hz, double S)>();
            foreach (string n in pens)
            foreach (double hz in ratesHz)
            foreach (double s in shiftsS)
                jobs.Add((n, hz, s));
            var parks = new Park[jobs.Count];
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                parks[i] = RunOne(jobs[i].N, jobs[i].Hz, seed, jobs[i].S);
                step?.Invoke();
            });
            return parks.ToList();
        }

        /// <summary>The shifts FROM-TO:STEP (seconds; e.g. 0-2:0.01), FROM to TO inclusive.</summary>
        public static List<double> Shifts(double fromS, double toS, double stepS)
        {
            var list = new List<double>();
            int n = (int)Math.Floor((toS - fromS) / stepS + 1e-9);
            for (int k = 0; k <= n; k++) list.Add(Math.Round(fromS + k * stepS, 6));
            return list;
        }

        /// <summary>The report: one row per pen and rate, and the worst parks listed.</summary>
        public static string Render(IList<Park> parks, string command)
        {
            return Render(parks, command, out _);
        }

        /// <summary>The report; <paramref name="failures"/>: the parks that break H-34's bound.</summary>
        public static string Render(IList<Park> parks, string command, out int failures)
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append("# The park after the stop command, over shifts of the timeline\n\n");
            sb.Append("Rerun: `").Append(command).Append("`\n\n");
            sb.Append("The control report's timeline (`report control --variations`' 12/24/42-needle pens) with its press and timeline shifted, ")
              .Append("so the stop falls on many cam phases. After the brake: from the end of the retraction's first brake. ")
              .Append("Long way: the first crawl went forward with the cam on its way out (0–180°) or in reverse on its way in. ")
              .Append("Extension: how far the needle tips went back out after the first brake's end, above the least they had been since (where the brake left them or nearer in; plant truth, every plant step); beyond the brake: above where the brake left them. Back out: an extension over the calibrated depth's accuracy (`PenLimits.DepthAccuracyMm`), needles that came in and went back out, not bounded by H-34 (docs/open-defects.md D-15). ")
              .Append("H-34 (docs/hazards.md): beyond the brake at most ").Append(PenLimits.ParkNeedlesBeyondBrakeMaxMm.ToString("0.00", inv))
              .Append(" mm (`PenLimits.ParkNeedlesBeyondBrakeMaxMm`); a park over it fails the report. Swung through the window: the cam entered the Hall window after the brake's end and the first crawl began outside it (the firmware sees an edge, not its direction). ")
              .Append("Park time: first parking tick to needles in and staying in (target f: ")
              .Append((ParkLimitS * 1000).ToString("0", inv)).Append(" ms).\n\n");
            sb.Append("| pen | rate /s | parks | crossed the bottom after the brake | first pass the long way | crawled | largest extension after the brake (back out), mm | back out over the depth's accuracy | largest beyond the brake's rest, mm | over H-34's bound (of them swung through the window in the settle) | park time median / 90 % / longest, ms | over ")
              .Append((ParkLimitS * 1000).ToString("0", inv)).Append(" ms | second passes | not retracted |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            List<string> penOrder = parks.Select(p => p.Pen).Distinct().ToList();
            foreach (var g in parks.GroupBy(p => (p.Pen, p.RateHz)).OrderBy(g => penOrder.IndexOf(g.Key.Pen)).ThenBy(g => g.Key.RateHz))
            {
                List<Park> list = g.ToList();
                double[] times = list.Select(p => double.IsNaN(p.ParkS) ? double.PositiveInfinity : p.ParkS).OrderBy(t => t).ToArray();
                Park worstExt = list.OrderByDescending(p => p.ExtensionMm).First();
                Park worstBeyond = list.OrderByDescending(p => p.BeyondBrakeMm).First();
                sb.Append("| ").Append(g.Key.Pen).Append(" | ").Append(g.Key.RateHz.ToString("0", inv)).Append(" | ").Append(list.Count)
                  .Append(" | ").Append(list.Count(p => p.CrossedBottom))
                  .Append(" | ").Append(list.Count(p => p.FirstPassLongWay))
                  .Append(" | ").Append(list.Count(p => !double.IsNaN(p.FirstPassCamDeg)))
                  .Append(" | ").Append(worstExt.ExtensionMm.ToString("0.00", inv)).Append(worstExt.ExtensionMm > 0.005 ? " (shift " + worstExt.ShiftS.ToString("0.00", inv) + ")" : "")
                  .Append(" | ").Append(list.Count(p => p.BackOut))
                  .Append(" | ").Append(worstBeyond.BeyondBrakeMm.ToString("0.00", inv)).Append(worstBeyond.BeyondBrakeMm > 0.005 ? " (shift " + worstBeyond.ShiftS.ToString("0.00", inv) + ")" : "")
                  .Append(" | ").Append(list.Count(p => p.OverBound)).Append(" (").Append(list.Count(p => p.OverBound && p.SettleWindowEntries > 0)).Append(')')
                  .Append(" | ").Append(Ms(Percentile(times, 0.5))).Append(" / ").Append(Ms(Percentile(times, 0.9))).Append(" / ").Append(Ms(times[times.Length - 1]))
                  .Append(" | ").Append(list.Count(p => !(p.ParkS <= ParkLimitS)))
                  .Append(" | ").Append(list.Count(p => p.Passes >= 2))
                  .Append(" | ").Append(list.Count(p => p.Result != RetractionResult.Retracted))
                  .Append(" |\n");
            }

            List<Park> worst = parks.Where(p => p.CrossedBottom || p.Passes >= 2 || !(p.ParkS <= ParkLimitS) || p.Result != RetractionResult.Retracted || p.OverBound || p.BackOut)
                .OrderByDescending(p => p.OverBound).ThenByDescending(p => p.BackOut).ThenByDescending(p => double.IsNaN(p.ParkS) ? double.PositiveInfinity : p.ParkS).Take(24).ToList();
            if (worst.Count > 0)
            {
                sb.Append("\nThe parks over H-34's bound first, then those whose needles went back out after coming in by more than the depth's accuracy, then the longest that crossed the bottom, took a second pass, missed the target, did not end retracted or went over the bound:\n\n");
                sb.Append("| pen | rate /s | shift, s | park time, ms | cam at the brake's end, ° | needles there, mm | first pass from, ° | long way | crossed the bottom | extension, mm | beyond the brake, mm | swung through the window | passes | result |\n");
                sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
                foreach (Park p in worst)
                {
                    sb.Append("| ").Append(p.Pen).Append(" | ").Append(p.RateHz.ToString("0", inv)).Append(" | ").Append(p.ShiftS.ToString("0.00", inv))
                      .Append(" | ").Append(Ms(double.IsNaN(p.ParkS) ? double.PositiveInfinity : p.ParkS))
                      .Append(" | ").Append(p.BrakeEndCamDeg.ToString("0", inv))
                      .Append(" | ").Append(p.BrakeEndNeedleMm.ToString("0.00", inv))
                      .Append(" | ").Append(double.IsNaN(p.FirstPassCamDeg) ? "–" : p.FirstPassCamDeg.ToString("0", inv))
                      .Append(" | ").Append(p.FirstPassLongWay ? "yes" : "no")
                      .Append(" | ").Append(p.CrossedBottom ? "yes" : "no")
                      .Append(" | ").Append(p.ExtensionMm.ToString("0.00", inv))
                      .Append(" | ").Append(p.BeyondBrakeMm.ToString("0.00", inv))
                      .Append(" | ").Append(p.SettleWindowEntries > 0 ? "yes" : "no")
                      .Append(" | ").Append(p.Passes)
                      .Append(" | ").Append(p.Result)
                      .Append(" |\n");
                }
            }

            sb.Append("\nparks ").Append(parks.Count).Append(", crossed the bottom after the brake ").Append(parks.Count(p => p.CrossedBottom))
              .Append(", first pass the long way ").Append(parks.Count(p => p.FirstPassLongWay))
              .Append(", over ").Append((ParkLimitS * 1000).ToString("0", inv)).Append(" ms ").Append(parks.Count(p => !(p.ParkS <= ParkLimitS)))
              .Append(", back out after coming in over ").Append(PenLimits.DepthAccuracyMm.ToString("0.00", inv)).Append(" mm ").Append(parks.Count(p => p.BackOut))
              .Append(", second passes ").Append(parks.Count(p => p.Passes >= 2))
              .Append(", not retracted ").Append(parks.Count(p => p.Result != RetractionResult.Retracted)).Append('\n');
            Park most = parks.OrderByDescending(p => p.ExtensionMm).First();
            Park mostBeyond = parks.OrderByDescending(p => p.BeyondBrakeMm).First();
            failures = parks.Count(p => p.OverBound);
            sb.Append("largest extension after the brake ").Append(most.ExtensionMm.ToString("0.00", inv)).Append(" mm (").Append(most.Pen).Append(' ')
              .Append(most.RateHz.ToString("0", inv)).Append("/s shift ").Append(most.ShiftS.ToString("0.00", inv)).Append("), beyond the brake's rest ")
              .Append(mostBeyond.BeyondBrakeMm.ToString("0.00", inv)).Append(" mm (").Append(mostBeyond.Pen).Append(' ').Append(mostBeyond.RateHz.ToString("0", inv))
              .Append("/s shift ").Append(mostBeyond.ShiftS.ToString("0.00", inv)).Append("); H-34 (beyond the brake at most ").Append(PenLimits.ParkNeedlesBeyondBrakeMaxMm.ToString("0.00", inv))
              .Append(" mm): over it ").Append(failures).Append(" (swung through the window in the settle ")
              .Append(parks.Count(p => p.OverBound && p.SettleWindowEntries > 0)).Append(")\n");
            return sb.ToString();
        }

        private static string Ms(double s)
        {
            return double.IsInfinity(s) || double.IsNaN(s) ? "never" : (s * 1000).ToString("0", CultureInfo.InvariantCulture);
        }

        private static double Percentile(double[] sorted, double q)
        {
            int i = (int)Math.Ceiling(q * sorted.Length) - 1;
            return sorted[Math.Max(0, Math.Min(sorted.Length - 1, i))];
        }

        /// <summary>Watches one run: the park's start, its first brake's end, its first crawl, and the cam and needles
        /// after the brake at every plant step.</summary>
        private sealed class Watch : ITickSink
        {
            private ScenarioRunner _runner;
            private bool _ran, _parking, _afterBrake, _crawlSeen, _done;
            private double _bottomIndexAtBrake;
            private double _leastMm;
            private bool _hallHigh;
            public readonly Park Result = new Park();

            public void Attach(ScenarioRunner runner)
            {
                _runner = runner;
                Action<PenPlant> before = runner.Pen.Plant.StepObserver;
                runner.Pen.Plant.StepObserver = p =>
                {
                    before?.Invoke(p);
                    Step(p);
                };
            }

            private static double Deg(double rad)
            {
                double d = rad % (2 * Math.PI);
                if (d < 0) d += 2 * Math.PI;
                return d * 180 / Math.PI;
            }

            // how many bottoms of the stroke (π + 2πk) lie below θ
            private static double BottomIndex(double theta)
            {
                return Math.Floor((theta - Math.PI) / (2 * Math.PI));
            }

            private void Step(PenPlant plant)
            {
                if (!_afterBrake || _done) return;
                double mm = plant.NeedleMm;
                if (mm < _leastMm) _leastMm = mm;
                double ext = mm - _leastMm;
                if (ext > Result.ExtensionMm) Result.ExtensionMm = ext;
                if (mm - Result.BrakeEndNeedleMm > Result.BeyondBrakeMm) Result.BeyondBrakeMm = mm - Result.BrakeEndNeedleMm;
                bool high = plant.HallLevelHigh;
                if (!_crawlSeen && _hallHigh && !high) _entries++;
                _hallHigh = high;
                if (BottomIndex(plant.CamAngleRad) != _bottomIndexAtBrake) Result.CrossedBottom = true;
            }

            private int _entries;

            public void OnTick(in TickRow row)
            {
                if (_runner == null || _done) return;
                // the firmware's properties run through the metered core: its counters are put back, so the watch does not
                // add to the tick's work (the simulated time it takes) and the timeline is the control report's
                Meter.Counters c = Meter.Now;
                long il = c.Instructions, calls = c.Calls, ports = c.PortCalls, allocs = c.Allocations;
                int phase = c.Phase;
                long[] pi = (long[])c.PhaseInstructions.Clone(), pc = (long[])c.PhaseCalls.Clone(), pp = (long[])c.PhasePortCalls.Clone(), pa = (long[])c.PhaseAllocations.Clone();
                long[] mi = (long[])c.MethodInstructions.Clone(), ma = (long[])c.MethodAllocations.Clone();
                try
                {
                    Watched(row);
                }
                finally
                {
                    c.Instructions = il;
                    c.Calls = calls;
                    c.PortCalls = ports;
                    c.Allocations = allocs;
                    c.Phase = phase;
                    Array.Copy(pi, c.PhaseInstructions, pi.Length);
                    Array.Copy(pc, c.PhaseCalls, pc.Length);
                    Array.Copy(pp, c.PhasePortCalls, pp.Length);
                    Array.Copy(pa, c.PhaseAllocations, pa.Length);
                    c.MethodInstructions = mi;
                    c.MethodAllocations = ma;
                }
            }

            private void Watched(in TickRow row)
            {
                StrokeDrive drive = _runner.Pen.Firmware.Drive;
                NeedleRetraction retraction = drive.Retraction;
                PenPlant plant = _runner.Pen.Plant;
                if (drive.Mode == DriveMode.Running) _ran = true;
                if (!_ran) return;
                if (!_parking && drive.Mode == DriveMode.Parking) _parking = true;
                if (!_parking) return;
                if (!_afterBrake && !retraction.FirstBraking)
                {
                    _afterBrake = true;
                    Result.BrakeEndCamDeg = Deg(plant.CamAngleRad);
                    Result.BrakeEndNeedleMm = plant.NeedleMm;
                    _leastMm = plant.NeedleMm;
                    _bottomIndexAtBrake = BottomIndex(plant.CamAngleRad);
                    _hallHigh = plant.HallLevelHigh;
                    Result.SettleShorted = retraction.Active && !retraction.Crawling && retraction.BridgeEnabled;
                }

                if (!_crawlSeen && retraction.Crawling)
                {
                    _crawlSeen = true;
                    double deg = Deg(plant.CamAngleRad);
                    Result.FirstPassCamDeg = deg;
                    Result.FirstPassLongWay = deg < 180 ? !drive.Reverse : drive.Reverse;
                    Result.SettleWindowEntries = plant.HallLevelHigh ? _entries : 0;
                }
                Result.Passes = retraction.Passes;
                Result.Result = retraction.Result;
                // one park: the drive off again after it (the run's end follows)
                if (drive.Mode == DriveMode.Off && !retraction.Active) _done = true;
            }
        }
    }
}
