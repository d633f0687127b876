using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// `report control --shift S`: each case's press and whole timeline S seconds later in plant time, the plant idling
    /// powered before the press; the same targets judged; the reports say the shift.
    /// </summary>
    [TestClass]
    public class ControlShiftTests
    {
        /// <summary>Longest a shifted event seen at a tick may differ from the shift: the first running tick comes a tick
        /// (10 ms ±3 ms) after the QA record's five ticks, each jittered ±3 ms. Unit: s.</summary>
        private const double TickSlackS = 0.03;

        private static ControlCase Case(double shiftS)
        {
            foreach (ControlCase c in ControlCase.StandardMatrix(1, shiftS))
                if (c.Name == "RP-2 12N 7.4V bus 100/s") return c;
            throw new ArgumentException("no such case");
        }

        [TestMethod]
        public void A_shifted_case_starts_its_drive_and_its_timeline_the_shift_later_and_is_judged_on_the_same_targets()
        {
            const double shift = 0.35;
            ControlReport.CaseOutcome at0 = ControlReport.Evaluate(Case(0));
            ControlReport.CaseOutcome later = ControlReport.Evaluate(Case(shift));
            ControlResult r0 = at0.Run, r1 = later.Run;

            // the events the timeline schedules are exactly the shift later in the scenario's time (the first start waits for
            // the boot cartridge's chain, and the timeline with it, by as long as that chain takes at each placement)
            double held = r1.CartridgeWaitS - r0.CartridgeWaitS;
            Assert.IsTrue(r0.CartridgeWaitS > 0.3 && r1.CartridgeWaitS > 0.3, "the start waited for the chain: " + r0.CartridgeWaitS + " / " + r1.CartridgeWaitS + " s");
            Assert.AreEqual(r0.ContactS + shift + held, r1.ContactS, 1e-9);
            Assert.AreEqual(r0.LiftS + shift + held, r1.LiftS, 1e-9);
            Assert.AreEqual(r0.HarshS + shift + held, r1.HarshS, 1e-9);
            Assert.AreEqual(r0.LevelS + shift + held, r1.LevelS, 1e-9);
            Assert.AreEqual(r0.StopS + shift + held, r1.StopS, 1e-9);
            // the drive's start (its first running tick) and its first stroke, both in plant time, a tick's slack apart
            Assert.AreEqual(r0.StartS + shift + held, r1.StartS, TickSlackS, "drive started at " + r0.StartS + " s and, shifted, at " + r1.StartS + " s");
            Assert.AreEqual(r0.StrokeTimes[0] + shift, r1.StrokeTimes[0], TickSlackS, "first stroke at " + r0.StrokeTimes[0] + " s and, shifted, at " + r1.StrokeTimes[0] + " s");
            // the plant idled before the shifted press: no stroke before the press (0.2 s + shift) and its 1 s hold
            Assert.IsTrue(r1.StrokeTimes[0] > 0.2 + shift + 1.0, "a stroke before the shifted press and hold: " + r1.StrokeTimes[0]);
            Assert.IsTrue(r1.StartS > 0.2 + shift + 1.0, "the drive ran before the shifted press and hold: " + r1.StartS);
            // the same targets are judged, in the same order
            var keys0 = new List<string>();
            var keys1 = new List<string>();
            foreach (ControlReport.Verdict v in at0.Verdicts) keys0.Add(v.Key);
            foreach (ControlReport.Verdict v in later.Verdicts) keys1.Add(v.Key);
            Assert.IsTrue(keys0.Count > 10, "verdicts: " + keys0.Count);
            CollectionAssert.AreEqual(keys0, keys1);
        }

        [TestMethod]
        public void The_variation_report_says_the_shift_when_there_is_one_and_not_otherwise()
        {
            var shifted = new ControlVariations.Summary { ShiftS = 0.65 };
            shifted.Seeds.Add(1);
            var plain = new ControlVariations.Summary();
            plain.Seeds.Add(1);
            StringAssert.Contains(ControlVariations.Render(shifted, "rerun"), "delayed by 0.65 s");
            Assert.IsFalse(ControlVariations.Render(plain, "rerun").Contains("delayed by"));
        }
    }
}
