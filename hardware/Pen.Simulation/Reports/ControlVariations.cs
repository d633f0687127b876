using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The variation matrix (`report control --variations`): the stroke control judged, target by target as
    /// `report control` judges it, on pens that differ from the reference plant as real units do. Each pen is RP-1 (cell
    /// at 3.7 V open circuit) with one thing changed in the plant's truth, except the 1331-class motor, which is fitted to
    /// the corded RP-2 (its 6 V winding); the firmware is told its board variant's datasheet values in every case. Each
    /// pen runs the control report's timeline at 50, 100 and 150 strokes/s on each seed.
    /// </summary>
    public static class ControlVariations
    {
        /// <summary>One pen of the matrix: what differs from the reference plant, and why it is a real pen.</summary>
        public sealed class Pen
        {
            public string Name;
            public string Plant = "RP-1";
            public int Needles = 12;
            public readonly Dictionary<string, double> Truth = new Dictionary<string, double>();
            public CartridgeBuild Cartridge = new CartridgeBuild();
            /// <summary>Where the variation comes from.</summary>
            public string Source;
        }

        /// <summary>The cell's open-circuit voltage for the RP-1 pens (plant.md §6.1: nominal 3.7 V). Unit: V.</summary>
        public const double CellVolts = 3.7;

        /// <summary>The stroke rates each pen runs at. Unit: strokes/s.</summary>
        public static readonly double[] Rates = { 50, 100, 150 };

        /// <summary>The pens of the matrix, in the report's order.</summary>
        public static List<Pen> Pens()
        {
            var rp1 = global::Pen.Simulation.Plant.PlantParameters.Rp1();
            var list = new List<Pen>();
            Pen Scaled(string name, string source, params (string key, double value)[] truth)
            {
                var v = new Pen { Name = name, Source = source };
                foreach ((string key, double value) in truth) v.Truth[key] = value;
                list.Add(v);
                return v;
            }

            const string Spread = "issue 32: motor constants of real units differ by ±15 %; plant.md §2";
            Scaled("k_t +10 %", Spread, ("torqueConstantNmPerAmp", rp1.TorqueConstantNmPerAmp * 1.1), ("backEmfVoltSecondsPerRad", rp1.BackEmfVoltSecondsPerRad * 1.1));
            Scaled("k_t −10 %", Spread, ("torqueConstantNmPerAmp", rp1.TorqueConstantNmPerAmp * 0.9), ("backEmfVoltSecondsPerRad", rp1.BackEmfVoltSecondsPerRad * 0.9));
            Scaled("R +15 %", Spread, ("motorResistanceOhms", rp1.MotorResistanceOhms * 1.15));
            Scaled("R −15 %", Spread, ("motorResistanceOhms", rp1.MotorResistanceOhms * 0.85));
            Scaled("J +25 %", "rotor and cam inertia; the cam's 0.15 g·cm² is an estimate (plant.md §3.3 [E])",
                ("rotorInertiaKgM2", rp1.RotorInertiaKgM2 * 1.25), ("camInertiaKgM2", rp1.CamInertiaKgM2 * 1.25));
            Scaled("J −25 %", "rotor and cam inertia; the cam's 0.15 g·cm² is an estimate (plant.md §3.3 [E])",
                ("rotorInertiaKgM2", rp1.RotorInertiaKgM2 * 0.75), ("camInertiaKgM2", rp1.CamInertiaKgM2 * 0.75));
            Pen m1331 = Scaled("1331-class motor", "Faulhaber 1331T006SR on the corded pen's 7.4 V bus (plant.md §2.2 [S]: R 2.83 Ω, L 70 µH, k 5.35 mNm/A, J 0.71 g·cm², I0 22 mA, so friction 0.118 mNm); the firmware is told the 1524T006SR's",
                ("motorResistanceOhms", 2.83), ("motorInductanceHenry", 70e-6), ("torqueConstantNmPerAmp", 5.35e-3), ("backEmfVoltSecondsPerRad", 5.35e-3),
                ("rotorInertiaKgM2", 0.71e-7), ("coulombFrictionNm", 0.022 * 5.35e-3));
            m1331.Plant = "RP-2";
            list.Add(new Pen { Name = "spring ×0.7", Source = "cartridge return spring (plant.md §3.3 [E]: 0.3 N + 150 N/m)", Cartridge = new CartridgeBuild { SpringPreloadN = rp1.SpringPreloadN * 0.7, SpringRateNPerM = rp1.SpringRateNPerM * 0.7 } });
            list.Add(new Pen { Name = "spring ×1.5", Source = "cartridge return spring (plant.md §3.3 [E]: 0.3 N + 150 N/m)", Cartridge = new CartridgeBuild { SpringPreloadN = rp1.SpringPreloadN * 1.5, SpringRateNPerM = rp1.SpringRateNPerM * 1.5 } });
            list.Add(new Pen { Name = "needles 0.03 N", Source = "puncture force per needle, plant.md §3.1 (0.021-0.030 N, Olatunji 2013)", Cartridge = new CartridgeBuild { NeedleForceN = 0.03 } });
            list.Add(new Pen { Name = "needles 0.25 N", Source = "puncture force per needle, plant.md §3.1 (0.1-3 N, Davis 2004)", Cartridge = new CartridgeBuild { NeedleForceN = 0.25 } });
            list.Add(new Pen { Name = "12 needles", Source = "the reference plant at 3.7 V (plant.md §6.3: 12 needles, 0.08 N)", Needles = 12 });
            list.Add(new Pen { Name = "24 needles", Source = "cartridges of 10-64 needles (plant.md §1.3)", Needles = 24 });
            list.Add(new Pen { Name = "42 needles", Source = "cartridges of 10-64 needles (plant.md §1.3)", Needles = 42 });
            Scaled("cell aged 0.3 Ω", "an aged cell and its contacts (plant.md §4.4: 75-150 mΩ 'excellent'; RP-1 0.15 Ω)", ("sourceResistanceOhms", 0.3));
            return list;
        }

        /// <summary>Every case of the matrix: each pen at each rate on each seed, the timeline delayed by <paramref name="shiftS"/> (ControlCase.ShiftS).</summary>
        public static List<ControlCase> Cases(IList<int> seeds, double shiftS = 0)
        {
            var cases = new List<ControlCase>();
            foreach (Pen v in Pens())
            foreach (double hz in Rates)
            foreach (int seed in seeds)
            {
                ControlCase c = CaseFor(v, hz, seed);
                c.ShiftS = shiftS;
                cases.Add(c);
            }
            return cases;
        }

        /// <summary>The control case of one pen at one rate and seed.</summary>
        public static ControlCase CaseFor(Pen v, double hz, int seed)
        {
            var c = new ControlCase
            {
                Plant = v.Plant, Needles = v.Needles, SupplyVolts = v.Plant == "RP-1" ? CellVolts : 0, SetpointHz = hz, Seed = seed,
                Variation = v.Name, Cartridge = v.Cartridge.Clone(),
            };
            foreach (KeyValuePair<string, double> t in v.Truth) c.Truth[t.Key] = t.Value;
            return c;
        }

        /// <summary>The matrix run and summed: per pen, and over all.</summary>
        public sealed class Summary
        {
            public readonly List<int> Seeds = new List<int>();
            /// <summary>How long every case's press and timeline were delayed (ControlCase.ShiftS). Unit: s.</summary>
            public double ShiftS;
            public readonly List<Pen> Pens = new List<Pen>();
            public readonly Dictionary<string, ControlSeeds.Summary> ByPen = new Dictionary<string, ControlSeeds.Summary>();
            public readonly ControlSeeds.Summary All = new ControlSeeds.Summary();
        }

        /// <summary>Runs every case (in parallel) and sums them; <paramref name="caseDone"/> is called after each case;
        /// <paramref name="shiftS"/> delays each case's press and timeline (ControlCase.ShiftS).</summary>
        public static Summary Run(IList<int> seeds, Action caseDone = null, double shiftS = 0)
        {
            List<ControlCase> cases = Cases(seeds, shiftS);
            var outcomes = new ControlReport.CaseOutcome[cases.Count];
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                outcomes[i] = ControlReport.Evaluate(cases[i]);
                caseDone?.Invoke();
            });

            var sum = new Summary();
            sum.Seeds.AddRange(seeds);
            sum.ShiftS = shiftS;
            sum.Pens.AddRange(Pens());
            foreach (Pen v in sum.Pens) sum.ByPen[v.Name] = new ControlSeeds.Summary();
            for (int i = 0; i < cases.Count; i++)
            {
                ControlSeeds.Add(sum.ByPen[cases[i].Variation], cases[i].Seed, outcomes[i]);
                ControlSeeds.Add(sum.All, cases[i].Seed, outcomes[i]);
            }

            return sum;
        }

        /// <summary>The summary as markdown; <paramref name="rerun"/> is the command line that reproduces it.</summary>
        public static string Render(Summary sum, string rerun)
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.Append("# Stroke control on pens that differ\n\n");
            sb.Append("Each pen below differs from the reference plant in one thing, in the plant's truth only: the firmware is told its board variant's datasheet values, as a production pen's firmware is. " +
                      "RP-1 pens run on a cell at " + CellVolts.ToString("F1", inv) + " V open circuit; each runs the timeline of `report control` (start from rest, judged from the treatment drive's start: the first start first measures the cartridge seated at power-on; 7 s free; contact; 7 s on skin; lift-off; harsh contact; lift-off; adjacent level; stop; tick jitter and pauses on) at " +
                      string.Join(", ", Array.ConvertAll(Rates, r => r.ToString("F0", inv))) + " strokes/s on seed" + (sum.Seeds.Count > 1 ? "s " : " ") + string.Join(", ", sum.Seeds) +
                      (sum.ShiftS != 0 ? ", with each case's press and whole timeline delayed by " + sum.ShiftS.ToString("0.###", inv) + " s (the plant idles powered before the press)" : "") +
                      ", and every target is judged as that report judges it, with the floors measured on the same varied plant (its notes 1 to 3).\n\n");
            sb.Append("**" + sum.All.Failures.ToString(inv) + " missed** of " + sum.All.Verdicts.ToString(inv) + " verdicts where the plant allows meeting them; " + sum.All.Unreachable.ToString(inv) + " physically unreachable; " +
                      "strokes beyond ±2 % outside the allowed transients " + sum.All.StrokesBeyond.ToString(inv) + " of " + sum.All.StrokesSteady.ToString(inv) + ".\n\n");
            sb.Append("## By pen\n\n");
            var rows = new List<string[]>();
            foreach (Pen v in sum.Pens)
            {
                ControlSeeds.Summary s = sum.ByPen[v.Name];
                rows.Add(new[] { v.Name, s.Verdicts.ToString(inv), s.Failures.ToString(inv), s.Unreachable.ToString(inv), s.StrokesBeyond.ToString(inv), MissedTargets(s) });
            }

            sb.Append(MarkdownTable.Render(new[] { "pen", "verdicts", "missed", "physically unreachable", "strokes beyond ±2 %", "missed targets (count)" }, rows));
            sb.Append("\n## By target\n\n");
            var trows = new List<string[]>();
            foreach (string key in sum.All.TargetOrder)
            {
                int[] n = sum.All.ByTarget[key];
                trows.Add(new[] { key, n[0].ToString(inv), n[1].ToString(inv), n[2].ToString(inv) });
            }

            sb.Append(MarkdownTable.Render(new[] { "target", "met", "missed", "physically unreachable" }, trows));
            sb.Append("\n## The pens\n\n");
            var prows = new List<string[]>();
            foreach (Pen v in sum.Pens)
            {
                var what = new List<string>();
                foreach (KeyValuePair<string, double> t in v.Truth) what.Add(t.Key + " " + t.Value.ToString("G4", inv));
                if (!double.IsNaN(v.Cartridge.SpringPreloadN)) what.Add("springPreloadN " + v.Cartridge.SpringPreloadN.ToString("G4", inv));
                if (!double.IsNaN(v.Cartridge.SpringRateNPerM)) what.Add("springRateNPerM " + v.Cartridge.SpringRateNPerM.ToString("G4", inv));
                if (!double.IsNaN(v.Cartridge.NeedleForceN)) what.Add("needleForceN " + v.Cartridge.NeedleForceN.ToString("G4", inv));
                prows.Add(new[] { v.Name, v.Plant, v.Needles.ToString(inv), what.Count > 0 ? string.Join(", ", what) : "-", v.Source });
            }

            sb.Append(MarkdownTable.Render(new[] { "pen", "plant", "needles", "truth changed", "source" }, prows));
            sb.Append("\n## Every miss\n\n");
            sb.Append("For a contact's or a lift-off's excursion, \"" + ControlSeeds.KnownAndActByHeader + "\" is when the change had reached the motor current plus the latest first tick after that, against the latest moment the strongest action still meets the limit (\"act by\"), each the latest over the cam phases the floor tries, on the plant alone: well before it, a controller that samples once a tick had time; at or after it, the miss is within what the floor allows at its worst phase (the two can come from different phases, so the floor may still be under the limit).\n\n");
            var miss = new List<string[]>();
            foreach (Pen v in sum.Pens)
            foreach (string[] m in sum.ByPen[v.Name].MissRows)
                miss.Add(m);
            sb.Append(MarkdownTable.Render(new[] { "seed", "case", "target", "measured", "limit", "floor", ControlSeeds.KnownAndActByHeader, "after a tick pause" }, miss));
            sb.Append("\nRerun: `" + rerun + "`\n");
            return sb.ToString();
        }

        private static string MissedTargets(ControlSeeds.Summary s)
        {
            var parts = new List<string>();
            foreach (string key in s.TargetOrder)
            {
                int missed = s.ByTarget[key][1];
                if (missed > 0) parts.Add(key + " (" + missed.ToString(CultureInfo.InvariantCulture) + ")");
            }

            return parts.Count > 0 ? string.Join("; ", parts) : "-";
        }
    }
}
