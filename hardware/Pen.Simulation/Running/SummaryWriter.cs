using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Pen.Core;
using Pen.Core.Safety;

namespace Pen.Simulation.Running
{
    /// <summary>Writes summary.json: what was run and what it measured.</summary>
    public static class SummaryWriter
    {
        public static void Write(string path, RunResult r)
        {
            using var stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("scenario", r.Scenario.Name);
            json.WriteString("plant", r.Scenario.Plant);
            json.WriteNumber("seed", r.Scenario.Seed);
            json.WriteNumber("simulatedSeconds", Round(r.SimulatedSeconds, 4));
            json.WriteNumber("wallSeconds", Round(r.WallSeconds, 4));
            json.WriteNumber("speedUp", Round(r.SpeedUp, 1));
            json.WriteNumber("ticks", r.Ticks);
            json.WriteNumber("ticksWhileFrozen", r.FrozenTicks);
            json.WriteNumber("strokes", r.Strokes);
            json.WriteNumber("maxShaftRpm", Round(r.MaxShaftRpm, 1));
            json.WriteNumber("maxWindingC", Round(r.MaxWindingC, 2));
            json.WriteNumber("maxHousingC", Round(r.MaxHousingC, 2));
            json.WriteNumber("maxNeedleMm", Round(r.MaxNeedleMm, 3));
            json.WriteNumber("maxCurrentA", Round(r.MaxCurrentA, 3));
            json.WriteNumber("minBusVolts", Round(r.MinBusVolts, 3));
            json.WriteNumber("motorEnabledSeconds", Round(r.MotorEnabledSeconds, 3));
            json.WriteNumber("endStateOfCharge", Round(r.EndStateOfCharge, 4));
            json.WriteStartObject("interpreter");
            json.WriteString("timing", r.Interpreter);
            json.WriteNumber("tickComputeMeanMs", Round(r.ComputeMeanMicros / 1000, 3));
            json.WriteNumber("tickComputeMaxMs", Round(r.ComputeMaxMicros / 1000, 3));
            json.WriteNumber("longestTickWaitMs", Round(r.LongestWaitMicros / 1000.0, 3));
            json.WriteString("longestTickWaitCause", r.LongestWaitCause);
            json.WriteNumber("longestTickIntervalMs", Round(r.LongestTickIntervalMicros / 1000, 3));
            json.WriteNumber("longestBenchSliceMs", Round(r.LongestBenchWorkMicros / 1000, 3));
            json.WriteNumber("collections", r.Collections);
            json.WriteNumber("heartbeatCutouts", r.HeartbeatCutouts);
            json.WriteEndObject();
            json.WriteString("finalState", r.FinalState.ToString());
            json.WriteString("finalFault", FaultText.Of(r.FinalFault));
            json.WriteStartArray("faults");
            foreach (KeyValuePair<int, double> f in r.FaultsSeen)
            {
                json.WriteStartObject();
                json.WriteNumber("code", f.Key);
                json.WriteString("text", FaultText.Of((FaultCode)f.Key));
                json.WriteNumber("firstSeenS", Round(f.Value, 4));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static double Round(double v, int digits)
        {
            if (double.IsNaN(v) || double.IsInfinity(v)) return 0;
            return System.Math.Round(v, digits);
        }
    }
}
