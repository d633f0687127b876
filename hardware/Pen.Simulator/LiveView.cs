using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using Pen.Core;
using Pen.Simulation.Running;

namespace Pen.Simulator
{
    /// <summary>
    /// Shows a run in the terminal as it happens: a panel redrawn in place on a terminal (paced to real time
    /// when asked), or one line every half simulated second when the output is a file or a pipe.
    /// </summary>
    public sealed class LiveView : ITickSink
    {
        private const int BarWidth = 40;
        private readonly bool _interactive;
        private readonly bool _paced;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private double _nextDrawS;
        private bool _drawn;

        public LiveView(bool paced)
        {
            _interactive = !Console.IsOutputRedirected;
            _paced = paced && _interactive;
        }

        public void OnTick(in TickRow r)
        {
            if (r.TimeS < _nextDrawS) return;
            _nextDrawS = r.TimeS + (_interactive ? 0.05 : 0.5);
            if (_paced)
            {
                double ahead = r.TimeS - _wall.Elapsed.TotalSeconds;
                if (ahead > 0) Thread.Sleep(TimeSpan.FromSeconds(ahead));
            }

            if (_interactive) DrawPanel(r);
            else Console.WriteLine(Line(r));
        }

        public void Finish()
        {
            if (_interactive && _drawn) Console.WriteLine();
        }

        private static string Line(in TickRow r)
        {
            return string.Format(CultureInfo.InvariantCulture,
                "t={0,6:F2}s {1,-8} set={2,6:F1}Hz true={3,6:F1}Hz est={4,6:F1}Hz duty={5,5:F3} I={6,5:F3}A V={7,5:F2}V wind={8,5:F1}C needle={9,4:F2}mm skin={10,3:F1}",
                r.TimeS, ((PenState)r.State).ToString(), r.SetpointHz, r.TrueRateHz, r.MeasuredRateHz, r.Duty, r.CurrentA, r.BusVolts, r.WindingC, r.NeedleMm, r.SkinLoad);
        }

        private void DrawPanel(in TickRow r)
        {
            var sb = new StringBuilder();
            if (_drawn) sb.Append("\x1b[7A"); // back to the panel's first line
            _drawn = true;
            sb.Append("\x1b[2K").AppendFormat(CultureInfo.InvariantCulture, " Pen (simulated)   t = {0,6:F2} s   state {1,-8}  fault {2}\n", r.TimeS, (PenState)r.State, r.Fault);
            sb.Append("\x1b[2K").AppendFormat(CultureInfo.InvariantCulture, " setpoint {0,6:F1} /s  true {1,6:F1} /s  estimated {2,6:F1} /s\n", r.SetpointHz, r.TrueRateHz, r.MeasuredRateHz);
            sb.Append("\x1b[2K ").Append(Bar(r.TrueRateHz, 160)).Append(" stroke rate\n");
            sb.Append("\x1b[2K").AppendFormat(CultureInfo.InvariantCulture, " duty {0,5:F3}  driver {1}  current {2,5:F3} A  supply {3,5:F2} V  charge {4,5:F1} %\n",
                r.Duty, r.MotorEnabled ? "on " : "off", r.CurrentA, r.BusVolts, r.StateOfCharge * 100);
            sb.Append("\x1b[2K").AppendFormat(CultureInfo.InvariantCulture, " winding {0,5:F1} °C  housing {1,5:F1} °C  depth {2,4:F2} mm  needles out {3,4:F2} mm\n",
                r.WindingC, r.HousingC, r.DepthMm, r.NeedleMm);
            sb.Append("\x1b[2K").AppendFormat(CultureInfo.InvariantCulture, " skin load {0,4:F2}   strokes {1,8}\n", r.SkinLoad, r.Strokes);
            sb.Append("\x1b[2K ").Append(Bar(r.NeedleMm, 2.5)).Append(" needles out\n");
            Console.Write(sb.ToString());
        }

        private static string Bar(double value, double full)
        {
            int n = (int)Math.Round(Math.Clamp(value / full, 0, 1) * BarWidth);
            return "[" + new string('#', n) + new string(' ', BarWidth - n) + "]";
        }
    }
}
