using System;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// Heavy skin met in the spin-up from rest (docs/open-defects.md D-9: the part its start floor fixes): the safety campaign's fault-free setup of
    /// seed 58102 (75 strokes/s, 42 needles, skin ×1.9) with the skin contact moved to 30 ms after the drive starts, when
    /// the cam has not yet made its first stroke and the start's duty is about 0.2. The needles' tenting force on the
    /// cam rises past what the soft start's duty turns; the start's floor then gives the standing winding the start's
    /// current cap (StrokeDrive.StartFloor) and the cam breaks away before the contact's load has risen beyond it.
    /// </summary>
    [TestClass]
    public class StartOnHeavySkinTests
    {
        private sealed class Timeline : ITickSink
        {
            public ScenarioRunner Runner;
            public double SkinAtS = double.NaN;
            public double DriveStartS = double.NaN;
            /// <summary>The drive's start in the scenario's time (a start that waited for the cartridge's chain held the
            /// timeline back, ScenarioRunner.HeldS): the skin event's time is the scenario's.</summary>
            public double DriveStartScenarioS = double.NaN;
            public long StrokesAtSkin = -1;
            /// <summary>Strokes before the drive started (the chain that measures the cartridge seated at boot turns the cam
            /// in the air before the first start's drive).</summary>
            public long StrokesAtDriveStart = -1;
            public double MostAmps;
            public long StrokesAt2S = -1, StrokesAt3S = -1;

            public void OnTick(in TickRow row)
            {
                if (double.IsNaN(DriveStartS) && Runner.Pen.Firmware.Drive.Mode == DriveMode.Running) { DriveStartS = row.TimeS; DriveStartScenarioS = row.ScenarioS; StrokesAtDriveStart = row.Strokes; }
                if (StrokesAtSkin < 0 && row.ScenarioS >= SkinAtS) StrokesAtSkin = row.Strokes;
                if (!double.IsNaN(DriveStartS) && row.TimeS < DriveStartS + 0.3) MostAmps = Math.Max(MostAmps, Runner.Pen.Plant.MotorCurrentA);
                // the rate over 2-3 s of the scenario's time: 0.7-1.7 s after the drive's start, with or without a chain before it
                if (StrokesAt2S < 0 && row.ScenarioS >= 2.0) StrokesAt2S = row.Strokes;
                if (StrokesAt3S < 0 && row.ScenarioS >= 3.0) StrokesAt3S = row.Strokes;
            }
        }

        private static TrialSetup Setup()
        {
            TrialSetup setup = SafetyCampaign.SetupFor(58102, SafetyFault.All(), out _);
            Assert.IsTrue(setup.FaultFree && setup.Skin && setup.Needles == 42 && setup.LoadScale > 1.85, "seed 58102 is the fault-free heavy-skin setup");
            setup.PauseProbability = 0;   // the start's timeline alone
            return setup;
        }

        [TestMethod]
        public void Heavy_skin_met_30_ms_into_a_start_from_rest_is_broken_through_and_the_pen_reaches_its_rate_with_no_fault()
        {
            // the drive's start on this setup, with the skin where the campaign puts it (140 ms later)
            var first = new Timeline();
            SafetyTrial.Run(null, Setup(), first, r => first.Runner = r);
            Assert.IsFalse(double.IsNaN(first.DriveStartS), "the drive starts");

            TrialSetup setup = Setup();
            setup.SkinAtS = first.DriveStartScenarioS + 0.030;
            setup.AfterS = 1.6;   // the run to 3.6 s of the scenario's time: the rate measured over its 2-3 s
            var line = new Timeline { SkinAtS = setup.SkinAtS };
            TrialResult r = SafetyTrial.Run(null, setup, line, run => line.Runner = run);
            string at = string.Format(CultureInfo.InvariantCulture, "drive start {0:F4} s, skin at {1:F4} s (scenario time {2:F4} s)", line.DriveStartS, line.DriveStartS + 0.030, setup.SkinAtS);

            Assert.AreEqual(first.DriveStartS, line.DriveStartS, 1e-9, "the same start");
            Assert.AreEqual(0L, line.StrokesAtSkin - line.StrokesAtDriveStart, at + ": the skin comes before the drive's first stroke");
            Assert.AreEqual(FaultCode.None, r.FalseTrip, at + ": no fault (a motor stall would come at the stall check's arm time)");
            Assert.AreEqual(0, r.InvariantViolations, r.FirstViolation);
            Assert.IsTrue(line.MostAmps < PenLimits.OverCurrentAmps, at + ": the start stays under the over-current trip, most " + line.MostAmps.ToString("F3", CultureInfo.InvariantCulture) + " A");
            double rate = line.StrokesAt3S - line.StrokesAt2S;
            Assert.AreEqual(setup.RateHz, rate, 0.03 * setup.RateHz, at + ": strokes over 2-3 s against " + setup.RateHz.ToString("F1", CultureInfo.InvariantCulture) + "/s");
        }
    }
}
