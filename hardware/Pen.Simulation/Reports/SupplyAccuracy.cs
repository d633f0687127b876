using System;
using System.Collections.Generic;
using System.Globalization;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Simulation.Factory;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// Supply-reading accuracy over many simulated units: each unit is calibrated at the factory (its SUPPLYCAL
    /// record, Factory/SupplyCalibrationBench), then its supply channel is converted at voltages across the range
    /// the pen decides in, one read each, as the tick reads it. Error = firmware reading − true supply voltage; for
    /// contrast, the nominal divider scaling. For the battery pen, also how many units would refuse a 3.2 V cell
    /// (the control issue runs on one) or start on an empty one (3.0 V).
    /// </summary>
    public static class SupplyAccuracy
    {
        public sealed class Result
        {
            public int Units, Readings;
            public double MaxCalibratedErrorV, MaxNominalErrorV;
            public int RefuseAt3V2Calibrated, RefuseAt3V2Nominal, StartAt3V0Calibrated, StartAt3V0Nominal;
        }

        /// <summary>Reads per unit and voltage.</summary>
        public const int ReadsPerPoint = 20;

        public static Result Measure(int units, string plant)
        {
            var r = new Result { Units = units };
            for (int seed = 1; seed <= units; seed++)
            {
                PlantParameters p = PlantParameters.ForName(plant);
                var pen = new SimulatedPen(p, seed, new InitialConditions());
                var lines = new AdcLines();
                var stored = pen.ReadRecords();
                lines.Load(stored);
                SupplyCalibration cal = SupplyCalibration.Load(stored.Value(CalibrationKinds.SlotName(SupplyCalibration.RecordTag)), pen.Board.Scale, lines.Supply);
                if (cal == null) throw new InvalidOperationException("unit " + seed + " left the factory without a supply calibration");
                SplitMix noise = SplitMix.For(seed, "supply-accuracy");
                foreach (double volts in Voltages(p))
                {
                    for (int k = 0; k < ReadsPerPoint; k++)
                    {
                        int code = pen.SupplyAdc.ConvertAt(volts * pen.SupplyDividerRatio, noise);
                        double calibrated = cal.Volts(code), nominal = pen.Board.Scale.SupplyVolts(AdcLine.Nominal.Millivolts(code));
                        r.Readings++;
                        r.MaxCalibratedErrorV = Math.Max(r.MaxCalibratedErrorV, Math.Abs(calibrated - volts));
                        r.MaxNominalErrorV = Math.Max(r.MaxNominalErrorV, Math.Abs(nominal - volts));
                        if (!p.SupplyIsBattery || k > 0) continue;
                        if (volts == 3.2 && calibrated < PenLimits.BatteryStartMinVolts) r.RefuseAt3V2Calibrated++;
                        if (volts == 3.2 && nominal < PenLimits.BatteryStartMinVolts) r.RefuseAt3V2Nominal++;
                        if (volts == 3.0 && calibrated >= PenLimits.BatteryStartMinVolts) r.StartAt3V0Calibrated++;
                        if (volts == 3.0 && nominal >= PenLimits.BatteryStartMinVolts) r.StartAt3V0Nominal++;
                    }
                }
            }

            return r;
        }

        private static double[] Voltages(PlantParameters p)
        {
            if (p.SupplyIsBattery) return new[] { 3.0, 3.1, 3.15, 3.2, 3.3, 3.7, 4.0, 4.2 };
            SupplyCalibrationBench.Points(p, out double lo, out double hi);
            return new[] { lo, 0.95 * p.BusVolts, p.BusVolts, 1.05 * p.BusVolts, hi };
        }

        public static string Markdown(int units)
        {
            Result a = Measure(units, "RP-1");
            Result b = Measure(units, "RP-2");
            var rows = new List<string[]>();
            string required = "±" + PenLimits.SupplyReadingAccuracyVolts.ToString("F3", CultureInfo.InvariantCulture);
            foreach (var (name, r) in new[] { ("RP-1 (1S cell, 3.0–4.2 V)", a), ("RP-2 (7.4 V bus, ±10 %)", b) })
            {
                rows.Add(new[] { name + " calibrated reading", F(r.MaxCalibratedErrorV), required, r.MaxCalibratedErrorV <= PenLimits.SupplyReadingAccuracyVolts ? "pass" : "FAIL" });
                rows.Add(new[] { name + " nominal divider, no calibration (contrast)", F(r.MaxNominalErrorV), "-", "information" });
            }

            var gate = new List<string[]>
            {
                new[] { "refuse to start on a 3.2 V cell", a.RefuseAt3V2Calibrated.ToString(CultureInfo.InvariantCulture), a.RefuseAt3V2Nominal.ToString(CultureInfo.InvariantCulture), "0", a.RefuseAt3V2Calibrated == 0 ? "pass" : "FAIL" },
                new[] { "start on an empty cell (3.0 V)", a.StartAt3V0Calibrated.ToString(CultureInfo.InvariantCulture), a.StartAt3V0Nominal.ToString(CultureInfo.InvariantCulture), "0", a.StartAt3V0Calibrated == 0 ? "pass" : "FAIL" },
            };

            return "# Supply reading accuracy: " + units + " units per plant, " + ReadsPerPoint + " reads at each voltage\n\n" +
                   MarkdownTable.Render(new[] { "reading", "worst error (V)", "required", "verdict" }, rows) +
                   "\n## The start threshold (" + PenLimits.BatteryStartMinVolts.ToString("F2", CultureInfo.InvariantCulture) + " V) on RP-1, units of " + units + "\n\n" +
                   MarkdownTable.Render(new[] { "units that would", "calibrated", "nominal divider", "required", "verdict" }, gate) +
                   "\nError = firmware reading − true supply voltage; each unit has its own divider tolerance and its own ESP32 ADC (reference 1000–1200 mV, offset, bends, noise). " +
                   "Rerun: dotnet run --project hardware/Pen.Simulator -- report supply\n";
        }

        private static string F(double v) { return v.ToString("F3", CultureInfo.InvariantCulture); }
    }
}
