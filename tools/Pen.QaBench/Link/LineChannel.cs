using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Ports;
using System.Text;
using System.Threading;

namespace Pen.QaBench.Link
{
    /// <summary>
    /// One serial line to a device that answers request lines with zero or more data lines and then "OK" or
    /// "ERR &lt;code&gt; &lt;message&gt;" (the pen's bench protocol, the reference instrument's), and that may send
    /// unsolicited lines between answers (the pen's TEL telemetry, the fixture's STROKE times). A reader thread takes the
    /// bytes as they come (one blocking read at a time, never cancelled: a read that a timeout cancels can drop the bytes it
    /// took), cuts them into lines (CR, LF or CR LF), stamps every line with the host's clock on arrival and sorts it:
    /// unsolicited lines to <see cref="OnUnsolicited"/>, the rest to the answer in progress. Lines that show the device's
    /// clock move <see cref="DeviceProgressMicros"/> on; a request's timeout runs on it (<see cref="AnswerDeadline"/>).
    /// Opened with System.IO.Ports: a USB-serial adapter, or a pseudo-terminal.
    /// Against a simulated pen in lockstep (<c>step</c>) a request waits by letting the pen run one tick at a time, each
    /// tick's lines taken before the next (<see cref="WaitReceived"/>), so an answer is taken on the tick it came.
    /// </summary>
    public sealed class LineChannel : IDisposable
    {
        /// <summary>The bench UART's settings (nf.config benchSerial: 115,200 baud 8N1).</summary>
        public const int BaudRate = 115200;

        /// <summary>How often a waiting request looks at its deadline. Unit: ms.</summary>
        private const int PollMillis = 20;

        private readonly SerialPort _port;
        private readonly Func<string, bool> _unsolicited;
        private readonly Func<string, long> _clockOf;
        private readonly BlockingCollection<string> _answers = new BlockingCollection<string>();
        private readonly Thread _reader;
        private readonly Func<long> _hostMicros;
        private readonly object _clockLock = new object();
        private readonly object _receivedLock = new object();
        private readonly Action _step;
        private long _bytesSent, _bytesReceived;
        private volatile bool _closing;
        private bool _answerOwed; // a request timed out: its answer may still arrive
        private long _lastLineHostMicros, _deviceProgressMicros, _lastDeviceMicros = -1, _linesReceived, _deadlineChecks;

        /// <summary>Every line sent and received, with host times, for the report's transcript.</summary>
        public readonly List<string> Transcript = new List<string>();

        /// <param name="device">/dev/ttyUSB0, COM3, /dev/pts/N.</param>
        /// <param name="name">What the line is, for messages ("pen", "reference instrument").</param>
        /// <param name="unsolicited">Which lines are not part of an answer (e.g. starting "TEL ").</param>
        /// <param name="onUnsolicited">Gets each unsolicited line and its host arrival time (µs); called on the reader thread.</param>
        /// <param name="hostMicros">The host clock all lines are stamped with and timeouts count against. Unit: µs.</param>
        /// <param name="clockOf">The device's clock a line shows (µs), or -1 when it shows none (<see cref="PenClockMicros"/>,
        /// <see cref="FixtureClockMicros"/>); null: the device's lines are not read for a clock.</param>
        /// <param name="step">A simulated pen in lockstep: runs it one tick and returns when that tick's lines are taken
        /// (the host's clock is then the pen's); null: a device that runs on its own.</param>
        public LineChannel(string device, string name, Func<string, bool> unsolicited, Action<string, long> onUnsolicited, Func<long> hostMicros, Func<string, long> clockOf = null, Action step = null)
        {
            _step = step;
            Name = name;
            _unsolicited = unsolicited;
            OnUnsolicited = onUnsolicited;
            _hostMicros = hostMicros;
            _clockOf = clockOf ?? (_ => -1);
            _port = new SerialPort(device, BaudRate, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout,
                WriteTimeout = 60_000, // a few bytes on a line with no flow control: only a line that is gone takes long
                Encoding = Encoding.ASCII,
            };
            try
            {
                _port.Open();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is InvalidOperationException)
            {
                throw new IOException("cannot open the " + name + "'s serial port " + device + ": " + e.Message
                                      + (e is UnauthorizedAccessException ? " (on Linux: add yourself to the dialout group)" : ""), e);
            }

            _port.DiscardInBuffer();
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = name + " reader" };
            _reader.Start();
        }

        public string Name { get; }
        public Action<string, long> OnUnsolicited { get; set; }

        /// <summary>Host clock now. Unit: µs.</summary>
        public long NowMicros => _hostMicros();

        /// <summary>
        /// The device's clock as its lines have shown it so far, its advances summed (a device that restarts its clock at a
        /// power-up goes on counting from where it was). Unit: µs.
        /// </summary>
        public long DeviceProgressMicros { get { lock (_clockLock) return _deviceProgressMicros; } }

        /// <summary>How many times a waiting request has looked at its deadline (a test that moves the host's clock waits for the next look).</summary>
        public long DeadlineChecks => Interlocked.Read(ref _deadlineChecks);

        /// <summary>Bytes written to the device so far.</summary>
        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>
        /// Waits until the reader has taken <paramref name="count"/> bytes from the start (every line in them sorted and
        /// stamped); a line that stops carrying bytes fails after 10 s of the host's time.
        /// </summary>
        public void WaitReceived(long count)
        {
            lock (_receivedLock)
            {
                while (_bytesReceived < count)
                    if (!Monitor.Wait(_receivedLock, 10_000))
                        throw new IOException("the " + Name + "'s line delivered " + _bytesReceived + " of " + count + " bytes, no more for 10 s");
            }
        }

        /// <summary>Lines received so far (answers and unsolicited).</summary>
        public long LinesReceived => Interlocked.Read(ref _linesReceived);

        /// <summary>The pen's clock on a line: a TEL line's first field, or a t_ms= field (STATUS); -1 for none. Unit: µs.</summary>
        public static long PenClockMicros(string line)
        {
            if (line.StartsWith("TEL ", StringComparison.Ordinal))
            {
                int comma = line.IndexOf(',');
                return comma > 4 && long.TryParse(line.AsSpan(4, comma - 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ms) ? ms * 1000 : -1;
            }

            string t = Field.Get(line, "t_ms");
            return t != null && long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long m) ? m * 1000 : -1;
        }

        /// <summary>The reference instrument's clock on a line: its t_us= field (STROKE, TIME, GAUGE...); -1 for none. Unit: µs.</summary>
        public static long FixtureClockMicros(string line)
        {
            string t = Field.Get(line, "t_us");
            return t != null && long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long us) ? us : -1;
        }

        /// <summary>
        /// Sends one request and waits for its answer: the data lines (without the closing OK). Throws
        /// <see cref="DeviceError"/> on ERR, <see cref="TimeoutException"/> when no answer comes within the timeout (on the
        /// device's clock while its lines show it, <see cref="AnswerDeadline"/>); the next request first skips that late
        /// answer, so it is never taken for its own. One caller at a time.
        /// </summary>
        public List<string> Ask(string request, double timeoutS = 3.0)
        {
            if (_answerOwed) SkipLateAnswer(timeoutS);
            while (_answers.TryTake(out _)) { } // lines of no request (none are expected)
            lock (Transcript) Transcript.Add(Stamp() + " > " + request);
            var deadline = Deadline(timeoutS);
            _port.Write(request + "\n");
            Interlocked.Add(ref _bytesSent, _port.Encoding.GetByteCount(request) + 1);
            var lines = new List<string>();
            while (true)
            {
                if (!Next(out string line))
                {
                    string expired = Expired(deadline);
                    if (expired == null) continue;
                    _answerOwed = true;
                    throw new TimeoutException("the " + Name + " did not answer \"" + request + "\" " + expired);
                }

                if (line == "OK") return lines;
                if (line.StartsWith("ERR ", StringComparison.Ordinal)) throw new DeviceError(Name, request, line);
                lines.Add(line);
            }
        }

        /// <summary>The next line of an answer: waits up to <see cref="PollMillis"/>, or with a simulated pen in lockstep one tick of it.</summary>
        private bool Next(out string line)
        {
            if (_step == null) return _answers.TryTake(out line, PollMillis);
            if (_answers.TryTake(out line)) return true;
            _step();
            return _answers.TryTake(out line);
        }

        private AnswerDeadline Deadline(double timeoutS) => new AnswerDeadline(timeoutS, NowMicros, DeviceProgressMicros);

        private string Expired(AnswerDeadline deadline)
        {
            long last, progress;
            lock (_clockLock)
            {
                last = _lastLineHostMicros;
                progress = _deviceProgressMicros;
            }

            string expired = deadline.Expired(NowMicros, last, progress);
            Interlocked.Increment(ref _deadlineChecks);
            return expired;
        }

        /// <summary>
        /// The answer to a request that timed out may still be on its way: every answer ends in exactly one OK or ERR
        /// line, so the lines up to the first one belong to that request, not to the next. Waits for it as long as a
        /// request's own timeout; an answer later than that (the device lost the request) is not waited for.
        /// </summary>
        private void SkipLateAnswer(double timeoutS)
        {
            _answerOwed = false;
            var deadline = Deadline(timeoutS);
            while (true)
            {
                if (!Next(out string line))
                {
                    if (Expired(deadline) == null) continue;
                    lock (Transcript) Transcript.Add(Stamp() + " ! no late answer to the request that timed out");
                    return;
                }

                if (line == "OK" || line.StartsWith("ERR ", StringComparison.Ordinal))
                {
                    lock (Transcript) Transcript.Add(Stamp() + " ! the lines above answered the request that timed out: skipped");
                    return;
                }
            }
        }

        private void ReadLoop()
        {
            var bytes = new byte[4096];
            var text = new StringBuilder();
            while (!_closing)
            {
                int n;
                try
                {
                    n = _port.BaseStream.Read(bytes, 0, bytes.Length);
                }
                catch (Exception) when (_closing)
                {
                    return;
                }
                catch (Exception e) when (e is IOException || e is InvalidOperationException || e is TimeoutException || e is ObjectDisposedException)
                {
                    lock (Transcript) Transcript.Add(Stamp() + " ! the line failed: " + e.Message);
                    Thread.Sleep(100);
                    continue;
                }

                if (n <= 0)
                {
                    Thread.Sleep(10);
                    continue;
                }

                long at = NowMicros;
                for (int i = 0; i < n; i++)
                {
                    byte b = bytes[i];
                    if (b != (byte)'\n' && b != (byte)'\r')
                    {
                        text.Append(b < 128 ? (char)b : '?');
                        continue;
                    }

                    if (text.Length == 0) continue; // the LF of a CR LF, or an empty line
                    Take(text.ToString(), at);
                    text.Clear();
                }

                lock (_receivedLock)
                {
                    _bytesReceived += n;
                    Monitor.PulseAll(_receivedLock);
                }
            }
        }

        private void Take(string line, long at)
        {
            long clock = _clockOf(line);
            lock (_clockLock)
            {
                _lastLineHostMicros = at;
                if (clock >= 0)
                {
                    if (_lastDeviceMicros >= 0 && clock > _lastDeviceMicros) _deviceProgressMicros += clock - _lastDeviceMicros;
                    _lastDeviceMicros = clock;
                }
            }

            Interlocked.Increment(ref _linesReceived);
            if (_unsolicited(line))
            {
                OnUnsolicited?.Invoke(line, at);
                return;
            }

            lock (Transcript) Transcript.Add(Stamp() + " < " + line);
            _answers.Add(line);
        }

        private string Stamp() => (NowMicros / 1e6).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " s";

        public void Dispose()
        {
            _closing = true;
            try { _port.Close(); } catch (IOException) { }
            _reader?.Join(1000);
            _port.Dispose();
        }
    }

    /// <summary>The device answered ERR: the request, the device and its whole error line.</summary>
    public sealed class DeviceError : Exception
    {
        public DeviceError(string device, string request, string line) : base("the " + device + " refused \"" + request + "\": " + line)
        {
            Line = line;
        }

        /// <summary>The "ERR ..." line.</summary>
        public string Line { get; }
    }
}
