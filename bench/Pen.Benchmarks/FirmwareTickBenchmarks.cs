using BenchmarkDotNet.Attributes;
using Pen.Core;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Benchmarks
{
    /// <summary>
    /// One full firmware tick (read every input, estimate, decide, drive every output, heartbeat) on a running
    /// pen, through the simulated peripherals, with the plant held still so only the firmware is timed.
    /// </summary>
    [MemoryDiagnoser]
    public class FirmwareTickBenchmarks
    {
        private SimulatedPen _pen;
        private PenFirmware _firmware;
        private long _now;

        [GlobalSetup]
        public void Setup()
        {
            Scenario s = DemoScenario.Build();
            s.DurationS = 3;
            s.Events.Clear();
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            var runner = new ScenarioRunner(s);
            runner.Run();
            _pen = runner.Pen;
            _firmware = _pen.Firmware;
            _now = _pen.Plant.NowMicros;
        }

        [Benchmark(Description = "one firmware tick (running)")]
        public float Tick()
        {
            _now += 10000;
            _firmware.Tick(_now);
            return _firmware.Duty;
        }
    }
}
