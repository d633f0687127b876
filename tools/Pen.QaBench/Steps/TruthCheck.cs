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
    /// </summary>
    public static class TruthCheck
    {
        public static int Apply(string truthCsv, List<Result> results)
        {
            var t = new List<long>();
            var turns = new List<double>();
            var trueDepth = new List<double>();
            var penDepth = new List<double>();
            foreach (string line in File.ReadLines(truthCsv))
            {
                if (line.StartsWith("t_us", StringComparison.Ordinal)) continue;
                string[] f = line.Split(',');
                t.Add(long.Parse(f[0], CultureInfo.InvariantCulture));
                turns.Add(double.Parse(f[3], CultureInfo.InvariantCulture));
                trueDepth.Add(double.Parse(f[4], CultureInfo.InvariantCulture));
                penDepth.Add(double.Parse(f[5], CultureInfo.InvariantCulture));
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
