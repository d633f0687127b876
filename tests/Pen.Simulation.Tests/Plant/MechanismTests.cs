using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>The cam, the spring-returned needle carrier and the skin load (plant.md §3).</summary>
    [TestClass]
    public class MechanismTests
    {
        [TestMethod]
        public void The_return_spring_parks_a_coasting_cam_at_the_retracted_point()
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.9, 22);
            plant.DepthMm = 2.5; // deepest setting: needles are out over most of the stroke
            OpenLoop.Run(plant, 0.3, 0.5);
            plant.EnableRequest = false; // driver off: the cam coasts and the spring takes over
            OpenLoop.Run(plant, 0.0, 0.0);
            plant.EnableRequest = false;
            plant.AdvanceTo(plant.NowMicros + 500000);
            Assert.AreEqual(0.0, plant.ShaftRadPerS, 1e-9);
            Assert.AreEqual(0.0, plant.NeedleMm, 1e-9, "needles out after coasting to rest");
            double phase = plant.CamAngleRad % (2 * System.Math.PI);
            Assert.IsTrue(phase < 0.35 || phase > 2 * System.Math.PI - 0.35, "cam rests near TDC, phase " + phase);
        }

        [TestMethod]
        public void Needles_stand_out_by_the_depth_setting_at_the_bottom_of_the_stroke()
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.9, 22);
            plant.DepthMm = 1.5;
            double max = 0;
            plant.EnableRequest = true;
            plant.DutyCommand = 0.3;
            for (int i = 0; i < 5000; i++)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                if (plant.NeedleMm > max) max = plant.NeedleMm;
            }

            Assert.AreEqual(1.5, max, 0.02);
        }

        [TestMethod]
        public void Skin_contact_slows_an_open_loop_motor_and_draws_more_current()
        {
            var free = new PenPlant(PlantParameters.Rp1(), 1, 0.5, 22);
            free.Needles = 42;
            free.DepthMm = 1.5;
            OpenLoop.Run(free, 0.6, 1.0);
            double freeHz = MeanShaftHz(free, 0.6, 0.5, out double freeAmps);

            var loaded = new PenPlant(PlantParameters.Rp1(), 1, 0.5, 22);
            loaded.Needles = 42;
            loaded.DepthMm = 1.5;
            loaded.SkinContact = true;
            loaded.SetSkinLoad(1.0, 0);
            OpenLoop.Run(loaded, 0.6, 1.0);
            double loadedHz = MeanShaftHz(loaded, 0.6, 0.5, out double loadedAmps);

            Assert.IsTrue(loadedHz < freeHz * 0.97, "free " + freeHz + " Hz, loaded " + loadedHz + " Hz");
            Assert.IsTrue(loadedAmps > freeAmps * 1.5, "free " + freeAmps + " A, loaded " + loadedAmps + " A");
        }

        [TestMethod]
        public void A_jam_stops_the_cam_and_releasing_it_lets_the_cam_turn_again()
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.9, 22);
            OpenLoop.Run(plant, 0.4, 0.3);
            plant.Jammed = true;
            OpenLoop.Run(plant, 0.4, 0.1);
            Assert.AreEqual(0.0, plant.ShaftRadPerS, 1e-9);
            Assert.IsTrue(plant.JamBlocking);
            plant.Jammed = false;
            OpenLoop.Run(plant, 0.4, 0.3);
            Assert.IsTrue(plant.ShaftHz > 50, "turns again at " + plant.ShaftHz + " Hz");
        }

        [TestMethod]
        public void Every_cam_revolution_is_one_stroke_and_one_hall_edge()
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.9, 22);
            OpenLoop.Run(plant, 0.5, 2.0);
            long edges = new Pen.Simulation.Peripherals.SimPcnt(plant.Hall, 12500, PlantParameters.Rp1()).Read(plant.NowMicros * 1000);
            long revolutions = (long)System.Math.Floor(plant.CamAngleRad / (2 * System.Math.PI));
            Assert.IsTrue(plant.Strokes > 150);
            Assert.AreEqual(revolutions, plant.Strokes);
            Assert.AreEqual(plant.Strokes, edges, 1, "edges still in flight may differ by one");
        }

        private static double MeanShaftHz(PenPlant plant, double duty, double seconds, out double meanAmps)
        {
            double startAngle = plant.CamAngleRad;
            double startTime = plant.TimeS;
            double sumAmps = 0;
            int n = 0;
            plant.EnableRequest = true;
            plant.DutyCommand = duty;
            long end = plant.NowMicros + (long)(seconds * 1e6);
            while (plant.NowMicros < end)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                sumAmps += plant.MotorCurrentA;
                n++;
            }

            meanAmps = sumAmps / n;
            return (plant.CamAngleRad - startAngle) / (2 * System.Math.PI) / (plant.TimeS - startTime);
        }
    }
}
