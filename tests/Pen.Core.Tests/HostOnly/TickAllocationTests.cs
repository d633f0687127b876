using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>The tick allocates nothing: no garbage, no GC pauses caused by the control loop.</summary>
    [TestClass]
    public class TickAllocationTests
    {
        [TestMethod]
        public void Ten_thousand_ticks_while_running_allocate_zero_bytes()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = new PenFirmware(pen.Ports, BoardVariant.Battery1S());
            fw.Boot(0);
            long t = 0;
            pen.Main.Level = false;
            for (int i = 0; i < 120; i++) { t += 10000; fw.Tick(t); }  // start (hold)
            pen.Main.Level = true;
            for (int i = 0; i < 100; i++) { t += 10000; fw.Tick(t); }  // warm up every path
            Assert.AreEqual(PenState.Running, fw.State);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++)
            {
                t += 10000;
                pen.Counter.Count += 1;
                pen.Counter.TimeMicros = t;
                fw.Tick(t);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated by 10,000 ticks");
        }
    }
}
