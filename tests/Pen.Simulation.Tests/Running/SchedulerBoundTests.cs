using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>
    /// Issue 31 part 4 (docs/scheduler.md): nothing outside the tick holds the interpreter long. The bench serial's thread
    /// yields every slice (SliceBudget, PenLimits.BenchSliceInstructions); a bench client flooding the pen while the
    /// needles run holds a due tick back by about a slice, and every 20 ms cut-off still holds on the slow interpreter.
    /// Simulated time, fixed seeds.
    /// </summary>
    [TestClass]
    public class SchedulerBoundTests
    {
        [TestMethod]
        public void A_log_flood_while_the_needles_run_leaves_every_20_ms_cut_off_within_its_bound()
        {
            // the 20 ms bounds: cartridge removed, depth beyond the allowed depth, an ADC input (the current's) open
            var faults = SafetyFault.All().Where(f => f.BoundMs <= 20 && (f.Kind != SafetyFaultKind.AdcOpen || f.Name == "ADC current open")
                                                     && f.Kind != SafetyFaultKind.AdcShortGround && f.Kind != SafetyFaultKind.AdcShortSupply).ToArray();
            Assert.AreEqual(3, faults.Length);
            double worst = 0;
            foreach (SafetyFault fault in faults)
            {
                // the onset swept over two strokes and more (10 ms each), so it falls in every phase of the bench's slices
                for (int step = 0; step < 15; step++)
                {
                    double moment = 0.2 * step;
                    var setup = new TrialSetup { Seed = 11, RateHz = 100, Skin = true, Moment = moment, Interpreter = "esp32-slow", AfterS = 0.6 };
                    ScenarioRunner run = null;
                    int answers = 0;
                    TrialResult r = SafetyTrial.Run(fault, setup, prepare: runner =>
                    {
                        run = runner;
                        SchedulerReport.FillLog(runner.Pen.Flash);
                        SchedulerReport.StartFlood(runner, "LOG 0 50|STATUS|HELP|LIMITS", 1.5, setup.ArmAtS + 1.0, () => answers++);
                    });
                    Assert.IsTrue(answers > 3, "the flood was answered: " + answers);
                    Assert.IsTrue(run.Pen.Cpu.LongestWaitByCause.ContainsKey("bench"), "a tick waited for the bench thread");
                    Assert.IsTrue(r.WithinBound, fault.Name + " at moment " + moment + ": cut after " + r.CutMs.ToString("F1") + " ms, bound " + fault.BoundMs + " ms");
                    worst = Math.Max(worst, r.CutMs);
                }
            }

            Console.WriteLine("worst cut-off under the flood: " + worst.ToString("F1") + " ms");
        }

        [TestMethod]
        public void Every_bench_command_flooded_while_the_needles_run_holds_a_due_tick_back_a_few_ms_at_most()
        {
            foreach (string command in SchedulerReport.FloodCommands)
            {
                SchedulerReport.FloodRow r = SchedulerReport.Flood(command, "esp32-slow");
                Assert.IsTrue(r.Answers > 0, command + ": answered");
                // a slice is 2,000 IL instructions (1.7 ms at 0.85 µs) by its callers' estimates; the parse of a line before
                // the first report, and a yield's neighbours, add a little
                Assert.IsTrue(r.LongestWorkMicros <= 3500, command + ": a piece of " + r.LongestWorkMicros + " µs between two yields");
                Assert.IsTrue(r.BenchWaitMicros <= 3500, command + ": a tick waited " + r.BenchWaitMicros + " µs for the bench");
                Assert.IsTrue(r.LongestTickIntervalMicros <= 16000, command + ": ticks " + r.LongestTickIntervalMicros + " µs apart");
                Assert.AreEqual(0, r.HeartbeatCutouts, command + ": heartbeat cutouts");
                Assert.AreEqual(0, r.Faults, command + ": faults");
            }
        }
        [TestMethod]
        public void A_wrong_service_answer_while_a_QA_runs_needles_run_writes_nothing_to_the_flash_until_they_stop()
        {
            // a flash write stops every thread for its length (a metadata compaction's erase up to 0.4 s): never while the
            // needles run, from the bench's thread neither (the failure count is held and written once the drive is off)
            var s = new Pen.Simulation.Scenarios.Scenario { Name = "wrong answer", Plant = "RP-1", Seed = 3, DurationS = 3.2, Interpreter = "esp32" };
            s.Events.Add(new Pen.Simulation.Scenarios.ButtonEvent { AtS = 0.2, Button = Pen.Simulation.Scenarios.ButtonId.Main, Action = Pen.Simulation.Scenarios.ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new Pen.Simulation.Scenarios.ButtonEvent { AtS = 2.5, Button = Pen.Simulation.Scenarios.ButtonId.Main, Action = Pen.Simulation.Scenarios.ButtonAction.Press });
            var runner = new ScenarioRunner(s);
            runner.Schedule(0.05, p => p.QaBench(100));
            int writesBefore = -1, writesAfter = -1;
            bool running = false;
            string answer = null;
            runner.Schedule(2.0, p => runner.SendBench("AUTH", challenge =>
            {
                writesBefore = runner.Pen.Flash.Operations;
                runner.SendBench("AUTH " + new string('0', 64), a =>
                {
                    answer = a;
                    writesAfter = runner.Pen.Flash.Operations;
                    running = runner.Pen.Firmware.Drive.Mode == Pen.Core.Control.DriveMode.Running;
                });
            }));
            runner.Run();
            Assert.IsNotNull(answer, "answered");
            StringAssert.Contains(answer, "wrong answer");
            Assert.IsTrue(running, "the QA run's needles ran when the answer came");
            Assert.AreEqual(writesBefore, writesAfter, "no flash write while the needles run");
            Assert.IsTrue(runner.Pen.Flash.Operations > writesAfter, "the failure count was written once they stopped");
            Assert.IsTrue(runner.Pen.ReadRecords().Value(Pen.Core.Records.PenRecords.ServiceSlot).Contains("failures=1"), "the failure is counted durably: " + runner.Pen.ReadRecords().Value(Pen.Core.Records.PenRecords.ServiceSlot));
        }
        [TestMethod]
        public void On_LittleFS_an_append_past_the_inline_size_takes_a_fresh_block_and_an_inline_one_does_not()
        {
            var flash = new Pen.Simulation.Peripherals.SimFlashFiles { Timing = Pen.Simulation.Peripherals.FlashTiming.LittleFsTypical() };
            var line = new byte[100];
            Assert.IsTrue(flash.Append("small", line, 100));
            Assert.IsTrue(flash.LongestMicros < 45000, "an inline file's commit programs pages only: " + flash.LongestMicros + " µs");
            flash.Put("big", new byte[1000]);
            Assert.IsTrue(flash.Append("big", line, 100));
            // a sector erased, the 1,000 bytes of the old last block copied (4 pages), the record's page and the commit
            Assert.AreEqual(45000 + (4 + 1 + 1) * 400, flash.LongestMicros, 1, "the append past 512 B");
        }

        [TestMethod]
        public void A_session_start_waits_for_no_erase_and_stays_within_its_300_ms_at_the_flash_datasheet_maximum()
        {
            SchedulerReport.StartRow r = SchedulerReport.SessionStart(Pen.Simulation.Peripherals.FlashTiming.LittleFsWorst(), "esp32-slow");
            Assert.IsTrue(r.StartMs <= 300, "from the hold's 1 s to the first drive " + r.StartMs + " ms");
            Assert.IsTrue(r.LongestFlashMs < 45, "no block erased before the first drive: longest flash operation " + r.LongestFlashMs + " ms");
        }
    }
}
