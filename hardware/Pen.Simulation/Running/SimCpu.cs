using System;
using System.Collections.Generic;
using Pen.Metering;

namespace Pen.Simulation.Running
{
    /// <summary>What one tick cost, as the metered core counted it and the interpreter timing turned it into time.</summary>
    public sealed class TickCost
    {
        /// <summary>IL instructions, calls, port calls and heap allocations of the tick, in total and per phase (Meter's phases).</summary>
        public long Instructions, Calls, PortCalls, Allocations;
        public readonly long[] PhaseInstructions = new long[Meter.PhaseCount];
        public readonly long[] PhaseCalls = new long[Meter.PhaseCount];
        public readonly long[] PhasePortCalls = new long[Meter.PhaseCount];
        public readonly long[] PhaseAllocations = new long[Meter.PhaseCount];
        /// <summary>When the tick was due, when it started and when its work ended. Unit: µs of simulated time.</summary>
        public long DueMicros, StartMicros, EndMicros;
        /// <summary>The tick's work: its IL and its native calls. Unit: µs.</summary>
        public double ComputeMicros => EndMicros - StartMicros;
    }

    /// <summary>
    /// The ESP32's one CPU as the nanoFramework interpreter shares it between the pen's managed threads
    /// (nf-interpreter@a3e8139 src/CLR/Core/Execution.cpp, ScheduleThreads; src/CLR/Include/nanoCLR_Runtime.h): a
    /// thread runs until it blocks or its 20 ms quantum ends, and priority never preempts. The control thread's tick
    /// takes the time its metered IL and native calls cost (<see cref="InterpreterTiming"/>): each input is sampled at
    /// its own instant inside the tick and each output lands at its own, the duty near the end. Other threads' work
    /// (the bench serial's answers and the flash writes it makes) holds the CPU as the interpreter lets it: a
    /// tick that falls due while another thread computes waits for the end of that thread's slice; a flash write
    /// stops every thread for its duration; so does a garbage collection, due once the firmware has left enough
    /// garbage. The runner asks <see cref="FreeAt"/> when a due tick may start.
    /// </summary>
    public sealed class SimCpu
    {
        private readonly InterpreterTiming _timing;
        private readonly TickCost _last = new TickCost();
        private readonly List<Work> _others = new List<Work>();
        private Meter.Counters _meter;
        private long _il0, _calls0, _ports0, _allocs0;
        private readonly long[] _phase0 = new long[Meter.PhaseCount * 4];
        private double _nativeMicros;
        private long _tickStart;
        private double _garbageBytes;
        private long _freeAt;

        public SimCpu(InterpreterTiming timing)
        {
            _timing = timing;
        }

        /// <summary>The timing in use.</summary>
        public InterpreterTiming Timing => _timing;

        /// <summary>Advances the plant (and the scenario's events) to a time; set by the runner.</summary>
        public Action<long> AdvanceTo { get; set; }

        /// <summary>The control thread is inside Tick.</summary>
        public bool InTick { get; private set; }

        /// <summary>The last tick's cost (valid after <see cref="EndTick"/>).</summary>
        public TickCost LastTick => _last;

        /// <summary>Garbage collections so far.</summary>
        public int Collections { get; private set; }

        /// <summary>Longest time a tick waited past its due time for another thread, a flash write or a collection. Unit: µs.</summary>
        public long LongestWaitMicros { get; private set; }

        /// <summary>What held the CPU when a tick waited longest (bench, flash, gc, tick).</summary>
        public string LongestWaitCause { get; private set; } = "none";

        /// <summary>Longest time a tick waited past its due time, by what held the CPU last (bench, flash, gc, tick). Unit: µs.</summary>
        public Dictionary<string, long> LongestWaitByCause { get; } = new Dictionary<string, long>();

        /// <summary>The instant now inside the tick: its start plus its work so far. Unit: µs.</summary>
        public long TickNowMicros => _tickStart + (long)Math.Round((_meter.Instructions - _il0) * _timing.MicrosPerInstruction + _nativeMicros);

        /// <summary>The tick starts: the clock was read at <paramref name="startMicros"/>.</summary>
        public void BeginTick(long dueMicros, long startMicros)
        {
            _meter = Meter.Now;
            _il0 = _meter.Instructions;
            _calls0 = _meter.Calls;
            _ports0 = _meter.PortCalls;
            _allocs0 = _meter.Allocations;
            for (int p = 0; p < Meter.PhaseCount; p++)
            {
                _phase0[p] = _meter.PhaseInstructions[p];
                _phase0[Meter.PhaseCount + p] = _meter.PhaseCalls[p];
                _phase0[2 * Meter.PhaseCount + p] = _meter.PhasePortCalls[p];
                _phase0[3 * Meter.PhaseCount + p] = _meter.PhaseAllocations[p];
            }

            _nativeMicros = 0;
            _tickStart = startMicros;
            _last.DueMicros = dueMicros;
            _last.StartMicros = startMicros;
            long wait = startMicros - dueMicros;
            if (wait > LongestWaitMicros)
            {
                LongestWaitMicros = wait;
                LongestWaitCause = _freeCause;
            }

            if (wait > 0 && (!LongestWaitByCause.TryGetValue(_freeCause, out long worst) || wait > worst)) LongestWaitByCause[_freeCause] = wait;

            InTick = true;
            _meter.InTick = true;
        }

        /// <summary>
        /// A port's native call inside the tick: the plant moves to this instant (an input is sampled here, an output
        /// lands here), then the call's own time passes. Outside a tick (boot, another thread) nothing moves.
        /// </summary>
        public void Native(double costMicros)
        {
            if (!InTick) return;
            AdvanceTo?.Invoke(TickNowMicros);
            _nativeMicros += costMicros;
        }

        /// <summary>Bytes of garbage a device adapter leaves that the metered core does not see (the pulse counter's struct).</summary>
        public void AdapterGarbage(double bytes)
        {
            _garbageBytes += bytes;
        }

        /// <summary>The tick's work ended; returns when. A collection that falls due now holds the CPU after it.</summary>
        public long EndTick()
        {
            InTick = false;
            if (_meter != null) _meter.InTick = false;
            Meter.EndTick();
            _last.Instructions = _meter.Instructions - _il0;
            _last.Calls = _meter.Calls - _calls0;
            _last.PortCalls = _meter.PortCalls - _ports0;
            _last.Allocations = _meter.Allocations - _allocs0;
            for (int p = 0; p < Meter.PhaseCount; p++)
            {
                _last.PhaseInstructions[p] = _meter.PhaseInstructions[p] - _phase0[p];
                _last.PhaseCalls[p] = _meter.PhaseCalls[p] - _phase0[Meter.PhaseCount + p];
                _last.PhasePortCalls[p] = _meter.PhasePortCalls[p] - _phase0[2 * Meter.PhaseCount + p];
                _last.PhaseAllocations[p] = _meter.PhaseAllocations[p] - _phase0[3 * Meter.PhaseCount + p];
            }

            long end = TickNowMicros;
            _last.EndMicros = end;
            Hold(end, "tick");
            _garbageBytes += _last.Allocations * _timing.BytesPerAllocation;
            if (_timing.CollectionMicros > 0 && _garbageBytes >= _timing.HeapBytesPerCollection)
            {
                _garbageBytes = 0;
                Collections++;
                Hold(end + (long)_timing.CollectionMicros, "gc");
            }

            return end;
        }

        // ------------------------------------------------------------------ other threads and pauses
        private string _freeCause = "tick";

        private void Hold(long until, string cause)
        {
            if (until > _freeAt)
            {
                _freeAt = until;
                _freeCause = cause;
            }
        }

        /// <summary>
        /// Another thread's work arrives: <paramref name="run"/> (metered core code: a bench answer) runs in the
        /// simulation at once when the CPU is free; the CPU time its metered work takes then holds the CPU in slices of
        /// one quantum, and its allocations count toward the next collection.
        /// </summary>
        public void Enqueue(long arrivalMicros, string cause, Action run)
        {
            Add(new Work { Arrival = arrivalMicros, Cause = cause, Run = run });
        }

        private void Add(Work w)
        {
            int i = _others.Count;
            while (i > 0 && _others[i - 1].Arrival > w.Arrival) i--;
            _others.Insert(i, w);
        }

        /// <summary>Every managed thread stops from <paramref name="atMicros"/> (or when the CPU is next free) for a duration (a flash write).</summary>
        public void PauseEverything(long atMicros, double micros, string cause)
        {
            if (micros > 0) Add(new Work { Arrival = atMicros, Cause = cause, Remaining = micros, Unsliced = true });
        }

        /// <summary>
        /// When a tick due at <paramref name="dueMicros"/> can start: other threads' work that is ready before it runs
        /// first, each until it ends or its slice ends. Work that is still left continues after the tick.
        /// </summary>
        public long FreeAt(long dueMicros)
        {
            while (_others.Count > 0)
            {
                Work w = _others[0];
                long start = Math.Max(w.Arrival, _freeAt);
                if (start >= dueMicros) break;
                if (w.Run != null)
                {
                    AdvanceTo?.Invoke(start);
                    w.Pieces = Measure(w.Run, w.Cause);
                    w.Remaining = w.Pieces.Dequeue();
                    w.Run = null;
                }

                double slice = w.Unsliced ? w.Remaining : Math.Min(w.Remaining, _timing.QuantumMicros);
                _freeAt = start + (long)Math.Round(slice);
                _freeCause = w.Cause;
                w.Remaining -= slice;
                w.Arrival = _freeAt;
                _others.RemoveAt(0);
                // the thread yielded (IYield) where a piece ends: it goes on with the next behind the others
                while (w.Remaining <= 0.5 && w.Pieces != null && w.Pieces.Count > 0) w.Remaining = w.Pieces.Dequeue();
                if (w.Remaining > 0.5) Add(w); // round robin: it goes behind the others, and the due tick runs next
            }

            return Math.Max(dueMicros, _freeAt);
        }

        /// <summary>Longest CPU time one piece of another thread's work took between two yields (or to its end), by cause. Unit: µs.</summary>
        public Dictionary<string, double> LongestWork { get; } = new Dictionary<string, double>();

        /// <summary>Longest CPU time one whole piece of another thread's work took (a bench answer, all its slices), by cause. Unit: µs.</summary>
        public Dictionary<string, double> LongestTotalWork { get; } = new Dictionary<string, double>();

        /// <summary>
        /// The bench thread's IYield (its SliceBudget's): a yield inside its work ends a piece there, and the simulated CPU
        /// lets a due tick run before the next piece, as nanoCLR's Thread.Sleep(0) does.
        /// </summary>
        public global::Pen.Core.Ports.IYield BenchYield => _yield ??= new Yielder(this);

        private Yielder _yield;
        private Queue<double> _pieces;
        private long _pieceIl, _piecePorts;

        private sealed class Yielder : global::Pen.Core.Ports.IYield
        {
            private readonly SimCpu _cpu;
            public Yielder(SimCpu cpu) { _cpu = cpu; }
            public void Yield() => _cpu.EndPiece();
        }

        private void EndPiece()
        {
            if (_pieces == null) return; // not inside another thread's measured work
            Meter.Counters m = Meter.Now;
            _pieces.Enqueue((m.Instructions - _pieceIl) * _timing.MicrosPerInstruction + (m.PortCalls - _piecePorts) * _timing.PortCallMicros);
            _pieceIl = m.Instructions;
            _piecePorts = m.PortCalls;
        }

        private Queue<double> Measure(Action run, string cause)
        {
            Meter.Counters m = Meter.Now;
            long il = m.Instructions, ports = m.PortCalls, allocs = m.Allocations;
            var pieces = new Queue<double>();
            _pieces = pieces;
            _pieceIl = il;
            _piecePorts = ports;
            try
            {
                run();
                EndPiece();
            }
            finally
            {
                _pieces = null;
            }

            double micros = (m.Instructions - il) * _timing.MicrosPerInstruction + (m.PortCalls - ports) * _timing.PortCallMicros;
            _garbageBytes += (m.Allocations - allocs) * _timing.BytesPerAllocation;
            double longest = 0;
            foreach (double p in pieces) longest = Math.Max(longest, p);
            if (!LongestWork.TryGetValue(cause, out double worst) || longest > worst) LongestWork[cause] = longest;
            if (!LongestTotalWork.TryGetValue(cause, out double total) || micros > total) LongestTotalWork[cause] = micros;
            return pieces;
        }

        private sealed class Work
        {
            public long Arrival;
            public string Cause;
            public Action Run;
            public double Remaining;
            public bool Unsliced;
            public Queue<double> Pieces;
        }
    }
}
