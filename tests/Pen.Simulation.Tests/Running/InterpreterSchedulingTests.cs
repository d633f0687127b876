using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>
    /// The simulated interpreter (Running/SimCpu): the tick takes its metered work's time, other threads hold the CPU
    /// at most one quantum at a time, a flash write stops everything for its duration. Timelines on simulated time.
    /// </summary>
    [TestClass]
    public class InterpreterSchedulingTests
    {
        private static Scenario Running(string interpreter, double seconds)
        {
            var s = new Scenario { Name = "interpreter", Plant = "RP-1", Seed = 5, DurationS = seconds, Interpreter = interpreter };
            s.Tick = new TickPattern { JitterMs = 0 };
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            return s;
        }

        private sealed class Rows : ITickSink
        {
            public readonly List<TickRow> All = new List<TickRow>();
            public void OnTick(in TickRow row) { All.Add(row); }
        }

        [TestMethod]
        public void A_running_tick_takes_its_metered_work_at_the_interpreters_speed()
        {
            var fast = new Rows();
            var slow = new Rows();
            new ScenarioRunner(Running("esp32", 3)).Run(fast);
            new ScenarioRunner(Running("esp32-slow", 3)).Run(slow);
            TickRow f = fast.All[fast.All.Count - 1], s = slow.All[slow.All.Count - 1];
            Assert.IsTrue(f.Instructions > 1000, "metered: " + f.Instructions + " IL");
            // 0.6 µs per IL instruction plus 40 µs per native call; the slow end 0.85 µs
            Assert.IsTrue(f.ComputeMicros >= f.Instructions * 0.6 && f.ComputeMicros < f.Instructions * 0.6 + 30 * 40, "esp32 tick " + f.ComputeMicros + " µs for " + f.Instructions + " IL");
            Assert.IsTrue(s.ComputeMicros >= s.Instructions * 0.85, "slow tick " + s.ComputeMicros + " µs for " + s.Instructions + " IL");
            var instant = new Rows();
            new ScenarioRunner(Running("instant", 3)).Run(instant);
            Assert.AreEqual(0, instant.All[instant.All.Count - 1].ComputeMicros, "instant: the firmware's work takes no time");
        }

        [TestMethod]
        public void Another_threads_long_work_holds_the_tick_back_one_quantum_at_most()
        {
            var cpu = new SimCpu(InterpreterTiming.Esp32());
            // 50 ms of another thread's work arriving at t = 1 ms: the tick due at 10 ms waits for the first slice's end
            cpu.PauseEverything(0, 0, "none");
            cpu.Enqueue(1000, "bench", () => Spin(50000 / 0.6));
            long start = cpu.FreeAt(10000);
            Assert.AreEqual(21000, start, 2, "the first 20 ms slice ends at 21 ms");
            cpu.BeginTick(10000, start);
            cpu.EndTick();
            // the rest continues after the tick; the next tick (due 31 ms) waits for the second slice at most
            long next = cpu.FreeAt(31000);
            Assert.IsTrue(next - 31000 <= 20000, "second wait " + (next - 31000) + " µs");
            Assert.AreEqual("bench", cpu.LongestWaitCause);
        }

        [TestMethod]
        public void Another_thread_that_yields_holds_the_tick_back_one_piece_only()
        {
            var cpu = new SimCpu(InterpreterTiming.Esp32());
            // 50 ms of work in pieces of 2 ms, the thread yielding between them (the bench's SliceBudget): the tick due at
            // 10 ms waits for the piece in progress, not for a quantum
            cpu.Enqueue(1000, "bench", () =>
            {
                for (int i = 0; i < 25; i++)
                {
                    Spin(2000 / 0.6);
                    cpu.BenchYield.Yield();
                }
            });
            long start = cpu.FreeAt(10000);
            Assert.IsTrue(start - 10000 <= 2100, "the tick due at 10 ms waited " + (start - 10000) + " µs");
            cpu.BeginTick(10000, start);
            cpu.EndTick();
            long next = cpu.FreeAt(20000);
            Assert.IsTrue(next - 20000 <= 2100, "and the next " + (next - 20000) + " µs");
            Assert.IsTrue(cpu.LongestWork["bench"] <= 2100, "longest piece " + cpu.LongestWork["bench"] + " µs");
            Assert.IsTrue(cpu.LongestTotalWork["bench"] >= 49000, "the whole work " + cpu.LongestTotalWork["bench"] + " µs");
        }

        [TestMethod]
        public void A_flash_write_stops_everything_for_its_duration()
        {
            var cpu = new SimCpu(InterpreterTiming.Esp32());
            cpu.PauseEverything(9000, 3000, "flash");
            long start = cpu.FreeAt(10000);
            Assert.AreEqual(12000, start, "the tick due at 10 ms starts when the 3 ms write ends");
            var none = new SimCpu(InterpreterTiming.Esp32());
            none.PauseEverything(9000, 0, "flash");
            Assert.AreEqual(10000, none.FreeAt(10000), "no write, no wait");
        }

        [TestMethod]
        public void Bench_reads_during_a_treatment_delay_the_tick_by_their_own_work_only()
        {
            // the log paged at its largest (50 records), status and faults, on the slow interpreter while the needles run
            Scenario s = Running("esp32-slow", 6);
            for (int i = 0; i < 10; i++) s.Events.Add(new BenchEvent { AtS = 2.0 + 0.3 * i, Command = i % 2 == 0 ? "LOG 0 50" : "STATUS" });
            var runner = new ScenarioRunner(s);
            var log = new System.Collections.Generic.List<byte>();   // 50 past sessions: each LOG 0 50 pages a full answer
            var line = new byte[Pen.Core.Records.RecordLine.MaxBytes];
            for (int i = 0; i < 50; i++)
            {
                int n = Pen.Core.Records.RecordLine.Format("SESSION n=" + i + " end=power-off strokes=" + (1000 + i), i + 1, line, 0);
                for (int k = 0; k < n; k++) log.Add(line[k]);
            }

            runner.Pen.Flash.Put("log0", log.ToArray());
            var rows = new Rows();
            RunResult r = runner.Run(rows);
            Assert.IsTrue(r.LongestBenchWorkMicros > 0, "the bench thread ran");
            Assert.IsTrue(r.LongestBenchWorkMicros < InterpreterTiming.Esp32Slow().QuantumMicros, "a bench answer fits in one quantum: " + r.LongestBenchWorkMicros + " µs");
            Assert.IsTrue(r.LongestWaitMicros <= r.LongestBenchWorkMicros + 1 || r.LongestWaitCause != "bench", "a tick waited " + r.LongestWaitMicros + " µs for " + r.LongestWaitCause);
            Assert.AreEqual(0, r.HeartbeatCutouts, "the enable circuit never dropped the driver");
            Assert.AreEqual(0, r.FaultsSeen.Count, "no fault");
            Assert.IsTrue(runner.BenchTranscript.Exists(l => l.StartsWith("REC 0 ")), "the log page was answered");
        }

        /// <summary>Metered core work of about <paramref name="instructions"/> IL instructions (a bench answer stands in).</summary>
        private static void Spin(double instructions)
        {
            var m = Pen.Metering.Meter.Now;
            long target = m.Instructions + (long)instructions;
            var status = new Pen.Core.Controls.ButtonGestures(20000, 1000000, 400000);
            long t = 0;
            while (m.Instructions < target) status.Update(false, t += 1000);
        }
    }
}
