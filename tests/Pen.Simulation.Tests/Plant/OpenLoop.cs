using Pen.Simulation.Plant;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>Drives a bare plant open loop: fixed duty, driver enabled, heartbeat kept alive.</summary>
    internal static class OpenLoop
    {
        /// <summary>Runs the plant at a fixed duty for a time, keeping the enable circuit satisfied.</summary>
        public static void Run(PenPlant plant, double duty, double seconds)
        {
            plant.EnableRequest = true;
            plant.DutyCommand = duty;
            long end = plant.NowMicros + (long)(seconds * 1e6);
            while (plant.NowMicros < end)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros; // a healthy firmware toggles every tick
                plant.AdvanceTo(System.Math.Min(end, plant.NowMicros + 1000));
            }
        }

        /// <summary>RP-1 at a state of charge whose open-circuit voltage is 3.70 V, motor with cam only (no cartridge).</summary>
        public static PenPlant Rp1At3V7NoLoad(PlantParameters p = null)
        {
            var plant = new PenPlant(p ?? PlantParameters.Rp1(), 1, 0.5, 22);
            plant.CartridgePresent = false;
            return plant;
        }
    }
}
