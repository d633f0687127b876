#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Safety;
using Pen.Core.Safety.Checks;

namespace Pen.Core.Tests
{
    /// <summary>The driver-output check as a timeline of (commanded, applied) duty per tick.</summary>
    [TestClass]
    public class DriveOutputCheckTests
    {
        /// <summary>Runs the ticks; returns the first tick (1-based) that raised the fault, 0 for none.</summary>
        private static int FirstRaised(float[] commanded, float[] applied)
        {
            SafetyInputs s = new SafetyInputs(BoardVariant.Battery1S());
            SafetyFlags flags = new SafetyFlags();
            DriveOutputCheck check = new DriveOutputCheck();
            for (int i = 0; i < commanded.Length; i++)
            {
                flags.Clear();
                s.Duty = commanded[i];
                s.AppliedDuty = applied[i];
                check.Evaluate(s, flags);
                if (flags.IsRaised(FaultCode.DriverIgnoresCommand)) return i + 1;
            }

            return 0;
        }

        [TestMethod]
        public void A_stuck_driver_whose_command_the_speed_loop_raises_is_caught_on_the_second_tick()
        {
            // campaign seed 5654: stuck on at a command of 0.77; the loop raises it to 0.89 while 0.97 is applied
            Assert.AreEqual(2, FirstRaised(new float[] { 0.83f, 0.892f, 0.873f }, new float[] { 0.962f, 0.968f, 0.973f }));
        }

        [TestMethod]
        public void A_small_excess_alone_never_starts_the_count()
        {
            Assert.AreEqual(0, FirstRaised(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, new float[] { 0.56f, 0.56f, 0.56f, 0.56f }));
        }

        [TestMethod]
        public void One_glitch_then_a_healthy_reading_is_not_a_fault()
        {
            Assert.AreEqual(0, FirstRaised(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, new float[] { 0.6f, 0.5f, 0.6f, 0.49f }));
        }
    }
}
