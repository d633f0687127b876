using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// The park after the stop on a pen whose motor is not the one its board names: the retraction's crawl runs on the
    /// unit's identified motor, and a pass that starts beside the Hall window approaches it slowly enough to stop in it.
    /// </summary>
    [TestClass]
    public class RetractionOnTheUnitsMotorTests
    {
        [TestMethod]
        public void A_1331_class_motor_parks_its_needles_in_with_no_fault_at_every_rate()
        {
            // the variation matrix's 1331-class pen (RP-2, told the 1524's constants, identified at the factory), seed 3:
            // the timeline of report control, then the stop at its end. The 1331's friction (0.12 mN·m) holds the cam
            // against the spring's small torque beside the retracted point, so a pass that stops just outside the ±15°
            // window stays there; crawling the next pass from the breakaway duty carried the cam through the window in one
            // tick, three passes ended outside, and the pen raised NeedlesMayBeOut with its needles in
            ControlVariations.Pen pen = ControlVariations.Pens().Find(p => p.Name == "1331-class motor");
            foreach (double hz in new[] { 50.0, 100.0, 150.0 })
            {
                ControlResult r = ControlCaseRunner.Run(ControlVariations.CaseFor(pen, hz, 3));
                string at = hz.ToString() + " strokes/s";
                Assert.AreEqual(0, r.Faults.Length, at + ": faults " + string.Join(", ", System.Array.ConvertAll(r.Faults, f => ((global::Pen.Core.Safety.FaultCode)f).ToString())));
                Assert.AreEqual(0.0, r.ParkNeedleMm, at + ": the needles in after the park");
                Assert.IsTrue(r.ParkSeconds <= 0.3, at + ": parked in " + r.ParkSeconds.ToString("F3") + " s");
            }
        }
    }
}
