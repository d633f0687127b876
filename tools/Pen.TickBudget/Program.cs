using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Pen.Core;
using Pen.Metering;
using Pen.Simulation.Reports;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.TickBudget
{
    /// <summary>
    /// <c>Pen.TickBudget [--quick] [--out file.md]</c>: the standard cases (the control matrix at seed 1, the example
    /// scenarios) on the simulated pen, every tick metered. Prints the per-tick and per-phase table and the verdict.
    /// Exit 0 within budget, 1 above it, 2 bad input.
    /// </summary>
    public static class Program
    {
        /// <summary>The budget (issue 31): mean and max IL instructions per running tick, and heap allocations per tick.</summary>
        public const double MeanRunningBudget = 3000, MaxBudget = 6000;
        public const long AllocationBudget = 0;

        /// <summary>
        /// What CI holds the tick to (the default verdict). The budget itself now: every part of it is met on the standard
        /// cases (the running tick's mean since tick budget step 12; the max since records are prepared a slice a tick,
        /// Records/PenRecords.Step; the allocations since records are built in pieces, Records/RecordChars).
        /// </summary>
        public const double MeanRunningCeiling = MeanRunningBudget, MaxCeiling = MaxBudget;
        public const long AllocationCeiling = AllocationBudget;

        private static readonly string[] Examples = { "demo.json", "bench-qa.json", "all-faults.json", "rp2-corded.json" };

        public static int Main(string[] args)
        {
            bool quick = args.Contains("--quick");
            bool strict = args.Contains("--strict");
            int outAt = Array.IndexOf(args, "--out");
            string outFile = outAt >= 0 && outAt + 1 < args.Length ? args[outAt + 1] : null;
            foreach (string a in args)
            {
                if (a.StartsWith("--", StringComparison.Ordinal) && a != "--quick" && a != "--out" && a != "--strict")
                {
                    Console.Error.WriteLine("error: unknown option " + a + "\nusage: Pen.TickBudget [--quick] [--strict] [--out <file.md>]");
                    return 2;
                }
            }

            string root = FindRoot();
            if (root == null)
            {
                Console.Error.WriteLine("error: run from inside the repository (no Pen.sln above " + Environment.CurrentDirectory + ")");
                return 2;
            }

            var all = new Tally("all ticks");
            var running = new Tally("running ticks");
            var idle = new Tally("other ticks");
            var perCase = new List<(string Name, Tally Running, Tally All)>();

            List<ControlCase> matrix = ControlCase.StandardMatrix(1);
            if (quick) matrix = matrix.Where(c => c.Plant == "RP-1" && c.Needles == 12 && c.SupplyVolts == 4.2).ToList();
            foreach (ControlCase c in matrix)
            {
                var sink = new BudgetSink(all, running, idle, "control " + c.Name);
                ControlCaseRunner.Run(c, sink);
                perCase.Add(("control " + c.Name, sink.Running, sink.All));
            }

            foreach (string example in quick ? Examples.Take(2) : Examples)
            {
                string path = Path.Combine(root, "hardware", "Pen.Simulation", "Scenarios", "examples", example);
                Scenario s = ScenarioParser.ParseFile(path);
                var sink = new BudgetSink(all, running, idle, example);
                new ScenarioRunner(s).Run(sink);
                perCase.Add((example, sink.Running, sink.All));
            }

            var w = new StringWriter(CultureInfo.InvariantCulture);
            Report(w, all, running, idle, perCase);
            bool ok = Verdict(w, all, running);
            bool held = quick || Ceilings(w, all, running);
            Console.Write(w.ToString());
            if (outFile != null) File.WriteAllText(outFile, w.ToString());
            return (strict ? ok : held) ? 0 : 1;
        }

        private static void Report(TextWriter w, Tally all, Tally running, Tally idle, List<(string Name, Tally Running, Tally All)> perCase)
        {
            w.WriteLine("# Tick budget: work per PenFirmware.Tick as the nanoFramework interpreter executes it");
            w.WriteLine();
            w.WriteLine("Metered core (tools/Pen.IlMeter), standard cases on the simulated pen (control matrix, seed 1; examples " + string.Join(", ", Examples) + ").");
            w.WriteLine("Running ticks: the pen's state is Running (needles driven). Time at the ESP32 default of 0.6 µs per IL instruction (estimate) plus 40 µs per native call.");
            w.WriteLine();
            w.WriteLine("| ticks | count | IL mean | IL p99 | IL max | calls mean | calls max | port calls mean | port calls max | allocations (total) | ms per tick at 0.6 µs/IL, mean / max |");
            w.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (Tally t in new[] { running, idle, all }) w.WriteLine(t.Row());
            w.WriteLine();
            w.WriteLine("Per phase, running ticks (IL instructions; calls; allocations):");
            w.WriteLine();
            w.WriteLine("| phase | IL mean | IL p99 | IL max | calls mean | port calls mean | allocations |");
            w.WriteLine("|---|---|---|---|---|---|---|");
            for (int p = 0; p <= Meter.PhaseCount; p++) w.WriteLine(running.PhaseRow(p));
            w.WriteLine();
            w.WriteLine("Per phase, all ticks:");
            w.WriteLine();
            w.WriteLine("| phase | IL mean | IL p99 | IL max | calls mean | port calls mean | allocations |");
            w.WriteLine("|---|---|---|---|---|---|---|");
            for (int p = 0; p <= Meter.PhaseCount; p++) w.WriteLine(all.PhaseRow(p));
            w.WriteLine();
            w.WriteLine("Per case:");
            w.WriteLine();
            w.WriteLine("| case | running ticks | IL mean running | IL max running | all ticks | IL max | allocations |");
            w.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var c in perCase)
                w.WriteLine($"| {c.Name} | {c.Running.Count} | {c.Running.Mean:F0} | {c.Running.Max:F0} | {c.All.Count} | {c.All.Max:F0} | {c.All.Allocations} |");
            w.WriteLine();
            w.WriteLine("Methods with the most IL per running tick (mean, their own instructions only):");
            w.WriteLine();
            w.WriteLine("| method | IL per running tick |");
            w.WriteLine("|---|---|");
            long[] perMethod = BudgetSink.RunningMethodInstructions;
            foreach (int i in Enumerable.Range(0, perMethod.Length).OrderByDescending(i => perMethod[i]).Take(40))
            {
                if (perMethod[i] == 0) break;
                string name = i < Meter.MethodNames.Length ? Meter.MethodNames[i] : "#" + i;
                w.WriteLine($"| {name} | {(double)perMethod[i] / Math.Max(1, BudgetSink.RunningTicks):F0} |");
            }

            w.WriteLine();
            long[] allocs = BudgetSink.TickMethodAllocations;
            w.WriteLine("Methods that allocate inside ticks (heap allocations as nanoCLR makes them, over every tick of every case, boot ticks included):");
            w.WriteLine();
            w.WriteLine("| method | allocations |");
            w.WriteLine("|---|---|");
            foreach (int i in Enumerable.Range(0, allocs.Length).Where(i => allocs[i] > 0).OrderByDescending(i => allocs[i]).Take(30))
                w.WriteLine($"| {(i < Meter.MethodNames.Length ? Meter.MethodNames[i] : "#" + i)} | {allocs[i]} |");
            w.WriteLine();
            List<(long Il, string Text)> over = BudgetSink.OverMax;
            w.WriteLine($"Ticks above {MaxBudget:F0} IL: {over.Count}" + (over.Count == 0 ? "" : "; the heaviest (their methods with the most IL, own instructions):"));
            if (over.Count > 0)
            {
                w.WriteLine();
                foreach (var o in over.OrderByDescending(o => o.Il).Take(12)) w.WriteLine("- " + o.Text);
            }

            w.WriteLine();
            if (all.WorstAllocationTick != null) w.WriteLine("First allocating tick: " + all.WorstAllocationTick);
            w.WriteLine("Largest tick: " + all.LargestTick);
        }

        private static bool Verdict(TextWriter w, Tally all, Tally running)
        {
            bool mean = running.Mean <= MeanRunningBudget;
            bool max = all.Max <= MaxBudget;
            bool allocs = all.Allocations <= AllocationBudget;
            w.WriteLine();
            w.WriteLine("| budget | measured | limit | verdict |");
            w.WriteLine("|---|---|---|---|");
            w.WriteLine($"| IL instructions per running tick, mean | {running.Mean:F0} | {MeanRunningBudget:F0} | {(mean ? "within" : "ABOVE")} |");
            w.WriteLine($"| IL instructions per tick, max (any tick) | {all.Max:F0} | {MaxBudget:F0} | {(max ? "within" : "ABOVE")} |");
            w.WriteLine($"| heap allocations in ticks | {all.Allocations} | {AllocationBudget} | {(allocs ? "within" : "ABOVE")} |");
            bool ok = mean && max && allocs && running.Count > 0;
            w.WriteLine();
            w.WriteLine(ok ? "tick budget: within" : "tick budget: ABOVE (see the rows marked ABOVE)");
            return ok;
        }

        private static bool Ceilings(TextWriter w, Tally all, Tally running)
        {
            bool mean = running.Mean <= MeanRunningCeiling;
            bool max = all.Max <= MaxCeiling;
            bool allocs = all.Allocations <= AllocationCeiling;
            w.WriteLine();
            w.WriteLine("| ceiling (no regression until the budget is met) | measured | ceiling | verdict |");
            w.WriteLine("|---|---|---|---|");
            w.WriteLine($"| IL instructions per running tick, mean | {running.Mean:F0} | {MeanRunningCeiling:F0} | {(mean ? "held" : "ABOVE")} |");
            w.WriteLine($"| IL instructions per tick, max (any tick) | {all.Max:F0} | {MaxCeiling:F0} | {(max ? "held" : "ABOVE")} |");
            w.WriteLine($"| heap allocations in ticks | {all.Allocations} | {AllocationCeiling} | {(allocs ? "held" : "ABOVE")} |");
            bool ok = mean && max && allocs;
            w.WriteLine();
            w.WriteLine(ok ? "tick ceilings: held" : "tick ceilings: ABOVE (a change made the tick heavier)");
            return ok;
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(Environment.CurrentDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Pen.sln"))) dir = dir.Parent;
            return dir?.FullName;
        }
    }

    /// <summary>Takes each tick's counts: the totals from the row, the phases from the meter's per-phase counters.</summary>
    internal sealed class BudgetSink : ITickSink
    {
        private readonly Tally _all, _running, _idle;
        private readonly string _case;
        private readonly long[] _last = new long[Meter.PhaseCount * 4];
        private long[] _lastMethods = new long[0];
        private bool _primed;

        /// <summary>IL instructions per method over every running tick of every case, by method number.</summary>
        public static long[] RunningMethodInstructions = new long[0];
        public static long RunningTicks;
        /// <summary>Allocations per method over every metered tick (the boot tick of each run left out), by method number.</summary>
        public static long[] TickMethodAllocations = new long[0];
        private long[] _lastAllocs = new long[0];
        /// <summary>Every tick above the budget's max: its IL and a line naming the case, time, state, phases and top methods.</summary>
        public static readonly List<(long Il, string Text)> OverMax = new List<(long, string)>();
        public readonly Tally Running = new Tally("running");
        public readonly Tally All = new Tally("all");

        public BudgetSink(Tally all, Tally running, Tally idle, string caseName)
        {
            _case = caseName;
            _all = all;
            _running = running;
            _idle = idle;
        }

        public void OnTick(in TickRow row)
        {
            Meter.Counters m = Meter.Now;
            var phase = new long[Meter.PhaseCount * 4];
            for (int p = 1; p < Meter.PhaseCount; p++)
            {
                phase[p] = m.PhaseInstructions[p] - _last[p];
                phase[Meter.PhaseCount + p] = m.PhaseCalls[p] - _last[Meter.PhaseCount + p];
                phase[2 * Meter.PhaseCount + p] = m.PhasePortCalls[p] - _last[2 * Meter.PhaseCount + p];
                phase[3 * Meter.PhaseCount + p] = m.PhaseAllocations[p] - _last[3 * Meter.PhaseCount + p];
                _last[p] = m.PhaseInstructions[p];
                _last[Meter.PhaseCount + p] = m.PhaseCalls[p];
                _last[2 * Meter.PhaseCount + p] = m.PhasePortCalls[p];
                _last[3 * Meter.PhaseCount + p] = m.PhaseAllocations[p];
            }

            bool first = !_primed;
            _primed = true;
            bool isRunning = row.State == (int)PenState.Running;
            long[] methods = m.MethodInstructions;
            if (RunningMethodInstructions.Length < methods.Length) Array.Resize(ref RunningMethodInstructions, methods.Length);
            if (_lastMethods.Length < methods.Length) Array.Resize(ref _lastMethods, methods.Length);
            if (row.FirmwareRan && !first && row.Instructions > Program.MaxBudget)
            {
                long[] last = _lastMethods;
                string top = string.Join(", ", Enumerable.Range(0, methods.Length).Where(i => i >= last.Length || methods[i] > last[i])
                    .OrderByDescending(i => methods[i] - (i < last.Length ? last[i] : 0)).Take(6)
                    .Select(i => (i < Meter.MethodNames.Length ? Meter.MethodNames[i] : "#" + i) + " " + (methods[i] - (i < last.Length ? last[i] : 0))));
                string phases = string.Join(", ", Enumerable.Range(1, Meter.PhaseCount - 1).Where(p => phase[p] > 0).Select(p => Meter.PhaseNames[p] + " " + phase[p]));
                OverMax.Add((row.Instructions, $"{row.Instructions} IL, {_case} at {row.TimeS:F3} s, state {(PenState)row.State}; {phases}; {top}"));
            }

            long[] allocs = m.MethodAllocations;
            if (TickMethodAllocations.Length < allocs.Length) Array.Resize(ref TickMethodAllocations, allocs.Length);
            if (_lastAllocs.Length < allocs.Length) Array.Resize(ref _lastAllocs, allocs.Length);
            for (int i = 0; i < allocs.Length; i++)
            {
                if (row.FirmwareRan && !first) TickMethodAllocations[i] += allocs[i] - _lastAllocs[i];
                _lastAllocs[i] = allocs[i];
            }

            for (int i = 0; i < methods.Length; i++)
            {
                if (isRunning && row.FirmwareRan && !first) RunningMethodInstructions[i] += methods[i] - _lastMethods[i];
                _lastMethods[i] = methods[i];
            }

            if (!row.FirmwareRan || first) return; // the first tick of a run also boots
            if (isRunning) RunningTicks++;
            var t = new TickSample(row, phase);
            _all.Add(t);
            All.Add(t);
            if (isRunning)
            {
                _running.Add(t);
                Running.Add(t);
            }
            else _idle.Add(t);
        }
    }

    internal sealed class TickSample
    {
        public readonly double TimeS;
        public readonly int State;
        public readonly long Instructions, Calls, PortCalls, Allocations;
        public readonly long[] Phases;
        public readonly double ComputeMicros;

        public TickSample(in TickRow row, long[] phases)
        {
            TimeS = row.TimeS;
            State = row.State;
            Instructions = row.Instructions;
            Calls = row.Calls;
            PortCalls = row.PortCalls;
            Allocations = row.Allocations;
            ComputeMicros = row.ComputeMicros;
            Phases = phases;
        }

        /// <summary>Instructions of a phase; index PhaseCount is Tick's own instructions outside any call's phase.</summary>
        public long PhaseIl(int p) => p < Meter.PhaseCount ? (p == 0 ? Instructions - Enumerable.Range(1, Meter.PhaseCount - 1).Sum(i => Phases[i]) : Phases[p]) : Instructions;
    }

    internal sealed class Tally
    {
        private readonly string _name;
        private readonly List<long> _il = new List<long>();
        private readonly List<long>[] _phaseIl = Enumerable.Range(0, Meter.PhaseCount).Select(_ => new List<long>()).ToArray();
        private readonly double[] _phaseCalls = new double[Meter.PhaseCount];
        private readonly double[] _phasePorts = new double[Meter.PhaseCount];
        private readonly long[] _phaseAllocs = new long[Meter.PhaseCount];
        private double _calls, _ports, _compute, _maxCompute;
        private long _maxCalls, _maxPorts;
        public long Allocations;
        public string WorstAllocationTick;
        public string LargestTick = "none";

        public Tally(string name) { _name = name; }

        public int Count => _il.Count;
        public double Mean => _il.Count == 0 ? 0 : _il.Average();
        public double Max => _il.Count == 0 ? 0 : _il.Max();

        public void Add(TickSample t)
        {
            if (_il.Count == 0 || t.Instructions > Max)
                LargestTick = $"{t.Instructions} IL at {t.TimeS:F3} s, state {(PenState)t.State}, phases " +
                              string.Join(", ", Enumerable.Range(0, Meter.PhaseCount).Select(p => Meter.PhaseNames[p] + " " + t.PhaseIl(p)));
            _il.Add(t.Instructions);
            _calls += t.Calls;
            _ports += t.PortCalls;
            _compute += t.ComputeMicros;
            _maxCompute = Math.Max(_maxCompute, t.ComputeMicros);
            _maxCalls = Math.Max(_maxCalls, t.Calls);
            _maxPorts = Math.Max(_maxPorts, t.PortCalls);
            if (t.Allocations > 0 && WorstAllocationTick == null)
                WorstAllocationTick = $"{t.Allocations} at {t.TimeS:F3} s, state {(PenState)t.State}, phases " +
                                      string.Join(", ", Enumerable.Range(1, Meter.PhaseCount - 1).Select(p => Meter.PhaseNames[p] + " " + t.Phases[3 * Meter.PhaseCount + p]));
            Allocations += t.Allocations;
            for (int p = 0; p < Meter.PhaseCount; p++)
            {
                _phaseIl[p].Add(t.PhaseIl(p));
                if (p == 0) continue;
                _phaseCalls[p] += t.Phases[Meter.PhaseCount + p];
                _phasePorts[p] += t.Phases[2 * Meter.PhaseCount + p];
                _phaseAllocs[p] += t.Phases[3 * Meter.PhaseCount + p];
            }
        }

        public string Row()
        {
            if (Count == 0) return $"| {_name} | 0 | | | | | | | | | |";
            return $"| {_name} | {Count} | {Mean:F0} | {P99(_il)} | {Max:F0} | {_calls / Count:F0} | {_maxCalls} | {_ports / Count:F1} | {_maxPorts} | {Allocations} | {_compute / Count / 1000:F2} / {_maxCompute / 1000:F2} |";
        }

        public string PhaseRow(int p)
        {
            if (p == Meter.PhaseCount) return $"| whole tick | {Mean:F0} | {P99(_il)} | {Max:F0} | {(Count == 0 ? 0 : _calls / Count):F0} | {(Count == 0 ? 0 : _ports / Count):F1} | {Allocations} |";
            List<long> il = _phaseIl[p];
            string name = p == 0 ? "tick itself (between calls)" : Meter.PhaseNames[p];
            if (il.Count == 0) return $"| {name} | | | | | | |";
            string calls = p == 0 ? "" : (_phaseCalls[p] / Count).ToString("F0");
            string ports = p == 0 ? "" : (_phasePorts[p] / Count).ToString("F1");
            string allocs = p == 0 ? "" : _phaseAllocs[p].ToString();
            return $"| {name} | {il.Average():F0} | {P99(il)} | {il.Max()} | {calls} | {ports} | {allocs} |";
        }

        private static long P99(List<long> values)
        {
            if (values.Count == 0) return 0;
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)];
        }
    }
}
