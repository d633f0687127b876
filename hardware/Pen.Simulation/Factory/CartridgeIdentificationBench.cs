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
    /// A cartridge measured before the timeline begins: a twin of the pen (the same plant, seed, sensing and firmware, its
    /// motor identified at the factory) boots, the cartridge is seated, and it runs until its firmware has measured the cartridge
    /// (Pen.Core Commissioning/CartridgeIdentification) or refused it, and the CARTID record its flash then holds goes into the
    /// pen's. The firmware is the measuring instrument: nothing here reads the plant's truth. Kept per pen and cartridge.
    /// </summary>
    public static class CartridgeIdentificationBench
    {
        /// <summary>Longest the twin runs: the chain (under 1 s) and its park. Unit: s.</summary>
        public const double MaxSeconds = 3.0;

        private static readonly ConcurrentDictionary<string, string> Identified = new ConcurrentDictionary<string, string>();

        /// <summary>The CARTID record this pen's firmware makes of the cartridge <paramref name="initial"/> seats; null when it refused it.</summary>
        public static string Record(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told, InitialConditions initial)
        {
            return Identified.GetOrAdd(Key(p, seed, timing, sensing, told, initial), _ => Run(p, seed, timing, sensing, told, initial));
        }

        private static string Run(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told, InitialConditions initial)
        {
            InitialConditions twinInitial = initial.Clone();
            twinInitial.CartridgeIdentified = false;
            twinInitial.Cartridge = false;
            var twin = new SimulatedPen(p.Clone(), seed, twinInitial, timing == null ? null : InterpreterTiming.ForName(timing.Name), sensing, told);
            // the firmware measures a cartridge seated while it is on: the twin boots without, and the cartridge is seated
            var scenario = new Scenario { Name = "cartridge identification", Seed = seed, DurationS = MaxSeconds };
            scenario.Events.Add(new CartridgeEvent { AtS = 0.05, Insert = true, Needles = initial.Needles, Build = (initial.CartridgeBuild ?? new CartridgeBuild()).Clone() });
            var runner = new ScenarioRunner(scenario, twin);
            StrokeDrive drive = twin.Firmware.Drive;
            runner.Until = () => (drive.CartridgeStatus == CartridgeStatus.Identified && drive.Stopped && !twin.Firmware.Records.Pending)
                                 || drive.CartridgeStatus == CartridgeStatus.Implausible;
            runner.Run();
            return drive.CartridgeStatus == CartridgeStatus.Identified ? twin.ReadRecords().Value(CartridgeRecord.Slot) : null;
        }

        private static string Key(PlantParameters p, int seed, InterpreterTiming timing, SensingTruth sensing, FirmwareTold told, InitialConditions initial)
        {
            var sb = new StringBuilder();
            foreach (string[] row in p.Describe()) sb.Append(row[0]).Append('=').Append(row[1]).Append(';');
            sb.Append("seed=").Append(seed.ToString(CultureInfo.InvariantCulture)).Append(";timing=").Append(timing?.Name ?? "default");
            if (sensing != null)
                sb.Append(";sensing=").Append(string.Join(",", new[] { sensing.CurrentGain, sensing.CurrentOffsetMv, sensing.SupplyGain, sensing.SupplyOffsetMv, sensing.DriveGain, sensing.DriveOffsetMv, sensing.NtcOffsetC }));
            if (told != null)
                sb.Append(";told=").Append(string.Join(",", new[] { told.MotorBackEmfVoltSecondsPerRad, told.MotorResistanceOhms, told.MotorNoLoadAmps, told.RotorInertiaKgM2 }));
            CartridgeBuild b = initial.CartridgeBuild ?? new CartridgeBuild();
            sb.Append(";cart=").Append(string.Join(",", new[] { b.SpringPreloadN, b.SpringRateNPerM, b.NeedleForceN }))
              .Append(";needles=").Append(initial.Needles.ToString(CultureInfo.InvariantCulture))
              .Append(";soc=").Append(initial.StateOfCharge.ToString("R", CultureInfo.InvariantCulture))
              .Append(";ocv=").Append(initial.BatteryOcvVolts.ToString("R", CultureInfo.InvariantCulture))
              .Append(";ambient=").Append(initial.AmbientC.ToString("R", CultureInfo.InvariantCulture))
              .Append(";motor=").Append(initial.MotorIdentified).Append(initial.MotorRecordOfNominal);
            return sb.ToString();
        }
    }
}
