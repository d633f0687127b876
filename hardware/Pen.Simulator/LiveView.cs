using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Pen.Core;
using Pen.Core.Safety;
using Pen.Core.Session;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;

namespace Pen.Simulator
{
    /// <summary>
    /// Shows a run as the practitioner meets the pen: its lights, buzzer and state, each button press and release,
    /// and readings a person can follow (stroke rate, and current and needle travel averaged over whole strokes).
    /// On a terminal: a panel redrawn in place under a log of events, paced to real time when asked. To a file or a
    /// pipe: the events, and one status line each simulated second. Every line fits <see cref="Width"/> columns.
    /// </summary>
    public sealed class LiveView : ITickSink
    {
        /// <summary>Columns every line of the view fits in.</summary>
        public const int Width = 100;

        /// <summary>Strokes are averaged over at least this long before a reading changes. Unit: s.</summary>
        public const double AverageOverS = 0.25;

        private const int BarWidth = 30;
        private const int PanelLines = 5;
        private readonly SimulatedPen _pen;
        private readonly TextWriter _out;
        private readonly bool _interactive;
        private readonly bool _paced;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly StrokeMeter _meter;
        private readonly List<string> _events = new List<string>();
        private double _nextDrawS;
        private bool _drawn;

        // what was last seen, to report changes as events
        private bool _main, _plus, _minus, _buzzer, _onSkin;
        private double _mainDownS, _plusDownS, _minusDownS, _buzzerOnS;
        private PenState _state = PenState.Boot;
        private FaultCode _fault = FaultCode.None;
        private int _level = -1, _profile = -1, _cueSerial;

        /// <param name="pen">the simulated pen whose pins and firmware the view reads</param>
        /// <param name="stdout">where to write</param>
        /// <param name="interactive">a terminal: redraw the panel in place (else one line a second)</param>
        /// <param name="paced">sleep to keep simulated time with the wall clock (interactive only)</param>
        public LiveView(SimulatedPen pen, TextWriter stdout, bool interactive, bool paced)
        {
            _pen = pen;
            _out = stdout;
            _interactive = interactive;
            _paced = paced && interactive;
            _meter = new StrokeMeter(pen.Plant, AverageOverS);
        }

        /// <summary>True when <paramref name="stdout"/> is the console and the console is a terminal.</summary>
        public static bool IsTerminal(TextWriter stdout) => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

        public void OnTick(in TickRow r)
        {
            CollectEvents(r);
            bool due = r.TimeS >= _nextDrawS;
            if (!due && _events.Count == 0) return;
            if (due) _nextDrawS = r.TimeS + (_interactive ? 0.05 : 1.0);
            if (_paced)
            {
                double ahead = r.TimeS - _wall.Elapsed.TotalSeconds;
                if (ahead > 0) Thread.Sleep(TimeSpan.FromSeconds(ahead));
            }

            if (_interactive) DrawPanel(r);
            else
            {
                foreach (string e in _events) _out.WriteLine(e);
                if (due) _out.WriteLine(StatusLine(r));
            }

            _events.Clear();
        }

        public void Finish()
        {
            _meter.Detach();
            if (_interactive && _drawn) _out.WriteLine();
        }

        // ------------------------------------------------------------------ events

        private void CollectEvents(in TickRow r)
        {
            double t = r.TimeS;
            Button("main", !_pen.ButtonMain.Level, ref _main, ref _mainDownS, t);
            Button("plus", !_pen.ButtonPlus.Level, ref _plus, ref _plusDownS, t);
            Button("minus", !_pen.ButtonMinus.Level, ref _minus, ref _minusDownS, t);

            bool onSkin = r.SkinLoad > 0;
            if (onSkin != _onSkin) Event(t, onSkin ? "the needles meet the skin" : "the pen is lifted off the skin");
            _onSkin = onSkin;

            bool buzzer = _pen.Buzzer.Level;
            if (buzzer && !_buzzer) _buzzerOnS = t;
            if (!buzzer && _buzzer) Event(t, "buzzer: beep of " + Ms(t - _buzzerOnS));
            _buzzer = buzzer;

            PenFirmware fw = _pen.Firmware;
            if (fw == null) return;
            if (fw.State != _state) Event(t, "pen: " + StateText(_state) + " -> " + StateText(fw.State));
            _state = fw.State;
            if (fw.Fault != _fault) Event(t, fw.Fault == FaultCode.None ? "pen: fault cleared" : "pen: fault " + (int)fw.Fault + ", " + FaultText.Of(fw.Fault));
            _fault = fw.Fault;

            Treatment tr = fw.Treatment;
            if (_profile >= 0 && tr.Profile != _profile) Event(t, "pen: area " + tr.ProfileName);
            if (_level >= 0 && tr.SpeedLevel != _level)
                Event(t, "pen: speed level " + _level + " -> " + tr.SpeedLevel + " (" + tr.LevelHz.ToString("F0", CultureInfo.InvariantCulture) + " strokes/s)");
            _profile = tr.Profile;
            _level = tr.SpeedLevel;
            if (tr.CueSerial != _cueSerial && tr.LastCue != TreatmentCue.None && tr.LastCue != TreatmentCue.Level && tr.LastCue != TreatmentCue.Profile)
                Event(t, "pen: " + CueText(tr));
            _cueSerial = tr.CueSerial;
        }

        private void Button(string name, bool down, ref bool wasDown, ref double downS, double t)
        {
            if (down && !wasDown)
            {
                downS = t;
                Event(t, "you press " + name);
            }
            else if (!down && wasDown) Event(t, "you release " + name + " (held " + Ms(t - downS) + ")");
            wasDown = down;
        }

        private void Event(double t, string what)
        {
            _events.Add(string.Format(CultureInfo.InvariantCulture, "{0,7:F2} s  {1}", t, what));
        }

        private static string StateText(PenState s)
        {
            switch (s)
            {
                case PenState.Boot: return "booting";
                case PenState.Idle: return "ready";
                case PenState.Running: return "running";
                case PenState.Stopping: return "stopping (needles parking)";
                case PenState.Fault: return "fault";
                case PenState.Paused: return "paused";
                case PenState.CartridgeUsed: return "cartridge used";
                case PenState.NoCartridge: return "no cartridge";
                case PenState.PoweringOff: return "switching off";
                case PenState.MeasuringCartridge: return "measuring the cartridge (the start waits)";
                default: return s.ToString();
            }
        }

        private static string CueText(Treatment tr)
        {
            switch (tr.LastCue)
            {
                case TreatmentCue.Pacing: return "30 s on this area: move on";
                case TreatmentCue.Refused: return "start refused (" + tr.LastRefusal + ")";
                case TreatmentCue.SessionEnded: return "session ended and logged";
                case TreatmentCue.Service: return "service: clinic depth cap " + (tr.ClinicCapLifted ? "lifted" : "back");
                case TreatmentCue.RecordsRefused: return "start refused: the session log cannot be written";
                default: return tr.LastCue.ToString();
            }
        }

        // ------------------------------------------------------------------ the panel and the status line

        private void DrawPanel(in TickRow r)
        {
            var sb = new StringBuilder();
            if (_drawn) sb.Append("\x1b[").Append(PanelLines).Append('A'); // back to the panel's first line
            sb.Append("\r\x1b[J");                                          // and clear it
            foreach (string e in _events) sb.Append(e).Append('\n');
            _drawn = true;
            foreach (string line in Panel(r, color: true)) sb.Append(line).Append('\n');
            _out.Write(sb.ToString());
            _out.Flush();
        }

        /// <summary>The panel's lines (plain text when <paramref name="color"/> is false).</summary>
        public string[] Panel(in TickRow r, bool color)
        {
            var inv = CultureInfo.InvariantCulture;
            PenFirmware fw = _pen.Firmware;
            string area = fw != null ? fw.Treatment.ProfileName + ", level " + fw.Treatment.SpeedLevel : "";
            string fault = r.Fault == 0 ? "none" : r.Fault + " " + FaultText.Of((FaultCode)r.Fault);
            return new[]
            {
                Fit(string.Format(inv, " Pen (simulated)  {0,6:F2} s   {1,-14}  {2}   fault {3}", r.TimeS, StateText((PenState)r.State), area, fault)),
                " lights  green " + Lamp(_pen.LedGreen.Level, "32", color) + "  amber " + Lamp(_pen.LedAmber.Level, "33", color) +
                "  red " + Lamp(_pen.LedRed.Level, "31", color) + "   buzzer " + (_pen.Buzzer.Level ? "BEEP" : "-   ") +
                "   buttons  main " + Key(_main) + " plus " + Key(_plus) + " minus " + Key(_minus),
                Fit(string.Format(inv, " rate    setpoint {0,5:F1}/s  true {1,5:F1}/s  estimate {2,5:F1}/s  ", r.SetpointHz, r.TrueRateHz, r.MeasuredRateHz) +
                    Bar(r.TrueRateHz, 160)),
                Fit(string.Format(inv, " needles out {0,4:F2} mm a stroke   depth ring {1,4:F2} mm   skin {2,-10}   strokes {3,7:N0}",
                    _meter.NeedleTravelMm, r.DepthMm, r.SkinLoad > 0 ? "load " + r.SkinLoad.ToString("F2", inv) : "off", r.Strokes)),
                Fit(string.Format(inv, " motor   {0,5:F3} A (stroke mean)   duty {1,4:F2}   supply {2,4:F2} V   winding {3,5:F1} °C   housing {4,5:F1} °C",
                    _meter.MeanCurrentA, r.Duty, r.BusVolts, r.WindingC, r.HousingC)),
            };
        }

        /// <summary>One line for a log: time, state, lights, buzzer, rate, stroke means.</summary>
        public string StatusLine(in TickRow r)
        {
            return Fit(string.Format(CultureInfo.InvariantCulture,
                "{0,7:F2} s  {1,-8} lights {2}{3}{4} buzzer {5}  rate {6,5:F1}/s (est {7,5:F1})  {8,5:F3} A  needles {9,4:F2} mm",
                r.TimeS, StateText((PenState)r.State), _pen.LedGreen.Level ? 'G' : '-', _pen.LedAmber.Level ? 'A' : '-', _pen.LedRed.Level ? 'R' : '-',
                _pen.Buzzer.Level ? "on " : "off", r.TrueRateHz, r.MeasuredRateHz, _meter.MeanCurrentA, _meter.NeedleTravelMm));
        }

        private static string Lamp(bool on, string ansiColor, bool color)
        {
            if (!color) return on ? "ON " : "off";
            return on ? "\x1b[" + ansiColor + ";1m●\x1b[0m on " : "○ off";
        }

        private static string Key(bool down) => down ? "DOWN" : "up  ";

        /// <summary>How wide <paramref name="line"/> shows on a terminal (colour codes take no room).</summary>
        public static int VisibleWidth(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\x1b\\[[0-9;]*m", "").Length;

        private static string Bar(double value, double full)
        {
            int n = (int)Math.Round(Math.Clamp(value / full, 0, 1) * BarWidth);
            return "[" + new string('#', n) + new string(' ', BarWidth - n) + "]";
        }

        private static string Fit(string line) => line.Length <= Width ? line : line.Substring(0, Width);

        private static string Ms(double seconds) => (seconds * 1000).ToString("F0", CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>
    /// Plant truth averaged over whole strokes, for readings a person can follow: the motor current's mean and the
    /// needles' travel (how far the tips came out, the mean of each stroke's peak), over the strokes of at least
    /// <c>averageOverS</c>. With no stroke for that long (the needles still), the current's mean over that time and
    /// the needles' position now.
    /// </summary>
    public sealed class StrokeMeter
    {
        private readonly PenPlant _plant;
        private readonly double _averageOverS;
        private readonly Action<PenPlant> _previous;
        private long _lastMicros, _startMicros, _strokes;
        private double _charge, _peakSum, _peak;
        private int _strokesCounted;

        public StrokeMeter(PenPlant plant, double averageOverS)
        {
            _plant = plant;
            _averageOverS = averageOverS;
            _lastMicros = _startMicros = plant.NowMicros;
            _strokes = plant.Strokes;
            _previous = plant.StepObserver;
            plant.StepObserver = Step;
        }

        /// <summary>Mean motor current over the last whole strokes. Unit: A.</summary>
        public double MeanCurrentA { get; private set; }

        /// <summary>How far the needle tips came out, the mean of each stroke's peak. Unit: mm.</summary>
        public double NeedleTravelMm { get; private set; }

        /// <summary>Gives the plant's step hook back.</summary>
        public void Detach() => _plant.StepObserver = _previous;

        private void Step(PenPlant p)
        {
            _previous?.Invoke(p);
            long now = p.NowMicros;
            _charge += p.MotorCurrentA * (now - _lastMicros) * 1e-6;
            _lastMicros = now;
            _peak = Math.Max(_peak, p.NeedleMm);
            double span = (now - _startMicros) * 1e-6;
            if (p.Strokes != _strokes)
            {
                _strokes = p.Strokes;
                _peakSum += _peak;
                _strokesCounted++;
                _peak = 0;
                if (span >= _averageOverS) Publish(span, _peakSum / _strokesCounted);
            }
            else if (span >= 2 * _averageOverS)
            {
                // strokes have stopped (or are very slow): what is known of them, else where the needles stand
                Publish(span, _strokesCounted > 0 ? _peakSum / _strokesCounted : p.NeedleMm);
            }
        }

        private void Publish(double span, double needleMm)
        {
            MeanCurrentA = _charge / span;
            NeedleTravelMm = needleMm;
            _charge = 0;
            _peakSum = 0;
            _strokesCounted = 0;
            _peak = 0;
            _startMicros = _lastMicros;
        }
    }
}
