namespace Pen.Simulation.Plant
{
    /// <summary>
    /// Two-node thermal model of the motor in the pen body (plant.md §2.1, §6.2): winding → housing through
    /// Rth1, housing → ambient through Rth2. The housing node stands for the pen body the hand holds.
    /// </summary>
    public sealed class ThermalModel
    {
        private readonly PlantParameters _p;

        /// <summary>A copy of this model's temperatures.</summary>
        public ThermalModel Copy() => (ThermalModel)MemberwiseClone();

        public ThermalModel(PlantParameters p, double ambientC)
        {
            _p = p;
            AmbientC = ambientC;
            WindingC = ambientC;
            HousingC = ambientC;
            NtcC = ambientC;
        }

        public double AmbientC { get; set; }
        public double WindingC { get; private set; }
        public double HousingC { get; private set; }

        /// <summary>What the NTC itself is at: the housing, lagged by the sensor's own time constant.</summary>
        public double NtcC { get; private set; }

        /// <summary>
        /// Advances by dt with heat into the winding (copper loss) and into the housing (bearing friction).
        /// C_w dT_w/dt = P_w − (T_w − T_h)/R1;  C_h dT_h/dt = P_h + (T_w − T_h)/R1 − (T_h − T_a)/R2   (explicit Euler;
        /// dt ≤ 1 ms against time constants ≥ 5.6 s).
        /// </summary>
        public void Step(double windingWatts, double housingWatts, double dt)
        {
            double toHousing = (WindingC - HousingC) / _p.ThermalResistanceWindingHousingKPerW;
            double toAmbient = (HousingC - AmbientC) / _p.ThermalResistanceHousingAmbientKPerW;
            WindingC += dt * (windingWatts - toHousing) / _p.WindingHeatCapacityJPerK;
            HousingC += dt * (housingWatts + toHousing - toAmbient) / _p.HousingHeatCapacityJPerK;
            NtcC += (HousingC - NtcC) * dt / _p.NtcLagSeconds;
        }
    }
}
