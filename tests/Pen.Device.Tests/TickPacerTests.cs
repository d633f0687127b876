extern alias device;

using Microsoft.VisualStudio.TestTools.UnitTesting;
using TickPacer = device::Pen.Firmware.Running.TickPacer;

namespace Pen.Device.Tests
{
    /// <summary>The run loop's pacing on simulated time: an absolute 10 ms schedule, no drift, no bursts after a stall.</summary>
    [TestClass]
    public sealed class TickPacerTests
    {
        [TestMethod]
        public void A_tick_of_2_ms_sleeps_the_8_ms_left_to_its_deadline()
        {
            var pacer = new TickPacer(10000);
            Assert.AreEqual(8, pacer.SleepMillisAfterTick(0, 2000));
        }

        [TestMethod]
        public void Oversleeping_one_tick_shortens_the_next_wait_so_the_schedule_does_not_drift()
        {
            var pacer = new TickPacer(10000);
            long t = 0;
            long sleptUntil = 0;
            for (int i = 0; i < 100; i++)
            {
                int ms = pacer.SleepMillisAfterTick(t, t + 1500);          // each tick takes 1.5 ms
                sleptUntil = t + 1500 + ms * 1000;
                t = (sleptUntil / 10000 + (sleptUntil % 10000 == 0 ? 0 : 1)) * 10000; // Thread.Sleep ends on the next 10 ms FreeRTOS tick
                if (i == 50) t += 4000;                                    // one late wake-up of 4 ms
            }
            Assert.IsTrue(t >= 1000000 && t <= 1010000, "100 ticks must take 1.00 s (+1 tick), took " + t + " µs");
        }

        [TestMethod]
        public void A_stall_of_35_ms_skips_the_missed_ticks_instead_of_running_them_in_a_burst()
        {
            var pacer = new TickPacer(10000);
            pacer.SleepMillisAfterTick(0, 1000);
            Assert.AreEqual(0, pacer.SleepMillisAfterTick(10000, 45000));
            Assert.AreEqual(1, pacer.Overruns);
            Assert.AreEqual(9, pacer.SleepMillisAfterTick(45000, 46000), "after the stall the schedule restarts from the late tick");
        }

        [TestMethod]
        public void A_tick_that_ends_after_its_deadline_but_within_a_period_runs_the_next_at_once()
        {
            var pacer = new TickPacer(10000);
            Assert.AreEqual(0, pacer.SleepMillisAfterTick(0, 12000));
            Assert.AreEqual(0, pacer.Overruns);
            Assert.AreEqual(8, pacer.SleepMillisAfterTick(12000, 12000), "the deadline stays at 20 ms");
        }
    }
}
