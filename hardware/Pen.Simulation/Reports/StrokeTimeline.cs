using System;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// Measures a run from the plant's truth: the times the cam passed the needle-retracted point. Definitions
    /// (stroke control issue): the stroke rate of one stroke is 1 / (time between two consecutive passes); the
    /// mean rate over a window is the cam's turns in that window divided by its length, turns counted with the
    /// fraction of the stroke in progress at each end (cam phase interpolated between passes).
    /// </summary>
    public sealed class StrokeTimeline
    {
        private readonly double[] _t;
        private readonly int _n;

        public StrokeTimeline(double[] strokeTimes)
        {
            _t = strokeTimes;
            _n = strokeTimes.Length;
        }

        public int Count => _n;

        /// <summary>Cam turns completed by time t, with the fraction of the stroke in progress. Unit: strokes.</summary>
        public double TurnsAt(double t)
        {
            int i = UpperBound(t) - 1; // last pass at or before t
            if (i < 0) return 0;
            if (i + 1 >= _n) return i + 1;
            return i + 1 + (t - _t[i]) / (_t[i + 1] - _t[i]);
        }

        /// <summary>Mean rate over [t0, t1]. Unit: strokes/s.</summary>
        public double MeanRate(double t0, double t1) { return (TurnsAt(t1) - TurnsAt(t0)) / (t1 - t0); }

        /// <summary>
        /// The largest relative error of the mean rate against <paramref name="setpointHz"/> over every window of
        /// length <paramref name="window"/> that fits in [from, to], windows starting every 10 ms.
        /// </summary>
        public double WorstWindowError(double from, double to, double window, double setpointHz)
        {
            double worst = 0;
            for (double a = from; a + window <= to + 1e-9; a += 0.01)
            {
                double e = Math.Abs(MeanRate(a, a + window) - setpointHz) / setpointHz;
                if (e > worst) worst = e;
            }

            return worst;
        }

        /// <summary>Per-stroke rates of the strokes that end in [from, to]: (end time, rate).</summary>
        public void StrokeRates(double from, double to, out double[] times, out double[] rates)
        {
            int first = Math.Max(1, UpperBound(from - 1e-12));
            int last = UpperBound(to) - 1;
            int m = Math.Max(0, last - first + 1);
            times = new double[m];
            rates = new double[m];
            for (int k = 0; k < m; k++)
            {
                int i = first + k;
                times[k] = _t[i];
                rates[k] = 1 / (_t[i] - _t[i - 1]);
            }
        }

        /// <summary>RMS of (stroke rate − setpoint) / setpoint over the strokes ending in [from, to].</summary>
        public double RmsStrokeDeviation(double from, double to, double setpointHz)
        {
            StrokeRates(from, to, out _, out double[] r);
            if (r.Length == 0) return double.NaN;
            double sum = 0;
            foreach (double x in r) sum += (x - setpointHz) * (x - setpointHz);
            return Math.Sqrt(sum / r.Length) / setpointHz;
        }

        /// <summary>Largest relative drop of the stroke rate below the setpoint over strokes ending in [from, to].</summary>
        public double WorstDip(double from, double to, double setpointHz)
        {
            return Worst(from, to, setpointHz, true, out _);
        }

        /// <summary>Largest relative rise of the stroke rate above the setpoint over strokes ending in [from, to].</summary>
        public double WorstOvershoot(double from, double to, double setpointHz)
        {
            return Worst(from, to, setpointHz, false, out _);
        }

        /// <summary>
        /// End time of the stroke ending in [from, to] furthest from the setpoint on one side: below it
        /// (<paramref name="below"/>, the stroke of <see cref="WorstDip"/>) or above it (<see cref="WorstOvershoot"/>).
        /// NaN if none is on that side. Unit: s.
        /// </summary>
        public double WorstStrokeEnd(double from, double to, double setpointHz, bool below)
        {
            Worst(from, to, setpointHz, below, out double end);
            return end;
        }

        /// <summary>The largest relative excursion on one side of the setpoint (0 if none) and the end of its stroke (NaN if none).</summary>
        private double Worst(double from, double to, double setpointHz, bool below, out double end)
        {
            StrokeRates(from, to, out double[] times, out double[] r);
            double worst = 0;
            end = double.NaN;
            for (int k = 0; k < r.Length; k++)
            {
                double off = (below ? setpointHz - r[k] : r[k] - setpointHz) / setpointHz;
                if (off > worst)
                {
                    worst = off;
                    end = times[k];
                }
            }

            return worst;
        }

        /// <summary>Start time of the stroke that ends at <paramref name="end"/> (the stroke before it ended then). Unit: s.</summary>
        public double StrokeStart(double end)
        {
            int i = UpperBound(end + 1e-12) - 1;
            return i >= 1 ? _t[i - 1] : double.NaN;
        }

        /// <summary>
        /// Time after <paramref name="from"/> from which every stroke ending before <paramref name="to"/> stays within
        /// ±band of the setpoint: the end time of the last stroke outside the band, minus from (0 if none). NaN if no
        /// stroke ends in the interval. Unit: s.
        /// </summary>
        public double SettleTime(double from, double to, double setpointHz, double band)
        {
            StrokeRates(from, to, out double[] times, out double[] r);
            if (r.Length == 0) return double.NaN;
            double settle = 0;
            for (int k = 0; k < r.Length; k++)
            {
                if (Math.Abs(r[k] - setpointHz) > band * setpointHz) settle = times[k] - from;
            }

            return settle;
        }

        private int UpperBound(double t)
        {
            int lo = 0, hi = _n;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_t[mid] <= t) lo = mid + 1;
                else hi = mid;
            }

            return lo;
        }
    }
}
