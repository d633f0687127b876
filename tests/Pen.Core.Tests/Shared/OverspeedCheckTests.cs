#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Core.Safety.Checks;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The overspeed check's running form (Safety/Checks/OverspeedCheck: the least Q = 10⁶·edges − f_o·µs of the last
    /// ticks, kept as they come and go) against its definition, every window of 1 to 5 ticks ending at a tick with an
    /// edge judged as (k − 1)·10⁶ &gt; f_o·W.
    /// </summary>
    [TestClass]
    public class OverspeedCheckTests
    {
        [TestMethod]
        public void The_limit_is_a_whole_number_of_strokes_per_second_so_the_running_sum_is_exact()
        {
            Assert.AreEqual(PenLimits.OverspeedHz, (float)(long)PenLimits.OverspeedHz);
        }

        [TestMethod]
        public void It_trips_on_the_ticks_a_pass_over_every_window_trips_on()
        {
            SafetyInputs s = new SafetyInputs(BoardVariant.Battery1S());
            SafetyFlags flags = new SafetyFlags();
            OverspeedCheck check = new OverspeedCheck();
            long[] edges = new long[OverspeedCheck.WindowTicks];
            long[] micros = new long[OverspeedCheck.WindowTicks];
            int filled = 0, trips = 0;
            uint random = 12345;
            for (int tick = 0; tick < 20000; tick++)
            {
                // ticks of 4-16 ms with 0-3 edges: rates from nothing to far past the limit, and everything near it
                random = random * 1664525u + 1013904223u;
                long newEdges = (random >> 8) % 4;
                random = random * 1664525u + 1013904223u;
                long interval = 4000 + (random >> 8) % 12001;
                for (int j = OverspeedCheck.WindowTicks - 1; j > 0; j--)
                {
                    edges[j] = edges[j - 1];
                    micros[j] = micros[j - 1];
                }

                edges[0] = newEdges;
                micros[0] = interval;
                if (filled < OverspeedCheck.WindowTicks) filled++;
                bool expected = false;
                long k = 0, w = 0;
                for (int back = 0; back < filled && newEdges > 0; back++)
                {
                    k += edges[back];
                    w += micros[back];
                    if ((k - 1) * 1000000L > (long)PenLimits.OverspeedHz * w) expected = true;
                }

                s.NewEdges = newEdges;
                s.PulseIntervalMicros = interval;
                flags.Clear();
                check.Evaluate(s, flags);
                Assert.AreEqual(expected, flags.IsRaised(FaultCode.Overspeed), "tick " + tick.ToString());
                if (expected) trips++;
            }

            Assert.IsTrue(trips > 1000 && trips < 19000, "both verdicts judged: " + trips.ToString());
        }
    }
}
