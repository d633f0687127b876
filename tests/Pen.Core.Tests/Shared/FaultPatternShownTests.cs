#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Indication;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>Each fault shows its own pattern: colour and blinks per cycle (Safety/FaultIndication).</summary>
    [TestClass]
    public class FaultPatternShownTests
    {
        /// <summary>Rising edges of an LED over one pattern cycle, sampled every 10 ms.</summary>
        private static int Blinks(FaultCode code, SafetyAction action, bool red)
        {
            return Blinks(code, action, red, action >= SafetyAction.ControlledStop ? PenState.Fault : PenState.Running);
        }

        private static int Blinks(FaultCode code, SafetyAction action, bool red, PenState state)
        {
            FakePen pen = new FakePen();
            Indicator indicator = new Indicator();
            long cycle = FaultIndication.Blinks(code) * 2 * FaultIndication.BlinkMicros + FaultIndication.GapMicros;
            int edges = 0;
            bool last = false;
            for (long t = 0; t < cycle; t += 10000)
            {
                indicator.Update(pen.Ports, state, action, null, code, t);
                bool on = red ? pen.Red.Level : pen.Amber.Level;
                if (on && !last) edges++;
                last = on;
            }

            return edges;
        }

        [TestMethod]
        public void A_jammed_cartridge_blinks_red_once_a_removed_one_twice_and_a_ring_too_deep_three_times()
        {
            Assert.AreEqual(1, Blinks(FaultCode.MotorStall, SafetyAction.ControlledStop, true));
            Assert.AreEqual(1, Blinks(FaultCode.OverCurrent, SafetyAction.ImmediateStop, true), "a drag: the same thing to do as a jam");
            Assert.AreEqual(2, Blinks(FaultCode.CartridgeRemoved, SafetyAction.ImmediateStop, true));
            Assert.AreEqual(3, Blinks(FaultCode.DepthBeyondLimit, SafetyAction.ControlledStop, true));
        }

        [TestMethod]
        public void A_hot_winding_warning_blinks_amber_not_red()
        {
            Assert.AreEqual(1, Blinks(FaultCode.WindingHot, SafetyAction.Derate, false));
            Assert.AreEqual(0, Blinks(FaultCode.WindingHot, SafetyAction.Derate, true));
        }
    }
}
