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

        // ------------------------------------------------------------------ the cartridge (Commissioning/CartridgeIdentification)

        /// <summary>The cartridge's limits: the breakaway torque and the spring's peak within ±10 % of the plant's truth (the
        /// start's breakaway floor carries a margin of 1.2 over it), the cartridge's mean friction torque within ±0.04 mN·m of it:
        /// its truth is 0.048 mN·m (the seal's 0.05 N on the 1.5 mm cam), 18 mA of motor current on RP-1 and 9 mA on a 1331,
        /// which the steady point sees on top of the motor's own friction current taken from the MOTOR record (identified to a
        /// few mA); the check it serves refuses a binding cartridge from 0.4 mN·m, ten times the limit. Unit: fraction; N·m.</summary>
        public const double BreakawayLimit = 0.10, SpringPeakLimit = 0.10, CartridgeFrictionLimitNm = 0.04e-3;

        /// <summary>One cartridge identification against its truth.</summary>
        public sealed class CartridgeRow
        {
            public string Pen;
            public int Seed;
            public bool Identified;
            public string Problem;
            /// <summary>When the chain ended, from power-on. Unit: s.</summary>
            public double EndedS;
            public double BreakawayId, BreakawayTrue, SpringId, SpringTrue, FrictionId, FrictionTrue, PointHz;
            public double BreakawayError => BreakawayId / BreakawayTrue - 1;
            public double SpringError => SpringId / SpringTrue - 1;
            public double FrictionError => FrictionId - FrictionTrue;
            public bool Met => Identified && Math.Abs(BreakawayError) <= BreakawayLimit && Math.Abs(SpringError) <= SpringPeakLimit && Math.Abs(FrictionError) <= CartridgeFrictionLimitNm;
        }

        /// <summary>
        /// The plant's truth of a seated cartridge at rest: the spring's torque on the cam F(θ)·e·sin θ with
        /// F = F_0 + k·e·(1 − cos θ), its peak over a turn; the breakaway, the peak of that plus the seal's friction on the lever
        /// e·|sin θ| and the motor's Coulomb friction; the cartridge's friction, the seal's mean over a turn F_s·e·2/π. Unit: N·m.
        /// </summary>
        public static void CartridgeTruth(PlantParameters p, double preloadN, double rateNPerM, out double breakawayNm, out double springPeakNm, out double frictionNm)
        {
            double e = p.CamEccentricityM;
            breakawayNm = springPeakNm = 0;
            for (int i = 0; i <= 3600; i++)
            {
                double th = Math.PI * i / 3600;
                double sin = Math.Sin(th);
                double spring = (preloadN + rateNPerM * e * (1 - Math.Cos(th))) * e * sin;
                springPeakNm = Math.Max(springPeakNm, spring);
                breakawayNm = Math.Max(breakawayNm, spring + p.SealFrictionN * e * sin);
            }

            breakawayNm += p.CoulombFrictionNm;
            frictionNm = p.SealFrictionN * e * 2 / Math.PI;
        }

        /// <summary>Seats the pen's cartridge just after power-on (its motor identified at the factory, as every unit of the control
        /// reports; the firmware measures a cartridge seated while it is on) and runs until it has measured it or refused it.</summary>
        /// <summary>When the cartridge is seated after power-on. Unit: s.</summary>
        public const double SeatedAtS = 0.05;

        public static CartridgeRow IdentifyCartridge(ControlVariations.Pen pen, int seed)
        {
            ControlCase c = ControlVariations.CaseFor(pen, 100, seed);
            var s = new Scenarios.Scenario { Name = "cartridge identification", Plant = c.Plant, Seed = seed, DurationS = 3 };
            foreach (KeyValuePair<string, double> t in c.Truth) s.Overrides[t.Key] = t.Value;
            s.Initial = new Scenarios.InitialConditions
            {
                Cartridge = false, Needles = c.Needles, DepthMm = 1.5, StateOfCharge = c.Plant == "RP-1" ? c.StateOfCharge : 1, AmbientC = 23,
                CartridgeBuild = c.Cartridge.Clone(), CartridgeIdentified = false,
            };
            s.Events.Add(new Scenarios.CartridgeEvent { AtS = SeatedAtS, Insert = true, Needles = c.Needles, Build = c.Cartridge.Clone() });
            var runner = new ScenarioRunner(s);
            StrokeDrive drive = runner.Pen.Firmware.Drive;
            runner.Until = () => drive.CartridgeStatus == CartridgeStatus.Identified || drive.CartridgeStatus == CartridgeStatus.Implausible;
            runner.Run();
            CartridgeIdentification chain = drive.CartridgeIdentification;
            PenPlant plant = runner.Pen.Plant;
            CartridgeTruth(runner.Pen.Parameters, plant.SpringPreloadN, plant.SpringRateNPerM, out double tb, out double ts, out double tf);
            return new CartridgeRow
            {
                Pen = pen.Name, Seed = seed, Identified = drive.CartridgeStatus == CartridgeStatus.Identified, Problem = chain.Problem,
                EndedS = plant.NowMicros * 1e-6, BreakawayId = chain.BreakawayTorqueNm, SpringId = chain.SpringPeakTorqueNm, FrictionId = chain.FrictionTorqueNm,
                PointHz = chain.PointHz, BreakawayTrue = tb, SpringTrue = ts, FrictionTrue = tf,
            };
        }

        /// <summary>Every pen of the matrix and the reference plants, each seed (in parallel).</summary>
        public static List<CartridgeRow> RunCartridges(IList<int> seeds, Action done = null)
        {
            var jobs = new List<(ControlVariations.Pen pen, int seed)>();
            foreach (ControlVariations.Pen pen in Pens())
            foreach (int seed in seeds)
                jobs.Add((pen, seed));
            var rows = new CartridgeRow[jobs.Count];
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                rows[i] = IdentifyCartridge(jobs[i].pen, jobs[i].seed);
                done?.Invoke();
            });
            return new List<CartridgeRow>(rows);
        }

        /// <summary>How many cartridge identifications <see cref="RunCartridges"/> makes.</summary>
        public static int CartridgeCountFor(IList<int> seeds) => Pens().Count * seeds.Count;

        public static string RenderCartridges(List<CartridgeRow> rows, out int missed)
        {
            var inv = CultureInfo.InvariantCulture;
            missed = 0;
            double worstB = 0, worstS = 0, worstF = 0;
            var table = new List<string[]>();
            foreach (CartridgeRow r in rows)
            {
                if (!r.Met) missed++;
                if (r.Identified)
                {
                    worstB = Math.Max(worstB, Math.Abs(r.BreakawayError));
                    worstS = Math.Max(worstS, Math.Abs(r.SpringError));
                    worstF = Math.Max(worstF, Math.Abs(r.FrictionError));
                }

                table.Add(new[]
                {
                    r.Pen, r.Seed.ToString(inv),
                    (r.BreakawayId * 1e3).ToString("F3", inv) + " / " + (r.BreakawayTrue * 1e3).ToString("F3", inv) + " (" + Pct(r.BreakawayError) + ")",
                    (r.SpringId * 1e3).ToString("F3", inv) + " / " + (r.SpringTrue * 1e3).ToString("F3", inv) + " (" + Pct(r.SpringError) + ")",
                    (r.FrictionId * 1e3).ToString("F3", inv) + " / " + (r.FrictionTrue * 1e3).ToString("F3", inv),
                    r.PointHz.ToString("F1", inv), r.EndedS.ToString("F2", inv) + " s",
                    r.Met ? "ok" : "MISSED" + (r.Problem != null ? " (" + r.Problem + ")" : r.Identified ? "" : " (the chain did not end)"),
                });
            }

            var sb = new StringBuilder();
            sb.Append("\n## The pen measures the seated cartridge\n\n");
            sb.Append("The firmware's cartridge chain (Pen.Core `Commissioning/CartridgeIdentification`: a slow climb from rest over the return spring's peak, then a steady point for the friction) run at power-on with the cartridge of each pen above seated (its motor identified at the factory), against the plant's truth at rest: " +
                      "the breakaway torque (the spring's peak with the seal's and the motor's friction), the spring's peak alone, and the cartridge's own friction (the seal's mean over a turn). Limits: breakaway and spring's peak ±" + (BreakawayLimit * 100).ToString("F0", inv) + " %, friction ±" + (CartridgeFrictionLimitNm * 1e3).ToString("F3", inv) + " mN·m (why: `IdentificationReport.CartridgeFrictionLimitNm`).\n\n");
            sb.Append("**" + (rows.Count - missed).ToString(inv) + " of " + rows.Count.ToString(inv) + " within every limit**; worst errors: breakaway " + Pct(worstB) + ", spring's peak " + Pct(worstS) + ", friction " + (worstF * 1e3).ToString("F3", inv) + " mN·m.\n\n");
            sb.Append(MarkdownTable.Render(new[] { "pen", "seed", "breakaway mN·m: identified / true", "spring's peak mN·m: identified / true", "friction mN·m: identified / true", "steady point strokes/s", "ended at", "verdict" }, table));
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
