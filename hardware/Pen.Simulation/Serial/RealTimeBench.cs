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
    /// In lockstep (<see cref="Lockstep"/>: the QA tool's --sim) the pen is paced by the tool that drives it, not by the
    /// wall clock: it runs a tick only when the tool grants one (<see cref="Step"/>), while the tool waits (for an answer,
    /// for a settle time), and takes at that tick every byte the tool wrote before granting it; the tool takes the tick's
    /// output before it grants the next, and counts its time on the pen's (<see cref="NowMicros"/>). Each request then
    /// lands on a tick fixed by the run so far, not by when the host's scheduler let the bytes through, so a run is
    /// reproducible bit for bit. The firmware sees the same in kind either way: a request's bytes arrive between two
    /// ticks and are answered as its bench thread is scheduled.
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
        private readonly SemaphoreSlim _grant = new SemaphoreSlim(0), _done = new SemaphoreSlim(0);
        private long _nowMicros, _penBytesOut, _fixtureBytesOut, _penBytesExpected, _fixtureBytesExpected, _penBytesIn, _fixtureBytesIn;
        private volatile bool _stopping;
        private readonly StringBuilder _penAnswers = new StringBuilder();

        /// <param name="scenario">The pen to serve (its duration is ignored: it runs until <see cref="Stop"/>).</param>
        /// <param name="truthPath">Where to write the truth log (CSV, one row per tick), or null for none.</param>
        /// <param name="lockstep">Run each tick when <see cref="Step"/> grants it, not on the wall clock.</param>
        public RealTimeBench(Scenario scenario, string truthPath = null, bool lockstep = false)
        {
            Lockstep = lockstep;
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

        /// <summary>The pen runs a tick when <see cref="Step"/> grants it (the driving tool's time is the pen's), not on the wall clock.</summary>
        public bool Lockstep { get; }

        /// <summary>In lockstep: the plant's time at the end of the last tick served (the fixture's clock). Unit: µs.</summary>
        public long NowMicros => Interlocked.Read(ref _nowMicros);

        /// <summary>Bytes written so far on the pen's line, and on the fixture's (those the tool must have read before its next step).</summary>
        public long PenBytesOut => Interlocked.Read(ref _penBytesOut);
        public long FixtureBytesOut => Interlocked.Read(ref _fixtureBytesOut);

        /// <summary>
        /// In lockstep: lets the pen run its next tick, which first takes every byte the tool has written so far on each line
        /// (<paramref name="penBytesSent"/>, <paramref name="fixtureBytesSent"/>: counted from the start), and returns when
        /// the tick's output is written (<see cref="PenBytesOut"/>, <see cref="FixtureBytesOut"/>).
        /// </summary>
        public void Step(long penBytesSent, long fixtureBytesSent)
        {
            if (!Lockstep) throw new InvalidOperationException("Step drives a bench in lockstep only");
            Interlocked.Exchange(ref _penBytesExpected, penBytesSent);
            Interlocked.Exchange(ref _fixtureBytesExpected, fixtureBytesSent);
            _grant.Release();
            while (!_done.Wait(1000))
                if (_thread == null || !_thread.IsAlive)
                    throw new IOException("the simulated pen stopped" + (_failure != null ? ": " + _failure.Message : ""));
        }

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
            _stopping = true;
            if (Lockstep) _grant.Release();
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
            if (Lockstep)
            {
                _grant.Wait();
                if (_stopping) return;
                // before the tick's output goes out: the tool stamps what it reads of it with this time
                Interlocked.Exchange(ref _nowMicros, simMicros);
            }
            else
            {
                double aheadMs = simMicros / 1000.0 - _wall.Elapsed.TotalMilliseconds;
                if (aheadMs > 1) Thread.Sleep((int)aheadMs);
                else if (-aheadMs > WorstLagMillis && simMicros > 1000000) WorstLagMillis = -aheadMs;
            }

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

            if (Lockstep) _done.Release();
        }

        /// <summary>
        /// The bytes that have arrived on a line: in real time what is there now; in lockstep exactly those the tool wrote
        /// before granting this tick (a pseudo-terminal may pass them on a moment after the write: waited for, at most 10 s).
        /// </summary>
        private int Receive(PseudoTerminal line, ref long received, long expected)
        {
            if (!Lockstep) return line.Read(_received);
            long want = Math.Min(expected - received, _received.Length);
            if (want <= 0) return 0;
            var patience = Stopwatch.StartNew();
            while (true)
            {
                int n = line.Read(_received, (int)want);
                if (n > 0)
                {
                    received += n;
                    return n;
                }

                if (patience.Elapsed.TotalSeconds > 10)
                    throw new IOException("the tool's " + want + " bytes did not reach the simulated line " + line.Path + " within 10 s");
                Thread.Sleep(0);
            }
        }

        private void Write(PseudoTerminal line, ref long written, byte[] bytes, int count) => Interlocked.Add(ref written, line.Write(bytes, count));

        private void Write(PseudoTerminal line, ref long written, string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Write(line, ref written, bytes, bytes.Length);
        }

        private void ServePen()
        {
            if (_penAnswers.Length > 0)
            {
                Write(_penLine, ref _penBytesOut, _penAnswers.ToString());
                _penAnswers.Clear();
            }

            int n;
            while ((n = Receive(_penLine, ref _penBytesIn, Interlocked.Read(ref _penBytesExpected))) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    bool complete = _penInput.Add(_received[i]);
                    if (_penInput.EchoLength > 0) Write(_penLine, ref _penBytesOut, _penInput.EchoBytes, _penInput.EchoLength);
                    if (!complete) continue;
                    bool tooLong = _penInput.TooLong;
                    int length = _penInput.Received;
                    string line = _penInput.Line();
                    LinesServed++;
                    if (tooLong)
                    {
                        Write(_penLine, ref _penBytesOut, BenchProtocol.Overlong(length));
                        continue;
                    }

                    _runner.SendBench(line, answer =>
                    {
                        BenchProtocol protocol = _runner.Protocol(_runner.Pen.Firmware);
                        string text = protocol.Echo ? BenchText.CrLf(answer) : answer;
                        // produced inside a later tick's work: in lockstep it goes out with that tick's output, after
                        // the tool has taken this tick's (else it would race the tool's reading of it)
                        if (Lockstep) _penAnswers.Append(text);
                        else Write(_penLine, ref _penBytesOut, text);
                        _penInput.Echo = protocol.Echo;
                    });
                }

                if (!Lockstep) break;
            }

            if (!_runner.Pen.Powered) return;
            int length2 = _runner.Pen.Firmware.Stream.Drain(_telemetry);
            if (length2 > 0) Write(_penLine, ref _penBytesOut, _telemetry, length2);
        }

        private void ServeFixture()
        {
            int n;
            while ((n = Receive(_fixtureLine, ref _fixtureBytesIn, Interlocked.Read(ref _fixtureBytesExpected))) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    if (_fixtureInput.Add(_received[i])) _fixture.Handle(_fixtureInput.Line());
                }

                if (!Lockstep) break;
            }

            string output = _fixture.TakeOutput();
            if (output.Length > 0) Write(_fixtureLine, ref _fixtureBytesOut, output);
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
