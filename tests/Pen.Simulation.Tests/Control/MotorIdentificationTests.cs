using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// The pen measures its own motor (Commissioning/MotorIdentification) before its first treatment, on the bare cam,
    /// as timelines on the simulated pen: a pen without a motor record identifies it at boot when no cartridge is seated,
    /// asks for the cartridge out when one is, and refuses a motor outside its plausible range.
    /// </summary>
    [TestClass]
    public class MotorIdentificationTests
    {
        private static ScenarioRunner Pen(string json)
        {
            return new ScenarioRunner(Parse(json));
        }

        [TestMethod]
        public void A_pen_without_a_motor_record_identifies_it_at_boot_and_keeps_the_record()
        {
            // t = 0 boot, no cartridge: the chain runs (about 2 s), the record goes to the flash, the model comes into use
            ScenarioRunner run = Pen("{ \"durationS\": 3, \"initial\": { \"cartridge\": false, \"motorIdentified\": false } }");
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(MotorStatus.Identified, drive.MotorStatus, drive.Identification.Problem);
            Assert.IsTrue(drive.Model.Identified);
            Assert.AreEqual(DriveMode.Off, drive.Mode);
            string record = run.Pen.ReadRecords().Value(MotorRecord.Slot);
            Assert.IsNotNull(record, "the MOTOR record is on the flash");
            var back = new MotorModel();
            Assert.IsTrue(MotorRecord.Parse(record, back));
            Assert.AreEqual(drive.Model.KeVoltSecondsPerRad, back.KeVoltSecondsPerRad, 1e-8f);
            // within the limits of the plant's truth (2.67 mV s/rad; R 1.1 Ohm plus the bridge's 0.36 Ohm and the shunt's share)
            Assert.AreEqual(2.67e-3, back.KeVoltSecondsPerRad, 0.03 * 2.67e-3);
            Assert.AreEqual(0.68e-7, back.InertiaKgM2, 0.15 * 0.68e-7);
            Assert.AreEqual(1.10 + 0.36 + 0.02, back.LoopOhms, 0.1 * 1.1);
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
        }

        [TestMethod]
        public void With_no_identified_motor_the_pen_asks_for_the_cartridge_out_then_identifies_it()
        {
            // t = 0 boot with a cartridge: the motor is measured on the bare cam, so the pen asks for it out and will not start
            // t = 1.5 start held: refused; t = 2 cartridge out: the chain runs; t = 5 a cartridge in; t = 5.5 start: runs
            ScenarioRunner run = Pen("{ \"durationS\": 8, \"initial\": { \"motorIdentified\": false }, \"events\": [ " +
                                     "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 }, " +
                                     "{ \"at\": 2, \"type\": \"cartridge\", \"action\": \"remove\" }, " +
                                     "{ \"at\": 5, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                     "{ \"at\": 5.5, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            FaultCode at1 = FaultCode.None, at4 = FaultCode.None;
            bool ranBeforeRemoval = false, ranAfter = false;
            run.Schedule(1.9, pen => { at1 = pen.Firmware.Fault; ranBeforeRemoval = pen.Plant.Strokes > 0; });
            run.Schedule(4.9, pen => at4 = pen.Firmware.Fault);
            run.Schedule(7.9, pen => ranAfter = pen.Firmware.Drive.Mode == DriveMode.Running);
            run.Run();
            Assert.AreEqual(FaultCode.MotorNotIdentified, at1, "asks for the cartridge out");
            Assert.IsFalse(ranBeforeRemoval, "no stroke before the motor is identified");
            Assert.AreEqual(MotorStatus.Identified, run.Pen.Firmware.Drive.MotorStatus);
            Assert.AreEqual(FaultCode.None, at4, "identified with the cartridge out: the fault is gone");
            Assert.IsTrue(ranAfter, "treats once identified");
        }

        [TestMethod]
        public void A_motor_outside_its_plausible_range_is_refused_and_the_pen_will_not_treat()
        {
            // the board expects the corded pen's 6 V winding (k_e 6.0 mV s/rad) but a 3 V one (2.67) is fitted: 0.45 of it
            ScenarioRunner run = Pen("{ \"durationS\": 6, \"firmware\": { \"motorBackEmfVoltSecondsPerRad\": 0.006, \"motorResistanceOhms\": 5.1 }, " +
                                     "\"initial\": { \"cartridge\": false, \"motorIdentified\": false }, \"events\": [ " +
                                     "{ \"at\": 3, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                     "{ \"at\": 3.5, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            bool ranWithCartridge = false;
            for (double t = 3.0; t < 6.0; t += 0.01) run.Schedule(t, pen => ranWithCartridge |= pen.Firmware.Drive.Mode == DriveMode.Running || pen.Firmware.Duty > 0f);
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(MotorStatus.Implausible, drive.MotorStatus);
            StringAssert.Contains(drive.Identification.Problem, "back-EMF constant");
            Assert.AreEqual(FaultCode.MotorImplausible, run.Pen.Firmware.Fault);
            Assert.IsNull(run.Pen.ReadRecords().Value(MotorRecord.Slot), "nothing stored");
            Assert.IsFalse(ranWithCartridge, "the start is refused: the drive never runs with the cartridge seated");
        }
    
        /// <summary>Offsets the averaged current input by <paramref name="offsetMv"/> for the first 25 ms of the start step's fit
        /// (the drive from rest: the current's jump) in the runs <paramref name="spoilRun"/> says: that step's loop resistance
        /// comes out low, the other step's not, as when one fit's noise scatters it.</summary>
                private static void SpoilStartStep(ScenarioRunner run, double durationS, double offsetMv, System.Func<int, bool> spoilRun)
        {
            double drivenSinceS = double.NaN;
            for (double t = 0; t < durationS; t += 0.002)
            {
                double at = t;
                run.Schedule(at, pen =>
                {
                    MotorIdentification chain = pen.Firmware.Drive.Identification;
                    bool driving = chain.Running && chain.Duty > 0f;
                    if (!driving) drivenSinceS = double.NaN;
                    else if (double.IsNaN(drivenSinceS)) drivenSinceS = at;
                    bool inStart = driving && at - drivenSinceS < 0.025 && spoilRun(chain.DisagreeingRuns);
                    pen.Adc(AdcChannelId.MotorCurrentAveraged).FaultOffsetVolts = inStart ? offsetMv * 1e-3 : 0;
                });
            }

            // identified and its record on the flash (a refusal runs on, for the supervisor's fault)
            run.Until = () => run.Pen.Firmware.Drive.MotorStatus == MotorStatus.Identified && !run.Pen.Firmware.Records.Pending;
        }

        [TestMethod]
        public void Two_steps_that_disagree_once_are_measured_again_and_the_unit_is_identified()
        {
            // t = 0 boot, no cartridge; the first run's start step reads 120 mV high for its first 25 ms on the averaged input (its loop resistance
            // comes out low), so its two steps disagree: the chain runs again from rest, agrees, and the unit is identified
            ScenarioRunner run = Pen("{ \"durationS\": 8, \"initial\": { \"cartridge\": false, \"motorIdentified\": false } }");
            SpoilStartStep(run, 8, 120, disagreed => disagreed == 0);
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(1, drive.Identification.DisagreeingRuns, "the spoilt run disagreed and was run again ");
            Assert.AreEqual(MotorStatus.Identified, drive.MotorStatus, drive.Identification.Problem);
            Assert.AreEqual(1.10 + 0.36 + 0.02, drive.Model.LoopOhms, 0.1 * 1.1, "the second run's resistance, within the issue's limit");
            Assert.IsNotNull(run.Pen.ReadRecords().Value(MotorRecord.Slot), "the MOTOR record is on the flash");
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
        }

        [TestMethod]
        public void Steps_that_disagree_in_every_run_are_refused_after_the_last_run()
        {
            // every run's start step reads 120 mV high for its first 25 ms, as a motor that is not linear would: refused after the last run, nothing stored
            ScenarioRunner run = Pen("{ \"durationS\": 14, \"initial\": { \"cartridge\": false, \"motorIdentified\": false } }");
            SpoilStartStep(run, 14, 120, disagreed => true);
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(MotorStatus.Implausible, drive.MotorStatus, drive.Identification.Problem);
            Assert.AreEqual(PenLimits.IdentifyDisagreeingRuns, drive.Identification.DisagreeingRuns);
            StringAssert.Contains(drive.Identification.Problem, "loop resistance from the two steps disagree");
            Assert.AreEqual(FaultCode.MotorImplausible, run.Pen.Firmware.Fault);
            Assert.IsNull(run.Pen.ReadRecords().Value(MotorRecord.Slot), "nothing stored");
        }

        [TestMethod]
        public void A_winding_of_another_resistance_is_refused_in_the_first_run_without_measuring_again()
        {
            // the board expects a winding of 3.2 Ohm (a loop of 3.6) but the 1.1 Ohm one (a loop of 1.5) is fitted: 0.41 of it,
            // a wrong motor, refused at once however well the two steps agree
            ScenarioRunner run = Pen("{ \"durationS\": 6, \"firmware\": { \"motorResistanceOhms\": 3.2 }, " +
                                     "\"initial\": { \"cartridge\": false, \"motorIdentified\": false } }");
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.AreEqual(MotorStatus.Implausible, drive.MotorStatus);
            Assert.AreEqual(0, drive.Identification.DisagreeingRuns, "not measured again");
            StringAssert.Contains(drive.Identification.Problem, "resistance");
            Assert.AreEqual(FaultCode.MotorImplausible, run.Pen.Firmware.Fault);
            Assert.IsNull(run.Pen.ReadRecords().Value(MotorRecord.Slot), "nothing stored");
        }
}
}
