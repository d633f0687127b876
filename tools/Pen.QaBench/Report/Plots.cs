using System;
using System.Collections.Generic;
using System.Linq;
using Pen.QaBench.Steps;
using ScottPlot;

namespace Pen.QaBench.Report
{
    /// <summary>
    /// The report's plots as PNG bytes (embedded base64 in the HTML): rate, current and depth against time, each with
    /// its limit lines, and every plot stamped with the firmware, the unit, the plan and the date.
    /// </summary>
    public static class Plots
    {
        public const int WidthPx = 1000, HeightPx = 380;

        public static byte[] Rate(PlotData d, string stamp)
        {
            using var plot = New("Stroke rate against time", "time (s)", "strokes/s", stamp);
            var sp = plot.Add.Scatter(d.TimeS.ToArray(), d.SetpointHz.ToArray());
            sp.LegendText = "pen: setpoint";
            sp.MarkerSize = 0;
            sp.ConnectStyle = ConnectStyle.StepHorizontal;
            var pen = plot.Add.Scatter(d.TimeS.ToArray(), d.RateHz.ToArray());
            pen.LegendText = "pen: its rate estimate";
            pen.MarkerSize = 0;
            if (d.ReferenceTimeS.Count > 0)
            {
                var reference = plot.Add.Scatter(d.ReferenceTimeS.ToArray(), d.ReferenceRateHz.ToArray());
                reference.LegendText = "reference instrument: each stroke";
                reference.LineWidth = 0;
                reference.MarkerSize = 2;
            }

            bool first = true;
            foreach (double[] w in d.RateWindows)
            {
                foreach (double band in new[] { 1 + w[3], 1 - w[3] })
                {
                    var limit = plot.Add.Line(w[0], w[2] * band, w[1], w[2] * band);
                    limit.Color = Colors.Red;
                    limit.LinePattern = LinePattern.Dashed;
                    limit.LineWidth = 1.5f;
                    if (first) limit.LegendText = "limit: target ± tolerance over the judged window";
                    first = false;
                }
            }

            foreach (double device in new[] { 50.0, 150.0 })
            {
                var l = plot.Add.HorizontalLine(device, 1, Colors.Gray, LinePattern.Dotted);
                if (device == 150) l.LegendText = "device range 50-150 strokes/s";
            }

            plot.Axes.SetLimitsY(0, 170);
            return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
        }

        public static byte[] Current(PlotData d, double limitA, string stamp)
        {
            using var plot = New("Motor current against time (the pen's own reading)", "time (s)", "A", stamp);
            var c = plot.Add.Scatter(d.TimeS.ToArray(), d.CurrentA.ToArray());
            c.LegendText = "pen: motor current";
            c.MarkerSize = 0;
            if (limitA > 0)
            {
                var l = plot.Add.HorizontalLine(limitA, 1.5f, Colors.Red, LinePattern.Dashed);
                l.LegendText = "limit: over-current trip " + limitA.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " A (LIMITS)";
            }

            plot.Axes.SetLimitsY(0, Math.Max(limitA * 1.15, d.CurrentA.DefaultIfEmpty(0).Max() * 1.15 + 0.01));
            return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
        }

        public static byte[] Depth(PlotData d, double maxMm, double capMm, string stamp)
        {
            using var plot = New("Depth against time, and at each detent against the gauge", "time (s)", "mm", stamp);
            var pen = plot.Add.Scatter(d.TimeS.ToArray(), d.DepthMm.ToArray());
            pen.LegendText = "pen: depth reading";
            pen.MarkerSize = 0;
            pen.ConnectStyle = ConnectStyle.StepHorizontal;
            if (maxMm > 0)
            {
                var l = plot.Add.HorizontalLine(maxMm, 1.5f, Colors.Red, LinePattern.Dashed);
                l.LegendText = "limit: device depth ceiling (LIMITS)";
            }

            if (capMm > 0)
            {
                var l = plot.Add.HorizontalLine(capMm, 1.5f, Colors.Orange, LinePattern.Dashed);
                l.LegendText = "limit: clinic depth cap (LIMITS)";
            }

            plot.Axes.SetLimitsY(-0.1, Math.Max(maxMm, d.DepthMm.DefaultIfEmpty(0).Max()) + 0.3);
            return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
        }

        public static byte[] DepthError(PlotData d, string stamp)
        {
            using var plot = New("Depth reading minus the gauge at each detent", "detent", "mm", stamp);
            var err = new List<double>();
            for (int i = 0; i < d.GaugeDetent.Count; i++) err.Add(d.PenDepthMm[i] - d.GaugeMm[i]);
            var s = plot.Add.Scatter(d.GaugeDetent.ToArray(), err.ToArray());
            s.LegendText = "pen minus gauge";
            s.MarkerSize = 7;
            s.LineWidth = 0;
            foreach (double sign in new[] { 1.0, -1.0 })
            {
                var l = plot.Add.HorizontalLine(sign * d.DepthToleranceMm, 1.5f, Colors.Red, LinePattern.Dashed);
                if (sign > 0) l.LegendText = "limit: ±" + d.DepthToleranceMm.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " mm";
            }

            double worst = err.Select(Math.Abs).DefaultIfEmpty(0).Max();
            plot.Axes.SetLimits(-0.5, 10.5, -Math.Max(worst, d.DepthToleranceMm) * 1.4, Math.Max(worst, d.DepthToleranceMm) * 1.4);
            return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
        }

        private static Plot New(string title, string x, string y, string stamp)
        {
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            plot.Title(title);
            plot.XLabel(x);
            plot.YLabel(y);
            plot.ShowLegend(Alignment.UpperRight);
            var a = plot.Add.Annotation(stamp, Alignment.UpperLeft); // the readings lie low at the start of a run
            a.LabelFontSize = 10;
            return plot;
        }
    }
}
