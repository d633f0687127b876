using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// `report sensing`: every sensing chain's reading against the truth over many simulated units after the factory's
    /// calibration (issue 30's acceptance). Each unit has its own ADC (reference 1000–1200 mV, offset, bends, bow, noise:
    /// Peripherals/Esp32Adc) and its own parts at their tolerances (shunt, amplifier gain and reference, dividers, NTC,
    /// pull-up, 3.3 V rail, depth sensor). The unit boots its firmware, which loads its factory records (ADCCAL, SUPPLYCAL,
    /// DEPTHCAL); each truth is then put on the pin through that unit's chain and converted by the firmware's own objects
    /// (the frame's ADC lines, its supply calibration, a current zero learnt with the bridge off, its depth gauge).
    /// "Reading" is the mean over 100 ms (10 ticks) of what the firmware computes each tick; one tick alone adds the ADC's
    /// noise, shown beside it.
    /// </summary>
    public static class SensingAccuracy
    {
        /// <summary>Ticks averaged for a reading (100 ms).</summary>
        public const int TicksPerReading = 10;

        public static readonly double[] ShuntAmps = { 0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.7, 1.0, 1.5, 2.0 };
        public static readonly double[] HousingC = { 10, 15, 20, 25, 30, 35, 38, 41.5, 43, 50 };

        /// <summary>Worst errors of one plant's units.</summary>
        public sealed class Result
        {
            public int Units;
            /// <summary>Worst current error as a share of the limit ±max(2 %, 5 mA), averaged input / fast input. Unit: 1 (≤ 1 meets it).</summary>
            public double CurrentAveragedShare, CurrentFastShare;
            /// <summary>Worst current error at and above 250 mA, relative. Unit: fraction.</summary>
            public double CurrentRelative;
            /// <summary>Worst current error under 250 mA. Unit: A.</summary>
            public double CurrentLowAmps;
            /// <summary>Worst single-tick current error under 250 mA and relative above it (noise included).</summary>
            public double CurrentTickLowAmps, CurrentTickRelative;
            public double SupplyVolts, SupplyTickVolts;
            public double HousingK, HousingTickK;
            public double DepthSettingMm, DepthCalibratedMm;
            public int DepthWrongDetents;
            public string WorstCurrentUnit = "", WorstHousingUnit = "", WorstSupplyUnit = "";
        }

        public static Result Measure(int units, string plant)
        {
            var r = new Result { Units = units };
            for (int seed = 1; seed <= units; seed++)
            {
                PlantParameters p = PlantParameters.ForName(plant);
                var pen = new SimulatedPen(p, seed, new InitialConditions());
                pen.FirstBoot();
                SensorFrame f = pen.Firmware.Frame;
                SplitMix noise = SplitMix.For(seed, "sensing-accuracy");
                string unit = string.Format(CultureInfo.InvariantCulture, "unit {0} (Vref {1:F0} mV)", seed, pen.AdcChip.VrefMillivolts);
                MeasureCurrent(pen, f, noise, r, unit);
                MeasureSupply(pen, f, p, noise, r, unit);
                MeasureHousing(pen, f, noise, r, unit);
            }

            DepthAccuracy.Result depth = DepthAccuracy.Measure(units, plant);
            r.DepthSettingMm = depth.MaxSettingErrorMm;
            r.DepthCalibratedMm = depth.MaxCalibratedErrorMm;
            r.DepthWrongDetents = depth.WrongDetents;
            return r;
        }

        private static void MeasureCurrent(SimulatedPen pen, SensorFrame f, SplitMix noise, Result r, string unit)
        {
            // the zero each input learns with the bridge off, as SafetyInputs (fast, k = 1/8) and StrokeDrive (averaged, k = 1/20) do
            var fastZero = new CurrentZero(0, 0.125f);
            var averagedZero = new CurrentZero(0, 0.05f);
            for (int k = 0; k < 200; k++)
            {
                fastZero.Learn(f.Adc.Current.Millivolts(pen.CurrentAdc.ConvertAt(pen.CurrentSensePinVolts(0), noise)), true, k * 10000L);
                averagedZero.Learn(f.Adc.CurrentAveraged.Millivolts(MeanOfFour(pen.CurrentAveragedAdc, pen.CurrentSensePinVolts(0), noise)), true, k * 10000L);
            }

            foreach (double amps in ShuntAmps)
            {
                double pin = pen.CurrentSensePinVolts(amps);
                double sumFast = 0, sumAveraged = 0;
                for (int k = 0; k < TicksPerReading; k++)
                {
                    double fast = fastZero.ShuntAmps(f.Adc.Current.Millivolts(pen.CurrentAdc.ConvertAt(pin, noise)));
                    double averaged = averagedZero.ShuntAmps(f.Adc.CurrentAveraged.Millivolts(MeanOfFour(pen.CurrentAveragedAdc, pin, noise)));
                    sumFast += fast;
                    sumAveraged += averaged;
                    Track(amps, averaged - amps, ref r.CurrentTickLowAmps, ref r.CurrentTickRelative);
                }

                double errAveraged = sumAveraged / TicksPerReading - amps, errFast = sumFast / TicksPerReading - amps;
                double limit = CurrentLimit(amps);
                if (Math.Abs(errAveraged) / limit > r.CurrentAveragedShare)
                {
                    r.CurrentAveragedShare = Math.Abs(errAveraged) / limit;
                    r.WorstCurrentUnit = unit + string.Format(CultureInfo.InvariantCulture, " at {0:F2} A", amps);
                }

                r.CurrentFastShare = Math.Max(r.CurrentFastShare, Math.Abs(errFast) / limit);
                Track(amps, errAveraged, ref r.CurrentLowAmps, ref r.CurrentRelative);
            }
        }

        private static void MeasureSupply(SimulatedPen pen, SensorFrame f, PlantParameters p, SplitMix noise, Result r, string unit)
        {
            double[] volts = p.SupplyIsBattery ? new[] { 3.0, 3.15, 3.2, 3.5, 3.7, 4.0, 4.2 } : new[] { 6.66, 7.0, 7.4, 7.8, 8.14 };
            foreach (double v in volts)
            {
                double sum = 0;
                for (int k = 0; k < TicksPerReading; k++)
                {
                    int code = pen.SupplyAdc.ConvertAt(v * pen.SupplyDividerRatio, noise);
                    double read = f.SupplyCalibration != null ? f.SupplyCalibration.Volts(code) : pen.Board.Scale.SupplyVolts(f.Adc.Supply.Millivolts(code));
                    sum += read;
                    r.SupplyTickVolts = Math.Max(r.SupplyTickVolts, Math.Abs(read - v));
                }

                double err = Math.Abs(sum / TicksPerReading - v);
                if (err > r.SupplyVolts)
                {
                    r.SupplyVolts = err;
                    r.WorstSupplyUnit = unit + string.Format(CultureInfo.InvariantCulture, " at {0:F2} V", v);
                }
            }
        }

        private static void MeasureHousing(SimulatedPen pen, SensorFrame f, SplitMix noise, Result r, string unit)
        {
            foreach (double celsius in HousingC)
            {
                double pin = pen.NtcVolts(celsius);
                double sum = 0;
                for (int k = 0; k < TicksPerReading; k++)
                {
                    double read = SensingScale.HousingCelsius(f.Adc.Ntc.Millivolts(pen.NtcAdc.ConvertAt(pin, noise)));
                    sum += read;
                    r.HousingTickK = Math.Max(r.HousingTickK, Math.Abs(read - celsius));
                }

                double err = Math.Abs(sum / TicksPerReading - celsius);
                if (err > r.HousingK)
                {
                    r.HousingK = err;
                    r.WorstHousingUnit = unit + string.Format(CultureInfo.InvariantCulture, " at {0:F1} °C", celsius);
                }
            }
        }

        /// <summary>The averaged input's reading of a tick: the mean of its four conversions (SensorFrame).</summary>
        private static float MeanOfFour(SimAdc adc, double pinVolts, SplitMix noise)
        {
            int sum = 0;
            for (int i = 0; i < SensorFrame.CurrentAveragedConversions; i++) sum += adc.ConvertAt(pinVolts, noise);
            return sum / (float)SensorFrame.CurrentAveragedConversions;
        }

        /// <summary>Issue 30's current accuracy: ±2 %, or ±5 mA under 250 mA. Unit: A.</summary>
        public static double CurrentLimit(double amps) { return amps < 0.25 ? 0.005 : 0.02 * amps; }

        private static void Track(double amps, double err, ref double lowAmps, ref double relative)
        {
            if (amps < 0.25) lowAmps = Math.Max(lowAmps, Math.Abs(err));
            else relative = Math.Max(relative, Math.Abs(err) / amps);
        }

        /// <summary>Required accuracies (issue 30).</summary>
        public const double SupplyLimitVolts = 0.030, HousingLimitK = 1.0, DepthLimitMm = 0.05;

        public static string Markdown(int units, out bool failed)
        {
            Result a = Measure(units, "RP-1");
            Result b = Measure(units, "RP-2");
            failed = false;
            var rows = new List<string[]>();
            foreach (var (name, r) in new[] { ("RP-1", a), ("RP-2", b) })
            {
                bool current = r.CurrentAveragedShare <= 1 && r.CurrentFastShare <= 1;
                bool supply = r.SupplyVolts <= SupplyLimitVolts;
                bool housing = r.HousingK <= HousingLimitK;
                bool depth = r.DepthSettingMm <= DepthLimitMm && r.DepthCalibratedMm <= DepthLimitMm && r.DepthWrongDetents == 0;
                failed |= !(current && supply && housing && depth);
                rows.Add(new[] { name + " motor current (shunt average), averaged input", F3(r.CurrentLowAmps * 1000) + " mA / " + Pct(r.CurrentRelative), "±5 mA / ±2 %",
                    Pct(r.CurrentAveragedShare) + " of it", r.CurrentAveragedShare <= 1 ? "pass" : "FAIL", r.WorstCurrentUnit });
                rows.Add(new[] { name + " motor current, fast input", "", "±5 mA / ±2 %", Pct(r.CurrentFastShare) + " of it", r.CurrentFastShare <= 1 ? "pass" : "FAIL", "" });
                rows.Add(new[] { name + " motor current, one tick of the averaged input (noise included)", F3(r.CurrentTickLowAmps * 1000) + " mA / " + Pct(r.CurrentTickRelative), "-", "", "information", "" });
                rows.Add(new[] { name + " supply", F3(r.SupplyVolts * 1000) + " mV", "±30 mV", "", supply ? "pass" : "FAIL", r.WorstSupplyUnit });
                rows.Add(new[] { name + " supply, one tick", F3(r.SupplyTickVolts * 1000) + " mV", "-", "", "information", "" });
                rows.Add(new[] { name + " housing temperature (NTC)", F3(r.HousingK) + " K", "±1 K", "", housing ? "pass" : "FAIL", r.WorstHousingUnit });
                rows.Add(new[] { name + " housing temperature, one tick", F3(r.HousingTickK) + " K", "-", "", "information", "" });
                rows.Add(new[] { name + " depth: detent setting / calibrated protrusion", F3(r.DepthSettingMm) + " / " + F3(r.DepthCalibratedMm) + " mm", "±0.05 mm", r.DepthWrongDetents + " detents misread", depth ? "pass" : "FAIL", "" });
            }

            var sb = new StringBuilder();
            sb.Append("# Sensing accuracy: ").Append(units).Append(" units per plant after the factory calibration\n\n");
            sb.Append(MarkdownTable.Render(new[] { "reading", "worst error", "required", "share of the limit", "verdict", "worst unit" }, rows));
            sb.Append("\nEach unit: its own ESP32 ADC (reference drawn in 1000–1200 mV, offset, bends, bow, 2 LSB noise) and parts at their ");
            sb.Append("tolerances; its firmware booted on its factory records (ADCCAL per input, SUPPLYCAL, DEPTHCAL). A reading is the mean over ");
            sb.Append(TicksPerReading).Append(" ticks of what the firmware computes each tick. Currents ");
            sb.Append(string.Join(", ", Array.ConvertAll(ShuntAmps, x => x.ToString("G3", CultureInfo.InvariantCulture)))).Append(" A of shunt current; ");
            sb.Append("housing ").Append(string.Join(", ", Array.ConvertAll(HousingC, x => x.ToString("G3", CultureInfo.InvariantCulture)))).Append(" °C; ");
            sb.Append("supply across the range the pen decides in; depth: every detent up and down (report depth). ");
            sb.Append("Rerun: dotnet run --project hardware/Pen.Simulator -c Release -- report sensing\n");
            return sb.ToString();
        }

        private static string F3(double v) { return v.ToString("F3", CultureInfo.InvariantCulture); }
        private static string Pct(double v) { return (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %"; }
    }
}
