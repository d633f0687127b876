using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Link;
using Pen.Simulation.Serial;

namespace Pen.Simulation.Tests.Bench
{
    /// <summary>The QA tool's serial line: an answer that comes after its request timed out is never taken for the next request's.</summary>
    [TestClass]
    public sealed class LineChannelTests
    {
        [TestMethod]
        public void A_late_answer_to_a_timed_out_request_is_skipped_not_taken_for_the_next_ones()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals are Linux only");
            using PseudoTerminal device = PseudoTerminal.Open();
            using var line = new LineChannel(device.Path, "pen", l => l.StartsWith("TEL ", StringComparison.Ordinal), null, Stopwatch.StartNew());

            // the device is busy: STATUS gets no answer in time
            Assert.ThrowsExactly<TimeoutException>(() => line.Ask("STATUS", 0.3));
            Assert.AreEqual("STATUS", ReadRequest(device));

            // the next request is asked for; the late answer to STATUS arrives only after that, then ID's own
            Task<List<string>> id = Task.Run(() => line.Ask("ID", 5.0));
            Thread.Sleep(200);
            device.Write("state=2 running\nOK\n");
            Assert.AreEqual("ID", ReadRequest(device));
            device.Write("firmware=0.9.0 unit=PEN-TEST-1\nOK\n");

            CollectionAssert.AreEqual(new[] { "firmware=0.9.0 unit=PEN-TEST-1" }, id.Result);
        }

        /// <summary>The next request line the channel wrote to the device (waits up to 5 s); the request's bytes are read a line at a time, so none is left for the next.</summary>
        private static string ReadRequest(PseudoTerminal device)
        {
            var text = new StringBuilder();
            var buffer = new byte[256];
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
