namespace Pen.Simulation.Running
{
    /// <summary>
    /// One row of telemetry, taken at each firmware tick. Columns marked "truth" come from the plant's physics;
    /// the others are what the firmware believes or commands.
    /// </summary>
    public struct TickRow
    {
        /// <summary>Simulated time. Unit: s.</summary>
        public double TimeS;
        /// <summary>The scenario's time of this tick: <see cref="TimeS"/> less the time the timeline was held back while a
        /// start waited for the cartridge's chain (ScenarioRunner.HeldS). Unit: s.</summary>
        public double ScenarioS;
        /// <summary>Firmware setpoint after its soft-start ramp. Unit: strokes/s.</summary>
        public double SetpointHz;
        /// <summary>Truth: rate of the last completed stroke. Unit: strokes/s.</summary>
        public double TrueRateHz;
        /// <summary>Truth: instantaneous shaft speed. Unit: rev/s.</summary>
        public double ShaftHz;
        /// <summary>Firmware's estimate of the stroke rate. Unit: strokes/s.</summary>
        public double MeasuredRateHz;
        /// <summary>Duty the firmware commands. Unit: 0..1.</summary>
        public double Duty;
        /// <summary>Truth: the driver is enabled (after the heartbeat enable circuit).</summary>
        public bool MotorEnabled;
        /// <summary>Truth: motor current. Unit: A.</summary>
        public double CurrentA;
        /// <summary>Truth: supply voltage at the driver. Unit: V.</summary>
        public double BusVolts;
        /// <summary>Truth: winding temperature. Unit: °C.</summary>
        public double WindingC;
        /// <summary>Truth: housing temperature. Unit: °C.</summary>
        public double HousingC;
        /// <summary>Truth: depth-ring position. Unit: mm.</summary>
        public double DepthMm;
        /// <summary>Truth: needle tips out of the cartridge. Unit: mm.</summary>
        public double NeedleMm;
        /// <summary>Truth: completed strokes.</summary>
        public long Strokes;
        /// <summary>Firmware state (Pen.Core.PenState number).</summary>
        public int State;
        /// <summary>Firmware fault (Pen.Core.Safety.FaultCode number).</summary>
        public int Fault;
        /// <summary>Truth: battery state of charge. Unit: 0..1.</summary>
        public double StateOfCharge;
        /// <summary>Truth: skin load scale now (0 = off the skin).</summary>
        public double SkinLoad;
        /// <summary>The firmware ran at this tick (false while frozen or paused by a fault event).</summary>
        public bool FirmwareRan;
        /// <summary>The tick's work on the simulated interpreter (0 when it did not run). Unit: µs.</summary>
        public double ComputeMicros;
        /// <summary>How long the tick waited past its due time for other threads, flash writes or collections. Unit: µs.</summary>
        public long StartDelayMicros;
        /// <summary>IL instructions, calls, port calls and heap allocations (as nanoCLR makes them) of the tick (metered core).</summary>
        public long Instructions, Calls, PortCalls, Allocations;
    }

    /// <summary>Receives each tick's row.</summary>
    public interface ITickSink
    {
        void OnTick(in TickRow row);
    }
}
