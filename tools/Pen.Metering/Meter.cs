using System;

namespace Pen.Metering
{
    /// <summary>
    /// What the metered core has executed on this thread, as the nanoFramework interpreter would execute it. The
    /// instrumenter (tools/Pen.IlMeter) puts one call to <see cref="Block"/> at the head of every basic block of every
    /// method of Pen.Core.dll, with that block's own counts, and one call to <see cref="Phase"/> before each call that
    /// <c>PenFirmware.Tick</c> makes, naming the phase the call belongs to. Counters only grow; a reader takes
    /// differences. Per thread: simulations run side by side on several threads (report control --seeds).
    /// </summary>
    public static class Meter
    {
        /// <summary>Phases of a tick, in the order Tick runs them (index into the per-phase counters).</summary>
        public const int Other = 0, Read = 1, Safety = 2, Treatment = 3, Drive = 4, Indication = 5, Bench = 6, PhaseCount = 7;

        /// <summary>Names of the phases, by index.</summary>
        public static readonly string[] PhaseNames = { "other", "read", "safety", "treatment", "drive", "indication", "bench" };

        /// <summary>One thread's counters.</summary>
        public sealed class Counters
        {
            /// <summary>IL instructions executed. Unit: instructions.</summary>
            public long Instructions;
            /// <summary>Calls made (call, callvirt, newobj of a constructor).</summary>
            public long Calls;
            /// <summary>Calls into the hardware ports (Pen.Core.Ports interfaces): each a native round trip on the pen.</summary>
            public long PortCalls;
            /// <summary>Heap allocations as nanoCLR makes them (objects, arrays, boxes, strings, struct locals and returns).</summary>
            public long Allocations;
            /// <summary>The phase the tick is in; <see cref="Other"/> outside Tick.</summary>
            public int Phase;
            /// <summary>Per phase, the same counts.</summary>
            public readonly long[] PhaseInstructions = new long[PhaseCount];
            public readonly long[] PhaseCalls = new long[PhaseCount];
            public readonly long[] PhasePortCalls = new long[PhaseCount];
            public readonly long[] PhaseAllocations = new long[PhaseCount];
            /// <summary>IL instructions per method of the core, by the instrumenter's method number (<see cref="MethodNames"/>).</summary>
            public long[] MethodInstructions = new long[256];
            /// <summary>Inside a tick (set by the simulator's CPU model): only then are allocations counted per method.</summary>
            public bool InTick;
            /// <summary>Heap allocations (as nanoCLR makes them) per method of the core inside ticks, by the same number.</summary>
            public long[] MethodAllocations = new long[256];
        }

        /// <summary>The metered methods' names by number, as the instrumenter registered them.</summary>
        public static string[] MethodNames = new string[0];

        [ThreadStatic] private static Counters t_counters;

        /// <summary>This thread's counters.</summary>
        public static Counters Now => t_counters ??= new Counters();

        /// <summary>Called by the metered core at the head of a basic block with the block's own counts.</summary>
        public static void Block(int instructions, int calls, int portCalls, int allocations, int method)
        {
            Counters c = t_counters ??= new Counters();
            if (method >= c.MethodInstructions.Length)
            {
                System.Array.Resize(ref c.MethodInstructions, method * 2 + 1);
                System.Array.Resize(ref c.MethodAllocations, method * 2 + 1);
            }

            c.MethodInstructions[method] += instructions;
            if (allocations != 0 && c.InTick) c.MethodAllocations[method] += allocations;
            c.Instructions += instructions;
            c.Calls += calls;
            c.PortCalls += portCalls;
            c.Allocations += allocations;
            int p = c.Phase;
            c.PhaseInstructions[p] += instructions;
            c.PhaseCalls[p] += calls;
            c.PhasePortCalls[p] += portCalls;
            c.PhaseAllocations[p] += allocations;
        }

        /// <summary>Called by the metered Tick before each of its calls: the phase that call belongs to.</summary>
        public static void Phase(int phase)
        {
            (t_counters ??= new Counters()).Phase = phase;
        }

        /// <summary>Called once by the metered core's module initializer with the names of its methods, by number.</summary>
        public static void Register(string names)
        {
            MethodNames = names.Split('\n');
        }

        /// <summary>Leaves the tick's phases (whoever called Tick, after it returns).</summary>
        public static void EndTick()
        {
            (t_counters ??= new Counters()).Phase = Other;
        }
    }
}
