using System;
using System.Collections.Generic;
using Pen.Core;
using Pen.Core.Safety;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Running
{
    /// <summary>What a run measured: physical extremes, what the firmware did, and how fast it ran.</summary>
    public sealed class RunResult
    {
        public Scenario Scenario;
        public int Ticks;
        public int FrozenTicks;
        public long Strokes;
        public double MaxWindingC = double.MinValue;
        public double MaxHousingC = double.MinValue;
        public double MaxShaftRpm;
        public double MaxNeedleMm;
        public double MaxCurrentA;
        public double MinBusVolts = double.MaxValue;
        public double MotorEnabledSeconds;
        public double EndStateOfCharge;
        public PenState FinalState;
        public FaultCode FinalFault;
        /// <summary>Each fault code the firmware reported, with the first time it appeared (s).</summary>
        public SortedDictionary<int, double> FaultsSeen = new SortedDictionary<int, double>();
        public double SimulatedSeconds;
        public double WallSeconds;
        /// <summary>Times of every completed stroke (truth), s.</summary>
        public double[] StrokeTimes = Array.Empty<double>();

        private double _lastRowTime;

        /// <summary>Simulated seconds per wall-clock second.</summary>
        public double SpeedUp => WallSeconds > 0 ? SimulatedSeconds / WallSeconds : double.PositiveInfinity;

        /// <summary>The interpreter timing the run used (Running/InterpreterTiming).</summary>
        public string Interpreter = "instant";
        /// <summary>Times the heartbeat enable circuit took the drive away while the firmware asked for it.</summary>
        public int HeartbeatCutouts;
        /// <summary>Garbage collections the simulated interpreter made.</summary>
        public int Collections;
        /// <summary>A tick's work on the interpreter: mean and longest. Unit: µs.</summary>
        public double ComputeMeanMicros, ComputeMaxMicros;
        /// <summary>Longest time a tick waited past its due time, and what held the CPU (bench, flash, gc, tick). Unit: µs.</summary>
        public long LongestWaitMicros;
        public string LongestWaitCause = "none";
        /// <summary>Longest CPU time the bench thread worked between two yields (one slice; a whole answer when it never yields). Unit: µs.</summary>
        public double LongestBenchWorkMicros;
        /// <summary>Longest interval between two ticks that ran. Unit: µs.</summary>
        public double LongestTickIntervalMicros;
        private double _computeSum;
        private int _computed;
        private double _lastRanTime = double.NaN;

        internal void Observe(in TickRow row, PenPlant plant)
        {
            Ticks++;
            if (row.FirmwareRan)
            {
                _computeSum += row.ComputeMicros;
                _computed++;
                ComputeMeanMicros = _computeSum / _computed;
                ComputeMaxMicros = Math.Max(ComputeMaxMicros, row.ComputeMicros);
                if (!double.IsNaN(_lastRanTime)) LongestTickIntervalMicros = Math.Max(LongestTickIntervalMicros, (row.TimeS - _lastRanTime) * 1e6);
                _lastRanTime = row.TimeS;
            }
            if (!row.FirmwareRan) FrozenTicks++;
            MaxWindingC = Math.Max(MaxWindingC, row.WindingC);
            MaxHousingC = Math.Max(MaxHousingC, row.HousingC);
            MaxShaftRpm = Math.Max(MaxShaftRpm, row.ShaftHz * 60);
            MaxNeedleMm = Math.Max(MaxNeedleMm, row.NeedleMm);
            MaxCurrentA = Math.Max(MaxCurrentA, Math.Abs(row.CurrentA));
            MinBusVolts = Math.Min(MinBusVolts, row.BusVolts);
            if (row.MotorEnabled) MotorEnabledSeconds += row.TimeS - _lastRowTime;
            _lastRowTime = row.TimeS;
            if (row.Fault != 0 && !FaultsSeen.ContainsKey(row.Fault)) FaultsSeen[row.Fault] = row.TimeS;
        }

        internal void Finish(PenPlant plant, PenFirmware firmware)
        {
            Strokes = plant.Strokes;
            SimulatedSeconds = plant.TimeS;
            EndStateOfCharge = plant.Supply.StateOfCharge;
            FinalState = firmware.State;
            FinalFault = firmware.Fault;
            StrokeTimes = new double[plant.StrokeTimeCount - plant.StrokeTimesFirst]; // every stroke, unless the plant keeps a window
            Array.Copy(plant.StrokeTimes, StrokeTimes, StrokeTimes.Length);
        }
    }
}
