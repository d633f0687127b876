using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// The factory's last step: the pen identifies its own motor (Pen.Core Commissioning/MotorIdentification) on the bare
    /// cam, with no cartridge seated, and keeps the result as its MOTOR record. On the simulated pen the unit is run as a
    /// twin of itself (the same plant, seed, sensing and firmware, at the factory's bench: 23 °C, a full cell, a steady
    /// tick) until its firmware has identified the motor, and the record its flash then holds goes into the pen's. The
    /// firmware is the measuring instrument: nothing here reads the plant's truth. Results are kept per unit (plant, seed,
    /// sensing, what the firmware is told, interpreter), since many runs build the same unit.
    /// </summary>
    public static class MotorIdentificationBench
    {
        /// <summary>The factory's ambient temperature. Unit: °C.</summary>
        public const double FactoryAmbientC = 23;

        /// <summary>Longest the factory waits for the identification: the chain (about 2.5 s) run as often as the firmware runs it
        /// again (Pen.Core PenLimits.IdentifyDisagreeingRuns, IdentifyAttempts: 3 each; the simulator keeps its own margin,
        /// it takes no number from the firmware). Unit: s.</summary>
        public const double MaxSeconds = 16.0;

        private static readonly ConcurrentDictionary<string, string> Identified = new ConcurrentDictionary<string, string>();

        /// <summary>The MOTOR record this unit's firmware makes of its motor at the factory; null when its identification failed.</summary>
        public static string Record(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told)
        {
            return Identified.GetOrAdd(Key(p, seed, timing, sensing, told), _ => Run(p, seed, timing, sensing, told));
        }

        /// <summary>Runs the twin at the factory until its firmware has identified its motor, and returns its MOTOR record (or null).</summary>
        public static string Run(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told)
        {
            SimulatedPen twin = FactoryTwin(p, seed, timing, sensing, told, out _);
            return twin.Firmware.Drive.MotorStatus == MotorStatus.Identified ? twin.ReadRecords().Value(MotorRecord.Slot) : null;
        }

        /// <summary>The twin at the factory's bench (<see cref="FactoryAmbientC"/>, a full cell) once its firmware has identified its
        /// motor or refused it: what <see cref="Run"/> takes the record from, for the identification report.</summary>
        public static SimulatedPen FactoryTwin(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told, out double truthOhms)
        {
            return Twin(p, seed, timing, sensing, told, FactoryAmbientC, 1.0, out truthOhms);
        }

        /// <summary>
        /// A unit with no motor record, run on the bare cam at <paramref name="ambientC"/> until its firmware has identified its
        /// motor (or refused it). <paramref name="truthOhms"/>: the winding's true resistance when the identification ended.
        /// </summary>
        public static SimulatedPen Twin(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told,
            double ambientC, double stateOfCharge, out double truthOhms)
        {
            var initial = new InitialConditions { Cartridge = false, StateOfCharge = stateOfCharge, AmbientC = ambientC, MotorIdentified = false };
            var twin = new SimulatedPen(p.Clone(), seed, initial, timing == null ? null : InterpreterTiming.ForName(timing.Name), sensing, told);
            var runner = new ScenarioRunner(new Scenario { Name = "factory: motor identification", Seed = seed, DurationS = MaxSeconds }, twin);
            // identified and its record on the flash (the firmware writes it a slice a tick), or refused
            runner.Until = () => (twin.Firmware.Drive.MotorStatus == MotorStatus.Identified && !twin.Firmware.Records.Pending) || twin.Firmware.Drive.MotorStatus == MotorStatus.Implausible;
            runner.Run();
            truthOhms = twin.Plant.MotorOhmsNow;
            return twin;
        }

        private static string Key(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told)
        {
            var sb = new StringBuilder();
            foreach (string[] row in p.Describe()) sb.Append(row[0]).Append('=').Append(row[1]).Append(';');
            sb.Append("seed=").Append(seed.ToString(CultureInfo.InvariantCulture)).Append(";timing=").Append(timing?.Name ?? "default");
            if (sensing != null)
                sb.Append(";sensing=").Append(string.Join(",", new[] { sensing.CurrentGain, sensing.CurrentOffsetMv, sensing.SupplyGain, sensing.SupplyOffsetMv, sensing.DriveGain, sensing.DriveOffsetMv, sensing.NtcOffsetC }));
            if (told != null)
                sb.Append(";told=").Append(string.Join(",", new[] { told.MotorBackEmfVoltSecondsPerRad, told.MotorResistanceOhms, told.MotorNoLoadAmps, told.RotorInertiaKgM2 }));
            return sb.ToString();
        }
    }
}
