using System;
using Pen.Core.Board;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// The factory's supply calibration, on the simulated pen: a bench supply takes the battery's (or the bus's)
    /// place at two voltages; at each, the pen's own supply channel is read <see cref="ReadsPerPoint"/> times and
    /// averaged, and a reference voltmeter measures the voltage (to <see cref="VoltmeterResolutionVolts"/>). The
    /// two points go into the pen's records as a SUPPLYCAL record, which the firmware loads at every boot.
    /// The points bracket where the pen decides: 3.0 V and 4.2 V for the 1S cell (the start and stop thresholds
    /// lie between them), ±10 % of the bus for the corded pen.
    /// </summary>
    public static class SupplyCalibrationBench
    {
        /// <summary>ADC reads averaged at each point.</summary>
        public const int ReadsPerPoint = 64;
        /// <summary>Resolution of the reference voltmeter (a 4½-digit DMM). Unit: V.</summary>
        public const double VoltmeterResolutionVolts = 0.001;

        /// <summary>The bench supply's two voltages for this pen. Unit: V.</summary>
        public static void Points(PlantParameters p, out double lowVolts, out double highVolts)
        {
            if (p.SupplyIsBattery)
            {
                lowVolts = 3.0;
                highVolts = 4.2;
            }
            else
            {
                lowVolts = 0.9 * p.BusVolts;
                highVolts = 1.1 * p.BusVolts;
            }
        }

        /// <summary>Measures this unit's calibration (does not store it).</summary>
        public static SupplyCalibration Measure(SimulatedPen pen, int seed)
        {
            Points(pen.Parameters, out double low, out double high);
            SplitMix noise = SplitMix.For(seed, "bench-supply");
            float lowCode = MeanCode(pen, low, noise), highCode = MeanCode(pen, high, noise);
            float lowRead = (float)(Math.Round(low / VoltmeterResolutionVolts) * VoltmeterResolutionVolts);
            float highRead = (float)(Math.Round(high / VoltmeterResolutionVolts) * VoltmeterResolutionVolts);
            AdcCalibration adc = AdcCalibration.Load(pen.ReadRecords().Value(CalibrationKinds.AdcSlotName("supply")), "supply");
            return SupplyCalibration.FromMeasured(lowCode, lowRead, highCode, highRead, pen.Board.Scale, adc != null ? adc.Line : AdcLine.Nominal)
                   ?? throw new InvalidOperationException("supply calibration out of range: the divider or the ADC is outside its tolerance");
        }

        /// <summary>Measures the calibration and writes it into the pen's records (what the factory does once per pen).</summary>
        public static SupplyCalibration CalibrateAndStore(SimulatedPen pen, int seed)
        {
            SupplyCalibration cal = Measure(pen, seed);
            FactoryRecords.Store(pen, cal.ToRecord());
            return cal;
        }

        private static float MeanCode(SimulatedPen pen, double supplyVolts, SplitMix noise)
        {
            double sum = 0;
            for (int k = 0; k < ReadsPerPoint; k++) sum += pen.SupplyAdc.ConvertAt(supplyVolts * pen.SupplyDividerRatio, noise);
            return (float)(sum / ReadsPerPoint);
        }
    }
}
