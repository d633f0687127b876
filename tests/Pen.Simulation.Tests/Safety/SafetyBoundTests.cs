using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Safety
{
    /// <summary>
    /// Each bound of the safety issue as a test on fixed seeds: inject the fault on the simulated pen at the slow
    /// and the fast end, on skin and off, at two moments of the stroke, and measure at the plant's 100 µs step
    /// from the fault's start to the driver disabled or the duty 0. The full matrix is `report safety`.
    /// </summary>
    [TestClass]
    public class SafetyBoundTests
    {
        private static SafetyFault Fault(string name)
        {
            foreach (SafetyFault f in SafetyFault.All()) if (f.Name == name) return f;
            throw new ArgumentException(name);
        }

        /// <summary>Runs the fault at 50 and 150 strokes/s, off and on the skin, at ¼ and ¾ of a stroke.</summary>
        private static void AssertBound(string name)
        {
            SafetyFault f = Fault(name);
            int seed = 7000;
            foreach (double rate in new[] { 50.0, 150.0 })
                foreach (bool skin in new[] { false, true })
                    foreach (double moment in new[] { 0.25, 0.75 })
                    {
                        TrialResult r = SafetyTrial.Run(f, new TrialSetup { Seed = seed++, RateHz = rate, Skin = skin, Moment = moment });
                        string where = name + " at " + rate + "/s, skin " + skin + ", moment " + moment;
                        Assert.AreEqual(FaultCode.None, r.FalseTrip, where + ": no fault before the injection");
                        Assert.IsTrue(r.WithinBound, where + ": cut after " + r.CutMs.ToString("F1") + " ms, bound " + f.BoundMs + " ms");
                        Assert.IsTrue(r.CodeCorrect, where + ": reported as " + FaultText.Of(r.Code));
                        Assert.AreEqual(0, r.InvariantViolations, where + ": " + r.FirstViolation);
                        Assert.IsTrue(r.NeedlesAccountedFor, where + ": needles at rest " + r.NeedleAtRestMm.ToString("F2") + " mm"
                                                             + (r.ImpossibleBecause != null ? " (" + r.ImpossibleBecause + "; said by the pen: " + r.DeclaredNeedlesOut + ")" : ""));
                    }
        }

        [TestMethod]
        public void Jam_cuts_the_drive_within_40_ms_and_reports_a_stall() { AssertBound("jam"); }

        [TestMethod]
        public void Over_current_cuts_the_drive_within_30_ms() { AssertBound("over-current (drag 4 mN·m)"); }

        [TestMethod]
        public void Overspeed_by_a_driver_stuck_on_cuts_the_drive_within_30_ms() { AssertBound("overspeed (driver stuck on)"); }

        [TestMethod]
        public void Lost_Hall_sensor_cuts_within_100_ms_and_is_reported_as_a_sensor_fault() { AssertBound("Hall sensor dead"); }

        [TestMethod]
        public void Cartridge_removal_cuts_within_20_ms() { AssertBound("cartridge removed"); }

        [TestMethod]
        public void Depth_beyond_the_allowed_depth_cuts_within_20_ms() { AssertBound("depth beyond limit"); }

        [TestMethod]
        public void Open_or_shorted_adc_channels_cut_within_20_ms()
        {
            foreach (SafetyFault f in SafetyFault.All())
            {
                if (f.Kind != SafetyFaultKind.AdcOpen && f.Kind != SafetyFaultKind.AdcShortGround && f.Kind != SafetyFaultKind.AdcShortSupply) continue;
                TrialResult r = SafetyTrial.Run(f, new TrialSetup { Seed = 7100, RateHz = 100, Skin = true, Moment = 0.5 });
                Assert.IsTrue(r.WithinBound, f.Name + ": cut after " + r.CutMs.ToString("F1") + " ms");
                Assert.IsTrue(r.CodeCorrect, f.Name + ": reported as " + FaultText.Of(r.Code));
            }
        }

        [TestMethod]
        public void An_averaged_current_input_that_opens_between_its_four_conversions_is_cut_within_20_ms()
        {
            // report safety's case (seed 355, 100/s on skin, moment 0.75): the input opened between the tick's conversions,
            // so it read part way down (code 57) for one tick, then the rail; its back-EMF speed, from a current read at
            // −0.3 A, ran high, which made the rail look like a braking dip: cut after 562 ms when only the last code
            // counted as the reading before the rail
            SafetyFault open = System.Array.Find(SafetyFault.All(), f => f.Name == "ADC averaged current open");
            TrialResult r = SafetyTrial.Run(open, new TrialSetup { Seed = 355, RateHz = 100, Skin = true, Moment = 0.75 });
            Assert.IsTrue(r.WithinBound, "cut after " + r.CutMs.ToString("F1") + " ms");
            Assert.IsTrue(r.CodeCorrect, "reported as " + FaultText.Of(r.Code));
        }

        [TestMethod]
        public void Frozen_firmware_loses_the_driver_within_50_ms_with_no_firmware_help() { AssertBound("firmware frozen"); }

        [TestMethod]
        public void Campaign_seed_22663_starts_against_the_return_spring_without_a_false_stall()
        {
            // fault-free, 79/s on skin ×1.2, 12 needles: a 41 ms tick pause in the soft start held a duty under what
            // lifts the return spring over its peak, and the cam stood on its flank under current until the stall check
            // read a jam. From rest the drive now gives the motor at least the breakaway duty (StrokeDrive)
            SafetyFault fault;
            TrialSetup setup = SafetyCampaign.SetupFor(22663, SafetyFault.All(), out fault);
            Assert.IsTrue(setup.FaultFree);
            TrialResult r = SafetyTrial.Run(fault, setup);
            Assert.AreEqual(FaultCode.None, r.FalseTrip, "false trip: " + FaultText.Of(r.FalseTrip));
        }

        [TestMethod]
        public void A_cam_held_beyond_what_the_comparator_let_the_stalled_winding_draw_is_named_and_said_to_be_out()
        {
            // seed 40830's setup (a drag at 109/s, 12 needles) with drags of 5.10-6.00 mN·m at 0.9 of a stroke, a band
            // where about half the cases rest held on the tick's timing of main and of today alike: where the cam rests
            // turning it either way needs more than the shunt comparator let the stalled winding draw while the crawl
            // pushed that way, so no retraction can bring the needles in; the trial names the case from the plant's own
            // limit in those steps, and the pen says the needles may be out
            SafetyFault fault;
            int named = 0;
            for (int i = 0; i <= 45; i++)
            {
                TrialSetup setup = SafetyCampaign.SetupFor(40830, SafetyFault.All(), out fault);
                setup.DragMnm = 5.10 + 0.02 * i;
                setup.Moment = 0.9;
                TrialResult r = SafetyTrial.Run(fault, setup);
                string where = "drag " + setup.DragMnm.ToString("F2") + " mN·m";
                Assert.IsNull(SafetyCampaign.Problem(fault, setup, r), where);
                if (r.ImpossibleBecause != null && r.ImpossibleBecause.StartsWith("held by", StringComparison.Ordinal))
                    Assert.IsTrue(r.DeclaredNeedlesOut, where + ": " + r.ImpossibleBecause + ", not said by the pen");
                if (r.ImpossibleBecause != null && r.ImpossibleBecause.Contains("shunt comparator", StringComparison.Ordinal))
                {
                    named++;
                    Assert.IsTrue(r.DeclaredNeedlesOut, where + ": " + r.ImpossibleBecause + ", not said by the pen");
                }
            }

            Assert.IsTrue(named > 0, "no case named as held beyond the comparator's reach");
        }

        [TestMethod]
        public void A_cam_the_comparator_starts_back_but_cannot_take_past_the_skins_hold_is_named_and_said_to_be_out()
        {
            // seed 98559's setup (a drag at 145/s on skin ×1.7, 42 needles) with its own drag, 5.013 mN·m at 0.97 of a
            // stroke, and four of the band around it: the cut leaves the needles in the skin, where turning the cam back
            // needs a little less than the warmed shunt comparator let the stalled winding draw in reverse, so it creeps;
            // but on the way in the withdrawal force's lever grows faster than the spring's push falls, the need rises
            // above that (to 5.06 mN·m for 98559 before the tips leave the skin) and the cam stops short. The trial names
            // the case from the need on the whole way in, and the pen says the needles may be out. Where the cam rests
            // moves with the crawl's gains and the tick's timing by a few hundredths of a mN·m, about the margin by which
            // the reach is above the need, so the cases are a band: drags 4.86-5.02 mN·m in hundredths at every twentieth
            // of a stroke (357 trials, 1-3 of which start back: the hundredths because at some tick timings the one case
            // lies between the fiftieths), and the five above
            var band = new System.Collections.Generic.List<double[]>
            {
                new[] { 5.013, 0.97 }, new[] { 4.90, 0.16 }, new[] { 4.92, 0.21 }, new[] { 4.94, 0.00 }, new[] { 4.94, 0.09 },
            };
            for (int m = 0; m <= 20; m++)
                for (int i = 0; i <= 16; i++) band.Add(new[] { 4.86 + 0.01 * i, 0.05 * m });
            double[][] cases = band.ToArray();
            int startedBack = 0;
            foreach (double[] c in cases)
            {
                TrialSetup setup = SafetyCampaign.SetupFor(98559, SafetyFault.All(), out SafetyFault fault);
                setup.DragMnm = c[0];
                setup.Moment = c[1];
                SimulatedPen pen = null;
                TrialResult r = SafetyTrial.Run(fault, setup, null, runner => pen = runner.Pen);
                string where = "drag " + c[0].ToString("F3") + " mN·m at moment " + c[1].ToString("F2");
                Assert.IsNull(SafetyCampaign.Problem(fault, setup, r), where);
                if (!r.NeedlesLeftOut) continue;
                Assert.IsTrue(r.ImpossibleBecause != null && r.ImpossibleBecause.StartsWith("held by", StringComparison.Ordinal), where + ": " + r.ImpossibleBecause);
                Assert.IsTrue(r.DeclaredNeedlesOut, where + ": not said by the pen");
                // where it rests, the comparator's reach in reverse is above the need: only the way in makes it impossible
                pen.Plant.TorqueToTurnFromRestNm(out double forwardNm, out double backwardNm);
                if (backwardNm < pen.Plant.Parameters.TorqueConstantNmPerAmp * r.StalledComparatorReverseAmps) startedBack++;
            }

            Assert.IsTrue(startedBack > 0, "no case where the reach in reverse was above the need where the cam rests");
        }

        [TestMethod]
        public void A_cam_only_the_retractions_own_warming_could_turn_is_beyond_its_reach_and_said_to_be_out()
        {
            // seeds 48167's and 40830's setups at the points where only the warmed comparator could have turned the cam:
            // its limit, rising as the crawl warms the winding, crossed the cam's need only as the last pass that way ended;
            // the need falls on the way in, so the most the comparator allowed would have brought the needles in. The
            // retraction's reach is what the comparator allows with the winding as the cut left it: these are beyond it,
            // named, and said by the pen. Such points are single drags on a knife edge that the tick's timing and the
            // plant's noise move (docs/open-defects.md D-2, D-3, D-8): the first three are the witnesses a sweep of both
            // setups (drag 5.10-6.00 mN·m by 0.02 × moment 0-1 by 0.05, 1,932 trials) finds on the simulator as it is, the
            // others those it found on earlier ticks and noise; every one must still be named or brought in
            object[][] cases =
            {
                new object[] { 48167, 5.44, 0.80 }, new object[] { 48167, 5.76, 0.70 }, new object[] { 40830, 5.60, 1.00 },
                new object[] { 48167, 5.64, 0.45 }, new object[] { 48167, 5.76, 0.40 }, new object[] { 40830, 5.56, 1.00 },
                new object[] { 48167, 5.74, 0.80 }, new object[] { 40830, 5.56, 0.00 }, new object[] { 40830, 5.84, 0.85 },
                new object[] { 48167, 5.36, 0.00 }, new object[] { 48167, 5.54, 0.05 }, new object[] { 48167, 5.76, 0.20 },
                new object[] { 48167, 5.68, 0.85 }, new object[] { 48167, 5.34, 0.95 }, new object[] { 48167, 5.32, 1.00 },
                new object[] { 48167, 5.72, 0.15 }, new object[] { 48167, 5.66, 0.90 }, new object[] { 40830, 5.72, 0.05 },
                new object[] { 40830, 5.54, 1.00 }, new object[] { 48167, 5.26, 0.60 }, new object[] { 48167, 5.52, 0.70 },
                new object[] { 48167, 5.72, 0.50 }, new object[] { 40830, 5.86, 0.10 },
                new object[] { 48167, 5.56, 0.70 }, new object[] { 48167, 5.66, 0.50 }, new object[] { 48167, 5.54, 0.55 },
                new object[] { 40830, 5.82, 0.85 }, new object[] { 40830, 5.90, 0.10 },
            };
            int onlyByWarming = 0;
            foreach (object[] c in cases)
            {
                TrialSetup setup = SafetyCampaign.SetupFor((int)c[0], SafetyFault.All(), out SafetyFault fault);
                setup.DragMnm = (double)c[1];
                setup.Moment = (double)c[2];
                SimulatedPen pen = null;
                TrialResult r = SafetyTrial.Run(fault, setup, null, runner => pen = runner.Pen);
                string where = "seed " + c[0] + ", drag " + setup.DragMnm.ToString("F2") + " mN·m at moment " + setup.Moment.ToString("F2");
                Assert.IsNull(SafetyCampaign.Problem(fault, setup, r), where);
                if (!r.NeedlesLeftOut) continue;
                Assert.IsTrue(r.DeclaredNeedlesOut, where + ": not said by the pen");
                double kt = pen.Plant.Parameters.TorqueConstantNmPerAmp;
                bool warmTurns = (!double.IsNaN(r.StalledComparatorForwardAmps) && pen.Plant.TorqueTurnsNeedlesIn(kt * r.StalledComparatorForwardAmps, true, TrialResult.NeedleRestToleranceMm))
                                 || (!double.IsNaN(r.StalledComparatorReverseAmps) && pen.Plant.TorqueTurnsNeedlesIn(kt * r.StalledComparatorReverseAmps, false, TrialResult.NeedleRestToleranceMm));
                if (warmTurns) onlyByWarming++;
            }

            Assert.IsTrue(onlyByWarming > 0, "no case that only the warmed comparator could have turned");
        }

        [TestMethod]
        public void Campaign_seed_5066_both_current_inputs_failed_is_named_and_the_needles_are_in_or_said_to_be_out()
        {
            // 116/s on skin ×1.5, 42 needles: the fast current input shorts to ground, 19 ms later the averaged one opens.
            // The retraction has no current left to see or bound (SafetySupervisor: it gives up when both fail): the
            // needles end in, or the pen says they may be out (at 95dddba this seed left them 1.21 mm out, said); the
            // campaign names the case instead of counting it a failure
            SafetyFault fault;
            TrialSetup setup = SafetyCampaign.SetupFor(5066, SafetyFault.All(), out fault);
            TrialResult r = SafetyTrial.Run(fault, setup);
            StringAssert.StartsWith(r.ImpossibleBecause, "both current inputs failed");
            Assert.IsTrue(r.NeedlesAccountedFor, "needles " + r.NeedleAtRestMm.ToString("F2") + " mm, said: " + r.DeclaredNeedlesOut);
        }

        [TestMethod]
        public void Campaign_seed_20575_a_freeze_within_the_tick_late_limit_is_a_pause_and_the_pen_runs_on()
        {
            // 89/s on skin ×0.73, 42 needles: the firmware freezes (the campaign draws 60-460 ms), the enable circuit drops the driver after
            // its 45 ms hold, and the next tick comes 69.5 ms after the last, within the 70 ms tick-late limit: a pause
            // the drive makes up, not a stop, so no needles at rest are judged
            SafetyFault fault;
            TrialSetup setup = SafetyCampaign.SetupFor(20575, SafetyFault.All(), out fault);
            TrialResult r = SafetyTrial.Run(fault, setup);
            Assert.IsTrue(r.WithinBound, "the driver dropped within the bound: " + r.CutMs.ToString("F1") + " ms");
            Assert.IsTrue(r.ResumedAfterPause, "ran on after the pause");
            Assert.IsTrue(r.NeedlesAccountedFor);
        }

        [TestMethod]
        public void Ten_second_jam_at_4V2_never_heats_the_winding_past_115_C()
        {
            LongCaseResult r = SafetyLongCases.JamTenSecondsFullBattery();
            Assert.IsTrue(r.MaxWindingC <= 115, "winding " + r.MaxWindingC.ToString("F1"));
            Assert.IsTrue(r.MaxHousingC <= 43, "housing " + r.MaxHousingC.ToString("F1"));
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.MotorStall), "reported as a stall");
        }

        [TestMethod]
        public void Sustained_heavy_load_in_a_warm_room_keeps_the_housing_under_43_C()
        {
            LongCaseResult r = SafetyLongCases.SustainedHeavyLoad(35, 3);
            Assert.IsTrue(r.MaxWindingC <= 115, "winding " + r.MaxWindingC.ToString("F1"));
            Assert.IsTrue(r.MaxHousingC <= 43, "housing " + r.MaxHousingC.ToString("F1"));
        }

        [TestMethod]
        public void Treating_on_with_a_dragging_cartridge_in_a_warm_room_keeps_the_housing_under_43_C()
        {
            // the drag's friction heats the housing, which only the NTC sees: with its 8 s lag read as it is, these
            // reached 43.1 and 43.2 °C before the housing check stopped them
            foreach (double[] c in new[] { new[] { 1.4, 38.0 }, new[] { 1.8, 35.0 }, new[] { 1.0, 38.0 } })
            {
                LongCaseResult r = SafetyLongCases.ContinuousHeavyDrag(c[0], c[1], 3);
                Assert.IsTrue(r.MaxHousingC <= 43, r.Name + ": housing " + r.MaxHousingC.ToString("F2"));
                Assert.IsTrue(r.MaxWindingC <= 115, r.Name + ": winding " + r.MaxWindingC.ToString("F1"));
                Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.HousingWarm), r.Name + ": derated first");
            }
        }

        [TestMethod]
        public void At_the_sensors_tolerance_edge_a_warm_pen_slows_in_steps_keeps_the_housing_under_43_C_and_never_stalls()
        {
            // timeline: 150/s, 42 needles on skin, a cartridge dragging at 1.4 mN·m in a 38 °C room, on a unit whose NTC
            // reads 2 K low and whose current chain reads 1.5 % low (every other input at its edge too: SafetyLongCases.ColdEdge). Derating cut the duty ceiling and starved the motor
            // into a stall (43.5 °C and a stall fault at 29 s); it now lowers the stroke rate in 10 % steps until the
            // housing stop parks the needles
            LongCaseResult r = SafetyLongCases.ContinuousHeavyDrag(1.4, 38.0, 1, SafetyLongCases.ColdEdge());
            Assert.IsTrue(r.MaxHousingC <= 43, "housing " + r.MaxHousingC.ToString("F2"));
            Assert.IsTrue(r.MaxWindingC <= 115, "winding " + r.MaxWindingC.ToString("F1"));
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.HousingWarm), "derated first: " + SafetyLongCases.FaultList(r));
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.HousingOverTemperature), "then stopped: " + SafetyLongCases.FaultList(r));
            Assert.IsFalse(r.Faults.ContainsKey((int)FaultCode.MotorStall), "never a stall: " + SafetyLongCases.FaultList(r));
            Assert.IsTrue(r.MaxRateSteps >= 1, "slowed by a rate step or more: " + r.MaxRateSteps);
            Assert.AreEqual(0, r.StallsWhileDerated, "no stall with a rate step in force");
        }

        [TestMethod]
        public void With_the_NTC_at_the_slow_end_of_its_lag_a_dragging_cartridge_in_a_warm_room_still_stops_under_43_C()
        {
            // timeline: 150/s, 42 needles on skin ×2, a cartridge dragging at 1.8 mN·m from 2 s in a 38 °C room, on a unit
            // whose sensors sit at their cold edge and whose NTC follows the housing at the slow end of its 5–15 s
            // (plant.md §4.4). The housing rises at about 0.3 K/s; undoing only the typical 8 s left the NTC 10 s
            // behind and the housing reached 43.8 °C before the stop took hold
            LongCaseResult r = ThermalSweep.Run(new ThermalSweep.Case { Edge = "cold", NtcLagS = 15, AmbientC = 38, DragMnm = 1.8, RateHz = 150, Minutes = 1 }).Result;
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.HousingWarm), "derated first: " + SafetyLongCases.FaultList(r));
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.HousingOverTemperature), "then stopped: " + SafetyLongCases.FaultList(r));
            Assert.IsTrue(r.MaxHousingC <= 43, "housing " + r.MaxHousingC.ToString("F2"));
            Assert.AreEqual(0, r.StallsWhileDerated, "no stall with a rate step in force");
        }

        [TestMethod]
        public void The_heat_a_hot_winding_holds_is_counted_before_the_stop_so_the_housing_stays_under_43_C_after_it()
        {
            // timelines: 125 and 150/s, 42 needles on skin ×2, a cartridge dragging at 1.7 or 1.9 mN·m from 2 s in a 38–40 °C
            // room, on a pen whose winding resistance is 15 % above nominal (more of its heat in the copper), its sensors
            // at their cold edge and its NTC at the slow end of its lag. At the stop the winding stands about 9 K above the
            // housing; C_w/C_h of that (0.7 K) flows into the housing after the stop. A fixed 0.3 K for it let the housing
            // reach 43.0–43.2 °C in 4 of these 12; the stop now judges the housing it leads to
            foreach (double room in new[] { 38.0, 39.0, 40.0 })
                foreach (double drag in new[] { 1.7, 1.9 })
                    foreach (double rate in new[] { 125.0, 150.0 })
                    {
                        var c = new ThermalSweep.Case { Pen = "R +15 %", Edge = "cold", NtcLagS = 15, AmbientC = room, DragMnm = drag, RateHz = rate, Minutes = 1 };
                        LongCaseResult r = ThermalSweep.Run(c).Result;
                        Assert.IsTrue(r.MaxHousingC <= 43, r.Name + ": housing " + r.MaxHousingC.ToString("F2"));
                        Assert.AreEqual(0, r.StallsWhileDerated, r.Name + ": no stall with a rate step in force");
                    }
        }

        [TestMethod]
        public void Empty_battery_parks_the_needles_and_refuses_to_start_again()
        {
            LongCaseResult r = SafetyLongCases.BatteryRunsOut();
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.BatteryTooLowToContinue), SafetyLongCases.FaultList(r));
            Assert.IsTrue(r.EndNeedleMm <= 0.0, "needles in at rest: " + r.EndNeedleMm.ToString("F2"));
            Assert.IsTrue(r.LongestStopWithNeedlesOutS < 0.3, "never left standing with needles out: " + r.LongestStopWithNeedlesOutS.ToString("F3") + " s");
            Assert.IsTrue(r.StrokesAfter <= 2, "restart refused: " + r.StrokesAfter + " strokes");
            Assert.IsTrue(r.Faults.ContainsKey((int)FaultCode.BatteryTooLowToStart), SafetyLongCases.FaultList(r));
        }

        [TestMethod]
        public void Standard_treatments_with_jitter_and_pauses_never_trip()
        {
            int seed = 500;
            foreach (double rate in new[] { 50.0, 150.0 })
                foreach (int needles in new[] { 12, 42 })
                    foreach (double soc in new[] { 1.0, 0.05 })
                    {
                        LongCaseResult r = SafetyLongCases.Standard(rate, needles, soc, seed++, 20);
                        Assert.AreEqual(0, r.Faults.Count, r.Name + ": " + SafetyLongCases.FaultList(r));
                    }
        }

        [TestMethod]
        public void Campaign_of_200_seeds_keeps_every_invariant()
        {
            SafetyCampaign.Summary s = SafetyCampaign.Run(1, 200);
            Assert.IsTrue(s.Runs == 200 && s.FaultFreeRuns > 20, "runs " + s.Runs + ", fault-free " + s.FaultFreeRuns);
            Assert.AreEqual(0, s.Failures, string.Join("\n", s.FailureLines));
        }

        /// <summary>Replays one seed of the 100,000-seed campaign.</summary>
        private static TrialResult CampaignSeed(int seed, out SafetyFault fault)
        {
            TrialSetup setup = SafetyCampaign.SetupFor(seed, SafetyFault.All(), out fault);
            return SafetyTrial.Run(fault, setup);
        }

        [TestMethod]
        public void Jam_just_after_a_Hall_edge_is_a_stall_within_40_ms()
        {
            // campaign seed 53388: the cam passes the retracted point, then jams inside the same tick; that tick
            // reads a standing motor with an edge in it. Counting it as the first stall sample cuts at 29 ms (40.1
            // when it was skipped).
            TrialResult r = CampaignSeed(53388, out SafetyFault f);
            Assert.AreEqual(SafetyFaultKind.Jam, f.Kind);
            Assert.AreEqual(FaultCode.MotorStall, r.Code);
            Assert.IsTrue(r.CutMs <= 40, "cut after " + r.CutMs.ToString("F1") + " ms");
        }

        [TestMethod]
        public void A_jam_met_by_a_controlled_stop_is_braked_not_crawled_into()
        {
            // campaign seed 66476: the cam jams, and 4 ms later the depth reading goes beyond the limit; the tick after
            // sees both, the depth fault's controlled stop parks, and the park's crawl (looking for the retracted point
            // at 15 strokes/s) pushed on the jam until its 150 ms time-out: 160.7 ms. The drive now brakes at once when
            // the stop finds the motor standing under current.
            TrialResult r = CampaignSeed(66476, out SafetyFault f);
            Assert.AreEqual(SafetyFaultKind.Jam, f.Kind);
            Assert.IsTrue(r.WithinBound, "cut after " + r.CutMs.ToString("F1") + " ms");
        }

        [TestMethod]
        public void A_drag_that_drops_the_motor_to_a_crawl_is_cut_within_30_ms_of_its_start()
        {
            // campaign seeds 63705 and 99911: a 3.0–3.4 mN·m drag slows the cam to ≈ 15 % of its rate at ≈ 1.07 A,
            // under the over-current trip; the deep stall sample (below 0.15 of the expected rate) cuts in ≈ 21 ms
            // from the drag's start (31 ms with 0.10)
            foreach (int seed in new[] { 63705, 99911 })
            {
                TrialResult r = CampaignSeed(seed, out SafetyFault f);
                Assert.AreEqual(SafetyFaultKind.Drag, f.Kind, "seed " + seed);
                Assert.IsTrue(r.WithinBound, "seed " + seed + ": cut after " + r.CutMs.ToString("F1") + " ms");
                Assert.IsTrue(r.CodeCorrect, "seed " + seed + ": " + FaultText.Of(r.Code));
            }
        }

        [TestMethod]
        public void A_stuck_driver_the_speed_loop_chases_is_locked_out_within_30_ms()
        {
            // campaign seed 5654: stuck on at 143 strokes/s under a heavy load; the speed loop, whose back-EMF speed
            // collapses, raises its command to 0.89, so the second sample's excess is only 0.076: 40.1 ms with one
            // threshold, 20.7 ms with the hold threshold
            TrialResult r = CampaignSeed(5654, out SafetyFault f);
            Assert.AreEqual(SafetyFaultKind.DriverStuckOn, f.Kind);
            Assert.AreEqual(FaultCode.DriverIgnoresCommand, r.Code);
            Assert.IsTrue(r.WithinBound, "cut after " + r.CutMs.ToString("F1") + " ms");
        }

        [TestMethod]
        public void A_second_fault_cut_before_the_drag_became_an_over_current_is_not_the_drag_caught_late()
        {
            // campaign seed 74347: a drag holds the motor at 36 % speed and ≈ 1.0 A (neither a stall nor 1.2 A), the
            // supply input opens 26 ms later and its fault cuts the drive; the drag's onset is physical, so the cut
            // precedes it, and the supply fault is not a false trip. Seed 71461: the same with a depth reading offset
            // beyond the sensor's span 11 ms after the drag (reported as an implausible depth sensor).
            foreach (int seed in new[] { 74347, 71461 })
            {
                TrialResult r = CampaignSeed(seed, out SafetyFault f);
                Assert.AreEqual(SafetyFaultKind.Drag, f.Kind, "seed " + seed);
                Assert.AreEqual(FaultCode.None, r.FalseTrip, "seed " + seed);
                Assert.IsTrue(r.WithinBound, "seed " + seed + ": cut " + r.CutMs.ToString("F1") + " ms after the onset");
            }
        }

        [TestMethod]
        public void Drag_and_stuck_driver_faults_parse_and_reach_the_plant()
        {
            Scenario sc = ScenarioParser.Parse("{ \"durationS\": 1, \"events\": [ { \"at\": 0.5, \"type\": \"fault\", \"kind\": \"drag\", \"torqueMnm\": 3, \"durationMs\": 100 }, " +
                                               "{ \"at\": 0.6, \"type\": \"fault\", \"kind\": \"driverStuckOn\" } ] }", "t.json");
            var drag = (FaultEvent)sc.Events[0];
            Assert.AreEqual(FaultKind.Drag, drag.Kind);
            Assert.AreEqual(3.0, drag.TorqueMnm, 1e-12);
            Assert.AreEqual(FaultKind.DriverStuckOn, ((FaultEvent)sc.Events[1]).Kind);
            var e = Assert.ThrowsExactly<ScenarioException>(() => ScenarioParser.Parse("{ \"durationS\": 1, \"events\": [ { \"at\": 0.5, \"type\": \"fault\", \"kind\": \"drag\" } ] }", "t.json"));
            StringAssert.Contains(e.Message, "torqueMnm");
            var runner = new Pen.Simulation.Running.ScenarioRunner(sc);
            runner.Run();
            Assert.IsTrue(runner.Pen.Plant.DriverStuckOn, "stuck from 0.6 s to the end");
            Assert.AreEqual(0.0, runner.Pen.Plant.DragTorqueNm, 1e-12, "drag over after 100 ms");
        }
    }
}
