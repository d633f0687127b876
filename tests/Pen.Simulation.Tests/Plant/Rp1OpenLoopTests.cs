using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>
    /// RP-1 against the operating points of plant.md §6.4, open loop. "No load" means motor and cam with no
    /// cartridge, as the datasheet figures are for the motor alone; 3.7 V is the cell's open-circuit voltage.
    /// </summary>
    [TestClass]
    public class Rp1OpenLoopTests
    {
        [TestMethod]
        public void Supply_at_half_charge_is_3V70_open_circuit()
        {
            var plant = OpenLoop.Rp1At3V7NoLoad();
            Assert.AreEqual(3.70, plant.Supply.OpenCircuitVolts, 1e-9);
        }

        [TestMethod]
        public void No_load_speed_at_full_duty_and_3V7_is_within_3_percent_of_13060_rpm()
        {
            double rpm = PlantChecks.NoLoadRpm(PlantParameters.Rp1(), PlantChecks.StateOfChargeAt3V7);
            Assert.AreEqual(13060, rpm, 13060 * 0.03, "no-load speed " + rpm.ToString("F0") + " rpm");
        }

        [TestMethod]
        public void Stall_current_at_full_duty_and_3V7_is_within_3_percent_of_2_27_A()
        {
            double amps = PlantChecks.StallAmps(WithoutComparator(), PlantChecks.StateOfChargeAt3V7, out bool tripped);
            Assert.IsFalse(tripped, "2.27 A does not trip the 2.5 A OCP (plant.md §7 item 1)");
            Assert.AreEqual(2.27, amps, 2.27 * 0.03, "stall current " + amps.ToString("F3") + " A");
        }

        [TestMethod]
        public void Mechanical_time_constant_with_cam_is_within_15_percent_of_10_5_ms()
        {
            // 10.5 ms = 1.1 Ω · 0.68 g·cm² / (2.67 mNm/A)², motor terminals on a stiff source
            double tau = PlantChecks.MechanicalTimeConstant(PlantParameters.Rp1());
            Assert.AreEqual(10.5e-3, tau, 10.5e-3 * 0.15, "time to 63 % of final speed " + (tau * 1e3).ToString("F2") + " ms");
        }

        [TestMethod]
        public void In_the_pens_circuit_the_time_constant_is_longer_than_on_a_stiff_source()
        {
            // cell, bridge and shunt add 0.56 Ω to the motor's 1.1 Ω: τ grows about in proportion
            double stiff = PlantChecks.MechanicalTimeConstant(PlantParameters.Rp1());
            double circuit = PlantChecks.InCircuitTimeConstant(PlantParameters.Rp1());
            Assert.AreEqual(stiff * 1.66 / 1.10, circuit, stiff * 0.15);
        }

        [TestMethod]
        public void Full_duty_at_4V2_would_exceed_the_rated_13000_rpm()
        {
            // plant.md §6.4: 14,850 rpm at 4.2 V; why the firmware needs a duty ceiling (§7 item 2)
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 22);
            plant.CartridgePresent = false;
            OpenLoop.Run(plant, 1.0, 0.3);
            double rpm = plant.ShaftHz * 60;
            Assert.IsTrue(rpm > 13000, "rpm " + rpm.ToString("F0"));
            Assert.AreEqual(14850, rpm, 14850 * 0.04);
        }

        /// <summary>RP-1's motor and driver alone, as plant.md's figures are: the board's shunt comparator left out.</summary>
        private static PlantParameters WithoutComparator()
        {
            PlantParameters p = PlantParameters.Rp1();
            p.CurrentLimitAmps = double.PositiveInfinity;
            return p;
        }

        [TestMethod]
        public void A_stalled_winding_draws_the_comparators_stall_mean_whatever_the_duty_above_it()
        {
            // the on-time ends at the 2.3 A peak: the mean is the peak less half the ripple at the duty that drives it
            // (about 1.8 A at a full cell), which is what turns a held cam at most (the safety trials' impossibility bound)
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 22);
            plant.Jammed = true;
            plant.EnableRequest = true;
            plant.DutyCommand = 0.85;
            double sum = 0;
            int n = 0;
            for (int i = 0; i < 500; i++)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                if (i >= 300) { sum += plant.MotorCurrentA; n++; }
            }

            double expected = plant.ComparatorStallMeanAmps();
            Assert.IsTrue(plant.CurrentLimited);
            Assert.IsTrue(expected > 1.6 && expected < 2.0, expected.ToString("F2"));
            Assert.AreEqual(expected, sum / n, 0.05 * expected, "mean over the last 20 ms");
        }

        [TestMethod]
        public void A_stalled_winding_switched_on_again_draws_no_more_than_the_comparators_stall_mean()
        {
            // the bridge off for 1 ms, then on again at the same duty, every 10 ms (as a tick that cuts and then drives):
            // the comparator ends each on-time at the peak from the first PWM period on, so the mean never passes the
            // stall mean. (The plant's ripple is kept every ~1 ms at the duty then applied; from a step with the driver
            // off it was 0, and for up to a millisecond after each turn-on the limit was the full peak: 2.1 A at a full
            // cell against 1.9, the torque that crept a cam held beyond the comparator's reach, docs/open-defects.md D-3)
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 22);
            plant.Jammed = true;
            plant.EnableRequest = true;
            plant.DutyCommand = 0.85;
            double worst = 0;
            for (int i = 0; i < 1000; i++)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.EnableRequest = i % 100 >= 10;
                plant.AdvanceTo(plant.NowMicros + 100);
                if (i >= 300 && plant.DriverEnabled) worst = Math.Max(worst, plant.MotorCurrentA);
            }

            double stallMean = plant.ComparatorStallMeanAmps();
            Assert.IsTrue(plant.CurrentLimited);
            Assert.IsTrue(worst <= 1.05 * stallMean, "within the stall mean's 5 % (as its own test): worst " + worst.ToString("F3") + " A against the stall mean " + stallMean.ToString("F3") + " A");
        }

        [TestMethod]
        public void The_boards_current_comparator_holds_a_4V2_stall_below_the_drivers_trip()
        {
            // the 4.2 V stall (2.58 A) would trip the driver's 2.5 A OCP; the comparator ends each on-time at 2.3 A first
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 22);
            plant.Jammed = true;
            plant.EnableRequest = true;
            plant.DutyCommand = 1.0;
            double worst = 0;
            for (int i = 0; i < 100; i++)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                Assert.IsTrue(plant.DriverEnabled, "no OCP, t=" + plant.TimeS);
                worst = Math.Max(worst, plant.MotorCurrentA);
            }

            Assert.IsTrue(plant.CurrentLimited);
            Assert.IsTrue(worst <= 2.3 && plant.MotorCurrentA > 1.5, "the mean held under the 2.3 A peak: at most " + worst.ToString("F3") + " A, "
                + plant.MotorCurrentA.ToString("F3") + " A at the end");
        }

        [TestMethod]
        public void Driver_trips_its_over_current_protection_on_a_stall_at_4V2_but_not_at_3V7()
        {
            // plant.md §6.4/§7 item 1: 2.58 A at 4.2 V trips the 2.5 A OCP; 2.27 A at 3.7 V does not
            var full = new PenPlant(WithoutComparator(), 1, 1.0, 22);
            full.Jammed = true;
            bool tripped = false;
            full.EnableRequest = true;
            full.DutyCommand = 1.0;
            for (int i = 0; i < 50; i++)
            {
                full.LastHeartbeatEdgeMicros = full.NowMicros;
                full.AdvanceTo(full.NowMicros + 100);
                if (!full.DriverEnabled) tripped = true;
            }

            Assert.IsTrue(tripped, "OCP at 4.2 V");

            var nominal = new PenPlant(WithoutComparator(), 1, 0.5, 22);
            nominal.Jammed = true;
            nominal.EnableRequest = true;
            nominal.DutyCommand = 1.0;
            for (int i = 0; i < 50; i++)
            {
                nominal.LastHeartbeatEdgeMicros = nominal.NowMicros;
                nominal.AdvanceTo(nominal.NowMicros + 100);
                Assert.IsTrue(nominal.DriverEnabled, "no OCP at 3.7 V, t=" + nominal.TimeS);
            }
        }

        [TestMethod]
        public void Ten_second_stall_heats_the_winding_well_beyond_a_100_ms_one()
        {
            // plant.md §6.4: a 100 ms stall is harmless; a 10 s stall is not (≈ +57 K over a few τ_w1)
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.5, 22);
            plant.Jammed = true;
            OpenLoop.Run(plant, 1.0, 0.1);
            double after100ms = plant.WindingC - 22;
            OpenLoop.Run(plant, 1.0, 9.9);
            double after10s = plant.WindingC - 22;
            Assert.IsTrue(after100ms < 2, "100 ms: +" + after100ms.ToString("F2") + " K");
            Assert.IsTrue(after10s > 40, "10 s: +" + after10s.ToString("F1") + " K");
        }
    }
}
