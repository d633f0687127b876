using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Pen.Benchmarks
{
    /// <summary>
    /// Runs the benchmarks in-process (no generated project to restore) and prints the simulator's speed-up
    /// over real time, the acceptance number of the simulation issue: at least 1000× for RP-1.
    /// Arguments are passed to BenchmarkDotNet (for example --filter *Simulator*).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            IConfig config = DefaultConfig.Instance
                .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args, config).ToArray();
            bool ok = true;
            foreach (Summary summary in summaries)
            {
                foreach (BenchmarkReport report in summary.Reports)
                {
                    if (report.BenchmarkCase.Descriptor.Type != typeof(SimulatorBenchmarks) || report.ResultStatistics == null) continue;
                    double seconds = report.ResultStatistics.Mean * 1e-9;
                    double speedUp = SimulatorBenchmarks.SimulatedSeconds / seconds;
                    string plant = report.BenchmarkCase.Parameters["Plant"].ToString();
                    bool pass = plant != "RP-1" || speedUp >= 1000;
                    ok &= pass;
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "simulator speed-up {0}: {1:F0}x real time ({2:F2} ms per simulated second){3}",
                        plant, speedUp, seconds * 1e3 / SimulatorBenchmarks.SimulatedSeconds, plant == "RP-1" ? (pass ? "  [target >= 1000x: met]" : "  [target >= 1000x: NOT MET]") : ""));
                }
            }

            return ok ? 0 : 1;
        }
    }
}
