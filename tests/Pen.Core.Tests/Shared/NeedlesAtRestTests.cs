#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>Where the pen may not drive the needles in, it reads where the cam rests (the Hall level) and says so: timelines on fake ports.</summary>
    [TestClass]
    public class NeedlesAtRestTests
    {
        private static long _t;

        private static void Tick(FakePen pen, PenFirmware fw, int ticksPerEdge) => _t = pen.Tick(fw, _t, ticksPerEdge);

        [TestMethod]
        public void At_power_up_a_cam_resting_outside_the_Hall_window_is_said_to_leave_the_needles_out()
        {
            // the last stop (a power loss mid-stroke) left the cam near the bottom of its stroke
            FakePen pen = new FakePen();
            pen.HallLevel.Level = true;
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 30; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "not before the cam has rested 0.4 s");
            for (int i = 0; i < 20; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)FaultCode.NeedlesMayBeOut, (int)fw.Fault, "said once it rests");
            for (int i = 0; i < 40 && (fw.Records.Pending || fw.Supervisor.RecordsPending); i++) Tick(pen, fw, 0); // its record, a part or a slice a tick
            Assert.IsTrue(fw.Records.Count > 0 && fw.Records.Read(fw.Records.Count - 1).IndexOf(" code=25 ") > 0, "and logged");

            FakePen parked = new FakePen();   // the Hall level low: in the window
            _t = 0;
            PenFirmware ok = parked.NewFirmware(BoardVariant.Battery1S());
            ok.Boot(0);
            for (int i = 0; i < 60; i++) Tick(parked, ok, 0);
            Assert.AreEqual((int)FaultCode.None, (int)ok.Fault);
        }

        [TestMethod]
        public void After_a_stop_the_pen_may_not_drive_from_the_Hall_level_says_where_the_needles_rest()
        {
            FakePen pen = new FakePen();
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            pen.Main.Level = false;
            for (int i = 0; i < 110; i++) Tick(pen, fw, 2);
            pen.Main.Level = true;
            for (int i = 0; i < 50; i++) Tick(pen, fw, 2);
            pen.Drive.Override = pen.Supply.Code;   // the bridge stuck on: lockout, the bridge released
            Tick(pen, fw, 2);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
            pen.Drive.Override = -1;
            pen.HallLevel.Level = true;              // the spring left the cam near the bottom
            for (int i = 0; i < 45; i++) Tick(pen, fw, 0);
            Assert.IsTrue(fw.Supervisor.IsActive(FaultCode.NeedlesMayBeOut), "said once the cam rests outside the window");
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)fw.Fault, "the lockout, the more severe, is the cause named");
            for (int i = 0; i < 13; i++) Tick(pen, fw, 0);   // the lockout's pattern moves every 125 ms: shown by then
            Assert.AreEqual((int)Indication.Indication.NeedlesMayBeOut, (int)fw.Indicator.Shown, "the needles are what the pen shows first");
        }
    }
}
