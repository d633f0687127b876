using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The loop resistance the firmware uses while it treats (Control/MotorModel.LoopOhmsAt at the supervisor's winding
    /// estimate: the identified R_L moved by copper's tempco) against the plant's truth at that moment (its winding at
    /// the plant's own winding temperature, the driver's on-resistance, the shunt for the duty's share), on every
    /// running tick of a warming treatment: the thermal sweep's case (held on at 150 strokes/s, needles on skin from
    /// 1.5 s, 5 minutes) on the reference RP-1 and every pen of the variation matrix, in a cold (23 °C) and a warm
    /// (34 °C) room. Issue 32's limit for the resistance, warm or cold: ±10 %.
    /// </summary>
    public static class ResistanceInUseReport
    {
        /// <summary>Issue 32's limit for the resistance. Unit: fraction of the truth.</summary>
        public const double Limit = 0.10;
        private const double RateHz = 150, Minutes = 5;
        private static readonly double[] AmbientsC = { 23, 34 };

        /// <summary>One treatment's result.</summary>
        public sealed class Row
        {
            public string Pen;
            public int Seed;
            public double AmbientC;
            public int Ticks;
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
                double inUse = _pen.Firmware.Drive.Model.LoopOhmsAt(s.WindingC);
                double error = inUse / truth - 1;
                if (Math.Abs(error) > Math.Abs(_row.WorstError)) _row.WorstError = error;
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
        public static int CountFor(IList<int> seeds) => Pens().Count * AmbientsC.Length * seeds.Count;

        /// <summary>Runs every treatment (of one pen when <paramref name="onlyPen"/> is given); <paramref name="done"/> after each.</summary>
        public static List<Row> Run(IList<int> seeds, string onlyPen = null, Action done = null)
        {
            var rows = new List<Row>();
            foreach (int seed in seeds)
            foreach (string pen in onlyPen != null ? new List<string> { onlyPen } : Pens())
            foreach (double ambient in AmbientsC)
            {
                var c = new ThermalSweep.Case { Pen = pen, Edge = "seed", NtcLagS = 15, AmbientC = ambient, DragMnm = 0, RateHz = RateHz, Minutes = Minutes };
                var scenario = ThermalSweep.ScenarioFor(c);
                scenario.Seed = seed;
                var runner = new ScenarioRunner(scenario);
                runner.Schedule(0.05, p => p.QaBench((float)RateHz));
                var row = new Row { Pen = pen, Seed = seed, AmbientC = ambient };
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
            double worst = 0;
            foreach (Row r in rows)
            {
                bool ok = r.Ticks > 0 && Math.Abs(r.WorstError) <= Limit;
                if (!ok) missed++;
                if (Math.Abs(r.WorstError) > Math.Abs(worst)) worst = r.WorstError;
                table.Add(new[]
                {
                    r.Pen, r.Seed.ToString(inv), r.AmbientC.ToString("F0", inv), r.Ticks.ToString(inv),
                    r.FirstOhmsTrue.ToString("F3", inv) + " → " + r.LastOhmsTrue.ToString("F3", inv), r.LastOhmsInUse.ToString("F3", inv),
                    r.LastWindingTrueC.ToString("F1", inv) + " / " + r.LastWindingEstimateC.ToString("F1", inv),
                    (100 * r.WorstError).ToString("+0.0;-0.0", inv), ok ? "pass" : "FAIL",
                });
            }

            var sb = new StringBuilder();
            sb.Append("# The loop resistance in use against the plant's truth\n\n");
            sb.Append(string.Format(inv, "{0} treatments ({1:F0} min at {2:F0} strokes/s, needles on skin from 1.5 s, rooms of 23 and 34 °C): {3} beyond ±{4:F0} % of the truth; worst {5:+0.0;-0.0} %.\n\n",
                rows.Count, Minutes, RateHz, missed, 100 * Limit, 100 * worst));
            sb.Append("R in use: the identified loop resistance at the supervisor's winding estimate (Control/MotorModel.LoopOhmsAt); truth: the plant's winding at its own temperature, the driver's on-resistance and the shunt for the duty's share, on every running tick.\n\n");
            sb.Append(MarkdownTable.Render(new[] { "pen", "seed", "room (°C)", "running ticks", "R true, first → last (Ω)", "R in use, last (Ω)", "winding true / estimate, last (°C)", "worst error (%)", "verdict" }, table));
            sb.Append("\nRerun: `").Append(rerun).Append("`\n");
            return sb.ToString();
        }
    }
}
