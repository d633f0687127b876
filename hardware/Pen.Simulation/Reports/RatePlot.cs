using System;
using System.Collections.Generic;
using ScottPlot;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// One PNG of the stroke rate around an event (start, contact, lift-off): the true rate of each stroke, the
    /// firmware's estimate and its setpoint at each tick, and the ±2 % band around the setpoint. Drawn with ScottPlot
    /// (NuGet; its Linux renderer ships inside the SkiaSharp.NativeAssets.Linux.NoDependencies package), so no system
    /// package is needed.
    /// </summary>
    public static class RatePlot
    {
        /// <summary>Picture size. Unit: pixels.</summary>
        public const int WidthPx = 900, HeightPx = 420;

        /// <summary>
        /// Writes <paramref name="pngPath"/>. Times are in seconds of the run; the plot shows
        /// [<paramref name="fromS"/>, <paramref name="toS"/>] in ms after <paramref name="eventS"/>.
        /// <paramref name="strokeTimesS"/>: the time each stroke completed (its rate is 1 / the interval to the one before).
        /// </summary>
        /// <paramref name="limits"/>: the targets judged on this event, drawn as red lines (a rate: horizontal, "rate" set;
        /// a time after the event: vertical, "ms" set). <paramref name="stamp"/>: the firmware version, seed and date.
        public static void Write(string pngPath, string title, double eventS, double fromS, double toS, double setpointHz,
            double[] strokeTimesS, IReadOnlyList<double> tickTimesS, IReadOnlyList<double> tickSetpointHz, IReadOnlyList<double> tickEstimateHz,
            IReadOnlyList<PlotLimit> limits = null, string stamp = null)
        {
            var strokeX = new List<double>();
            var strokeY = new List<double>();
            for (int i = 1; i < strokeTimesS.Length; i++)
            {
                strokeX.Add((strokeTimesS[i] - eventS) * 1000);
                strokeY.Add(1 / (strokeTimesS[i] - strokeTimesS[i - 1]));
            }

            var tickX = new double[tickTimesS.Count];
            for (int i = 0; i < tickX.Length; i++) tickX[i] = (tickTimesS[i] - eventS) * 1000;

            using var plot = new Plot();
            plot.Font.Set("DejaVu Sans"); // a font Debian and most Linux desktops have; ScottPlot falls back to one it finds
            plot.Title(title);
            plot.XLabel("time after the event (ms)");
            plot.YLabel("strokes/s");

            foreach (double band in new[] { 1.02, 0.98 })
            {
                var line = plot.Add.HorizontalLine(setpointHz * band, 1, Colors.Gray, LinePattern.Dashed);
                line.LegendText = band > 1 ? "setpoint ±2 %" : "";
            }

            var truth = plot.Add.Scatter(strokeX.ToArray(), strokeY.ToArray());
            truth.LegendText = "stroke rate (truth)";
            truth.MarkerSize = 4;
            truth.LineWidth = 1;

            var estimate = plot.Add.Scatter(tickX, ToArray(tickEstimateHz));
            estimate.LegendText = "firmware estimate";
            estimate.ConnectStyle = ConnectStyle.StepHorizontal;
            estimate.MarkerSize = 0;
            estimate.LineWidth = 1;

            var setpoint = plot.Add.Scatter(tickX, ToArray(tickSetpointHz));
            setpoint.LegendText = "setpoint (after soft start)";
            setpoint.ConnectStyle = ConnectStyle.StepHorizontal;
            setpoint.MarkerSize = 0;
            setpoint.LineWidth = 2;

            foreach (PlotLimit l in limits ?? Array.Empty<PlotLimit>())
            {
                if (l.IsTime)
                {
                    var v = plot.Add.VerticalLine(l.Value * 1000, 1.5f, Colors.Red, LinePattern.Dashed);
                    v.LegendText = l.Label;
                }
                else
                {
                    var h = plot.Add.HorizontalLine(l.Value, 1.5f, Colors.Red, LinePattern.Dashed);
                    h.LegendText = l.Label;
                }
            }

            if (stamp != null) plot.Add.Annotation(stamp, Alignment.LowerLeft).LabelFontSize = 10;
            plot.Axes.SetLimits((fromS - eventS) * 1000, (toS - eventS) * 1000, setpointHz * 0.8, setpointHz * 1.15);
            plot.ShowLegend(Alignment.LowerRight);
            plot.SavePng(pngPath, WidthPx, HeightPx);
        }

        /// <summary>A limit line: a rate (strokes/s) or, with <see cref="IsTime"/>, a time after the event (s).</summary>
        public sealed class PlotLimit
        {
            public double Value;
            public bool IsTime;
            public string Label;
        }

        private static double[] ToArray(IReadOnlyList<double> values)
        {
            var a = new double[values.Count];
            for (int i = 0; i < a.Length; i++) a[i] = values[i];
            return a;
        }
    }
}
