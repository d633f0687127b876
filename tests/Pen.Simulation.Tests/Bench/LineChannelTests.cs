using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Link;
using Pen.Simulation.Serial;

namespace Pen.Simulation.Tests.Bench
{
    /// <summary>
    /// The QA tool's serial line, on a pseudo-terminal with the host's clock injected (it moves only when a test moves it):
    /// a request's timeout runs on the device's clock while its lines show it, so a pen heard late (starved of CPU) is
    /// waited for, a pen that runs on without answering or goes silent is reported, and an answer that comes after its
    /// request timed out is never taken for the next request's.
    /// </summary>
    [TestClass]
    public sealed class LineChannelTests
    {
        private long _hostMicros;

        [TestMethod]
        public void A_late_answer_to_a_timed_out_request_is_skipped_not_taken_for_the_next_ones()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            using PseudoTerminal device = PseudoTerminal.Open();
            using LineChannel line = Pen(device);

            // the device is busy: STATUS gets no answer and no line comes for its timeout
            Task<List<string>> status = Task.Run(() => line.Ask("STATUS", 0.3));
            Assert.AreEqual("STATUS", ReadRequest(device));
            Advance(line, status, 0.3);
            var e = Assert.ThrowsExactly<TimeoutException>(() => status.GetAwaiter().GetResult());
            StringAssert.Contains(e.Message, "did not answer \"STATUS\" within 0.3 s, and sent no line for 0.3 s");

            // the late answer to STATUS arrives, then ID's own
            Task<List<string>> id = Task.Run(() => line.Ask("ID", 5.0));
            device.Write("state=2 running\nOK\n");
            Assert.AreEqual("ID", ReadRequest(device));
            device.Write("firmware=0.9.0 unit=PEN-TEST-1\nOK\n");

            CollectionAssert.AreEqual(new[] { "firmware=0.9.0 unit=PEN-TEST-1" }, id.Result);
        }

        [TestMethod]
        public void A_pen_heard_late_is_waited_for_on_its_own_clock()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            using PseudoTerminal device = PseudoTerminal.Open();
            using LineChannel line = Pen(device);
            Telemetry(device, line, 10_000);

            // starved of CPU, the simulated pen's every 100 ms reaches the host a second apart: 10 s of the host's time,
            // 1 s of the pen's; then it answers, 20 ms after the request on its own clock
            Task<List<string>> bench = Task.Run(() => line.Ask("BENCH 150", 3.0));
            Assert.AreEqual("BENCH 150", ReadRequest(device));
            for (int k = 1; k <= 10; k++)
            {
                Advance(line, bench, 1.0);
                Telemetry(device, line, 10_000 + 100 * k);
            }

            Assert.IsFalse(bench.IsCompleted, "no answer yet, and 1 s of the pen's 3 gone");
            device.Write("BENCH sp_cHz=15000\nOK\n");
            CollectionAssert.AreEqual(new[] { "BENCH sp_cHz=15000" }, bench.Result);
        }

        [TestMethod]
        public void A_pen_whose_clock_runs_on_without_an_answer_times_out_on_its_clock()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            using PseudoTerminal device = PseudoTerminal.Open();
            using LineChannel line = Pen(device);
            Telemetry(device, line, 10_000);

            // a real pen streams on in real time and never answers: 3 s of its clock are 3 s of the host's
            Task<List<string>> bench = Task.Run(() => line.Ask("BENCH 150", 3.0));
            Assert.AreEqual("BENCH 150", ReadRequest(device));
            for (int k = 1; k <= 5; k++)
            {
                Advance(line, bench, 0.5);
                Telemetry(device, line, 10_000 + 500 * k);
            }

            Assert.IsFalse(bench.IsCompleted, "2.5 s of the pen's clock");
            Advance(line, bench, 0.5);
            Telemetry(device, line, 13_000);
            var e = Assert.ThrowsExactly<TimeoutException>(() => bench.GetAwaiter().GetResult());
            StringAssert.Contains(e.Message, "did not answer \"BENCH 150\" within 3 s of its own clock (its lines show it running, 3 s of the host's time)");
        }

        [TestMethod]
        public void A_silent_pen_times_out_on_the_hosts_clock_and_a_crawling_one_at_the_ceiling()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            using PseudoTerminal device = PseudoTerminal.Open();
            using LineChannel line = Pen(device);
            Telemetry(device, line, 10_000);

            // silent: nothing at all for 3 s of the host's time
            Task<List<string>> status = Task.Run(() => line.Ask("STATUS", 3.0));
            Assert.AreEqual("STATUS", ReadRequest(device));
            Advance(line, status, 2.9);
            Assert.IsFalse(status.IsCompleted, "2.9 s of silence");
            Advance(line, status, 0.1);
            var silent = Assert.ThrowsExactly<TimeoutException>(() => status.GetAwaiter().GetResult());
            StringAssert.Contains(silent.Message, "within 3 s, and sent no line for 3 s");

            // its late answer comes; then, alive but crawling (10 ms of its clock each 2 s of the host's), it does not
            // answer ID: the host's ceiling, 20 times the timeout, ends the wait
            Task<List<string>> id = Task.Run(() => line.Ask("ID", 3.0));
            device.Write("STATUS t_ms=10010 state=1\nOK\n");
            Assert.AreEqual("ID", ReadRequest(device));
            for (int k = 1; k <= 29; k++)
            {
                Advance(line, id, 2.0);
                Telemetry(device, line, 10_010 + 10 * k);
            }

            Assert.IsFalse(id.IsCompleted, "58 s of the host's time, 0.29 s of the pen's");
            Advance(line, id, 2.0);
            var crawl = Assert.ThrowsExactly<TimeoutException>(() => id.GetAwaiter().GetResult());
            StringAssert.Contains(crawl.Message, "did not answer \"ID\" within 60 s of the host's time (the ceiling)");
        }

        private LineChannel Pen(PseudoTerminal device) =>
            new LineChannel(device.Path, "pen", l => l.StartsWith("TEL ", StringComparison.Ordinal), null, () => Interlocked.Read(ref _hostMicros), LineChannel.PenClockMicros);

        /// <summary>Moves the host's clock on, then waits until the waiting request has looked at its deadline at the new time (or has ended).</summary>
        private void Advance(LineChannel line, Task request, double seconds)
        {
            long checks = line.DeadlineChecks;
            Interlocked.Add(ref _hostMicros, (long)(seconds * 1e6));
            var wait = Stopwatch.StartNew();
            while (line.DeadlineChecks < checks + 2 && !request.IsCompleted)
            {
                if (wait.ElapsedMilliseconds > 5000) Assert.Fail("the request did not look at its deadline");
                Thread.Sleep(1);
            }
        }

        /// <summary>One telemetry line at the pen's t_ms, written and waited for until the channel has taken it (so it is stamped at the host's time now).</summary>
        private static void Telemetry(PseudoTerminal device, LineChannel line, long penMillis)
        {
            long before = line.LinesReceived;
            device.Write("TEL " + penMillis.ToString(CultureInfo.InvariantCulture) + ",2,0,15000,15000,500,300,4000,1000,5,15000\n");
            var wait = Stopwatch.StartNew();
            while (line.LinesReceived == before)
            {
                if (wait.ElapsedMilliseconds > 5000) Assert.Fail("the channel did not take the telemetry line");
                Thread.Sleep(1);
            }
        }

        /// <summary>The next request line the channel wrote to the device (waits up to 5 s); the request's bytes are read a line at a time, so none is left for the next.</summary>
        private static string ReadRequest(PseudoTerminal device)
        {
            var text = new StringBuilder();
            var buffer = new byte[1];
            var wait = Stopwatch.StartNew();
            while (wait.ElapsedMilliseconds < 5000)
            {
                int n = device.Read(buffer);
                for (int i = 0; i < n; i++)
                {
                    bool end = buffer[i] == (byte)'\n' || buffer[i] == (byte)'\r'; // the line's own translation may end it in CR
                    if (end && text.Length > 0) return text.ToString();
                    if (!end) text.Append((char)buffer[i]);
                }

                if (n == 0) Thread.Sleep(5);
            }

            Assert.Fail("no request reached the device: \"" + text + "\"");
            return null;
        }
    }
}
