using System;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Running;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// The factory's depth calibration, on the simulated pen: the ring is clicked into each of its 11 detents; at
    /// each, the pen's own depth channel is read <see cref="ReadsPerDetent"/> times and averaged, and a reference
    /// gauge measures the needle protrusion (to <see cref="GaugeResolutionMm"/>). The table goes into the pen's
    /// records as a DEPTHCAL record, which the firmware loads at every boot. The ring is left where it was.
    /// </summary>
    public static class DepthCalibrationBench
    {
        /// <summary>ADC reads averaged at each detent.</summary>
        public const int ReadsPerDetent = 64;
        /// <summary>Resolution of the reference gauge (a dial indicator). Unit: mm.</summary>
        public const double GaugeResolutionMm = 0.005;

        /// <summary>Measures the table of this unit (does not store it).</summary>
        /// <param name="offsetDetents">A planted fault: the codes recorded this many detents' worth off (0: right).</param>
        public static DepthCalibration Measure(DepthRing ring, SimAdc depthAdc, double offsetDetents = 0)
        {
            int keep = ring.Detent;
            var codes = new float[PenLimits.DepthDetentCount];
            var mm = new float[PenLimits.DepthDetentCount];
            for (int i = 0; i < PenLimits.DepthDetentCount; i++)
            {
                ring.Set(i * BoardConstants.DepthDetentStepMm);
                double sum = 0;
                for (int k = 0; k < ReadsPerDetent; k++) sum += depthAdc.ReadRaw();
                codes[i] = (float)(sum / ReadsPerDetent);
                mm[i] = (float)(Math.Round(ring.ActualMm / GaugeResolutionMm) * GaugeResolutionMm);
            }

            ring.Set(keep * BoardConstants.DepthDetentStepMm);
            float step = (codes[codes.Length - 1] - codes[0]) / (codes.Length - 1);
            for (int i = 0; i < codes.Length; i++) codes[i] += (float)(offsetDetents * step);
            return DepthCalibration.FromMeasured(codes, mm)
                   ?? throw new InvalidOperationException("depth calibration out of range: the ring or its sensor is outside its tolerance");
        }

        /// <summary>Measures the table and writes it into the pen's records (what the factory does once per pen).</summary>
        public static DepthCalibration CalibrateAndStore(SimulatedPen pen, double offsetDetents = 0)
        {
            DepthCalibration table = Measure(pen.Ring, pen.DepthAdc, offsetDetents);
            FactoryRecords.Store(pen, table.ToRecord());
            return table;
        }
    }
}
