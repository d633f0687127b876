using System;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// How long the nanoFramework interpreter on the ESP32 takes for the firmware's work: the figures the simulated
    /// CPU (<see cref="SimCpu"/>) turns the metered core's counts into time with. Every figure says where it comes from;
    /// none is taken from the firmware. Three presets: the ESP32 default, the slow end of its range, and instant (the
    /// firmware's work takes no time, as the simulator assumed before the interpreter was modelled).
    /// </summary>
    public sealed class InterpreterTiming
    {
        /// <summary>Preset name (esp32, esp32-slow, instant).</summary>
        public string Name = "esp32";

        /// <summary>
        /// Time per IL instruction. Unit: µs. Measured: 8–9 ns on the x64 nanoCLR host (the wave-1 core, about 6,100
        /// instructions in 50–54 µs, shared/reference/nanoframework.md §0). ESP32: 0.6 µs, range 0.4–0.85, an estimate
        /// (×50–100 the x64 host, from CoreMark ratios of a 240 MHz in-order core running from flash cache; no
        /// published nanoCLR figure).
        /// </summary>
        public double MicrosPerInstruction = 0.6;

        /// <summary>
        /// One native round trip through a port (ADC read, pulse-counter read, PWM duty, a GPIO read). Unit: µs.
        /// Budget, not measured: GpioPin.Toggle() loops ran at 27 kHz on ESP32_REV3 (about 37 µs a call with its loop;
        /// nanoframework/Home#1013, 2022 firmware).
        /// </summary>
        public double PortCallMicros = 40;

        /// <summary>
        /// A GPIO output that changes level (the adapters skip unchanged writes). Unit: µs. The device adapter toggles
        /// a pin whose level changes (GpioPin.Toggle, 27 kHz loops, ≈37 µs); GpioPin.Write(PinValue) loops ran at
        /// 1.5–1.7 kHz (≈300 µs a write), the slow end (nanoframework/Home#1013).
        /// </summary>
        public double GpioWriteMicros = 40;

        /// <summary>
        /// The interpreter's time slice: a managed thread runs until it blocks or this much time has passed; priority
        /// does not preempt (nf-interpreter@a3e8139 src/CLR/Include/nanoCLR_Runtime.h c_TimeQuantum_Milliseconds = 20,
        /// src/CLR/Core/Execution.cpp ScheduleThreads). Unit: µs.
        /// </summary>
        public double QuantumMicros = 20000;

        /// <summary>
        /// Managed heap freed by one garbage collection before the next one is due. Unit: bytes. An estimate: the ESP32
        /// build leaves on the order of 100 KB of managed heap to an application of this size (issue 31); taken as 60 KB
        /// of garbage between collections.
        /// </summary>
        public double HeapBytesPerCollection = 60000;

        /// <summary>
        /// One garbage collection, which stops every managed thread. Unit: µs. An estimate scaled from the one published
        /// figure, "GC: 1msec 8424 bytes used" (nanoframework/Home#290, 2018): 5 ms for a heap this size.
        /// </summary>
        public double CollectionMicros = 5000;

        /// <summary>
        /// Bytes one managed allocation of the core takes on nanoCLR's heap. Unit: bytes. Heap blocks are 12 bytes
        /// (CLR_RT_HeapBlock on a 32-bit target); a small object is a header block and one or two field blocks.
        /// </summary>
        public double BytesPerAllocation = 36;

        /// <summary>
        /// Bytes the device's pulse-counter adapter leaves as garbage per read: GpioPulseCounter.Read()'s native side
        /// makes a GpioPulseCount struct on the heap (nf-interpreter@a3e8139 …GpioPulseCounter.cpp NativeRead,
        /// NewObjectFromIndex): a header and two field blocks. Unit: bytes.
        /// </summary>
        public double PulseReadBytes = 36;

        /// <summary>Whether the firmware's work takes time at all (false: the instant preset).</summary>
        public bool Timed => MicrosPerInstruction > 0 || PortCallMicros > 0;

        /// <summary>The ESP32 default: 0.6 µs per IL instruction, 40 µs per native call, 40 µs per GPIO level change.</summary>
        public static InterpreterTiming Esp32() => new InterpreterTiming();

        /// <summary>The slow end: 0.85 µs per IL instruction, 300 µs per GPIO level change (GpioPin.Write loops).</summary>
        public static InterpreterTiming Esp32Slow() => new InterpreterTiming { Name = "esp32-slow", MicrosPerInstruction = 0.85, GpioWriteMicros = 300 };

        /// <summary>The firmware's work takes no time, bench answers and record writes neither (the simulator before issue 31).</summary>
        public static InterpreterTiming Instant() => new InterpreterTiming
        {
            Name = "instant", MicrosPerInstruction = 0, PortCallMicros = 0, GpioWriteMicros = 0, CollectionMicros = 0,
        };

        /// <summary>The preset of a name; null when there is none.</summary>
        public static InterpreterTiming ForName(string name)
        {
            switch (name)
            {
                case "esp32": return Esp32();
                case "esp32-slow": return Esp32Slow();
                case "instant": return Instant();
                default: return null;
            }
        }

        /// <summary>The preset names, for messages.</summary>
        public const string Names = "esp32, esp32-slow, instant";

        /// <summary>
        /// The preset a scenario runs with when it names none (the command line's --interpreter sets it for the
        /// whole process: reports build their scenarios in code).
        /// </summary>
        public static string DefaultName { get; set; } = "esp32";
    }
}
