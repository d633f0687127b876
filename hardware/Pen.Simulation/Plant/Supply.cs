using System;

namespace Pen.Simulation.Plant
{
    /// <summary>
    /// The pen's supply: a 1S Li-ion cell with internal resistance and state of charge (RP-1), or a regulated
    /// bus behind a small source resistance (RP-2).
    /// </summary>
    public sealed class Supply
    {
        // Open-circuit voltage of a Li-ion cell against state of charge: 4.20 V full, 3.70 V nominal, 3.00 V
        // empty (plant.md §6.1 [S]); the points between them shape a typical curve [E].
        private static readonly double[] SocPoints = { 0.00, 0.05, 0.10, 0.20, 0.50, 0.80, 0.90, 1.00 };
        private static readonly double[] OcvPoints = { 3.00, 3.30, 3.45, 3.58, 3.70, 3.92, 4.03, 4.20 };

        private readonly PlantParameters _p;

        /// <summary>A copy of this supply's state.</summary>
        public Supply Copy() => (Supply)MemberwiseClone();

        public Supply(PlantParameters p, double stateOfCharge)
        {
            _p = p;
            StateOfCharge = Math.Clamp(stateOfCharge, 0, 1);
        }

        /// <summary>State of charge, fraction 0..1 (RP-1 only; RP-2 stays 1).</summary>
        public double StateOfCharge { get; set; }

        /// <summary>
        /// A bench supply in the cell's (or the bus's) place (the QA fixture's, for the supply calibration); null: none.
        /// Unit: V.
        /// </summary>
        public double? BenchVolts { get; set; }

        /// <summary>Open-circuit (or regulated) voltage now. Unit: V.</summary>
        public double OpenCircuitVolts
        {
            get
            {
                if (BenchVolts.HasValue) return BenchVolts.Value;
                if (!_p.SupplyIsBattery) return _p.BusVolts;
                return OcvAt(StateOfCharge);
            }
        }

        /// <summary>The cell's open-circuit voltage at a state of charge. Unit: V.</summary>
        public static double OcvAt(double soc)
        {
            soc = Math.Clamp(soc, 0, 1);
            for (int i = 1; i < SocPoints.Length; i++)
            {
                if (soc <= SocPoints[i])
                {
                    double f = (soc - SocPoints[i - 1]) / (SocPoints[i] - SocPoints[i - 1]);
                    return OcvPoints[i - 1] + f * (OcvPoints[i] - OcvPoints[i - 1]);
                }
            }

            return OcvPoints[OcvPoints.Length - 1];
        }

        /// <summary>The state of charge at which the cell's open-circuit voltage is <paramref name="ocv"/> (the inverse of
        /// <see cref="OcvAt"/>, which rises strictly). Unit: fraction 0..1.</summary>
        public static double StateOfChargeAt(double ocv)
        {
            if (ocv <= OcvPoints[0]) return 0;
            for (int i = 1; i < OcvPoints.Length; i++)
            {
                if (ocv <= OcvPoints[i]) return SocPoints[i - 1] + (ocv - OcvPoints[i - 1]) / (OcvPoints[i] - OcvPoints[i - 1]) * (SocPoints[i] - SocPoints[i - 1]);
            }

            return 1;
        }

        /// <summary>Draws charge for a while. Unit: A, s.</summary>
        public void Drain(double amps, double seconds)
        {
            if (!_p.SupplyIsBattery || BenchVolts.HasValue) return;
            double capacityCoulombs = _p.BatteryCapacityMilliampHours * 3.6;
            StateOfCharge = Math.Clamp(StateOfCharge - amps * seconds / capacityCoulombs, 0, 1);
        }
    }
}
