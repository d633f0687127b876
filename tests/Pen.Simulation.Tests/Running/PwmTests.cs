using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>
    /// The motor PWM as nanoFramework drives the ESP32's LEDC (nf-interpreter@a3e8139
    /// targets/ESP32/_nanoCLR/System.Device.Pwm/sys_dev_pwm_native_System_Device_Pwm_PwmChannel.cpp), and the firmware's
    /// own knowledge of the duty it applies (Board/PwmDuty).
    /// </summary>
    [TestClass]
    public class PwmTests
    {
        [TestMethod]
        public void The_resolution_is_the_highest_whose_divider_is_above_256()
        {
            // (80 MHz << 8) / f / 2^bits > 256: one bit less than 80 MHz / 2^bits suggests exactly at each power of two
            Assert.AreEqual(11, SimPwm.OptimumResolution(38900));
            Assert.AreEqual(10, SimPwm.OptimumResolution(39000));
            Assert.AreEqual(11, SimPwm.OptimumResolution(19500));
            Assert.AreEqual(9, SimPwm.OptimumResolution(78000));
            Assert.AreEqual(13, SimPwm.OptimumResolution(5000));
        }

        [TestMethod]
        public void A_duty_of_0_5_and_0_7_lands_as_the_device_quantises_it()
        {
            // u = (uint)(d·10000), steps = 2^bits·u/10000, both truncating (NativeSetActiveDutyCyclePercentage, CalculateDuty)
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 23);
            var pwm = new SimPwm(new EnableCircuit(plant, true), 38900, false);
            pwm.SetDuty(0.5f);
            Assert.AreEqual(1024.0 / 2048, plant.DutyCommand, 1e-12, "0.5 at 11 bits");
            pwm.SetDuty(0.7f);
            // 0.7f is 0.69999998…: u = 6999, 2048·6999/10000 = 1433 steps; rounding to 11 bits gave 1434
            Assert.AreEqual(1433.0 / 2048, plant.DutyCommand, 1e-12, "0.7 at 11 bits");
            Assert.AreEqual(1433.0 / 2048, PwmDuty.Applied(0.7f), 1e-7, "the firmware knows the duty it applies");
            Assert.AreEqual(0.5, PwmDuty.Applied(0.5f), 1e-7);

            var at39k = new SimPwm(new EnableCircuit(plant, true), 39000, false);
            at39k.SetDuty(0.7f);
            Assert.AreEqual(716.0 / 1024, plant.DutyCommand, 1e-12, "0.7 at 39 kHz: 10 bits");
        }

        [TestMethod]
        public void The_firmware_and_the_simulated_channel_agree_on_every_duty_and_never_apply_more_than_commanded()
        {
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 23);
            var pwm = new SimPwm(new EnableCircuit(plant, true), (int)PlantParameters.Rp1().PwmFrequencyHz, false);
            Assert.AreEqual(BoardConstants.PwmResolutionBits, pwm.ResolutionBits);
            for (int i = 1; i <= 20000; i++)
            {
                float d = i / 20000f;
                pwm.SetDuty(d);
                Assert.AreEqual(plant.DutyCommand, PwmDuty.Applied(d), 1e-7, "duty " + d);
                Assert.IsTrue(plant.DutyCommand <= d + 1e-9 && plant.DutyCommand > d - 1.0 / 2048 - 1e-4, "duty " + d + " applied " + plant.DutyCommand);
            }
        }

        [TestMethod]
        public void An_image_before_the_fix_drops_the_first_duty_after_a_zero()
        {
            // nf-interpreter 18899f2b7 (PR #2874): before it, a duty written while the stored duty was 0 was only stored
            var plant = new PenPlant(PlantParameters.Rp1(), 1, 1.0, 23);
            var old = new SimPwm(new EnableCircuit(plant, true), 38900, true);
            old.SetDuty(0f);
            old.SetDuty(0.3f);
            Assert.AreEqual(0.0, plant.DutyCommand, "the start's first duty never reaches the pin");
            old.SetDuty(0.31f);
            Assert.IsTrue(plant.DutyCommand > 0.3, "the next one does");

            var pinned = new SimPwm(new EnableCircuit(plant, true), 38900, false);
            pinned.SetDuty(0f);
            pinned.SetDuty(0.3f);
            Assert.IsTrue(plant.DutyCommand > 0.29, "the pinned image applies it");
        }
    }
}
