using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The loop resistance the firmware uses while it treats (Control/StrokeDrive.LoopOhmsInUse: the identified R_L moved
    /// by copper's tempco to the supervisor's winding estimate, times the in-use re-check's correction,
    /// Control/LoopResistanceCheck) against the plant's truth at that moment (its winding at the plant's own winding
    /// temperature, the driver's on-resistance, the shunt for the duty's share), on every running tick of a warming
    /// treatment: the thermal sweep's case (held on at 150 strokes/s, needles on skin from 1.5 s, 5 minutes) on the
    /// reference RP-1 and every pen of the variation matrix, in a cold (23 °C) and a warm (34 °C) room; and the same on
    /// the R ±15 % pens carrying the record of the nominal motor (a motor changed after the factory identified the one
    /// before), where the temperature model alone is as wrong as the record. Beside it the temperature model alone
    /// (Control/MotorModel.LoopOhmsAt at the winding estimate). Issue 32's limit for the resistance, warm or cold: ±10 %,
    /// on every running tick; for a stale record, from <see cref="StaleSettleSeconds"/> on (the re-check's time to find it).
    /// </summary>
    public static class ResistanceInUseReport
    {
        /// <summary>Issue 32's limit for the resistance. Unit: fraction of the truth.</summary>
        public const double Limit = 0.10;
        private const double RateHz = 150, Minutes = 5;
        /// <summary>The stale records' rates: where a window's back-EMF is at most 8 times its I·R drop on skin
        /// (PenLimits.ResistanceCheckMaxConditioning), so the re-check counts; at 150 strokes/s it is 8–12 on most pens
        /// and the re-check holds the temperature model (the table's c). Unit: strokes/s.</summary>
        private static readonly double[] StaleRatesHz = { 50, 100 };
        /// <summary>From when a stale record's treatment is judged: 1/g windows of 2 s (PenLimits.ResistanceCheckGain,
        /// ResistanceCheckWindowSeconds) take out 1/e of the error, a step bounded to 10 % moves it 2.5 % a window, so a
        /// 15 % error is within 10 % after about 3 windows and within 2 % after about 10; a minute leaves room for windows
        /// that do not count (the soft start, transients, poorly conditioned). Unit: s.</summary>
        public const double StaleSettleSeconds = 60;
        private static readonly string[] StalePens = { "R +15 %", "R −15 %" };
        private static readonly double[] AmbientsC = { 23, 34 };

        /// <summary>One treatment's result.</summary>
        public sealed class Row
        {
            public string Pen;
            public bool StaleRecord;
            public double RateHz;
            public int Seed;
            public double AmbientC;
            public int Ticks;
            public double WorstErrorThermal = 0, WorstErrorSettled = 0, Correction = 1, LastConditioning = double.NaN;
            public int Windows;
            /// <summary>The last running tick whose R in use was beyond ±5 % of the truth (0 when none was): from then on it held within. Unit: s.</summary>
            public double BeyondFivePercentLastS;
            public double WorstError = 0, FirstOhmsTrue = double.NaN, LastOhmsTrue = double.NaN, LastOhmsInUse = double.NaN, LastWindingTrueC = double.NaN, LastWindingEstimateC = double.NaN;
        }

        private sealed class Sink : ITickSink
        {
            private readonly SimulatedPen _pen;
            private readonly Row _row;
            public Sink(SimulatedPen pen, Row row) { _pen = pen; _row = row; }

            public void OnTick(in TickRow tick)
            {
                var s = _pen.Firmware.Supervisor.Inputs;
                if (!s.DriveRunning || !s.Driven) return;
                var plant = _pen.Plant;
                var p = plant.Parameters;
                double truth = plant.MotorOhmsNow + p.DriverOnResistanceOhms + s.EffectiveDuty * p.ShuntOhms;
                var drive = _pen.Firmware.Drive;
                double inUse = drive.LoopOhmsInUse;
                double error = inUse / truth - 1;
                if (Math.Abs(error) > Math.Abs(_row.WorstError)) _row.WorstError = error;
                if (Math.Abs(error) > 0.05) _row.BeyondFivePercentLastS = tick.TimeS;
                double thermal = drive.Model.LoopOhmsAt(s.WindingC) / truth - 1;
                if (Math.Abs(thermal) > Math.Abs(_row.WorstErrorThermal)) _row.WorstErrorThermal = thermal;
                if (tick.TimeS >= StaleSettleSeconds && Math.Abs(error) > Math.Abs(_row.WorstErrorSettled)) _row.WorstErrorSettled = error;
                _row.Correction = drive.ResistanceCheck.Correction;
                _row.Windows = drive.ResistanceCheck.Windows;
                _row.LastConditioning = drive.ResistanceCheck.LastConditioning;
                if (double.IsNaN(_row.FirstOhmsTrue)) _row.FirstOhmsTrue = truth;
                _row.LastOhmsTrue = truth;
                _row.LastOhmsInUse = inUse;
                _row.LastWindingTrueC = plant.WindingC;
                _row.LastWindingEstimateC = s.WindingC;
                _row.Ticks++;
            }
        }

        /// <summary>The pens: the reference RP-1 and the variation matrix's.</summary>
        public static List<string> Pens()
        {
            var names = new List<string> { "nominal" };
            foreach (ControlVariations.Pen v in ControlVariations.Pens()) names.Add(v.Name);
            return names;
        }

        /// <summary>How many treatments <see cref="Run"/> makes.</summary>
        public static int CountFor(IList<int> seeds) => Cases(null).Count * AmbientsC.Length * seeds.Count;

        /// <summary>The treatments of one seed: every pen with its own record at 150 strokes/s, then the stale records at theirs.</summary>
        private static List<(string pen, bool stale, double rateHz)> Cases(string onlyPen)
        {
            var list = new List<(string, bool, double)>();
            foreach (string pen in onlyPen != null ? new List<string> { onlyPen } : Pens()) list.Add((pen, false, RateHz));
            foreach (double rate in StaleRatesHz)
            foreach (string pen in StalePens)
                if (onlyPen == null || onlyPen == pen) list.Add((pen, true, rate));
            return list;
        }

        /// <summary>Runs every treatment (of one pen when <paramref name="onlyPen"/> is given); <paramref name="done"/> after each.</summary>
        public static List<Row> Run(IList<int> seeds, string onlyPen = null, Action done = null)
        {
            var rows = new List<Row>();
            foreach (int seed in seeds)
            foreach ((string pen, bool stale, double rateHz) in Cases(onlyPen))
            foreach (double ambient in AmbientsC)
            {
                var c = new ThermalSweep.Case { Pen = pen, Edge = "seed", NtcLagS = 15, AmbientC = ambient, DragMnm = 0, RateHz = rateHz, Minutes = Minutes };
                var scenario = ThermalSweep.ScenarioFor(c);
                scenario.Seed = seed;
                scenario.Initial.MotorRecordOfNominal = stale;
                var runner = new ScenarioRunner(scenario);
                runner.Schedule(0.05, p => p.QaBench((float)rateHz));
                var row = new Row { Pen = pen, StaleRecord = stale, RateHz = rateHz, Seed = seed, AmbientC = ambient };
                runner.Run(new Sink(runner.Pen, row));
                rows.Add(row);
                done?.Invoke();
            }

            return rows;
        }

        /// <summary>The printout; <paramref name="missed"/>: treatments whose worst error is beyond the limit, or with no running tick.</summary>
        public static string Render(List<Row> rows, string rerun, out int missed)
        {
            var inv = CultureInfo.InvariantCulture;
            missed = 0;
            var table = new List<string[]>();
            double worst = 0, worstThermal = 0;
            int thermalMissed = 0;
            foreach (Row r in rows)
            {
                double judged = r.StaleRecord ? r.WorstErrorSettled : r.WorstError;
                bool ok = r.Ticks > 0 && Math.Abs(judged) <= Limit;
                if (!ok) missed++;
                if (Math.Abs(judged) > Math.Abs(worst)) worst = judged;
                if (Math.Abs(r.WorstErrorThermal) > Math.Abs(worstThermal)) worstThermal = r.WorstErrorThermal;
                if (Math.Abs(r.WorstErrorThermal) > Limit) thermalMissed++;
                table.Add(new[]
                {
                    r.Pen + (r.StaleRecord ? ", nominal's record" : ""), r.RateHz.ToString("F0", inv), r.Seed.ToString(inv), r.AmbientC.ToString("F0", inv), r.Ticks.ToString(inv),
                    r.FirstOhmsTrue.ToString("F3", inv) + " → " + r.LastOhmsTrue.ToString("F3", inv), r.LastOhmsInUse.ToString("F3", inv),
                    r.LastWindingTrueC.ToString("F1", inv) + " / " + r.LastWindingEstimateC.ToString("F1", inv),
                    (100 * r.WorstErrorThermal).ToString("+0.0;-0.0", inv), r.LastConditioning.ToString("F1", inv), r.Windows.ToString(inv), r.Correction.ToString("F3", inv), r.BeyondFivePercentLastS.ToString("F1", inv),
                    (100 * r.WorstError).ToString("+0.0;-0.0", inv), (100 * r.WorstErrorSettled).ToString("+0.0;-0.0", inv), ok ? "pass" : "FAIL",
                });
            }

            var sb = new StringBuilder();
            sb.Append("# The loop resistance in use against the plant's truth\n\n");
            sb.Append(string.Format(inv, "{0} treatments ({1:F0} min at {2:F0} strokes/s, the stale records at 50 and 100, needles on skin from 1.5 s, rooms of 23 and 34 °C): {3} beyond ±{4:F0} % of the truth; worst {5:+0.0;-0.0} %. The temperature model alone: {6} beyond, worst {7:+0.0;-0.0} %.\n\n",
                rows.Count, Minutes, RateHz, missed, 100 * Limit, 100 * worst, thermalMissed, 100 * worstThermal));
            sb.Append("R in use: the identified loop resistance at the supervisor's winding estimate (Control/MotorModel.LoopOhmsAt) times the in-use re-check's correction (Control/LoopResistanceCheck), Control/StrokeDrive.LoopOhmsInUse; the temperature model alone: without the correction. Truth: the plant's winding at its own temperature, the driver's on-resistance and the shunt for the duty's share, on every running tick. ");
            sb.Append(string.Format(inv, "A pen with the nominal's record is judged from {0:F0} s on (the re-check's time to find it); every other on every running tick. Windows: the re-check's counted windows; correction: its last.\n\n", StaleSettleSeconds));
            sb.Append(MarkdownTable.Render(new[] { "pen", "strokes/s", "seed", "room (°C)", "running ticks", "R true, first → last (Ω)", "R in use, last (Ω)", "winding true / estimate, last (°C)", "temperature model alone, worst (%)", "c, last window", "windows", "correction", "last beyond ±5 % (s)", "in use, worst (%)", "in use from 60 s, worst (%)", "verdict" }, table));
            sb.Append("\nRerun: `").Append(rerun).Append("`\n");
            return sb.ToString();
        }
    }
}
