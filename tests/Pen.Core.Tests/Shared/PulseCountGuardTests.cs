#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>The pulse count guarded against a read that jumps at a wrap of the PCNT's 15-bit count (Board/PulseCountGuard).</summary>
    [TestClass]
    public class PulseCountGuardTests
    {
        [TestMethod]
        public void A_read_32767_high_or_low_is_taken_as_the_count_it_would_have_been()
        {
            PulseCountGuard g = new PulseCountGuard();
            Assert.IsTrue(g.Update(32765, 10000));
            Assert.IsFalse(g.Update(32766 + 32767, 20000), "high: the overflow counter already raised, the count read before the wrap");
            Assert.AreEqual(32766L, g.Count, "corrected");
            Assert.AreEqual(20000L, g.SampleMicros);
            Assert.IsTrue(g.Update(32768, 30000));
            Assert.IsFalse(g.Update(32769 - 32767, 40000), "low: the count restarted, the overflow counter not yet raised");
            Assert.AreEqual(32769L, g.Count, "corrected");
            Assert.IsTrue(g.Update(32770, 50000));
            Assert.AreEqual(32770L, g.Count);
            Assert.AreEqual(2, g.Rejected);
        }

        [TestMethod]
        public void A_race_that_outlasts_a_tick_is_not_taken_for_a_counter_that_restarted()
        {
            // the wrap's interrupt 15 ms late: two reads in a row are 32,767 low, and they agree with each other
            PulseCountGuard g = new PulseCountGuard();
            Assert.IsTrue(g.Update(32766, 10000));
            g.Update(32767 - 32767, 20000);
            g.Update(32768 - 32767, 30000);
            Assert.AreEqual(32768L, g.Count, "the count carried on");
            Assert.IsTrue(g.Update(32769, 40000), "and the next true read follows it");
            Assert.AreEqual(32769L, g.Count);
        }

        [TestMethod]
        public void Two_reads_in_a_row_that_agree_after_a_jump_are_a_counter_that_restarted()
        {
            PulseCountGuard g = new PulseCountGuard();
            g.Update(5000, 10000);
            Assert.IsFalse(g.Update(3, 20000));
            Assert.IsTrue(g.Update(5, 30000), "the counter really started again");
            Assert.AreEqual(5L, g.Count);
            Assert.IsTrue(g.Update(300, 40000), "ordinary counts after it");
        }
    }
}
