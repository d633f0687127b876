using System;
using Pen.Core.Board;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// The factory's ADC calibration, on the simulated pen: a reference source drives each of the six ADC inputs'
    /// test pads in turn (over the sensor, through the input's series resistor) at two voltages; at each, the pen's
    /// own channel is read <see cref="ReadsPerPoint"/> times and averaged, and a reference voltmeter measures the pad
    /// (to <see cref="VoltmeterResolutionMillivolts"/>). Each input's two points go into the pen's record store as an
    /// ADCCAL record, which the firmware loads at every boot. The points are nf.config's adc.calibrationLow/High
    /// (200 and 2200 mV), inside the ADC's linear part on every chip.
    /// </summary>
    public static class AdcCalibrationBench
    {
        /// <summary>ADC reads averaged at each point.</summary>
        public const int ReadsPerPoint = 64;
        /// <summary>Resolution of the reference voltmeter (a 5½-digit DMM on its 10 V range: 0.1 mV). Unit: mV.</summary>
        public const double VoltmeterResolutionMillivolts = 0.1;
        /// <summary>The two reference voltages. Unit: mV. nf.config adc.calibrationLowMillivolts / calibrationHighMillivolts.</summary>
        public const double LowMillivolts = 200, HighMillivolts = 2200;

        /// <summary>The pen's channel of an input by its ADCCAL name (<see cref="AdcLines.Names"/> order).</summary>
        public static SimAdc Channel(SimulatedPen pen, int index)
        {
            switch (index)
            {
                case 0: return pen.CurrentAdc;
                case 1: return pen.CurrentAveragedAdc;
                case 2: return pen.DriveAdc;
                case 3: return pen.SupplyAdc;
                case 4: return pen.NtcAdc;
                default: return pen.DepthAdc;
            }
        }

        /// <summary>Measures one input's calibration (does not store it).</summary>
        public static AdcCalibration Measure(SimAdc channel, string input, SplitMix noise)
        {
            float lowCode = MeanCode(channel, LowMillivolts, noise), highCode = MeanCode(channel, HighMillivolts, noise);
            float lowRead = (float)(Math.Round(LowMillivolts / VoltmeterResolutionMillivolts) * VoltmeterResolutionMillivolts);
            float highRead = (float)(Math.Round(HighMillivolts / VoltmeterResolutionMillivolts) * VoltmeterResolutionMillivolts);
            return AdcCalibration.FromMeasured(input, lowCode, lowRead, highCode, highRead)
                   ?? throw new InvalidOperationException("ADC calibration of input " + input + " out of range: the chip or the channel is outside its tolerance");
        }

        /// <summary>Measures every input and writes one ADCCAL record each into the pen's record store (what the factory does once per pen).</summary>
        public static void CalibrateAndStore(SimulatedPen pen, int seed)
        {
            SplitMix noise = SplitMix.For(seed, "bench-adc");
            for (int i = 0; i < AdcLines.Names.Length; i++)
            {
                AdcCalibration cal = Measure(Channel(pen, i), AdcLines.Names[i], noise);
                FactoryRecords.Store(pen, cal.ToRecord());
            }
        }

        private static float MeanCode(SimAdc channel, double millivolts, SplitMix noise)
        {
            double sum = 0;
            for (int k = 0; k < ReadsPerPoint; k++) sum += channel.ConvertAt(millivolts * 1e-3, noise);
            return (float)(sum / ReadsPerPoint);
        }
    }
}
