#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>The firmware's tick as a timeline on fake ports.</summary>
    [TestClass]
    public class PenFirmwareTests
    {
        [TestMethod]
        public void Boot_makes_every_output_safe_before_anything_else()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            Assert.IsTrue(pen.Pwm.Duty == 0f, "duty 0");
            Assert.IsFalse(pen.Enable.Level, "driver disabled");
            Assert.IsFalse(pen.Buzzer.Level, "buzzer off");
            Assert.IsFalse(pen.Red.Level, "red off");
            Assert.AreEqual((int)PenState.Idle, (int)fw.State);
        }

        [TestMethod]
        public void Heartbeat_toggles_once_per_tick()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            int before = pen.Heartbeat.Changes;
            for (int i = 1; i <= 10; i++) fw.Tick(i * 10000L);
            Assert.AreEqual(before + 10, pen.Heartbeat.Changes);
        }

        [TestMethod]
        public void A_short_press_of_main_does_not_start_the_motor()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            long t = pen.AwaitCartridgeMeasured(fw, 0);   // the cartridge seated at boot measured (the bridge drives for it)
            for (int i = 0; i < 30; i++) { t += 10000; pen.Main.Level = i < 10 ? false : true; fw.Tick(t); }
            Assert.AreEqual((int)PenState.Idle, (int)fw.State);
            Assert.IsFalse(pen.Enable.Level);
            Assert.IsTrue(pen.Pwm.Duty == 0f);
        }

        [TestMethod]
        public void Holding_main_for_a_second_starts_the_motor_and_a_short_press_stops_it()
        {
            FakePen pen = new FakePen();
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            long t = 0;
            for (int i = 0; i < 10; i++) { t += 10000; fw.Tick(t); } // released first: a press held from power-up is no gesture
            pen.Main.Level = false; // pressed
            for (int i = 0; i < 110; i++) { t += 10000; fw.Tick(t); }
            // the first start measures the cartridge seated at boot (about 1 s, FakeCam), then the session's records, a slice a tick
            for (int i = 0; i < 300 && fw.State != PenState.Running; i++) { t += 10000; fw.Tick(t); }
            Assert.AreEqual((int)PenState.Running, (int)fw.State);
            pen.Main.Level = true;
            for (int i = 0; i < 20; i++) { t += 10000; fw.Tick(t); }
            Assert.AreEqual((int)PenState.Running, (int)fw.State, "releasing the hold does not stop it");
            Assert.IsTrue(pen.Enable.Level);
            Assert.IsTrue(pen.Pwm.Duty > 0f);
            pen.Main.Level = false;
            for (int i = 0; i < 15; i++) { t += 10000; fw.Tick(t); }
            pen.Main.Level = true;
            for (int i = 0; i < 5; i++) { t += 10000; fw.Tick(t); }
            Assert.AreEqual((int)PenState.Stopping, (int)fw.State);
        }

        [TestMethod]
        public void Without_a_cartridge_the_motor_does_not_start()
        {
            FakePen pen = new FakePen();
            pen.Cartridge.Level = true; // open: no cartridge
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            long t = 0;
            for (int i = 0; i < 10; i++) { t += 10000; fw.Tick(t); }
            pen.Main.Level = false;
            for (int i = 0; i < 150; i++) { t += 10000; fw.Tick(t); }
            Assert.AreEqual((int)PenState.NoCartridge, (int)fw.State);
            Assert.IsFalse(pen.Enable.Level);
        }
    }
}
