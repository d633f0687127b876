using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Simulation.Factory;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// `report identify`: the pen's identification of its own motor (Pen.Core Commissioning/MotorIdentification, the
    /// firmware's chain on the bare cam) against the plant's truth, on the two reference plants (the pens of
    /// `report control`) and every pen of the variation matrix (<see cref="ControlVariations"/>), each on three seeds,
    /// cold and warm, with the limits of issue 32: back-EMF constant within ±3 %, resistance within ±10 %, inertia within
    /// ±15 %. Cold is the factory's own run, the one every unit of the control reports is identified by
    /// (<see cref="MotorIdentificationBench.FactoryTwin"/>: 23 °C, a full cell); warm is a first boot at 34 °C on a cell at
    /// 3.7 V (<see cref="Temperatures"/>). The motor's resistance is the loop's the chain measures less the bridge and
    /// shunt (their datasheet values: the plant's).
    /// </summary>
    public static class IdentificationReport
    {
        /// <summary>The limits: back-EMF constant, resistance, inertia. Unit: fraction of the truth.</summary>
        public const double BackEmfLimit = 0.03, ResistanceLimit = 0.10, InertiaLimit = 0.15;

        /// <summary>The two ambient temperatures (the winding's at the start) the chain runs at: the factory's (its bench's own
        /// run, <see cref="MotorIdentificationBench.FactoryAmbientC"/>), and the warmest
        /// the pen treats in without derating: the housing derates from 36.3 °C (PenLimits.HousingDerateStartC), less 2 K
        /// for an NTC reading high at the edge of its ±2 K tolerance, rounded down to the whole degree (34.3 → 34). Unit: °C.</summary>
        public static readonly double[] Temperatures = { MotorIdentificationBench.FactoryAmbientC, 34 };

        /// <summary>The pens identified: the reference plants RP-1 and RP-2 (as `report control` runs them), then the
        /// variation matrix's.</summary>
        public static List<ControlVariations.Pen> Pens()
        {
            var list = new List<ControlVariations.Pen>
            {
                new ControlVariations.Pen { Name = "RP-1 (reference)", Plant = "RP-1", Source = "plant.md §6" },
                new ControlVariations.Pen { Name = "RP-2 (reference)", Plant = "RP-2", Source = "plant.md §6" },
            };
            list.AddRange(ControlVariations.Pens());
            return list;
        }

        /// <summary>One identification against its truth.</summary>
        public sealed class Row
        {
            public string Pen;
            public int Seed;
            public double AmbientC;
            public bool Identified;
            public string Problem;
            /// <summary>Runs of the chain whose steps disagreed before it ended (each run again from rest).</summary>
            public int DisagreeingRuns;
            /// <summary>When the chain ended, from power-on. Unit: s.</summary>
            public double EndedS;
            public double KeId, KeTrue, ROhmsId, ROhmsTrue, JId, JTrue, FrictionId, FrictionTrue, TauA, TauB, SupplyOhms;
            public double KeError => KeId / KeTrue - 1;
            public double RError => ROhmsId / ROhmsTrue - 1;
            public double JError => JId / JTrue - 1;
            public bool Met => Identified && Math.Abs(KeError) <= BackEmfLimit && Math.Abs(RError) <= ResistanceLimit && Math.Abs(JError) <= InertiaLimit;
        }

        /// <summary>Runs the chain on one pen of the matrix at one seed and ambient.</summary>
        public static Row Identify(ControlVariations.Pen pen, int seed, double ambientC)
        {
            ControlCase c = ControlVariations.CaseFor(pen, 100, seed);
            PlantParameters p = c.Parameters();
            double truthOhms;
            SimulatedPen twin = ambientC == Temperatures[0]
                ? MotorIdentificationBench.FactoryTwin(p, seed, null, null, null, out truthOhms)
                : MotorIdentificationBench.Twin(p, seed, null, null, null, ambientC, p.SupplyIsBattery ? Supply.StateOfChargeAt(ControlVariations.CellVolts) : 1, out truthOhms);
            StrokeDrive drive = twin.Firmware.Drive;
            MotorIdentification chain = drive.Identification;
            var row = new Row
            {
                Pen = pen.Name, Seed = seed, AmbientC = ambientC, Identified = drive.MotorStatus == MotorStatus.Identified, Problem = chain.Problem,
                KeTrue = p.BackEmfVoltSecondsPerRad, ROhmsTrue = truthOhms, JTrue = p.RotorInertiaKgM2 + p.CamInertiaKgM2,
                FrictionTrue = p.CoulombFrictionNm / p.TorqueConstantNmPerAmp,
                TauA = chain.TauA, TauB = chain.TauB, SupplyOhms = chain.SupplyOhms,
                DisagreeingRuns = chain.DisagreeingRuns, EndedS = twin.Plant.NowMicros * 1e-6,
            };
            MotorModel m = chain.Result;
            row.KeId = m.KeVoltSecondsPerRad;
            row.JId = m.InertiaKgM2;
            row.FrictionId = m.FrictionAmps;
            // the loop's resistance less the bridge's and the shunt's share at the steps' mean duty (their datasheet values)
            double meanDuty = 0.5 * (chain.DutyA + chain.DutyB);
            row.ROhmsId = m.LoopOhms - p.DriverOnResistanceOhms - meanDuty * p.ShuntOhms;
            return row;
        }

        /// <summary>Every pen of the matrix, each seed, each temperature (in parallel).</summary>
        public static List<Row> Run(IList<int> seeds, Action done = null)
        {
            var jobs = new List<(ControlVariations.Pen pen, int seed, double t)>();
            foreach (ControlVariations.Pen pen in Pens())
            foreach (int seed in seeds)
            foreach (double t in Temperatures)
                jobs.Add((pen, seed, t));
            var rows = new Row[jobs.Count];
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                rows[i] = Identify(jobs[i].pen, jobs[i].seed, jobs[i].t);
                done?.Invoke();
            });
            return new List<Row>(rows);
        }

        /// <summary>How many identifications <see cref="Run"/> makes.</summary>
        public static int CountFor(IList<int> seeds) => Pens().Count * seeds.Count * Temperatures.Length;

        public static string Render(List<Row> rows, string rerun, out int missed)
        {
            var inv = CultureInfo.InvariantCulture;
            missed = 0;
            double worstKe = 0, worstR = 0, worstJ = 0;
            int disagreeing = 0, runAgain = 0, longest = 0;
            var table = new List<string[]>();
            foreach (Row r in rows)
            {
                if (!r.Met) missed++;
                disagreeing += r.DisagreeingRuns;
                if (r.DisagreeingRuns > 0) runAgain++;
                longest = Math.Max(longest, r.DisagreeingRuns);
                if (r.Identified)
                {
                    worstKe = Math.Max(worstKe, Math.Abs(r.KeError));
                    worstR = Math.Max(worstR, Math.Abs(r.RError));
                    worstJ = Math.Max(worstJ, Math.Abs(r.JError));
                }

                table.Add(new[]
                {
                    r.Pen, r.Seed.ToString(inv), r.AmbientC.ToString("F0", inv) + " °C",
                    r.Identified ? (r.KeId * 1e3).ToString("F4", inv) + " / " + (r.KeTrue * 1e3).ToString("F4", inv) + " (" + Pct(r.KeError) + ")" : "-",
                    r.Identified ? r.ROhmsId.ToString("F3", inv) + " / " + r.ROhmsTrue.ToString("F3", inv) + " (" + Pct(r.RError) + ")" : "-",
                    r.Identified ? (r.JId * 1e7).ToString("F3", inv) + " / " + (r.JTrue * 1e7).ToString("F3", inv) + " (" + Pct(r.JError) + ")" : "-",
                    r.Identified ? (r.FrictionId * 1e3).ToString("F1", inv) + " / " + (r.FrictionTrue * 1e3).ToString("F1", inv) : "-",
                    (r.TauA * 1e3).ToString("F1", inv) + ", " + (r.TauB * 1e3).ToString("F1", inv),
                    r.DisagreeingRuns.ToString(inv) + ", " + r.EndedS.ToString("F1", inv) + " s",
                    r.Met ? "ok" : "MISSED" + (r.Problem != null ? " (" + r.Problem + ")" : r.Identified ? "" : " (the chain did not end: a start refused or derated)"),
                });
            }

            var sb = new StringBuilder();
            sb.Append("# The pen identifies its motor\n\n");
            sb.Append("The firmware's own identification chain (Pen.Core `Commissioning/MotorIdentification`: zero, start from rest, steady point, duty step, steady point, brake, fits) run on the bare cam of the reference plants RP-1 and RP-2 (the pens of `report control`) and every pen of the variation matrix (`report control --variations`), " +
                      "each on seed" + (rows.Count > 0 ? "s " : " ") + SeedList(rows) + ", cold: the factory's own run, which identifies every unit of the control reports (23 °C, a full cell), and warm: a first boot at " + Temperatures[1].ToString("F0", inv) + " °C (the warmest pen that treats without derating), the cell at " + ControlVariations.CellVolts.ToString("F1", inv) + " V (RP-1). " +
                      "Each value against the plant's truth at that moment; limits: back-EMF constant ±" + Pct(BackEmfLimit) + ", motor resistance ±" + Pct(ResistanceLimit) + " (the loop's less the bridge and shunt), inertia (rotor and cam) ±" + Pct(InertiaLimit) + ".\n\n");
            sb.Append("**" + (rows.Count - missed).ToString(inv) + " of " + rows.Count.ToString(inv) + " within every limit**; worst errors: back-EMF constant " + Pct(worstKe) + ", resistance " + Pct(worstR) + ", inertia " + Pct(worstJ) + "; " + disagreeing.ToString(inv) + " runs whose two steps disagreed (the chain ran again from rest), in " + runAgain.ToString(inv) + " identifications, at most " + longest.ToString(inv) + " in one.\n\n");
            sb.Append(MarkdownTable.Render(new[] { "pen", "seed", "winding", "k_e mV·s/rad: identified / true", "R Ω: identified / true", "J g·cm²: identified / true", "friction mA: identified / true", "τ_m ms (start, step)", "runs whose steps disagreed, ended at", "verdict" }, table));
            sb.Append("\nRerun: `" + rerun + "`\n");
            return sb.ToString();
        }

        private static string Pct(double f) { return (f * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %"; }

        private static string SeedList(List<Row> rows)
        {
            var seeds = new SortedSet<int>();
            foreach (Row r in rows) seeds.Add(r.Seed);
            return string.Join(", ", seeds);
        }
    }
}
