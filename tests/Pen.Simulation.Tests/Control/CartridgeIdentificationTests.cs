using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Core.Safety;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// The pen measures a cartridge at every seating while it is on (Commissioning/CartridgeIdentification,
    /// Control/StrokeDrive), as timelines on the simulated pen: a whole cartridge is measured within its limits
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
        public void A_cartridge_seated_is_measured_before_the_start_and_its_record_kept()
        {
            // t = 0 boot, no cartridge; t = 0.5 the stiffer spring (1.5 times plant.md §3.3's) seated: the climb, the steady
            // point, the park; t = 0.6 start held, running from about t = 1.6 with the breakaway made from this cartridge
            ScenarioRunner run = Pen("{ \"durationS\": 2.5, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\", \"springPreloadN\": 0.45, \"springRateNPerM\": 225 }, " +
                                     "{ \"at\": 0.6, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            CartridgeStatus at1 = CartridgeStatus.NotIdentified;
            run.Schedule(1.5, pen => at1 = pen.Firmware.Drive.CartridgeStatus);
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
        public void A_cartridge_seated_is_measured_and_a_start_held_during_its_chain_waits_for_it()
        {
            // t = 0 boot, no cartridge; t = 0.5 one seated: the chain runs from about 0.55 s; t = 0.6 start held (during the
            // chain): at 1.6 s the start waits for the chain, the needles start once it has passed and its park is over
            ScenarioRunner run = Pen("{ \"durationS\": 3, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                     "{ \"at\": 0.6, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            bool measuring = false, runningUnmeasured = false;
            double measuredAt = double.NaN, firstRun = double.NaN;
            for (double t = 0.5; t < 3.0; t += 0.005)
            {
                double at = t;
                run.Schedule(t, pen =>
                {
                    StrokeDrive d = pen.Firmware.Drive;
                    measuring |= d.Mode == DriveMode.IdentifyingCartridge;
                    if (double.IsNaN(measuredAt) && d.CartridgeStatus == CartridgeStatus.Identified) measuredAt = at;
                    if (d.Mode == DriveMode.Running && double.IsNaN(firstRun)) firstRun = at;
                    runningUnmeasured |= d.Mode == DriveMode.Running && d.CartridgeStatus != CartridgeStatus.Identified;
                });
            }

            run.Run();
            Assert.IsTrue(measuring, "the chain ran by itself after the seating");
            Assert.IsFalse(double.IsNaN(measuredAt), run.Pen.Firmware.Drive.CartridgeIdentification.Problem);
            Assert.IsFalse(double.IsNaN(firstRun), "the start held during the chain went on after it: " + run.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsTrue(firstRun > measuredAt, "the needles ran only after the cartridge was measured");
            Assert.IsFalse(runningUnmeasured);
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
        }

        [TestMethod]
        public void The_start_held_through_the_chain_of_a_cartridge_seated_while_on_begins_from_a_standing_cam_as_at_boot()
        {
            // t = 0 boot, no cartridge; t = 0.5 one seated: the chain turns the cam in the air from about 0.50 s and parks it
            // in the Hall window by about 1.12 s; t = 0.6 start held (during the chain): the drive starts about 0.5 s after the
            // park. Seen every 1 ms: from the park's end to the drive's first tick the cam stands, and the rate estimator says
            // so (0 strokes/s, the phase not known), as before a start at boot, not the park crawl's last rate and a phase
            // run on with it; the drive's first tick begins from that (no motion, no phase)
            ScenarioRunner run = Pen("{ \"durationS\": 3, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                     "{ \"at\": 0.6, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            bool parked = false, driving = false;
            int standingLooks = 0;
            double worstRate = 0, worstShaft = 0, firstTickRate = double.NaN;
            float phase = -1f, firstTickPhase = 0f;
            for (double t = 0.5; t < 3.0; t += 0.001)
            {
                run.ScheduleAtPlantTime(t, pen =>
                {
                    StrokeDrive d = pen.Firmware.Drive;
                    if (driving) return;
                    if (d.Mode == DriveMode.Running)
                    {
                        driving = true;
                        firstTickRate = d.MeasuredRateHz;
                        firstTickPhase = d.Rate.Phase;
                        return;
                    }

                    if (d.Mode == DriveMode.Parking && d.MeasuringCartridge) parked = true;
                    if (!parked || d.Mode != DriveMode.Off) return;
                    standingLooks++;
                    worstRate = Math.Max(worstRate, d.MeasuredRateHz);
                    worstShaft = Math.Max(worstShaft, Math.Abs(pen.Plant.ShaftHz));
                    if (d.Rate.Phase >= 0f) phase = d.Rate.Phase;
                });
            }

            run.Run();
            Assert.AreEqual(CartridgeStatus.Identified, run.Pen.Firmware.Drive.CartridgeStatus, run.Pen.Firmware.Drive.CartridgeIdentification.Problem);
            Assert.IsTrue(parked && driving, "the chain parked and the drive started: " + run.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsTrue(standingLooks >= 20, "the drive started " + standingLooks + " ms after the park: too soon to judge");
            Assert.IsTrue(worstShaft < 0.5, "the cam stood after the park: shaft " + worstShaft.ToString("F2") + " Hz");
            Assert.AreEqual(0.0, worstRate, 1e-6, "the estimator read a standing cam as turning after the park: " + worstRate.ToString("F2") + " strokes/s");
            Assert.AreEqual(-1f, phase, "the estimator's phase after the park: not known, as at boot (" + phase.ToString("F3") + ")");
            Assert.AreEqual(0.0, firstTickRate, 1e-3, "the drive's first tick saw the cam turn: " + firstTickRate.ToString("F2") + " strokes/s");
            Assert.AreEqual(-1f, firstTickPhase, "the drive's first tick began from a phase: " + firstTickPhase.ToString("F3"));
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
        }

        [TestMethod]
        public void A_cartridge_seated_at_boot_is_measured_at_the_first_start_in_the_air_before_the_treatment_drive()
        {
            // t = 0 boot with the stiffer spring (1.5 times plant.md §3.3's) seated and a CARTID record on the flash (a twin's:
            // not believed, the cartridge seated at boot may not be the one it describes); nothing moves by itself (the pen may
            // have restarted on the skin); t = 0.3 start held (a hold is a start at 1.3 s): the start waits, the pen shows that it
            // measures, the chain runs with the needles in the air, then the treatment drive starts on the measured breakaway
            ScenarioRunner run = Pen("{ \"durationS\": 2.5, \"initial\": { \"cartridgeIdentified\": true, \"springPreloadN\": 0.45, \"springRateNPerM\": 225 }, \"events\": [ " +
                                     "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            bool movedBeforeStart = false, measuring = false, shown = false, runningUnmeasured = false;
            double measuredAt = double.NaN, firstRun = double.NaN;
            float breakawayBefore = 0f;
            for (double t = 0.0; t < 6.0; t += 0.005)
            {
                double at = t;
                run.ScheduleAtPlantTime(t, pen =>
                {
                    StrokeDrive d = pen.Firmware.Drive;
                    if (at < 1.25)
                    {
                        movedBeforeStart |= d.Mode != DriveMode.Off || pen.Plant.DriverEnabled && pen.Plant.AppliedDuty > 0;
                        breakawayBefore = d.BreakawayTorqueNm;
                    }

                    measuring |= d.Mode == DriveMode.IdentifyingCartridge && !pen.Plant.SkinContact;
                    shown |= pen.Firmware.State == global::Pen.Core.PenState.MeasuringCartridge;
                    if (double.IsNaN(measuredAt) && d.CartridgeStatus == CartridgeStatus.Identified) measuredAt = at;
                    if (d.Mode == DriveMode.Running && double.IsNaN(firstRun)) firstRun = at;
                    runningUnmeasured |= d.Mode == DriveMode.Running && d.CartridgeStatus != CartridgeStatus.Identified;
                });
            }

            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.IsTrue(drive.RecordedBreakawayTorqueNm > 0f, "the record was found at boot (kept for diagnosis)");
            Assert.IsFalse(movedBeforeStart, "nothing moved before the start");
            Assert.AreEqual(BoardVariant.Battery1S().CamBreakawayTorqueNm, breakawayBefore, 1e-9, "the record was not believed: the board's breakaway until measured");
            Assert.IsTrue(measuring, "the start ran the chain");
            Assert.IsTrue(shown, "the pen showed that it measures while the start waited");
            Assert.IsFalse(double.IsNaN(measuredAt), drive.CartridgeIdentification.Problem + " " + run.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsFalse(double.IsNaN(firstRun), "the treatment drive started after the chain: " + run.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsTrue(firstRun > measuredAt, "the treatment drive ran only after the cartridge was measured");
            Assert.IsFalse(runningUnmeasured);
            IdentificationReport.CartridgeTruth(run.Pen.Parameters, 0.45, 225, out double breakaway, out double spring, out double friction);
            Assert.AreEqual(breakaway, drive.CartridgeIdentification.BreakawayTorqueNm, 0.10 * breakaway, "breakaway within 10 % of the truth");
            Assert.AreEqual(BoardVariant.CamBreakawayMargin * drive.CartridgeIdentification.BreakawayTorqueNm, drive.BreakawayTorqueNm, 1e-9, "the treatment drive's breakaway is this cartridge's");
            Assert.AreEqual(DriveMode.Running, drive.Mode);
            Assert.AreEqual(FaultCode.None, run.Pen.Firmware.Fault);
            Assert.IsTrue(run.HeldS > 0.3 && run.HeldS < 3.0, "the timeline waited with the start: " + run.HeldS + " s");
        }

        /// <summary>A pen's start seen at 1 ms: the press's chain end (NaN: none waited), the start queuing its records, the first
        /// tick of the treatment drive (plant and scenario time). Unit: s.</summary>
        private sealed class StartTimes
        {
            public double ChainEnd = double.NaN, RecordsQueued = double.NaN, Drive = double.NaN, DriveScenario = double.NaN;
        }

        private static StartTimes WatchStart(ScenarioRunner run, double pressS, double untilS)
        {
            var times = new StartTimes();
            bool waited = false;
            for (double t = pressS; t < untilS; t += 0.001)
            {
                double at = t;
                run.ScheduleAtPlantTime(t, pen =>
                {
                    bool waits = pen.Firmware.Treatment.StartAwaitsCartridge;
                    if (waited && !waits && double.IsNaN(times.ChainEnd)) times.ChainEnd = at;
                    waited = waits;
                    if (!waits && double.IsNaN(times.RecordsQueued) && pen.Firmware.Records.Pending && pen.Firmware.Drive.Stopped) times.RecordsQueued = at;
                    if (pen.Firmware.Drive.Mode == DriveMode.Running && double.IsNaN(times.Drive))
                    {
                        times.Drive = at;
                        times.DriveScenario = run.ScenarioTimeS(at);
                    }
                });
            }

            return times;
        }

        [TestMethod]
        public void The_start_after_the_boot_cartridge_chain_drives_as_soon_after_it_as_a_start_without_one_and_the_record_follows()
        {
            // two pens, the flash at its datasheet maximum (W25Q32JV, FlashTiming.LittleFsWorst). A: the cartridge seated at boot;
            // start held at 0.3 s: the start waits for the chain (the timeline with it), then for its own records only (the
            // chain's CARTID record is queued behind them, written at the first stop: main pressed at 2.5 s). B: the cartridge
            // seated at 0.1 s, measured and its record written by itself; start held at 1.3 s: its wait for its records is the
            // start's wait without a chain. A drives within a tick of B's wait after the chain's end, and at the same scenario
            // time after its press as B, so a scenario's contacts keep their moments relative to the treatment drive
            ScenarioRunner a = Pen("{ \"durationS\": 3.5, \"events\": [ " +
                                   "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 }, " +
                                   "{ \"at\": 2.5, \"type\": \"button\", \"button\": \"main\", \"action\": \"press\" } ] }");
            ScenarioRunner b = Pen("{ \"durationS\": 3.5, \"initial\": { \"cartridge\": false }, \"events\": [ " +
                                   "{ \"at\": 0.1, \"type\": \"cartridge\", \"action\": \"insert\" }, " +
                                   "{ \"at\": 1.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            a.Pen.Flash.Timing = FlashTiming.LittleFsWorst();
            b.Pen.Flash.Timing = FlashTiming.LittleFsWorst();
            StartTimes ta = WatchStart(a, 0.3, 3.0), tb = WatchStart(b, 1.3, 3.5);
            a.Run();
            b.Run();
            const double tick = 0.010;
            Assert.IsFalse(double.IsNaN(ta.ChainEnd), "A's start waited for the chain");
            Assert.IsFalse(double.IsNaN(ta.Drive) || double.IsNaN(tb.Drive), "both drove: " + a.Pen.Firmware.Treatment.LastRefusal + " " + b.Pen.Firmware.Treatment.LastRefusal);
            double waitB = tb.Drive - tb.RecordsQueued, afterChainA = ta.Drive - ta.ChainEnd;
            Assert.IsTrue(waitB > 0 && afterChainA <= waitB + tick, "A drove " + (afterChainA * 1e3).ToString("F0") + " ms after the chain; B waited " + (waitB * 1e3).ToString("F0") + " ms for its records");
            Assert.AreEqual(tb.DriveScenario - 1.3, ta.DriveScenario - 0.3, tick, "the drive's scenario time after the press");
            Assert.AreEqual(FaultCode.None, a.Pen.Firmware.Fault);
            string record = a.Pen.ReadRecords().Value(CartridgeRecord.Slot);
            Assert.IsTrue(CartridgeRecord.Parse(record, out float breakaway, out float spring, out float friction), "the chain's CARTID record reached the flash after the start's: " + record);
            Assert.AreEqual(a.Pen.Firmware.Drive.CartridgeIdentification.BreakawayTorqueNm, breakaway, 1e-8f);
        }

        [TestMethod]
        public void The_first_start_after_the_boot_cartridge_chain_begins_from_a_standing_cam_as_at_boot()
        {
            // t = 0 boot with the cartridge seated; t = 0.3 start held: the chain turns the cam in the air and parks it in the
            // Hall window, then the treatment drive starts (~40 ms later, its records). Seen at 1 ms of plant time: from the
            // park's end to the drive's first tick the cam stands, and the rate estimator says so (0 strokes/s, the phase not
            // known), as before a start at boot; the drive's first tick begins from that (its speed loop sees no motion)
            ScenarioRunner run = Pen("{ \"durationS\": 2.5, \"events\": [ " +
                                     "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            bool parked = false, driving = false;
            int standingLooks = 0;
            double worstRate = 0, worstShaft = 0, firstTickRate = double.NaN;
            float phase = -1f;
            for (double t = 0.0; t < 2.5; t += 0.001)
            {
                run.ScheduleAtPlantTime(t, pen =>
                {
                    StrokeDrive d = pen.Firmware.Drive;
                    if (driving) return;
                    if (d.Mode == DriveMode.Running)
                    {
                        driving = true;
                        firstTickRate = d.MeasuredRateHz;
                        return;
                    }

                    if (d.Mode == DriveMode.Parking) parked = true;
                    if (!parked || d.Mode != DriveMode.Off) return;
                    standingLooks++;
                    worstRate = Math.Max(worstRate, d.MeasuredRateHz);
                    worstShaft = Math.Max(worstShaft, Math.Abs(pen.Plant.ShaftHz));
                    if (d.Rate.Phase >= 0f) phase = d.Rate.Phase;
                });
            }

            run.Run();
            Assert.IsTrue(parked && driving, "the chain parked and the drive started: " + run.Pen.Firmware.Treatment.LastRefusal);
            Assert.IsTrue(standingLooks >= 20, "the drive started " + standingLooks + " ms after the park: too soon to judge");
            Assert.IsTrue(worstShaft < 0.5, "the cam stood after the park: shaft " + worstShaft.ToString("F2") + " Hz");
            Assert.AreEqual(0.0, worstRate, 1e-6, "the estimator read a standing cam as turning after the park");
            Assert.AreEqual(-1f, phase, "the estimator's phase after the park: not known, as at boot");
            Assert.AreEqual(0.0, firstTickRate, 1e-3, "the drive's first tick saw the cam turn");
        }

        [TestMethod]
        public void A_pen_booted_on_the_skin_gets_no_verdict_at_its_first_start_and_the_start_is_refused()
        {
            // t = 0 boot with a cartridge (12 needles) seated and the needles on the skin (a brown-out mid-treatment); t = 0.3
            // start held: the chain's steady point reads the needles' load: no verdict, no fault, the start refused with
            // CartridgeNotMeasured (amber 11: lift the pen off the skin and hold main again); the treatment drive never starts
            ScenarioRunner run = Pen("{ \"durationS\": 5, \"initial\": { \"needles\": 12 }, \"events\": [ " +
                                     "{ \"at\": 0.3, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 1.2 } ] }");
            run.Schedule(0.0, pen => { pen.Plant.SkinContact = true; pen.Plant.SetSkinLoad(1.0, 0.001); });
            bool measuring = false, ran = false;
            FaultCode fault = FaultCode.None;
            for (double t = 0.0; t < 8.0; t += 0.005)
                run.ScheduleAtPlantTime(t, pen =>
                {
                    StrokeDrive d = pen.Firmware.Drive;
                    measuring |= d.Mode == DriveMode.IdentifyingCartridge;
                    ran |= d.Mode == DriveMode.Running;
                    if (fault == FaultCode.None) fault = pen.Firmware.Fault;
                });
            run.Run();
            StrokeDrive drive = run.Pen.Firmware.Drive;
            Assert.IsTrue(measuring, "the start ran the chain");
            Assert.AreEqual(CartridgeOutcome.Loaded, drive.CartridgeIdentification.Outcome, "the chain on skin read a load: " + drive.CartridgeIdentification.Problem);
            Assert.AreEqual(CartridgeStatus.NotIdentified, drive.CartridgeStatus, "no verdict on the cartridge");
            Assert.AreEqual(global::Pen.Core.Session.StartRefusal.CartridgeNotMeasured, run.Pen.Firmware.Treatment.LastRefusal, "the start refused, saying why");
            Assert.IsFalse(ran, "the needles were not driven into a treatment");
            Assert.AreEqual(FaultCode.None, fault, "and no fault");
        }

        [TestMethod]
        public void Needles_on_skin_during_the_chain_abort_it_without_a_fault_and_it_runs_again_once_lifted()
        {
            // t = 0 boot, no cartridge; t = 0.5 one seated (12 needles) and the pen put to the skin at once: the chain's steady
            // point reads the needles' load beyond a cartridge's friction in the air: no verdict, no fault; t = 1.5 the pen
            // lifted; the chain runs again 1 s after the first and measures the cartridge
            ScenarioRunner run = Pen("{ \"durationS\": 4, \"initial\": { \"cartridge\": false, \"needles\": 12 }, \"events\": [ " +
                                     "{ \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"insert\" } ] }");
            run.Schedule(0.5, pen => { pen.Plant.SkinContact = true; pen.Plant.SetSkinLoad(1.0, 0.001); });
            run.Schedule(1.5, pen => { pen.Plant.SkinContact = false; pen.Plant.SetSkinLoad(0, 0.001); });
            int outcomeOnSkin = CartridgeOutcome.None;
            CartridgeStatus onSkin = CartridgeStatus.Identified;
            FaultCode fault = FaultCode.None;
            string values = null;
            run.Schedule(1.45, pen =>
            {
                CartridgeIdentification c = pen.Firmware.Drive.CartridgeIdentification;
                outcomeOnSkin = c.Outcome;
                onSkin = pen.Firmware.Drive.CartridgeStatus;
                values = "friction " + c.FrictionTorqueNm + " N m, breakaway " + c.BreakawayTorqueNm + " N m, " + c.Problem + ", " + onSkin;
            });
            for (double t = 0.0; t < 4.0; t += 0.01) run.Schedule(t, pen => { if (fault == FaultCode.None) fault = pen.Firmware.Fault; });
            run.Run();
            Assert.AreEqual(CartridgeOutcome.Loaded, outcomeOnSkin, "the chain on skin read a load, not a cartridge: " + values);
            Assert.AreEqual(CartridgeStatus.NotIdentified, onSkin, "no verdict on the cartridge");
            Assert.AreEqual(FaultCode.None, fault, "and no fault");
            Assert.AreEqual(CartridgeStatus.Identified, run.Pen.Firmware.Drive.CartridgeStatus, "measured once lifted: " + run.Pen.Firmware.Drive.CartridgeIdentification.Problem);
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
            Assert.AreEqual(CartridgeStatus.NotIdentified, drive.CartridgeStatus, "a whole record is kept for diagnosis, not used: the cartridge seated at boot may not be the one it describes");
            Assert.AreEqual(1.1e-3f, drive.RecordedBreakawayTorqueNm, 1e-8f);
            Assert.AreEqual(BoardVariant.Battery1S().CamBreakawayTorqueNm, drive.BreakawayTorqueNm, 1e-8f);

            ScenarioRunner run = Pen("{ \"durationS\": 3, \"initial\": { \"cartridgeIdentified\": true }, \"events\": [ { \"at\": 2.5, \"type\": \"cartridge\", \"action\": \"remove\" } ] }");
            run.Run();
            Assert.AreEqual(CartridgeRecord.None, run.Pen.ReadRecords().Value(CartridgeRecord.Slot));
            Assert.AreEqual(CartridgeStatus.NotIdentified, run.Pen.Firmware.Drive.CartridgeStatus);
        }
    }
}
