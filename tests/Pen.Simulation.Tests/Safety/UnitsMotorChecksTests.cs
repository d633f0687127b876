using System.Collections.Generic;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Reports;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>
    /// The checks judge the motor the pen has: the variation matrix's 1331-class pen (RP-2, told the 1524's constants,
    /// identified at the factory: loop 3.30 Ω against the datasheet's 5.5 Ω) with 42 needles on skin ×2, cold sensing
    /// edge. Read with the datasheet's loop, its back-EMF rate read a turning cam as standing and its stall current at the
    /// running duty as a driver that ignores the command.
    /// </summary>
    [TestClass]
    public class UnitsMotorChecksTests
    {
        private static ThermalSweep.Case Case1331(double rateHz, double dragMnm)
        {
            return new ThermalSweep.Case { Pen = "1331-class motor", Edge = "cold", NtcLagS = 15, AmbientC = 23, DragMnm = dragMnm, RateHz = rateHz, Minutes = 0.1 };
        }

        private static string Faults(LongCaseResult r)
        {
            var names = new List<string>();
            foreach (KeyValuePair<int, double> f in r.Faults) names.Add(((FaultCode)f.Key).ToString() + " @ " + f.Value.ToString("F3", CultureInfo.InvariantCulture) + " s");
            return string.Join(", ", names);
        }

        [TestMethod]
        public void A_1331_class_pen_turning_a_dragging_cartridge_at_50_per_s_raises_no_stall()
        {
            // 0.2 s: held on at 50/s; 1.5 s: needles on skin ×2; 2 s: the cartridge drags 1.0 mN·m. The cam dips to
            // 24 strokes/s at the drag's step and the speed loop carries it (duty 0.29 -> 0.42); the datasheet's loop read
            // its back-EMF at -14 strokes/s (a cam standing) and raised MotorStall at 2.02 s
            LongCaseResult r = SafetyLongCases.Run(ThermalSweep.ScenarioFor(Case1331(50, 1.0)), 50, strokesAfterS: 3);
            Assert.AreEqual(0, r.Faults.Count, "faults: " + Faults(r));
            // 3 s to 6 s: still treating at about the rate asked
            Assert.IsTrue(r.StrokesAfter >= 135, "strokes from 3 s to 6 s: " + r.StrokesAfter);
        }

        [TestMethod]
        public void A_jam_on_a_1331_class_pen_is_a_stall_within_its_bound_never_the_driver_lockout()
        {
            // 3 s: the cartridge jams. The stalled winding draws D·V/R_L of its own 3.3 Ω loop, through the shunt D²·V/R_L,
            // above the datasheet loop's bound at D ≥ 0.33: at 75-150/s that named a healthy bridge DriverIgnoresCommand,
            // the lockout, on the jam's first or second tick
            foreach (double hz in new[] { 50.0, 75.0, 100.0, 125.0, 150.0 })
            {
                Scenario s = ThermalSweep.ScenarioFor(Case1331(hz, 0));
                s.Events.Add(new FaultEvent { AtS = 3.0, Kind = FaultKind.Jam });
                LongCaseResult r = SafetyLongCases.Run(s, hz);
                string at = hz.ToString(CultureInfo.InvariantCulture) + "/s: " + Faults(r);
                Assert.IsFalse(r.Faults.ContainsKey((int)FaultCode.DriverIgnoresCommand), at);
                Assert.IsTrue(r.Faults.TryGetValue((int)FaultCode.MotorStall, out double stallS), at);
                Assert.IsTrue(stallS >= 3.0 && stallS <= 3.04, at + ": the stall within 40 ms of the jam");
            }
        }
    }
}
