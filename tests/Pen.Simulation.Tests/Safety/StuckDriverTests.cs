using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>A bridge that applies full duty whatever the command: always the driver lockout, never driven again.</summary>
    [TestClass]
    public class StuckDriverTests
    {
        [TestMethod]
        public void A_driver_that_ignores_the_command_is_the_lockout_at_every_rate_and_phase_on_and_off_skin()
        {
            // 50 to 150 strokes/s in steps of 25, every quarter of a stroke, off and on the skin (report safety's matrix)
            foreach (StuckDriverResult r in StuckDriverCases.RunMatrix())
            {
                string where = string.Format(CultureInfo.InvariantCulture, "{0:F0}/s skin {1} moment {2:F2}: shown {3}", r.Setup.RateHz, r.Setup.Skin, r.Setup.Moment, string.Join(",", r.Shown));
                Assert.IsTrue(r.NamedRight, where + ": never an over-current or a stall a short press acknowledges");
                Assert.IsTrue(r.LoggedPlausible, where + string.Format(CultureInfo.InvariantCulture, ": logged {0:F2} A, the stall current {1:F2} A, true peak {2:F2} A", r.LoggedAmps, r.StallAmps, r.PeakTrueAmps));
                Assert.IsTrue(r.Trial.WithinBound, where + ": cut after " + r.Trial.CutMs.ToString("F1", CultureInfo.InvariantCulture) + " ms");
            }
        }

        [TestMethod]
        public void A_restart_after_a_power_cycle_refuses_to_drive_the_stuck_bridge()
        {
            StuckRestartResult r = StuckDriverCases.RestartAfterPowerCycle();
            Assert.IsFalse(r.DrivenAfterCycle, "the bridge never enabled after the power came back");
            Assert.AreEqual(0L, r.StrokesAfterCycle, "no stroke from the restart");
            Assert.AreEqual(FaultCode.DriverIgnoresCommand, r.FaultAtEnd);
            Assert.IsTrue(r.FromRecords, "the lockout read back from the LOCKOUT record at boot");
        }
    }
}
