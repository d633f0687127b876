using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Core.Tests
{
    /// <summary>The tick allocates nothing: no garbage, no GC pauses caused by the control loop.</summary>
    [TestClass]
    public class TickAllocationTests
    {
        [TestMethod]
        public void Ten_thousand_ticks_while_running_allocate_zero_bytes()
        {
            // a pen needling in the skin: cam pulses at the setpoint, motor current with skin load (TreatmentRig);
            // session records are written only at a session's start and end, never in these ticks
            TreatmentRig rig = new TreatmentRig();
            rig.HoldMain();
            rig.Run(1000);  // started in the air, then onto the skin
            rig.MotorAmps = TreatmentRig.OnSkinAmps;
            rig.Run(1000); // warm up every path
            Assert.AreEqual(PenState.Running, rig.Fw.State);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++) rig.Tick();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(PenState.Running, rig.Fw.State, "still needling: pacing cues and level logic ran too");
            Assert.AreEqual(0L, allocated, "bytes allocated by 10,000 ticks");
        }
    }
}
