using System;
using System.Collections.Generic;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// Open-loop measurements of a reference plant against the operating points of plant.md §6.4. Used by the
    /// plant tests (which assert the tolerances) and by <c>report plant</c> (which prints the table).
    /// "No load" is motor and cam without a cartridge, as the datasheet figures are for the motor alone.
    /// </summary>
    public static class PlantChecks
    {
        /// <summary>Open-circuit voltage of 3.70 V on the RP-1 cell curve.</summary>
        public const double StateOfChargeAt3V7 = 0.5;

        /// <summary>Runs a plant at a fixed duty for a time, keeping the enable circuit satisfied.</summary>
        public static void RunOpenLoop(PenPlant plant, double duty, double seconds, long stepMicros = 1000)
        {
            plant.EnableRequest = true;
            plant.DutyCommand = duty;
            long end = plant.NowMicros + (long)Math.Round(seconds * 1e6);
            while (plant.NowMicros < end)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros; // a healthy firmware toggles every tick
                plant.AdvanceTo(Math.Min(end, plant.NowMicros + stepMicros));
            }
        }

        /// <summary>Steady no-load speed at full duty. Unit: rpm.</summary>
        public static double NoLoadRpm(PlantParameters p, double stateOfCharge)
        {
            var plant = new PenPlant(p, 1, stateOfCharge, 22) { CartridgePresent = false };
            RunOpenLoop(plant, 1.0, 0.4);
            return plant.ShaftHz * 60;
        }

        /// <summary>Current with the cam held still (a seized carrier) at full duty, 5 ms after switch-on. Unit: A.</summary>
        public static double StallAmps(PlantParameters p, double stateOfCharge, out bool driverTripped)
        {
            var plant = new PenPlant(p, 1, stateOfCharge, 22);
            plant.Jammed = true;
            driverTripped = false;
            plant.EnableRequest = true;
            plant.DutyCommand = 1.0;
            while (plant.TimeS < 0.005)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                if (!plant.DriverEnabled) driverTripped = true;
            }

            return driverTripped ? p.DriverOcpAmps : plant.MotorCurrentA;
        }

        /// <summary>
        /// Mechanical time constant of motor plus cam: time from rest to 63.2 % of the final speed at full duty
        /// with the terminals on a stiff source (no cell, bridge or shunt resistance; no over-current trip),
        /// which is how a datasheet defines τ_m = R·J/(k_t·k_e). Unit: s.
        /// </summary>
        public static double MechanicalTimeConstant(PlantParameters p)
        {
            PlantParameters stiff = p.Clone();
            stiff.SourceResistanceOhms = 0;
            stiff.DriverOnResistanceOhms = 0;
            stiff.ShuntOhms = 0;
            stiff.QuiescentAmps = 0;
            stiff.DriverOcpAmps = 1000;
            stiff.CurrentLimitAmps = double.PositiveInfinity;
            stiff.StepMicros = 10;
            return TimeTo63(stiff);
        }

        /// <summary>The same step response in the pen's own circuit (cell, bridge and shunt in series; the board's
        /// current comparator left out, as it only shapes the first milliseconds' current). Unit: s.</summary>
        public static double InCircuitTimeConstant(PlantParameters p)
        {
            PlantParameters fine = p.Clone();
            fine.CurrentLimitAmps = double.PositiveInfinity;
            fine.StepMicros = 10;
            return TimeTo63(fine);
        }

        private static double TimeTo63(PlantParameters p)
        {
            var settle = new PenPlant(p, 1, StateOfChargeAt3V7, 22) { CartridgePresent = false };
            RunOpenLoop(settle, 1.0, 0.3);
            double final = settle.ShaftRadPerS;
            var plant = new PenPlant(p, 1, StateOfChargeAt3V7, 22) { CartridgePresent = false };
            plant.EnableRequest = true;
            plant.DutyCommand = 1.0;
            while (plant.TimeS < 0.2)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 10);
                if (plant.ShaftRadPerS >= 0.632 * final) return plant.TimeS;
            }

            return double.NaN;
        }

        /// <summary>The table of <c>report plant</c>: quantity, measured, reference, tolerance, verdict.</summary>
        public static List<string[]> Table()
        {
            var rows = new List<string[]>();
            PlantParameters rp1 = PlantParameters.Rp1();
            double rpm37 = NoLoadRpm(rp1, StateOfChargeAt3V7);
            double rpm42 = NoLoadRpm(rp1, 1.0);
            double rpm30 = NoLoadRpm(rp1, 0.0);
            // plant.md's stall figures are the motor and the driver alone: the board's shunt comparator left out
            PlantParameters bare = rp1.Clone();
            bare.CurrentLimitAmps = double.PositiveInfinity;
            double stall37 = StallAmps(bare, StateOfChargeAt3V7, out bool trip37);
            StallAmps(bare, 1.0, out bool trip42);
            double held42 = StallAmps(rp1, 1.0, out bool heldTrip42);
            double tau = MechanicalTimeConstant(rp1);
            double tauCircuit = InCircuitTimeConstant(rp1);
            double rpm2 = NoLoadRpm(PlantParameters.Rp2(), 1.0);
            rows.Add(Row("RP-1 no-load speed, 100 % duty, 3.7 V", rpm37, "rpm", 13060, 0.03));
            rows.Add(Row("RP-1 no-load speed, 100 % duty, 4.2 V", rpm42, "rpm", 14850, 0.04));
            rows.Add(Row("RP-1 no-load speed, 100 % duty, 3.0 V", rpm30, "rpm", 10560, 0.04));
            rows.Add(Row("RP-1 stall current, 100 % duty, 3.7 V", stall37, "A", 2.27, 0.03));
            rows.Add(new[] { "RP-1 stall at 3.7 V trips the 2.5 A driver OCP", trip37 ? "yes" : "no", "", "no", "", trip37 ? "FAIL" : "ok" });
            rows.Add(new[] { "RP-1 stall at 4.2 V trips the 2.5 A driver OCP", trip42 ? "yes" : "no", "", "yes", "", trip42 ? "ok" : "FAIL" });
            rows.Add(new[]
            {
                "RP-1 stall at 4.2 V with the board's current comparator (nf.config currentLimit)", held42.ToString("F3"), "A",
                "≤ " + rp1.CurrentLimitAmps.ToString("G") + ", no OCP", "", !heldTrip42 && held42 <= rp1.CurrentLimitAmps + 0.01 ? "ok" : "FAIL",
            });
            rows.Add(Row("RP-1 mechanical time constant with cam (stiff source)", tau * 1e3, "ms", 10.5, 0.15));
            rows.Add(new[] { "RP-1 time constant in the pen's circuit (information)", (tauCircuit * 1e3).ToString("F2"), "ms", "", "", "" });
            rows.Add(Row("RP-2 no-load speed, 100 % duty, 7.4 V", rpm2, "rpm", 11660, 0.04));
            return rows;
        }

        private static string[] Row(string what, double measured, string unit, double reference, double tolerance)
        {
            double error = (measured - reference) / reference;
            string verdict = Math.Abs(error) <= tolerance ? "ok" : "FAIL";
            return new[]
            {
                what, measured.ToString(measured > 100 ? "F0" : "F3"), unit,
                reference.ToString("G"), "±" + (tolerance * 100).ToString("F0") + " % (" + (error * 100).ToString("+0.0;-0.0") + " %)", verdict,
            };
        }
    }
}
