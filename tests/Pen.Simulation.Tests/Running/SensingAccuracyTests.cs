using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>Issue 30's acceptance on a smaller sample than `report sensing`'s 50 units (the report is the measurement).</summary>
    [TestClass]
    public class SensingAccuracyTests
    {
        [TestMethod]
        public void Twelve_calibrated_units_read_current_supply_and_housing_within_their_accuracies()
        {
            SensingAccuracy.Result r = SensingAccuracy.Measure(12, "RP-1");
            Assert.IsTrue(r.CurrentAveragedShare <= 1 && r.CurrentFastShare <= 1, "current: " + r.CurrentAveragedShare.ToString("P0") + " of ±max(2 %, 5 mA), " + r.WorstCurrentUnit);
            Assert.IsTrue(r.SupplyVolts <= SensingAccuracy.SupplyLimitVolts, "supply " + r.SupplyVolts.ToString("F4") + " V, " + r.WorstSupplyUnit);
            Assert.IsTrue(r.HousingK <= SensingAccuracy.HousingLimitK, "housing " + r.HousingK.ToString("F3") + " K, " + r.WorstHousingUnit);
            Assert.IsTrue(r.DepthSettingMm <= SensingAccuracy.DepthLimitMm && r.DepthWrongDetents == 0, "depth " + r.DepthSettingMm.ToString("F3") + " mm");
        }
    }
}
