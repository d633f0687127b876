using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Core.Safety;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// The pen measures the seated cartridge when asked (Commissioning/CartridgeIdentification; StrokeDrive.
    /// RequestCartridgeIdentification), as timelines on the simulated pen: a whole cartridge is measured within its limits
    /// and the start's breakaway made from it, a broken one (spring missing, jammed) is refused with its own fault and
    /// indication until it is taken out, and the record follows the cartridge seated.
    /// </summary>
    [TestClass]
    public class CartridgeIdentificationTests
    {
        private static ScenarioRunner Pen(string json)
        {
            return new ScenarioRunner(Parse(json));
        }

        [TestMethod]
        public void A_cartridge_seated_at_boot_is_measured_before_the_start_and_its_record_kept()
        {
            // t = 0 boot with the stiffer spring (1.5 times plant.md §3.3's) seated; t ≈ 0.1 s the climb, the steady point, the
            // park; t = 0.3 start held, running from t = 1.3 with the breakaway made from this cartridge
            ScenarioRunner run = Pen("{ \"durationS\": 2.5, \"initial\": { \"cartridgeIdentified\": false, \"springPreloadN\": 0.45, \"springRateNPerM\": 225 }, \"events\": [ " +
                                     "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            CartridgeStatus at1 = CartridgeStatus.NotIdentified;
            run.Schedule(0.0, pen => pen.Firmware.Drive.RequestCartridgeIdentification());
            run.Schedule(1.0, pen => at1 = pen.Firmware.Drive.CartridgeStatus);
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(CartridgeStatus.Identified, at1, drive.CartridgeIdentification.Problem);
            IdentificationReport.CartridgeTruth(run.Pen.Parameters, 0.45, 225, out double breakaway, out double spring, out double friction);
            Assert.AreEqual(breakaway, drive.CartridgeIdentification.BreakawayTorqueNm, 0.10 * breakaway, "breakaway within 10 % of the truth");
            Assert.AreEqual(spring, drive.CartridgeIdentification.SpringPeakTorqueNm, 0.10 * spring, "spring's peak within 10 %");
            Assert.AreEqual(BoardVariant.CamBreakawayMargin * drive.CartridgeIdentification.BreakawayTorqueNm, drive.BreakawayTorqueNm, 1e-9, "the start's breakaway is this cartridge's");
            Assert.AreEqual(DriveMode.Running, drive.Mode, "started after the chain");
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
            string record = run.Pen.ReadRecords().Value(CartridgeRecord.Slot);
            Assert.IsTrue(CartridgeRecord.Parse(record, out float tb, out float ts, out float tf), "the CARTID record is on the flash: " + record);
            Assert.AreEqual(drive.CartridgeIdentification.BreakawayTorqueNm, tb, 1e-8f);
        }

        [TestMethod]
        public void A_cartridge_whose_spring_is_missing_is_refused_until_it_is_taken_out()
        {
            // t = 0 boot, no cartridge; t = 0.5 one with no return spring seated: the cam turns over at the climb's first duty,
            // so the chain refuses it (fault 26, amber 6); t = 1 start held: refused, no stroke after the chain's; t = 3 taken out:
            // the fault clears; t = 3.5 a whole one seated, t = 4.5 start: runs
            ScenarioRunner run = Pen("{ \"durationS\": 7, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\", \"springPreloadN\": 0, \"springRateNPerM\": 0 }, " +
                                     "{ \"at\": 1.0, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 }, " +
                                     "{ \"at\": 3, \"type\": \"cartridge\", \"action\": \"remove\" }, " +
                                     "{ \"at\": 3.5, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                     "{ \"at\": 4.5, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            FaultCode at2 = FaultCode.None, at34 = FaultCode.None;
            run.Schedule(0.0, pen => pen.Firmware.Drive.RequestCartridgeIdentification());
            run.Schedule(3.5, pen => pen.Firmware.Drive.RequestCartridgeIdentification());
            bool ranBroken = false, ranAfter = false;
            string problem = null;
            int blinks = 0;
            bool red = true;
            run.Schedule(2.9, pen =>
            {
                at2 = pen.Firmware.Fault;
                problem = pen.Firmware.Drive.CartridgeIdentification.Problem;
                blinks = FaultIndication.Blinks(at2);
                red = FaultIndication.IsRed(at2);
            });
            for (double t = 1.5; t < 3.0; t += 0.01) run.Schedule(t, pen => ranBroken |= pen.Firmware.Drive.Mode == DriveMode.Running);
            run.Schedule(3.4, pen => at34 = pen.Firmware.Fault);
            run.Schedule(6.9, pen => ranAfter = pen.Firmware.Drive.Mode == DriveMode.Running);
            run.Run();
            Assert.AreEqual(FaultCode.CartridgeImplausible, at2, problem);
            StringAssert.Contains(problem, "spring missing or broken");
            Assert.AreEqual(6, blinks);
            Assert.IsFalse(red, "amber: a start refused, nothing stopped");
            Assert.IsFalse(ranBroken, "never runs with the broken cartridge");
            Assert.AreEqual(FaultCode.None, at34, "clears once it is out");
            Assert.IsTrue(ranAfter, "a whole cartridge is measured and treats");
            Assert.AreEqual(CartridgeStatus.Identified, run.Pen.Firmware.Drive.CartridgeStatus);
        }

        [TestMethod]
        public void A_jammed_cartridge_is_refused_and_its_needles_brought_in()
        {
            // t = 0 boot, no cartridge; t = 0.4 the carrier seizes; t = 0.5 the cartridge seated: the climb reaches its current
            // bound without turning the cam over, the chain refuses the cartridge, and the drive backs the cam out
            ScenarioRunner run = Pen("{ \"durationS\": 3, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                     "{ \"at\": 0.4, \"type\": \"fault\", \"kind\": \"jam\" }, " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\" } ] }");
            run.Schedule(0.0, pen => pen.Firmware.Drive.RequestCartridgeIdentification());
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(CartridgeStatus.Implausible, drive.CartridgeStatus);
            StringAssert.Contains(drive.CartridgeIdentification.Problem, "jammed");
            Assert.AreEqual(FaultCode.CartridgeImplausible, run.Pen.Firmware.Fault);
            Assert.AreEqual(DriveMode.Off, drive.Mode);
            Assert.IsNull(run.Pen.ReadRecords().Value(CartridgeRecord.Slot), "nothing stored");
        }

        [TestMethod]
        public void A_cartridge_record_in_doubt_is_measured_again_and_one_taken_out_is_forgotten()
        {
            // a record that does not parse, or whose spring is out of range, is not believed; a pen booted with its cartridge
            // measured (a twin's record) forgets it when it is taken out: the record says none
            var drive = new StrokeDrive(BoardVariant.Battery1S());
            drive.LoadCartridgeRecord("CARTID tb_nnm=12x");
            Assert.AreEqual(CartridgeStatus.NotIdentified, drive.CartridgeStatus);
            drive.LoadCartridgeRecord("CARTID tb_nnm=200000 ts_nnm=100000 tf_nnm=48000");
            Assert.AreEqual(CartridgeStatus.NotIdentified, drive.CartridgeStatus, "a spring's peak under its range is not believed");
            drive.LoadCartridgeRecord(CartridgeRecord.None);
            Assert.AreEqual(CartridgeStatus.NotIdentified, drive.CartridgeStatus);
            drive.LoadCartridgeRecord("CARTID tb_nnm=1100000 ts_nnm=900000 tf_nnm=48000");
            Assert.AreEqual(CartridgeStatus.Identified, drive.CartridgeStatus);
            Assert.AreEqual(BoardVariant.CamBreakawayMargin * 1.1e-3f, drive.BreakawayTorqueNm, 1e-8f);

            ScenarioRunner run = Pen("{ \"durationS\": 2, \"initial\": { \"cartridgeIdentified\": true }, \"events\": [ { \"at\": 1, \"type\": \"cartridge\", \"action\": \"remove\" } ] }");
            run.Run();
            Assert.AreEqual(CartridgeRecord.None, run.Pen.ReadRecords().Value(CartridgeRecord.Slot));
            Assert.AreEqual(CartridgeStatus.NotIdentified, run.Pen.Firmware.Drive.CartridgeStatus);
        }
    }
}
