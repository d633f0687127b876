using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// What every managed thread besides the control tick can cost the tick (`report scheduler`): the bench serial's
    /// thread flooded with one command at a time while a QA run's needles run on skin, on a log filled with the longest
    /// records it takes (8 files of 50 lines of 512 characters), and the flash's own operations, which run inside a
    /// native call and stop every thread for their whole length. For each: the longest piece of work the thread does
    /// before it yields (blocks, sleeps or ends), and the longest a tick waited past its due time because of it
    /// (<see cref="SimCpu.LongestWaitByCause"/>), at the interpreter preset asked for. Deterministic.
    /// </summary>
    public static class SchedulerReport
    {
        /// <summary>
        /// The bench commands flooded, one run each: every reading command, the log paged from a file's start and from its
        /// last line, the challenge, and a challenge with a wrong answer (commands separated by | are sent in turn).
        /// </summary>
        public static readonly string[] FloodCommands = { "STATUS", "ID", "RAW", "HELP", "LIMITS", "FAULTS", "LOG", "LOG 0 50", "LOG 49 50", "LOG 399 1", "AUTH", "AUTH|AUTH " + new string('0', 64), "STREAM 10" };

        /// <summary>One flood's measurement.</summary>
        public sealed class FloodRow
        {
            public string Command;
            public int Answers;
            /// <summary>Longest piece of the bench thread's work between two yields. Unit: µs.</summary>
            public double LongestWorkMicros;
            /// <summary>Longest whole answer, all its pieces. Unit: µs.</summary>
            public double LongestAnswerMicros;
            /// <summary>Longest a tick waited past its due time, by what held the CPU (bench, flash, gc). Unit: µs.</summary>
            public long BenchWaitMicros, FlashWaitMicros, GcWaitMicros;
            /// <summary>Longest interval between two ticks while the needles ran. Unit: µs.</summary>
            public double LongestTickIntervalMicros;
            public int HeartbeatCutouts, Faults;
        }

        /// <summary>
        /// Longest piece of the bench thread's work between two yields the report passes, at either preset. Unit: µs. A slice
        /// is PenLimits.BenchSliceInstructions (2,000 IL, 1.7 ms at the slow end) by its callers' estimates; the parse of a
        /// line before its first report adds a little. The 20 ms cut-offs measured 15.0 ms at the slow end without the bench.
        /// </summary>
        public const double LongestSliceMicros = 3500;

        /// <summary>Seconds the flood lasts, while the needles run on skin.</summary>
        public const double FloodFromS = 2.0, FloodUntilS = 4.0;

        /// <summary>Floods the bench with <paramref name="command"/> from <see cref="FloodFromS"/> to <see cref="FloodUntilS"/> on the given interpreter preset.</summary>
        public static FloodRow Flood(string command, string interpreter, int seed = 7)
        {
            var s = new Scenario { Name = "scheduler flood " + command, Plant = "RP-1", Seed = seed, DurationS = FloodUntilS + 0.3, Interpreter = interpreter };
            s.Tick = new TickPattern { JitterMs = 2 };
            s.Initial.Needles = 12;
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new SkinEvent { AtS = 1.45, Contact = true, LoadScale = 1, RampMs = 50 });
            var runner = new ScenarioRunner(s);
            FillLog(runner.Pen.Flash);
            runner.Schedule(0.05, p => p.QaBench(100));
            var row = new FloodRow { Command = command };
            StartFlood(runner, command, FloodFromS, FloodUntilS, () => row.Answers++);
            var ticks = new Intervals(FloodFromS, FloodUntilS + 0.2);
            RunResult r = runner.Run(ticks);
            SimCpu cpu = runner.Pen.Cpu;
            row.LongestWorkMicros = cpu.LongestWork.TryGetValue("bench", out double w) ? w : 0;
            row.LongestAnswerMicros = cpu.LongestTotalWork.TryGetValue("bench", out double whole) ? whole : 0;
            row.BenchWaitMicros = Wait(cpu, "bench");
            row.FlashWaitMicros = Wait(cpu, "flash");
            row.GcWaitMicros = Wait(cpu, "gc");
            row.LongestTickIntervalMicros = ticks.Longest;
            row.HeartbeatCutouts = r.HeartbeatCutouts;
            row.Faults = r.FaultsSeen.Count;
            return row;
        }

        /// <summary>
        /// A bench client that floods the pen: from <paramref name="fromS"/> it sends <paramref name="command"/> (commands
        /// separated by | in turn), and each time an answer comes back it sends the next at once, until <paramref name="untilS"/>.
        /// </summary>
        public static void StartFlood(ScenarioRunner runner, string command, double fromS, double untilS, Action answered = null)
        {
            string[] turns = command.Split('|');
            int turn = 0;
            void Send()
            {
                runner.SendBench(turns[turn++ % turns.Length], answer =>
                {
                    answered?.Invoke();
                    if (runner.Pen.Plant.TimeS < untilS) Send();
                });
            }

            runner.Schedule(fromS, p => Send());
        }

        private static long Wait(SimCpu cpu, string cause) => cpu.LongestWaitByCause.TryGetValue(cause, out long w) ? w : 0;

        /// <summary>
        /// The log as full as it gets and as long as its records can be: every file of the ring holds 50 lines of a
        /// 512-character record, so a page reads the most bytes and CRCs the most characters it can.
        /// </summary>
        public static void FillLog(SimFlashFiles flash)
        {
            long sequence = 1;
            var line = new byte[RecordLine.MaxBytes];
            string text = "SESSION " + new string('x', PenLimits.RecordMaxLength - 8);
            for (int f = 0; f < PenLimits.LogSegments; f++)
            {
                var file = new List<byte>();
                for (int i = 0; i < PenLimits.LogRecordsPerSegment; i++)
                {
                    int n = RecordLine.Format(text, sequence++, line, 0);
                    for (int k = 0; k < n; k++) file.Add(line[k]);
                }

                flash.Put("log" + f.ToString(CultureInfo.InvariantCulture), file.ToArray());
            }
        }

        /// <summary>What a session's start measured on one flash.</summary>
        public sealed class StartRow
        {
            /// <summary>From the moment the hold on the main button reaches 1 s to the first tick that drives the motor. Unit: ms.</summary>
            public double StartMs;
            /// <summary>Longest flash operation on the way. Unit: ms.</summary>
            public double LongestFlashMs;
            public int FlashOperations;
        }

        /// <summary>
        /// A patient's session started by the main button held 1 s (README, "For practitioners"), the log's newest file
        /// already holding <paramref name="logRecords"/> records of 150 characters (past LittleFS's inline size), on the
        /// given flash timing and interpreter: how long from the hold's 1 s to the treatment drive's first duty (less the time the
        /// start waited for the cartridge's chain: ScenarioRunner.HeldS).
        /// </summary>
        public static StartRow SessionStart(FlashTiming timing, string interpreter, int logRecords = 10, int seed = 7)
        {
            const double pressS = 0.2, holdThresholdS = 1.0;
            var s = new Scenario { Name = "session start", Plant = "RP-1", Seed = seed, DurationS = 2.5, Interpreter = interpreter };
            s.Tick = new TickPattern { JitterMs = 2 };
            s.Events.Add(new ButtonEvent { AtS = pressS, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            var runner = new ScenarioRunner(s);
            var file = new List<byte>();
            var line = new byte[RecordLine.MaxBytes];
            for (int i = 0; i < logRecords; i++)
            {
                int n = RecordLine.Format("SESSION n=" + i.ToString(CultureInfo.InvariantCulture) + " " + new string('s', 135), i + 1, line, 0);
                for (int k = 0; k < n; k++) file.Add(line[k]);
            }

            runner.Pen.Flash.Put("log0", file.ToArray());
            runner.Schedule(0.01, p =>
            {
                p.Flash.Timing = timing;
            });
            var first = new FirstDrive();
            runner.Run(first);
            int ops0 = 0;
            return new StartRow
            {
                StartMs = double.IsNaN(first.AtS) ? double.NaN : (first.AtS - pressS - holdThresholdS) * 1000,
                LongestFlashMs = runner.Pen.Flash.LongestMicros / 1000,
                FlashOperations = runner.Pen.Flash.Operations - ops0,
            };
        }

        private sealed class FirstDrive : ITickSink
        {
            public double AtS = double.NaN;

            public void OnTick(in TickRow row)
            {
                // the treatment drive's first duty, in the scenario's time: the first start measures the cartridge seated at
                // boot first (its chain drives too) and the timeline waits with it (TickRow.ScenarioS)
                if (double.IsNaN(AtS) && row.State == (int)global::Pen.Core.PenState.Running && row.MotorEnabled && row.Duty > 0) AtS = row.ScenarioS;
            }
        }

        /// <summary>Longest interval between two ticks in a window of the run.</summary>
        private sealed class Intervals : ITickSink
        {
            private readonly double _fromS, _untilS;
            private double _lastS = double.NaN;
            public double Longest;

            public Intervals(double fromS, double untilS)
            {
                _fromS = fromS;
                _untilS = untilS;
            }

            public void OnTick(in TickRow row)
            {
                double t = row.TimeS;
                if (!double.IsNaN(_lastS) && t >= _fromS && t <= _untilS) Longest = Math.Max(Longest, (t - _lastS) * 1e6);
                _lastS = t;
            }
        }

        /// <summary>The report: floods at both presets, then the flash's operations. Returns Markdown.</summary>
        public static string Render(out bool failed)
        {
            failed = false;
            var sb = new StringBuilder();
            sb.Append("# What each thread besides the tick can cost it\n\n");
            sb.Append("The bench serial's thread flooded with one command (each answered, the next sent at once) from ")
              .Append(FloodFromS.ToString("F1", CultureInfo.InvariantCulture)).Append(" to ").Append(FloodUntilS.ToString("F1", CultureInfo.InvariantCulture))
              .Append(" s while a QA run's needles run on skin at 100 strokes/s (RP-1, 12 needles, seed 7, tick jitter 2 ms), the log full of 512-character records. ")
              .Append("Answer = the longest answer's whole work; slice = the longest piece of the thread's work before it yields (PenLimits.BenchSliceInstructions); wait = the longest a tick started after it was due because that cause held the CPU (the interpreter never preempts a thread by priority: nf-interpreter@a3e8139 src/CLR/Core/Execution.cpp). ")
              .Append("Interval = the longest between two ticks during the flood. The report fails on a heartbeat cutout, a fault, or a slice or tick wait beyond ")
              .Append((LongestSliceMicros / 1000).ToString("F1", CultureInfo.InvariantCulture)).Append(" ms.\n\n");
            foreach (string preset in new[] { "esp32", "esp32-slow" })
            {
                sb.Append("## Interpreter `").Append(preset).Append("`\n\n");
                var rows = new List<string[]>();
                foreach (string c in FloodCommands)
                {
                    FloodRow r = Flood(c, preset);
                    if (r.HeartbeatCutouts > 0 || r.Faults > 0 || r.LongestWorkMicros > LongestSliceMicros || r.BenchWaitMicros > LongestSliceMicros) failed = true;
                    rows.Add(new[]
                    {
                        "`" + (c.Length > 24 ? c.Substring(0, 21) + "..." : c) + "`", r.Answers.ToString(CultureInfo.InvariantCulture), Ms(r.LongestAnswerMicros), Ms(r.LongestWorkMicros), Ms(r.BenchWaitMicros),
                        Ms(r.FlashWaitMicros), Ms(r.GcWaitMicros), Ms(r.LongestTickIntervalMicros), r.HeartbeatCutouts.ToString(CultureInfo.InvariantCulture), r.Faults.ToString(CultureInfo.InvariantCulture),
                    });
                }

                sb.Append(MarkdownTable.Render(new[] { "bench command flooded", "answers", "answer (ms)", "longest slice (ms)", "tick wait: bench (ms)", "flash (ms)", "gc (ms)", "tick interval (ms)", "heartbeat cutouts", "faults" }, rows));
                sb.Append('\n');
            }

            FlashTiming typical = FlashTiming.Typical(), worst = FlashTiming.Worst();
            sb.Append("## The flash (a native call: every managed thread stops for its whole length)\n\n");
            var flash = new List<string[]>
            {
                new[] { "program a 256-byte page", Ms(typical.PageProgramMicros), Ms(worst.PageProgramMicros), "Winbond W25Q32JV tPP 0.4 / 3 ms (Peripherals/SimPersistence.cs FlashTiming)" },
                new[] { "erase a 4 kB sector", Ms(typical.SectorEraseMicros), Ms(worst.SectorEraseMicros), "W25Q32JV tSE 45 / 400 ms; ESP-IDF waits up to 600 ms (esp-idf@1021229 components/spi_flash/spi_flash_chip_generic.c)" },
                new[] { "append a record to a log file past 512 B (LittleFS: a fresh block, the partial last block copied)", Ms(AppendMicros(typical)), Ms(AppendMicros(worst)), "littlefs@adad0fb lfs.c lfs_file_flushedwrite, lfs_ctz_extend" },
            };
            sb.Append(MarkdownTable.Render(new[] { "operation", "typical (ms)", "datasheet max (ms)", "source" }, flash));
            sb.Append("\n## A session's start and the flash\n\n")
              .Append("The main button held at 0.2 s, the log's newest file holding 10 records of 150 characters (past LittleFS's 512-byte inline size): ")
              .Append("from the hold's 1 s to the first tick that drives the motor (the start waits for the cartridge record, an inline file, to be on the flash; BEGIN's log append, which takes a fresh block, follows at the first stop: Records/README.md). ")
              .Append("The session start's budget is 300 ms (REQ-RATE-02: within ±2 % of the rate 300 ms after the start); `esp32-slow`.\n\n");
            var starts = new List<string[]>();
            foreach (var (name, timing) in new[]
                     {
                         ("simulator's default (an erase only when an append begins a block), typical", FlashTiming.Typical()),
                         ("LittleFS (every append past 512 B in a fresh block), typical", FlashTiming.LittleFsTypical()),
                         ("LittleFS, datasheet maximum", FlashTiming.LittleFsWorst()),
                     })
            {
                StartRow r = SessionStart(timing, "esp32-slow");
                starts.Add(new[] { name, r.StartMs.ToString("F0", CultureInfo.InvariantCulture), r.LongestFlashMs.ToString("F1", CultureInfo.InvariantCulture), r.StartMs <= 300 ? "within" : "beyond" });
            }

            sb.Append(MarkdownTable.Render(new[] { "flash", "hold's 1 s to the first drive (ms)", "longest flash operation (ms)", "300 ms budget" }, starts));
            sb.Append("\nRerun: dotnet run --project hardware/Pen.Simulator -c Release -- report scheduler\n");
            return sb.ToString();
        }

        /// <summary>
        /// One log append to a file beyond LittleFS's inline size: a sector erased, the old partial block's bytes (up to a
        /// block, here the worst: a block less one page) programmed again, the record's page and the metadata commit. Unit: µs.
        /// </summary>
        public static double AppendMicros(FlashTiming t) => t.SectorEraseMicros + (t.BlockBytes / t.PageBytes + 1) * t.PageProgramMicros;

        private static string Ms(double micros) => (micros / 1000).ToString("F1", CultureInfo.InvariantCulture);
    }
}
