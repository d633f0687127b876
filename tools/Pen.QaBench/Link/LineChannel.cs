using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Ports;
using System.Text;
using System.Threading;

namespace Pen.QaBench.Link
{
    /// <summary>
    /// One serial line to a device that answers request lines with zero or more data lines and then "OK" or
    /// "ERR &lt;code&gt; &lt;message&gt;" (the pen's bench protocol, the reference instrument's), and that may send
    /// unsolicited lines between answers (the pen's TEL telemetry, the fixture's STROKE times). A reader thread stamps
    /// every line with the host's clock on arrival and sorts it: unsolicited lines to <see cref="OnUnsolicited"/>, the
    /// rest to the answer in progress. Opened with System.IO.Ports: a USB-serial adapter, or a pseudo-terminal.
    /// </summary>
    public sealed class LineChannel : IDisposable
    {
        /// <summary>The bench UART's settings (nf.config benchSerial: 115,200 baud 8N1).</summary>
        public const int BaudRate = 115200;

        private readonly SerialPort _port;
        private readonly Func<string, bool> _unsolicited;
        private readonly BlockingCollection<string> _answers = new BlockingCollection<string>();
        private readonly Thread _reader;
        private readonly Stopwatch _clock;
        private volatile bool _closing;
        private bool _answerOwed; // a request timed out: its answer may still arrive

        /// <summary>Every line sent and received, with host times, for the report's transcript.</summary>
        public readonly List<string> Transcript = new List<string>();

        /// <param name="device">/dev/ttyUSB0, COM3, /dev/pts/N.</param>
        /// <param name="name">What the line is, for messages ("pen", "reference instrument").</param>
        /// <param name="unsolicited">Which lines are not part of an answer (e.g. starting "TEL ").</param>
        /// <param name="onUnsolicited">Gets each unsolicited line and its host arrival time (µs); called on the reader thread.</param>
        /// <param name="clock">The host clock all lines are stamped with.</param>
        public LineChannel(string device, string name, Func<string, bool> unsolicited, Action<string, long> onUnsolicited, Stopwatch clock)
        {
            Name = name;
            _unsolicited = unsolicited;
            OnUnsolicited = onUnsolicited;
            _clock = clock;
            _port = new SerialPort(device, BaudRate, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = 200,
                WriteTimeout = 2000,
                NewLine = "\n",
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
        public long NowMicros => _clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;

        /// <summary>
        /// Sends one request and waits for its answer: the data lines (without the closing OK). Throws
        /// <see cref="DeviceError"/> on ERR, <see cref="TimeoutException"/> when no answer comes within the timeout; the
        /// next request first skips that late answer, so it is never taken for its own. One caller at a time.
        /// </summary>
        public List<string> Ask(string request, double timeoutS = 3.0)
        {
            if (_answerOwed) SkipLateAnswer(timeoutS);
            while (_answers.TryTake(out _)) { } // lines of no request (none are expected)
            lock (Transcript) Transcript.Add(Stamp() + " > " + request);
            _port.Write(request + "\n");
            var lines = new List<string>();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                int left = (int)(timeoutS * 1000 - deadline.ElapsedMilliseconds);
                if (left <= 0 || !_answers.TryTake(out string line, left))
                {
                    _answerOwed = true;
                    throw new TimeoutException("the " + Name + " did not answer \"" + request + "\" within " + timeoutS + " s");
                }

                if (line == "OK") return lines;
                if (line.StartsWith("ERR ", StringComparison.Ordinal)) throw new DeviceError(Name, request, line);
                lines.Add(line);
            }
        }

        /// <summary>
        /// The answer to a request that timed out may still be on its way: every answer ends in exactly one OK or ERR
        /// line, so the lines up to the first one belong to that request, not to the next. Waits for it as long as a
        /// request's own timeout; an answer later than that (the device lost the request) is not waited for.
        /// </summary>
        private void SkipLateAnswer(double timeoutS)
        {
            _answerOwed = false;
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                int left = (int)(timeoutS * 1000 - deadline.ElapsedMilliseconds);
                if (left <= 0 || !_answers.TryTake(out string line, left))
                {
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
            var buffer = new StringBuilder();
            while (!_closing)
            {
                string line;
                try
                {
                    line = _port.ReadLine();
                }
                catch (TimeoutException)
                {
                    continue;
                }
                catch (Exception) when (_closing)
                {
                    return;
                }
                catch (Exception e)
                {
                    lock (Transcript) Transcript.Add(Stamp() + " ! the line failed: " + e.Message);
                    Thread.Sleep(100);
                    continue;
                }

                long at = NowMicros;
                line = line.TrimEnd('\r');
                if (line.Length == 0) continue;
                if (_unsolicited(line))
                {
                    OnUnsolicited?.Invoke(line, at);
                    continue;
                }

                lock (Transcript) Transcript.Add(Stamp() + " < " + line);
                _answers.Add(line);
            }
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
