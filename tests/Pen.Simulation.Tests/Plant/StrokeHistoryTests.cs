using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>
    /// A plant served for hours keeps a window of its newest stroke times, not every one (a day at 150 strokes/s is 13
    /// million); the strokes it keeps are the times a plant keeping all of them records.
    /// </summary>
    [TestClass]
    public class StrokeHistoryTests
    {
        [TestMethod]
        public void A_plant_with_a_stroke_window_keeps_only_the_newest_and_times_them_as_one_that_keeps_all()
        {
            PenPlant all = Running(0), window = Running(100);

            Assert.IsTrue(all.StrokeTimeCount > 600, "strokes: " + all.StrokeTimeCount);
            Assert.AreEqual(0, all.StrokeTimesFirst, "no window: every stroke from the first");
            Assert.AreEqual(all.StrokeTimeCount, window.StrokeTimeCount, "the same run, stroke for stroke");
            int kept = window.StrokeTimeCount - window.StrokeTimesFirst;
            Assert.IsTrue(kept >= 100 && kept <= 200, "kept " + kept + " of " + window.StrokeTimeCount + ": the newest 100 at least, 200 at most");
            for (int k = window.StrokeTimesFirst; k < window.StrokeTimeCount; k++)
                Assert.AreEqual(all.StrokeTime(k), window.StrokeTime(k), "stroke " + k);
        }

        private static PenPlant Running(int strokesKept)
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 3, 0.5, 22) { StrokeHistoryLimit = strokesKept };
            PlantChecks.RunOpenLoop(plant, 0.75, 5.0);
            return plant;
        }
    }
}
