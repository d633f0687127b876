using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Pen.QaBench.Steps
{
    /// <summary>
    /// Under --sim: each rate and depth verdict judged again on the simulated plant's truth (the truth log the simulated
    /// pen writes every tick: the cam's cumulative turns, the needles' true protrusion, the pen's own depth reading), over
    /// the same window on the same clock. The QA tool's verdict must agree; a disagreement fails the run.
    ///   rate   f_true = (turns(t1) − turns(t0)) / (t1 − t0), turns interpolated between ticks; |f_true − f_set| ≤ tol·f_set
    ///   depth  |depth_pen − depth_true| ≤ tol at the gauge reading's time (the pen's reading as the truth log has it)
    ///   start  the settling time (StartTiming.Settle) of the plant's own strokes (the truth's stroke log, the cam's
    ///          crossings; the instrument's strokes where there is none) from the motor's true start: the beginning of the
    ///          first tick of the truth log in the Running state after the pen stood still; this checks where the tool
    ///          placed the start and the strokes the instrument reported
    /// </summary>
    public static class TruthCheck
    {
        public static int Apply(string truthCsv, List<Result> results)
        {
            // the plant's stroke times beside the truth log (RealTimeBench.TruthStrokesPath)
            string strokesCsv = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthCsv)), Path.GetFileNameWithoutExtension(truthCsv) + "-strokes.csv");
            List<long> trueStrokes = null;
            if (File.Exists(strokesCsv))
            {
                trueStrokes = new List<long>();
                foreach (string line in File.ReadLines(strokesCsv))
                    if (!line.StartsWith("t_us", StringComparison.Ordinal)) trueStrokes.Add(long.Parse(line, CultureInfo.InvariantCulture));
            }

            var t = new List<long>();
            var turns = new List<double>();
            var trueDepth = new List<double>();
            var penDepth = new List<double>();
            var state = new List<int>();
            var tickStart = new List<long>();
            foreach (string line in File.ReadLines(truthCsv))
            {
                if (line.StartsWith("t_us", StringComparison.Ordinal)) continue;
                string[] f = line.Split(',');
                t.Add(long.Parse(f[0], CultureInfo.InvariantCulture));
                turns.Add(double.Parse(f[3], CultureInfo.InvariantCulture));
                trueDepth.Add(double.Parse(f[4], CultureInfo.InvariantCulture));
                penDepth.Add(double.Parse(f[5], CultureInfo.InvariantCulture));
                state.Add(int.Parse(f[7], CultureInfo.InvariantCulture));
                tickStart.Add(long.Parse(f[11], CultureInfo.InvariantCulture));
            }

            int checkedRows = 0;
            foreach (Result r in results)
            {
                if (r.Verdict == Verdict.Error || r.Verdict == Verdict.NotRun) continue;
                if (r.Kind == "rate" && r.ToFixtureMicros > r.FromFixtureMicros)
                {
                    double f = (At(t, turns, r.ToFixtureMicros) - At(t, turns, r.FromFixtureMicros)) * 1e6 / (r.ToFixtureMicros - r.FromFixtureMicros);
                    r.TruthVerdict = Math.Abs(f - r.Target) <= r.Tolerance * r.Target ? Verdict.Pass : Verdict.Fail;
                    r.TruthMeasured = f.ToString("0.00", CultureInfo.InvariantCulture) + " strokes/s";
                    checkedRows++;
                }
                else if (r.Kind == "start" && r.Strokes != null)
                {
                    int i = t.BinarySearch(r.FromFixtureMicros - 500_000);
                    if (i < 0) i = ~i;
                    while (i < t.Count && !(state[i] == StartTiming.RunningState && i > 0 && state[i - 1] != StartTiming.RunningState)) i++;
                    if (i >= t.Count) continue;
                    long t0 = tickStart[i], window = r.ToFixtureMicros - r.FromFixtureMicros;
                    var times = new List<double>();
                    foreach (long s in trueStrokes ?? r.Strokes) if (s > t0 && s <= t0 + window) times.Add((s - t0) / 1e6);
                    double settle = StartTiming.Settle(times, r.Target, r.Tolerance, out _);
                    r.TruthVerdict = !double.IsNaN(settle) && settle <= r.LimitS ? Verdict.Pass : Verdict.Fail;
                    r.TruthMeasured = (double.IsNaN(settle) ? "never settled" : (settle * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms") + " from the motor's true start" + (trueStrokes != null ? ", the plant's strokes" : ", the instrument's strokes") + " (the tool placed it " +
                                      ((r.FromFixtureMicros - t0) / 1000.0).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " ms from there)";
                    checkedRows++;
                }
                else if (r.Kind == "depth" && r.FromFixtureMicros > 0)
                {
                    double pen = At(t, penDepth, r.FromFixtureMicros), real = At(t, trueDepth, r.FromFixtureMicros);
                    r.TruthVerdict = Math.Abs(pen - real) <= r.Tolerance + 1e-9 ? Verdict.Pass : Verdict.Fail;
                    r.TruthMeasured = "pen " + pen.ToString("0.000", CultureInfo.InvariantCulture) + " mm, needles " + real.ToString("0.000", CultureInfo.InvariantCulture) + " mm";
                    checkedRows++;
                }
            }

            return checkedRows;
        }

        private static double At(List<long> t, List<double> v, long when)
        {
            int i = t.BinarySearch(when);
            if (i >= 0) return v[i];
            i = ~i;
            if (i == 0) return v[0];
            if (i >= t.Count) return v[^1];
            double a = (when - t[i - 1]) / (double)(t[i] - t[i - 1]);
            return v[i - 1] + a * (v[i] - v[i - 1]);
        }
    }
}
