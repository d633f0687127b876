using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Pen.Core.Protocol;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Serial
{
    /// <summary>
    /// The simulated pen on a serial line, in real time: the scenario's pen runs through the same ScenarioRunner, tick
    /// scheduler and simulated CPU as every other run, paced to the wall clock (each tick waits until its simulated time
    /// has come), and its bench serial is a pseudo-terminal: the bytes that arrive go into the core's BenchLineInput
    /// (CR, LF or CR LF; echo when asked), each line is answered by the bench thread as the simulated CPU schedules it,
    /// and the telemetry the tick captured (STREAM) goes out after each tick, as the device's bench thread sends it. A
    /// second pseudo-terminal serves the reference instrument (<see cref="ReferenceFixture"/>). The pen's line carries
    /// bytes only (no baud-rate timing: a pseudo-terminal has none).
    /// Also a truth log for checking the QA tool's verdicts (<see cref="TruthPath"/>): every tick's true state, at the
    /// time the tick's work ended (t_us) and the time the tick began (tick_start_us), both on the plant's clock (the
    /// fixture's, which runs on through power cycles; the pen's restarts at each power-up), and the wall clock when
    /// the row was written (wall_us: the simulation is late where wall_us exceeds t_us); beside it
    /// (<see cref="TruthStrokesPath"/>) every stroke's true time, the cam's crossing of the retracted point.
    /// </summary>
    public sealed class RealTimeBench : ITickSink, IDisposable
    {
        private readonly ScenarioRunner _runner;
        private readonly PseudoTerminal _penLine;
        private readonly PseudoTerminal _fixtureLine;
        private readonly ReferenceFixture _fixture;
        private readonly BenchLineInput _penInput = new BenchLineInput();
        private readonly BenchLineInput _fixtureInput = new BenchLineInput();
        private readonly byte[] _received = new byte[4096];
        private readonly byte[] _telemetry = new byte[4096];
        private readonly Stopwatch _wall = new Stopwatch();
        private readonly StreamWriter _truth, _truthStrokes;
        private int _strokesWritten;
        private Thread _thread;
        private Exception _failure;

        /// <param name="scenario">The pen to serve (its duration is ignored: it runs until <see cref="Stop"/>).</param>
        /// <param name="truthPath">Where to write the truth log (CSV, one row per tick), or null for none.</param>
        public RealTimeBench(Scenario scenario, string truthPath = null)
        {
            scenario.DurationS = 24 * 3600;
            _runner = new ScenarioRunner(scenario) { BenchTranscriptLimit = TranscriptLines };
            _runner.Pen.Plant.StrokeHistoryLimit = StrokesKept;
            _penLine = PseudoTerminal.Open();
            try
            {
                _fixtureLine = PseudoTerminal.Open();
            }
            catch
            {
                _penLine.Dispose();
                throw;
            }

            _fixture = new ReferenceFixture(_runner);
            TruthPath = truthPath;
            if (truthPath != null)
            {
                _truth = new StreamWriter(truthPath, false, new UTF8Encoding(false));
                TruthStrokesPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthPath)), Path.GetFileNameWithoutExtension(truthPath) + "-strokes.csv");
                _truthStrokes = new StreamWriter(TruthStrokesPath, false, new UTF8Encoding(false));
                _truthStrokes.WriteLine("t_us");
                _strokesWritten = _runner.Pen.Plant.StrokeTimeCount;
                _truth.WriteLine("t_us,true_rate_hz,true_strokes,true_cam_turns,true_depth_mm,pen_depth_mm,pen_rate_hz,state,fault,current_a,bus_v,tick_start_us,wall_us");
            }
        }

        /// <summary>
        /// The newest strokes the plant keeps (a pen served for a day makes 13 million): its readers here, the instrument and
        /// the truth log, take each tick's new strokes. 65,536: over 7 minutes at 150 strokes/s, at most 1 MB.
        /// </summary>
        public const int StrokesKept = 65_536;

        /// <summary>The newest lines of the bench's transcript kept in memory (a pen served for days answers millions). Unit: lines.</summary>
        public const int TranscriptLines = 10_000;

        /// <summary>The pen's bench serial (/dev/pts/N).</summary>
        public string PenPort => _penLine.Path;
        /// <summary>The reference instrument's line (/dev/pts/N).</summary>
        public string FixturePort => _fixtureLine.Path;
        /// <summary>The truth log's path, or null.</summary>
        public string TruthPath { get; }
        /// <summary>The true stroke times (CSV, one per line, µs on the plant's clock), or null.</summary>
        public string TruthStrokesPath { get; }
        /// <summary>The simulated pen (for inspection: tests, the truth check).</summary>
        public SimulatedPen Pen => _runner.Pen;
        /// <summary>Lines the pen's serial took so far.</summary>
        public int LinesServed { get; private set; }
        /// <summary>How far the simulation fell behind the wall clock at worst (a slow machine). Unit: ms.</summary>
        public double WorstLagMillis { get; private set; }

        /// <summary>Starts the pen on its own thread, in real time from now.</summary>
        public void Start()
        {
            _wall.Start();
            _thread = new Thread(() =>
            {
                try { _runner.Run(this); }
                catch (Exception e) { _failure = e; }
            }) { IsBackground = true, Name = "simulated pen" };
            _thread.Start();
        }

        /// <summary>Stops the pen (after the tick in progress) and waits for it; rethrows what ended it early, if anything did.</summary>
        public void Stop()
        {
            _runner.Stop();
            _thread?.Join();
            _truth?.Flush();
            _truthStrokes?.Flush();
            if (_failure != null) throw new InvalidOperationException("the simulated pen stopped: " + _failure.Message, _failure);
        }

        /// <summary>Runs until the process is stopped (Ctrl+C), or the pen fails.</summary>
        public void RunForeground(CancellationToken stop)
        {
            Start();
            while (!stop.IsCancellationRequested && _thread.IsAlive) stop.WaitHandle.WaitOne(200);
            Stop();
        }

        void ITickSink.OnTick(in TickRow row)
        {
            long simMicros = _runner.Pen.Plant.NowMicros;
            double aheadMs = simMicros / 1000.0 - _wall.Elapsed.TotalMilliseconds;
            if (aheadMs > 1) Thread.Sleep((int)aheadMs);
            else if (-aheadMs > WorstLagMillis && simMicros > 1000000) WorstLagMillis = -aheadMs;

            ServePen();
            ServeFixture();
            _truth?.WriteLine(FormattableString.Invariant(
                $"{simMicros},{row.TrueRateHz:0.###},{row.Strokes},{_runner.Pen.Plant.CamAngleRad / (2 * Math.PI):0.#####},{_runner.Pen.Ring.ActualMm:0.####},{_runner.Pen.Firmware.Frame.DepthMm:0.####},{row.MeasuredRateHz:0.###},{row.State},{row.Fault},{row.CurrentA:0.####},{row.BusVolts:0.###},{(row.FirmwareRan ? _runner.Pen.Cpu.LastTick.StartMicros : simMicros)},{(long)(_wall.Elapsed.TotalMilliseconds * 1000)}"));
            if (_truthStrokes != null)
            {
                var plant = _runner.Pen.Plant;
                for (; _strokesWritten < plant.StrokeTimeCount; _strokesWritten++)
                    _truthStrokes.WriteLine(((long)Math.Round(plant.StrokeTime(_strokesWritten) * 1e6)).ToString(CultureInfo.InvariantCulture));
            }
        }

        private void ServePen()
        {
            int n = _penLine.Read(_received);
            for (int i = 0; i < n; i++)
            {
                bool complete = _penInput.Add(_received[i]);
                if (_penInput.EchoLength > 0) _penLine.Write(_penInput.EchoBytes, _penInput.EchoLength);
                if (!complete) continue;
                bool tooLong = _penInput.TooLong;
                int length = _penInput.Received;
                string line = _penInput.Line();
                LinesServed++;
                if (tooLong)
                {
                    _penLine.Write(BenchProtocol.Overlong(length));
                    continue;
                }

                _runner.SendBench(line, answer =>
                {
                    BenchProtocol protocol = _runner.Protocol(_runner.Pen.Firmware);
                    _penLine.Write(protocol.Echo ? BenchText.CrLf(answer) : answer);
                    _penInput.Echo = protocol.Echo;
                });
            }

            if (!_runner.Pen.Powered) return;
            int length2 = _runner.Pen.Firmware.Stream.Drain(_telemetry);
            if (length2 > 0) _penLine.Write(_telemetry, length2);
        }

        private void ServeFixture()
        {
            int n = _fixtureLine.Read(_received);
            for (int i = 0; i < n; i++)
            {
                if (_fixtureInput.Add(_received[i])) _fixture.Handle(_fixtureInput.Line());
            }

            string output = _fixture.TakeOutput();
            if (output.Length > 0) _fixtureLine.Write(output);
        }

        public void Dispose()
        {
            _truth?.Dispose();
            _truthStrokes?.Dispose();
            _penLine.Dispose();
            _fixtureLine.Dispose();
        }
    }
}
