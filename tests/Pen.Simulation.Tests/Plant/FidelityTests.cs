using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>
    /// The default step (100 µs, 5.4° of cam at 150 strokes/s) agrees with a fine step (20 µs) on what the
    /// firmware and the reports depend on, under the heaviest standard load (42 needles on skin).
    /// </summary>
    [TestClass]
    public class FidelityTests
    {
        [TestMethod]
        public void Default_step_matches_a_fine_step_under_heavy_skin_load()
        {
            Measure(100, out double coarseHz, out double coarseAmps);
            Measure(20, out double fineHz, out double fineAmps);
            Assert.AreEqual(fineHz, coarseHz, fineHz * 0.01, "mean stroke rate");
            Assert.AreEqual(fineAmps, coarseAmps, fineAmps * 0.03, "mean motor current");
        }

        private static void Measure(double stepMicros, out double meanHz, out double meanAmps)
        {
            PlantParameters p = PlantParameters.Rp1();
            p.StepMicros = stepMicros;
            var plant = new PenPlant(p, 3, 0.5, 22) { Needles = 42, DepthMm = 1.5, SkinContact = true };
            plant.SetSkinLoad(1.0, 0);
            PlantChecks.RunOpenLoop(plant, 0.75, 0.5);
            double angle0 = plant.CamAngleRad, t0 = plant.TimeS, sum = 0;
            int n = 0;
            while (plant.TimeS < t0 + 2.0)
            {
                PlantChecks.RunOpenLoop(plant, 0.75, 0.001, 100);
                sum += plant.MotorCurrentA;
                n++;
            }

            meanHz = (plant.CamAngleRad - angle0) / (2 * System.Math.PI) / (plant.TimeS - t0);
            meanAmps = sum / n;
        }
    }
}
