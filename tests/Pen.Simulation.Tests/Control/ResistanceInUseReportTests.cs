using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Control
{
    [TestClass]
    public class ResistanceInUseReportTests
    {
        [TestMethod]
        public void A_treatment_whose_resistance_in_use_strays_beyond_10_percent_of_the_truth_is_a_miss()
        {
            var rows = new List<ResistanceInUseReport.Row>
            {
                new ResistanceInUseReport.Row { Pen = "nominal", Seed = 1, AmbientC = 23, Ticks = 100, WorstError = 0.099 },
                new ResistanceInUseReport.Row { Pen = "R +15 %", Seed = 1, AmbientC = 34, Ticks = 100, WorstError = -0.101 },
                new ResistanceInUseReport.Row { Pen = "never ran", Seed = 1, AmbientC = 34, Ticks = 0, WorstError = 0 },
                // a stale record is judged from 60 s on: its first minute's error is the record's, not the re-check's
                new ResistanceInUseReport.Row { Pen = "R −15 %", StaleRecord = true, Seed = 1, AmbientC = 23, Ticks = 100, WorstError = 0.15, WorstErrorSettled = 0.02 },
            };
            string text = ResistanceInUseReport.Render(rows, "rerun", out int missed);
            Assert.AreEqual(2, missed, text);
            StringAssert.Contains(text, "2 beyond ±10 %");
        }

        [TestMethod]
        public void A_motor_whose_resistance_is_not_the_records_is_found_by_the_re_check_within_a_few_windows()
        {
            // the R −15 % pen carrying the nominal motor's record (a motor changed after the factory identified the one
            // before): the temperature model alone is +14 to +16 % off the truth for the whole treatment. The in-use re-check
            // (Control/LoopResistanceCheck, 2 s windows on skin at 50 and 100 strokes/s, c 2-5) finds it: R in use within
            // ±5 % of the truth before 30 s and within ±3 % from 60 s on, cold and warm room
            int stale = 0;
            foreach (ResistanceInUseReport.Row r in ResistanceInUseReport.Run(new[] { 1 }, "R −15 %"))
            {
                if (!r.StaleRecord) continue;
                stale++;
                string where = r.RateHz + "/s, " + r.AmbientC + " °C";
                Assert.IsTrue(r.WorstErrorThermal > 0.10, where + ": the temperature model alone was not wrong: " + r.WorstErrorThermal);
                Assert.IsTrue(r.Windows >= 10, where + ": windows counted " + r.Windows);
                Assert.IsTrue(r.BeyondFivePercentLastS < 30, where + ": R in use last beyond ±5 % at " + r.BeyondFivePercentLastS + " s");
                Assert.IsTrue(System.Math.Abs(r.WorstErrorSettled) <= 0.03, where + ": from 60 s worst " + r.WorstErrorSettled);
            }

            Assert.AreEqual(4, stale, "two rates by two rooms");
        }

        [TestMethod]
        public void The_nominal_pen_warmed_in_a_warm_room_keeps_its_resistance_in_use_within_10_percent()
        {
            // the reference RP-1, 5 min at 150/s on skin in rooms of 23 and 34 °C: the winding warms 6-7 K, the truth moves
            // with it and the firmware's R_L(T) follows the winding estimate (report resistance: +1.5 / +2.6 % worst)
            foreach (ResistanceInUseReport.Row r in ResistanceInUseReport.Run(new[] { 1 }, "nominal"))
            {
                Assert.IsTrue(r.Ticks > 20000, r.AmbientC + " °C: running ticks " + r.Ticks);
                Assert.IsTrue(r.LastOhmsTrue > r.FirstOhmsTrue * 1.02, r.AmbientC + " °C: the truth did not warm: " + r.FirstOhmsTrue + " -> " + r.LastOhmsTrue);
                Assert.IsTrue(System.Math.Abs(r.WorstError) <= ResistanceInUseReport.Limit, r.AmbientC + " °C: worst " + r.WorstError);
            }
        }
    }
}
