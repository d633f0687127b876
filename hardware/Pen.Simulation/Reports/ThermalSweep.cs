using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Pen.Core.Safety;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// The over-temperature cases of `report safety` swept off their grid: a practitioner treating on with a dragging
    /// cartridge and needles on skin, over rooms, drags, stroke rates, pens of the variation matrix, NTC lags and session
    /// lengths, each on a unit whose sensing inputs sit at an edge of their tolerance. Every case is judged as that report
    /// judges its treating-on cases: housing ≤ 43 °C, winding ≤ 115 °C, no stall raised with a rate step in force.
    /// Slow (seconds a case): a command to rerun (`report thermal`), not part of CI.
    /// </summary>
    public static class ThermalSweep
    {
        /// <summary>One case of the sweep.</summary>
        public sealed class Case
        {
            public string Pen = "nominal";
            public string Edge = "cold";
            public double AmbientC;
            public double DragMnm;
            public double RateHz;
            /// <summary>The NTC's true lag behind the housing (plant.md §4.4: 5–15 s in air). Unit: s.</summary>
            public double NtcLagS = 8;
            public double Minutes = 5;
            public int Needles = 42;
            public double SkinLoadScale = 2;
        }

        /// <summary>A case and what it measured.</summary>
        public sealed class Outcome
        {
            public Case Case;
            public LongCaseResult Result;
            public bool Housing => Result.MaxHousingC <= SafetyLimits.HousingC;
            public bool Winding => Result.MaxWindingC <= SafetyLimits.WindingC;
            /// <summary>A stall raised with a rate step in force after the drag set in: the derating's (a derated drive that
            /// cannot turn a cartridge it turned before).</summary>
            public bool StallWhileDerated
            {
                get
                {
                    foreach (double t in Result.StallsWhileDeratedAtS)
                        if (t > DragOnsetS + DragOnsetWindowS) return true;
                    return false;
                }
            }

            /// <summary>A stall raised as the drag set in (the cam stopped by the drag's step before the speed loop could
            /// answer it, as it is at a low rate with no derating at all: the drag's, judged apart).</summary>
            public bool StallAtDragOnset
            {
                get
                {
                    if (!Result.Faults.TryGetValue((int)FaultCode.MotorStall, out double t)) return false;
                    return Case.DragMnm > 0 && t >= DragOnsetS && t <= DragOnsetS + DragOnsetWindowS;
                }
            }

            public bool Pass => Housing && Winding && !StallWhileDerated;
        }

        /// <summary>When the cartridge starts to drag. Unit: s.</summary>
        public const double DragOnsetS = 2.0;

        /// <summary>A stall raised this soon after the drag's onset is the drag's step, not the derating's. Unit: s.</summary>
        public const double DragOnsetWindowS = 0.25;

        /// <summary>The bounds the cases are judged by (issue 33): the applied part's and the winding's.</summary>
        public static class SafetyLimits
        {
            /// <summary>IEC 60601-1 applied part. Unit: °C.</summary>
            public const double HousingC = 43;
            /// <summary>Issue 33 (the winding's 125 °C rating less margin). Unit: °C.</summary>
            public const double WindingC = 115;
        }

        /// <summary>The sensing edges by name: "cold" reads both temperatures low (<see cref="SafetyLongCases.ColdEdge"/>), "hot"
        /// reads them high (the NTC 2 K high, the current chain high by its gain error with its zero off the other way,
        /// the dividers 1 % high), "seed" is the seed's own draw.</summary>
        public static SensingTruth EdgeFor(string name)
        {
            switch (name)
            {
                case "cold": return SafetyLongCases.ColdEdge();
                case "hot":
                {
                    var p = new PlantParameters();
                    return new SensingTruth
                    {
                        NtcOffsetC = 2.0,
                        CurrentGain = (1 + p.CurrentAmplifierGainError) * (1 + p.ShuntTolerance),
                        CurrentOffsetMv = -(p.CurrentSenseReferenceMillivolts * p.CurrentSenseReferenceTolerance + p.CurrentAmplifierOffsetVolts * p.CurrentAmplifierGain * 1e3),
                        SupplyGain = 1 + p.DividerTolerance,
                        DriveGain = 1 + p.DividerTolerance,
                    };
                }

                case "seed": return null;
                default: throw new ArgumentException("unknown sensing edge \"" + name + "\"; expected cold, hot or seed");
            }
        }

        /// <summary>The pens the sweep can run: "nominal" (the reference RP-1) and the variation matrix's by name.</summary>
        public static ControlVariations.Pen PenFor(string name)
        {
            if (name == "nominal") return new ControlVariations.Pen { Name = "nominal" };
            foreach (ControlVariations.Pen v in ControlVariations.Pens())
                if (v.Name == name) return v;
            throw new ArgumentException("unknown pen \"" + name + "\"; expected nominal or one of the variation matrix's");
        }

        /// <summary>The scenario of one case: the pen held on from 0.2 s at full charge, needles on skin from 1.5 s, the
        /// cartridge dragging from 2 s, the bench asking for the rate; the practitioner treats on without a pause.</summary>
        public static Scenario ScenarioFor(Case c)
        {
            ControlVariations.Pen pen = PenFor(c.Pen);
            string name = string.Format(CultureInfo.InvariantCulture, "{0}, {1} edge, NTC lag {2:F0} s: {3:F0} °C, drag {4:F2} mN·m, {5:F0}/s, {6} needles on skin ×{7:F1}, {8:F0} min",
                c.Pen, c.Edge, c.NtcLagS, c.AmbientC, c.DragMnm, c.RateHz, c.Needles, c.SkinLoadScale, c.Minutes);
            Scenario s = SafetyLongCases.Base(name, c.Minutes * 60, 43, soc: 1.0, needles: c.Needles);
            s.Plant = pen.Plant;
            foreach (KeyValuePair<string, double> t in pen.Truth) s.Overrides[t.Key] = t.Value;
            s.Overrides["ntcLagSeconds"] = c.NtcLagS;
            s.Initial.CartridgeBuild = pen.Cartridge.Clone();
            SensingTruth edge = EdgeFor(c.Edge);
            if (edge != null) s.Sensing = edge;
            s.Initial.AmbientC = c.AmbientC;
            s.Events.Add(new SkinEvent { AtS = 1.5, Contact = true, LoadScale = c.SkinLoadScale });
            if (c.DragMnm > 0) s.Events.Add(new FaultEvent { AtS = DragOnsetS, Kind = FaultKind.Drag, TorqueMnm = c.DragMnm });
            return s;
        }

        /// <summary>Runs one case.</summary>
        public static Outcome Run(Case c)
        {
            return new Outcome { Case = c, Result = SafetyLongCases.Run(ScenarioFor(c), c.RateHz) };
        }

        /// <summary>Every combination of the lists given.</summary>
        public static List<Case> Grid(IList<string> pens, IList<string> edges, IList<double> lags, IList<double> ambients, IList<double> drags,
                                      IList<double> rates, double minutes, int needles)
        {
            var cases = new List<Case>();
            foreach (string pen in pens)
            foreach (string edge in edges)
            foreach (double lag in lags)
            foreach (double ambient in ambients)
            foreach (double drag in drags)
            foreach (double rate in rates)
                cases.Add(new Case { Pen = pen, Edge = edge, NtcLagS = lag, AmbientC = ambient, DragMnm = drag, RateHz = rate, Minutes = minutes, Needles = needles });
            return cases;
        }

        /// <summary>Runs every case, in parallel on the machine's cores; <paramref name="caseDone"/> after each.</summary>
        public static Outcome[] RunAll(IList<Case> cases, Action caseDone = null)
        {
            var outcomes = new Outcome[cases.Count];
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                outcomes[i] = Run(cases[i]);
                caseDone?.Invoke();
            });
            return outcomes;
        }

        /// <summary>The sweep's printout: the worst cases and the failures, then every case.</summary>
        public static string Render(Outcome[] outcomes, string rerun, out int failures)
        {
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            failures = 0;
            Outcome hottest = null, windiest = null, fastest = null;
            int stalls = 0, onsetStalls = 0, derated = 0, stopped = 0, overCurrent = 0;
            foreach (Outcome o in outcomes)
            {
                if (!o.Pass) failures++;
                if (o.StallWhileDerated) stalls++;
                if (o.StallAtDragOnset) onsetStalls++;
                if (o.Result.MaxRateSteps > 0) derated++;
                if (o.Result.Faults.ContainsKey((int)FaultCode.HousingOverTemperature) || o.Result.Faults.ContainsKey((int)FaultCode.WindingOverTemperature)) stopped++;
                if (o.Result.Faults.ContainsKey((int)FaultCode.OverCurrent)) overCurrent++;
                if (hottest == null || o.Result.MaxHousingC > hottest.Result.MaxHousingC) hottest = o;
                if (windiest == null || o.Result.MaxWindingC > windiest.Result.MaxWindingC) windiest = o;
                if (fastest == null || o.Result.MaxHousingRiseKPerS > fastest.Result.MaxHousingRiseKPerS) fastest = o;
            }

            sb.Append("# Over-temperature off the grid: treating on at the sensors' tolerance edges\n\n");
            sb.Append("Each case: the pen held on at full charge, needles on skin from 1.5 s, the cartridge dragging from 2 s, the practitioner ");
            sb.Append("treating on without a pause; judged as `report safety` judges its treating-on cases (housing ≤ 43 °C, winding ≤ 115 °C, ");
            sb.Append("no stall raised with a rate step in force once the drag has set in). Edges: cold = the NTC 2 K low, the current chain low by its gain error, its zero ");
            sb.Append("off by the REF divider and the amplifier's offset, the dividers 1 % low; hot = each the other way. NTC lag: the sensor's true ");
            sb.Append("time constant (plant.md §4.4: 5–15 s in air; the firmware undoes 8 s).\n\n");
            sb.Append(string.Format(inv, "**{0} cases, {1} failed**: {2} derated, {3} stopped by a temperature check, {4} cut by the over-current check, {5} stalled with a rate step in force after the drag set in; {6} stalled as the drag set in (within {7:F2} s of it: the drag's step stops the cam before the speed loop answers, judged apart, as `report thermal --ambient 23` shows it at 50/s with no derating).\n\n",
                outcomes.Length, failures, derated, stopped, overCurrent, stalls, onsetStalls, DragOnsetWindowS));
            if (hottest != null)
            {
                sb.Append(string.Format(inv, "- hottest housing: **{0:F2} °C** ({1})\n", hottest.Result.MaxHousingC, hottest.Result.Name));
                sb.Append(string.Format(inv, "- hottest winding: **{0:F1} °C** ({1})\n", windiest.Result.MaxWindingC, windiest.Result.Name));
                sb.Append(string.Format(inv, "- fastest housing rise over a second: **{0:F3} K/s** ({1}; the housing stop budgets 0.3 K/s)\n\n", fastest.Result.MaxHousingRiseKPerS, fastest.Result.Name));
            }

            // the worst housing of each pen × edge × NTC lag
            var groups = new SortedDictionary<string, Outcome>(StringComparer.Ordinal);
            foreach (Outcome o in outcomes)
            {
                string key = o.Case.Pen + " | " + o.Case.Edge + " | " + o.Case.NtcLagS.ToString("F0", inv);
                if (!groups.TryGetValue(key, out Outcome w) || o.Result.MaxHousingC > w.Result.MaxHousingC) groups[key] = o;
            }

            var worst = new List<string[]>();
            foreach (KeyValuePair<string, Outcome> kv in groups)
            {
                Case c = kv.Value.Case;
                worst.Add(new[]
                {
                    c.Pen, c.Edge, c.NtcLagS.ToString("F0", inv), kv.Value.Result.MaxHousingC.ToString("F2", inv),
                    string.Format(inv, "{0:F0} °C, {1:F2} mN·m, {2:F0}/s", c.AmbientC, c.DragMnm, c.RateHz), Failed(outcomes, kv.Value).ToString(inv),
                });
            }

            sb.Append("## Worst housing of each pen, edge and NTC lag\n\n");
            sb.Append(MarkdownTable.Render(new[] { "pen", "edge", "NTC lag (s)", "max housing (°C)", "where", "failed" }, worst));

            var rows = new List<string[]>();
            foreach (Outcome o in outcomes)
            {
                Case c = o.Case;
                rows.Add(new[]
                {
                    c.Pen, c.Edge, c.NtcLagS.ToString("F0", inv), c.AmbientC.ToString("F0", inv), c.DragMnm.ToString("F2", inv), c.RateHz.ToString("F0", inv),
                    c.Minutes.ToString("F0", inv), o.Result.MaxHousingC.ToString("F2", inv), o.Result.MaxHousingRiseKPerS.ToString("F3", inv), o.Result.MaxWindingC.ToString("F1", inv),
                    o.Result.MaxRateSteps.ToString(inv), o.Result.Stalls.ToString(inv) + " (" + o.Result.StallsWhileDerated.ToString(inv) + ")" + (o.StallAtDragOnset ? " at onset" : ""),
                    SafetyLongCases.FaultList(o.Result), o.Pass ? "pass" : "FAIL",
                });
            }

            sb.Append("\n## Every case\n\n");
            sb.Append(MarkdownTable.Render(new[] { "pen", "edge", "NTC lag (s)", "room (°C)", "drag (mN·m)", "rate (/s)", "min", "max housing (°C)", "fastest rise (K/s)", "max winding (°C)", "rate steps", "stalls (derated)", "faults", "verdict" }, rows));
            sb.Append("\nRerun: ").Append(rerun).Append('\n');
            return sb.ToString();
        }

        /// <summary>Failed cases of the same pen, edge and NTC lag as <paramref name="group"/>.</summary>
        private static int Failed(Outcome[] outcomes, Outcome group)
        {
            int n = 0;
            foreach (Outcome o in outcomes)
                if (o.Case.Pen == group.Case.Pen && o.Case.Edge == group.Case.Edge && o.Case.NtcLagS == group.Case.NtcLagS && !o.Pass) n++;
            return n;
        }
    }
}
