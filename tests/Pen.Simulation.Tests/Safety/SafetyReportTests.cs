using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>
    /// `report safety`'s verdicts and plots: a trial cut after its bound makes its fault's row FAIL and the report fail
    /// (the command then exits 1); the plot of a trial is drawn from the same trial run again, which cuts at the same
    /// instant as the run the table judged.
    /// </summary>
    [TestClass]
    public class SafetyReportTests
    {
        private static SafetyFault Fault(string name)
        {
            foreach (SafetyFault f in SafetyFault.All()) if (f.Name == name) return f;
            throw new ArgumentException(name);
        }

        private static TrialResult Jam(double cutMsAfterOnset)
        {
            return new TrialResult
            {
                Fault = Fault("jam"), Setup = new TrialSetup { RateHz = 100 }, OnsetS = 2.0, InjectedS = 2.0,
                DetectedS = 2.0 + cutMsAfterOnset * 1e-3, CutS = 2.0 + cutMsAfterOnset * 1e-3, Code = FaultCode.MotorStall,
                AtRest = true, NeedleAtRestMm = 0,   // the row also judges the needles at rest: these are in
            };
        }

        [TestMethod]
        public void A_not_retractable_case_is_named_by_its_own_reason_in_the_table()
        {
            // every reason has a colon before its numbers: only a drag's is the stall torque
            Assert.AreEqual("drag beyond the motor's stall torque", SafetyReport.Reason("drag 7.0 mN·m: the motor stalls at 6.1 mN·m"));
            Assert.AreEqual("the Hall sensor is dead", SafetyReport.Reason("the Hall sensor is dead: nothing shows where the retracted point is"));
            Assert.AreEqual("held beyond the retraction's current cap", SafetyReport.Reason("held by 5.4 mN·m where it rests: the retraction's 2.0 A turns 5.3 mN·m"));
            Assert.AreEqual("held beyond what the shunt comparator lets a stalled winding turn",
                SafetyReport.Reason("held by 5.2 mN·m where it rests: the shunt comparator holds a stalled winding to 1.78 A, 4.8 mN·m"));
            Assert.AreEqual("no drive: motor driver fault (the return spring alone)", SafetyReport.Reason("no drive: motor driver fault (the return spring alone)"));
        }

        [TestMethod]
        public void A_cut_after_the_bound_is_a_failed_row_and_fails_the_report()
        {
            List<string[]> rows = SafetyReport.Table(new List<TrialResult> { Jam(12), Jam(45) }, out bool failed);
            int verdict = Array.IndexOf(SafetyReport.Header, "verdict");
            Assert.IsTrue(failed, "a jam cut after 45 ms against its 40 ms bound fails the report");
            StringAssert.StartsWith(rows[0][verdict], "FAIL (1 over bound");
        }

        [TestMethod]
        public void Cuts_within_the_bound_with_the_right_code_pass()
        {
            List<string[]> rows = SafetyReport.Table(new List<TrialResult> { Jam(12), Jam(39.9) }, out bool failed);
            Assert.IsFalse(failed);
            Assert.AreEqual("pass", rows[0][Array.IndexOf(SafetyReport.Header, "verdict")]);
        }

        [TestMethod]
        public void The_worst_trial_is_plotted_from_a_rerun_that_cuts_at_the_same_instant()
        {
            SafetyFault jam = Fault("jam");
            TrialResult early = SafetyTrial.Run(jam, new TrialSetup { Seed = 7100, RateHz = 100, Moment = 0.25 });
            TrialResult late = SafetyTrial.Run(jam, new TrialSetup { Seed = 7101, RateHz = 100, Moment = 0.75 });
            TrialResult worst = early.CutMs >= late.CutMs ? early : late;
            string dir = Path.Combine(Path.GetTempPath(), "pen-safety-plot-" + Guid.NewGuid().ToString("N"));
            try
            {
                List<SafetyPlots.PlottedTrial> plotted = SafetyPlots.Write(dir, new List<TrialResult> { early, late }, "firmware test", "today");
                Assert.AreEqual(1, plotted.Count, "one plot per plotted fault present in the trials");
                Assert.AreEqual(worst.Setup.Seed, plotted[0].Trial.Setup.Seed, "the trial with the latest cut is plotted");
                Assert.AreEqual(worst.CutS, plotted[0].Trial.CutS, "the rerun cuts at the same plant step");
                Assert.AreEqual(worst.OnsetS, plotted[0].Trial.OnsetS);
                byte[] png = File.ReadAllBytes(Path.Combine(dir, plotted[0].File));
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, new[] { png[0], png[1], png[2], png[3] });
                Assert.IsNull(worst.Setup.Trace, "the trace is removed from the setup after the plot");
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }
        }
    }
}
