using BenchmarkDotNet.Attributes;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Benchmarks
{
    /// <summary>
    /// How much faster than real time the simulated pen runs: 10 s of a treatment (start, 90 strokes/s, skin
    /// contact, lift-off, stop) with the firmware core in the loop, at default fidelity, on one core. No
    /// telemetry is written (the sinks are what a report adds on top).
    /// </summary>
    [MemoryDiagnoser]
    public class SimulatorBenchmarks
    {
        /// <summary>Simulated seconds per run.</summary>
        public const double SimulatedSeconds = 10.0;

        [Params("RP-1", "RP-2")]
        public string Plant { get; set; }

        [Benchmark(Description = "10 s simulated treatment")]
        public long Treatment10s()
        {
            Scenario s = DemoScenario.Build();
            s.Plant = Plant;
            s.DurationS = SimulatedSeconds;
            s.Events.Clear();
            s.Events.Add(new ButtonEvent { AtS = 0.3, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 2.0, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 2.4, Button = ButtonId.Plus, Action = ButtonAction.Press });
            s.Events.Add(new SkinEvent { AtS = 3.0, Contact = true, LoadScale = 1 });
            s.Events.Add(new SkinEvent { AtS = 7.0, Contact = false });
            s.Events.Add(new ButtonEvent { AtS = 9.0, Button = ButtonId.Main, Action = ButtonAction.Press });
            return new ScenarioRunner(s).Run().Strokes;
        }
    }
}
