using System;
using System.Collections.Generic;
using System.Globalization;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// Depth-gauge accuracy over many simulated units: each unit is calibrated at the factory (its DEPTHCAL record),
    /// then the ring is walked up and down through every detent and the firmware's gauge reads the channel as the
    /// tick does. Error = gauge reading − the ring's true protrusion (truth); for contrast, the nominal straight line.
    /// </summary>
    public static class DepthAccuracy
    {
        public sealed class Result
        {
            public int Units, Readings, WrongDetents;
            public double MaxCalibratedErrorMm, MaxSettingErrorMm, MaxNominalErrorMm;
        }

        public static Result Measure(int units, string plant = "RP-1")
        {
            var r = new Result { Units = units };
            for (int seed = 1; seed <= units; seed++)
            {
                PlantParameters p = PlantParameters.ForName(plant);
                var pen = new SimulatedPen(p, seed, new InitialConditions { DepthMm = 0 });
                var gauge = new DepthGauge();
                gauge.LoadCalibration(pen.ReadRecords().Value(CalibrationKinds.SlotName(DepthCalibration.RecordTag)), null);
                var nominal = new DepthGauge();
                var walk = new List<int>();
                for (int i = 0; i < PenLimits.DepthDetentCount; i++) walk.Add(i);
                for (int i = PenLimits.DepthDetentCount - 2; i >= 0; i--) walk.Add(i);
                foreach (int detent in walk)
                {
                    pen.SetDepth(detent * BoardConstants.DepthDetentStepMm);
                    for (int k = 0; k < 20; k++)
                    {
                        int code = pen.DepthAdc.ReadRaw();
                        gauge.Update(code);
                        nominal.Update(code);
                    }

                    double truth = pen.Ring.ActualMm;
                    r.Readings++;
                    if (gauge.Detent != detent) r.WrongDetents++;
                    r.MaxCalibratedErrorMm = Math.Max(r.MaxCalibratedErrorMm, Math.Abs(gauge.CalibratedMm - truth));
                    r.MaxSettingErrorMm = Math.Max(r.MaxSettingErrorMm, Math.Abs(gauge.DepthMm - truth));
                    r.MaxNominalErrorMm = Math.Max(r.MaxNominalErrorMm, Math.Abs(nominal.DepthMm - truth));
                }
            }

            return r;
        }

        public static string Markdown(int units)
        {
            Result a = Measure(units, "RP-1");
            Result b = Measure(units, "RP-2");
            var rows = new List<string[]>();
            foreach (var (name, r) in new[] { ("RP-1", a), ("RP-2", b) })
            {
                rows.Add(new[] { name + " calibrated protrusion (CalibratedMm)", F(r.MaxCalibratedErrorMm), "±" + F(PenLimits.DepthAccuracyMm), r.MaxCalibratedErrorMm <= PenLimits.DepthAccuracyMm ? "pass" : "FAIL" });
                rows.Add(new[] { name + " detent setting (DepthMm, what limits compare)", F(r.MaxSettingErrorMm), "±" + F(PenLimits.DepthAccuracyMm), r.MaxSettingErrorMm <= PenLimits.DepthAccuracyMm ? "pass" : "FAIL" });
                rows.Add(new[] { name + " nominal line, no calibration (contrast)", F(r.MaxNominalErrorMm), "-", "information" });
                rows.Add(new[] { name + " detent misread (of " + r.Readings + " readings)", r.WrongDetents.ToString(CultureInfo.InvariantCulture), "0", r.WrongDetents == 0 ? "pass" : "FAIL" });
            }

            return "# Depth gauge accuracy: " + units + " units per plant, every detent up and down, 20 reads each\n\n" +
                   MarkdownTable.Render(new[] { "reading", "worst error (mm)", "required", "verdict" }, rows) +
                   "\nError = firmware reading − true ring protrusion. Rerun: dotnet run --project hardware/Pen.Simulator -- report depth\n";
        }

        private static string F(double v) { return v.ToString("F3", CultureInfo.InvariantCulture); }
    }
}
