using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Pen.Core.Limits;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using ScottPlot;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The safety report's plots: for each plotted fault, the matrix's worst trial (the latest cut-off) run again with
    /// the plant traced at every 100 µs step. Three panels against the time from the fault's onset: the motor current,
    /// the shaft's rate (one stroke per revolution) and the duty (applied at the bridge, commanded by the firmware, and
    /// whether the driver is enabled), with the onset, the firmware's detection and the cut-off marked, the fault's
    /// cut-off bound as a red limit line, and the firmware version, seed and date stamped on the picture. Drawn with
    /// ScottPlot, like the control report's plots (RatePlot).
    /// </summary>
    public static class SafetyPlots
    {
        /// <summary>Picture size. Unit: pixels.</summary>
        public const int WidthPx = 1000, HeightPx = 900;

        /// <summary>The faults plotted (names of <see cref="SafetyFault.All"/>): one of each way the pen can be stopped
        /// (its own checks on current, speed, stroke sensor, cartridge switch, depth and ADC inputs; the enable circuit).</summary>
        public static readonly string[] Plotted =
        {
            "jam", "over-current (drag 4 mN·m)", "overspeed (driver stuck on)", "Hall sensor dead", "cartridge removed",
            "depth beyond limit", "firmware frozen", "ADC current open",
        };

        /// <summary>One plotted trial: what ran, what it measured, and the picture's file name.</summary>
        public sealed class PlottedTrial
        {
            public TrialResult Trial;
            public string File;
        }

        /// <summary>The plant at every step of a trial, and the firmware's commanded duty at every tick.</summary>
        private sealed class Trace : ITickSink
        {
            public readonly List<double> StepS = new List<double>(), CurrentA = new List<double>(), ShaftHz = new List<double>(),
                AppliedDuty = new List<double>(), Enabled = new List<double>();
            public readonly List<double> TickS = new List<double>(), CommandedDuty = new List<double>();

            public void Step(PenPlant p)
            {
                StepS.Add(p.TimeS);
                CurrentA.Add(p.MotorCurrentA);
                ShaftHz.Add(p.ShaftHz);
                AppliedDuty.Add(p.DriverEnabled ? p.AppliedDuty : 0);
                Enabled.Add(p.DriverEnabled ? 1 : 0);
            }

            public void OnTick(in TickRow row)
            {
                if (!row.FirmwareRan) return;
                TickS.Add(row.TimeS);
                CommandedDuty.Add(row.Duty);
            }
        }

        /// <summary>
        /// The worst trial of each plotted fault in <paramref name="trials"/> (never cut counts as the worst), run again
        /// with the trace, and written to <paramref name="outDir"/> as safety-&lt;fault&gt;.png. The rerun is the same
        /// deterministic trial (same setup and seed); its cut-off is the one the table reports.
        /// </summary>
        public static List<PlottedTrial> Write(string outDir, List<TrialResult> trials, string version, string date)
        {
            Directory.CreateDirectory(outDir);
            var written = new List<PlottedTrial>();
            foreach (string name in Plotted)
            {
                TrialResult worst = null;
                foreach (TrialResult t in trials)
                {
                    if (t.Fault == null || t.Fault.Name != name) continue;
                    if (worst == null || CutOrInfinity(t) > CutOrInfinity(worst)) worst = t;
                }

                if (worst == null) continue;
                var trace = new Trace();
                TrialSetup setup = worst.Setup;
                setup.Trace = trace.Step;
                TrialResult again;
                try { again = SafetyTrial.Run(worst.Fault, setup, trace); }
                finally { setup.Trace = null; }
                string file = "safety-" + Slug(name) + ".png";
                Draw(Path.Combine(outDir, file), again, trace, version + ", seed " + setup.Seed.ToString(CultureInfo.InvariantCulture) + ", " + date);
                written.Add(new PlottedTrial { Trial = again, File = file });
            }

            return written;
        }

        private static double CutOrInfinity(TrialResult t) => double.IsNaN(t.CutS) || double.IsNaN(t.OnsetS) ? double.PositiveInfinity : t.CutMs;

        /// <summary>The picture's title: the fault and the trial's conditions.</summary>
        public static string Title(TrialResult t)
        {
            TrialSetup s = t.Setup;
            return t.Fault.Name + ": " + s.RateHz.ToString("F0", CultureInfo.InvariantCulture) + " strokes/s, " + (s.Skin ? "on skin" : "off the skin") + ", " +
                   s.Moment.ToString("0.##", CultureInfo.InvariantCulture) + " of a stroke after the retracted point";
        }

        private static void Draw(string pngPath, TrialResult t, Trace trace, string stamp)
        {
            double onset = double.IsNaN(t.OnsetS) ? t.InjectedS : t.OnsetS;
            double bound = t.Fault.BoundMs;
            double cutMs = double.IsNaN(t.CutS) ? double.NaN : (t.CutS - onset) * 1000;
            double detectMs = double.IsNaN(t.DetectedS) ? double.NaN : (t.DetectedS - onset) * 1000;
            double fromMs = -Math.Max(40, bound);
            double toMs = Math.Max(bound * 2, (double.IsNaN(cutMs) ? bound : cutMs) + bound * 0.5);
            if (!double.IsNaN(detectMs) && detectMs + 20 > toMs && detectMs < bound * 8) toMs = detectMs + 20;

            var x = new List<double>();
            var current = new List<double>();
            var shaft = new List<double>();
            var applied = new List<double>();
            var enabled = new List<double>();
            for (int i = 0; i < trace.StepS.Count; i++)
            {
                double ms = (trace.StepS[i] - onset) * 1000;
                if (ms < fromMs || ms > toMs) continue;
                x.Add(ms);
                current.Add(trace.CurrentA[i]);
                shaft.Add(trace.ShaftHz[i]);
                applied.Add(trace.AppliedDuty[i]);
                enabled.Add(trace.Enabled[i]);
            }

            var tickX = new List<double>();
            var commanded = new List<double>();
            for (int i = 0; i < trace.TickS.Count; i++)
            {
                double ms = (trace.TickS[i] - onset) * 1000;
                if (ms < fromMs - 15 || ms > toMs) continue;
                tickX.Add(ms);
                commanded.Add(trace.CommandedDuty[i]);
            }

            var multiplot = new Multiplot();
            multiplot.AddPlots(3);
            Plot pc = multiplot.GetPlot(0), pr = multiplot.GetPlot(1), pd = multiplot.GetPlot(2);
            foreach (Plot p in new[] { pc, pr, pd })
            {
                p.Font.Set("DejaVu Sans");
                // the same margins on every panel, so their time axes line up
                p.Layout.Fixed(new PixelPadding(80, 20, p == pd ? 50 : 30, p == pc ? 40 : 10));
            }

            pc.Title(Title(t));
            pc.YLabel("motor current (A)");
            var ci = pc.Add.Scatter(x.ToArray(), current.ToArray());
            ci.LegendText = "motor current (truth)";
            ci.MarkerSize = 0;
            var hazard = pc.Add.HorizontalLine(PenLimits.OverCurrentHazardAmps, 1, Colors.Orange, LinePattern.Dotted);
            hazard.LegendText = "over-current hazard " + PenLimits.OverCurrentHazardAmps.ToString("0.0", CultureInfo.InvariantCulture) + " A (onset of the drag fault)";

            pr.YLabel("shaft rate (rev/s = strokes/s)");
            var ri = pr.Add.Scatter(x.ToArray(), shaft.ToArray());
            ri.LegendText = "shaft rate (truth)";
            ri.MarkerSize = 0;
            var setpoint = pr.Add.HorizontalLine(t.Setup.RateHz, 1, Colors.Gray, LinePattern.Dotted);
            setpoint.LegendText = "bench setpoint";

            pd.YLabel("duty (0-1)");
            pd.XLabel("time from the fault's onset (ms)");
            var da = pd.Add.Scatter(x.ToArray(), applied.ToArray());
            da.LegendText = "duty at the bridge (truth; 0 while disabled)";
            da.MarkerSize = 0;
            da.LineWidth = 3;
            var de = pd.Add.Scatter(x.ToArray(), enabled.ToArray());
            de.LegendText = "driver enabled (truth)";
            de.MarkerSize = 0;
            de.LinePattern = LinePattern.Dotted;
            var dc = pd.Add.Scatter(tickX.ToArray(), commanded.ToArray());
            dc.LegendText = "duty commanded (firmware, each tick)";
            dc.ConnectStyle = ConnectStyle.StepHorizontal;
            dc.MarkerSize = 3;
            dc.LineWidth = 1;

            foreach (Plot p in new[] { pc, pr, pd })
            {
                bool legend = p == pd;
                var o = p.Add.VerticalLine(0, 1, Colors.Black);
                if (legend) o.LegendText = "onset (the fault physically begins)";
                double injectedMs = (t.InjectedS - onset) * 1000;
                if (Math.Abs(injectedMs) > 0.05)
                {
                    var i = p.Add.VerticalLine(injectedMs, 1, Colors.Gray, LinePattern.Dotted);
                    if (legend) i.LegendText = "fault injected (harmful from the onset)";
                }

                if (!double.IsNaN(detectMs))
                {
                    var d = p.Add.VerticalLine(detectMs, 1, Colors.Blue, LinePattern.Dotted);
                    if (legend) d.LegendText = "detected: " + detectMs.ToString("F1", CultureInfo.InvariantCulture) + " ms (" + Pen.Core.Safety.FaultText.Of(t.Code) + ")";
                }

                if (!double.IsNaN(cutMs))
                {
                    var c = p.Add.VerticalLine(cutMs, 1.5f, Colors.Green, LinePattern.Dashed);
                    if (legend) c.LegendText = "cut off: " + cutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms";
                }

                var b = p.Add.VerticalLine(bound, 2, Colors.Red, LinePattern.Dashed);
                if (legend) b.LegendText = "limit: cut off within " + bound.ToString("F0", CultureInfo.InvariantCulture) + " ms (" + t.Fault.BoundName + ")";
                p.Axes.SetLimitsX(fromMs, toMs);
            }

            double maxA = PenLimits.OverCurrentHazardAmps;
            foreach (double a in current) maxA = Math.Max(maxA, a);
            // each panel's upper part is left for its legend
            pc.Axes.SetLimitsY(Math.Min(0, Min(current)) - 0.05, maxA * 1.6);
            double maxHz = t.Setup.RateHz;
            foreach (double h in shaft) maxHz = Math.Max(maxHz, h);
            pr.Axes.SetLimitsY(Math.Min(0, Min(shaft)) - 5, maxHz * 1.6);
            pd.Axes.SetLimitsY(-0.05, 2.1);
            pc.ShowLegend(Alignment.UpperRight);
            pr.ShowLegend(Alignment.UpperRight);
            pd.ShowLegend(Alignment.UpperRight);
            pc.Add.Annotation(stamp, Alignment.UpperLeft).LabelFontSize = 11;
            multiplot.SavePng(pngPath, WidthPx, HeightPx);
            foreach (Plot p in new[] { pc, pr, pd }) p.Dispose();
        }

        private static double Min(List<double> v)
        {
            double m = double.MaxValue;
            foreach (double d in v) m = Math.Min(m, d);
            return v.Count == 0 ? 0 : m;
        }

        /// <summary>A file-name form of a fault's name ("over-current (drag 4 mN·m)" → "over-current-drag-4-mn-m").</summary>
        public static string Slug(string name)
        {
            var sb = new StringBuilder();
            foreach (char c in name.ToLowerInvariant())
            {
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) sb.Append(c);
                else if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-');
            }

            return sb.ToString().TrimEnd('-');
        }
    }
}
