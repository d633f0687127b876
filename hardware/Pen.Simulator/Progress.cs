using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Pen.Simulator
{
    /// <summary>
    /// One status line for long work on a terminal ("report control: 36/72 cases, 1:02 elapsed, about 1:04 left"),
    /// redrawn in place at most every <see cref="RedrawS"/>; silent when the output is a file or a pipe, so CI logs
    /// get no progress lines. <see cref="Step"/> may be called from several threads.
    /// </summary>
    public sealed class Progress
    {
        /// <summary>Shortest time between two redraws. Unit: s.</summary>
        public const double RedrawS = 0.25;

        private readonly TextWriter _out;
        private readonly string _label, _unit;
        private readonly int _total;
        private readonly Func<double> _elapsedS;
        private readonly object _lock = new object();
        private int _done;
        private double _drawnAtS = double.NegativeInfinity;

        /// <param name="terminal">where to draw, or null for no progress at all</param>
        /// <param name="label">what runs ("report control")</param>
        /// <param name="total">how many steps in all (≥ 1)</param>
        /// <param name="unit">what a step is, plural ("cases")</param>
        /// <param name="elapsedS">wall time since the work began, s (a stopwatch unless a test passes its own clock)</param>
        public Progress(TextWriter terminal, string label, int total, string unit, Func<double> elapsedS = null)
        {
            _out = terminal;
            _label = label;
            _total = Math.Max(1, total);
            _unit = unit;
            if (elapsedS == null)
            {
                Stopwatch wall = Stopwatch.StartNew();
                elapsedS = () => wall.Elapsed.TotalSeconds;
            }

            _elapsedS = elapsedS;
        }

        /// <summary>Draws on <paramref name="stdout"/> only when it is the console and the console is a terminal.</summary>
        public static Progress ForConsole(TextWriter stdout, string label, int total, string unit)
        {
            bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            return new Progress(terminal ? stdout : null, label, total, unit);
        }

        /// <summary>True when this meter draws.</summary>
        public bool Shown => _out != null;

        /// <summary>One step done.</summary>
        public void Step()
        {
            int done = Interlocked.Increment(ref _done);
            if (_out == null) return;
            lock (_lock)
            {
                double now = _elapsedS();
                if (now - _drawnAtS < RedrawS && done < _total) return;
                _drawnAtS = now;
                _out.Write("\r\x1b[2K" + Line(done, now));
                _out.Flush();
            }
        }

        /// <summary>Ends the status line (it stays, with the time taken) so the report starts on a line of its own.</summary>
        public void Finish()
        {
            if (_out == null) return;
            lock (_lock)
            {
                _out.Write("\r\x1b[2K" + _label + ": " + Volatile.Read(ref _done).ToString(CultureInfo.InvariantCulture) + " " + _unit + " in " + Clock(_elapsedS()) + "\n");
                _out.Flush();
            }
        }

        /// <summary>"label: done/total unit (p %), m:ss elapsed, about m:ss left".</summary>
        public string Line(int done, double elapsedS)
        {
            var inv = CultureInfo.InvariantCulture;
            string line = _label + ": " + done.ToString(inv) + "/" + _total.ToString(inv) + " " + _unit +
                          " (" + (100.0 * done / _total).ToString("F0", inv) + " %), " + Clock(elapsedS) + " elapsed";
            if (done > 0 && done < _total) line += ", about " + Clock(elapsedS * (_total - done) / done) + " left";
            return line;
        }

        private static string Clock(double seconds)
        {
            int s = (int)Math.Round(seconds);
            return (s / 60).ToString(CultureInfo.InvariantCulture) + ":" + (s % 60).ToString("00", CultureInfo.InvariantCulture);
        }
    }
}
