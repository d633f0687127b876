using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core;
using Pen.Core.Safety;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Treatment
{
    /// <summary>
    /// A button held from power-up, as the device's port reports it (Peripherals/SimButton: GpioButton's IsPressed starts
    /// false and changes only on pin events; the adapter reads the pin while the button has been held since boot).
    /// </summary>
    [TestClass]
    public class ButtonAtPowerUpTests
    {
        [TestMethod]
        public void Main_held_from_power_up_with_a_bounce_refuses_the_start_and_shows_the_stuck_button()
        {
            var pen = new SimulatedPen(PlantParameters.Rp1(), 7, new InitialConditions());
            pen.ButtonMain.Level = false;                  // held when the application opens the pin
            pen.FirstBoot();
            long t = 0;
            for (int i = 0; i < 250; i++)                  // 2.5 s, the button held all along
            {
                t += 10000;
                if (t == 300000)
                {
                    // a bounce of the contact under the thumb between two ticks: up for 3 ms, then down again; GpioButton
                    // gets both pin events, the tick sees neither level
                    pen.Plant.AdvanceTo(t - 6000);
                    pen.ButtonMain.Level = true;
                    pen.Plant.AdvanceTo(t - 3000);
                    pen.ButtonMain.Level = false;
                }

                pen.Plant.AdvanceTo(t);
                pen.Firmware.Tick(t);
            }

            Assert.IsTrue(pen.ButtonMain.LibraryPressed, "GpioButton saw a press at 0.297 s: the library alone would hold main from there, 2.2 s, past the 1 s start");
            Assert.AreEqual(0L, pen.Plant.Strokes, "no stroke: the start is refused");
            Assert.IsFalse(pen.Firmware.MotorEnableRequested);
            Assert.IsTrue(pen.Firmware.Supervisor.IsActive(FaultCode.ButtonStuckAtPowerUp) || pen.Firmware.Fault == FaultCode.ButtonStuckAtPowerUp,
                "the stuck button is shown: " + pen.Firmware.Fault);
        }

        [TestMethod]
        public void Released_after_power_up_the_button_works_as_usual()
        {
            var pen = new SimulatedPen(PlantParameters.Rp1(), 8, new InitialConditions());
            pen.ButtonMain.Level = false;                  // the press that woke the pen
            pen.FirstBoot();
            long t = 0;
            for (int i = 0; i < 300; i++)
            {
                t += 10000;
                if (t == 200000) pen.ButtonMain.Level = true;     // let go at 0.2 s
                if (t == 600000) pen.ButtonMain.Level = false;    // a deliberate hold from 0.6 s
                if (t == 1900000) pen.ButtonMain.Level = true;
                pen.Plant.AdvanceTo(t);
                pen.Firmware.Tick(t);
            }

            Assert.IsTrue(pen.Plant.Strokes > 50, "the hold after the release starts the needles: " + pen.Plant.Strokes);
        }
    }
}
