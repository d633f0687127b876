#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>What one tick reads from the ports into the sensor frame.</summary>
    [TestClass]
    public class SensorFrameTests
    {
        [TestMethod]
        public void The_averaged_current_is_the_rounded_mean_of_four_conversions_each_tick()
        {
            var pen = new FakePen();
            // conversions scattered by the ADC's noise around 1001.75
            var averaged = new FakeAdcSequence(new int[] { 1000, 1004, 999, 1004 });
            pen.Ports.MotorCurrentAveraged = averaged;
            var frame = new SensorFrame();

            // t = 0: the first tick
            frame.Read(pen.Ports, BoardVariant.Battery1S().Scale, 0);
            Assert.AreEqual(4, averaged.Conversions);
            Assert.AreEqual(1002, frame.CurrentAveragedCode);

            // t = 10 ms: the next tick converts four more
            frame.Read(pen.Ports, BoardVariant.Battery1S().Scale, 10000);
            Assert.AreEqual(8, averaged.Conversions);
            Assert.AreEqual(1002, frame.CurrentAveragedCode);
        }
    }
}
