using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>What the firmware gets is what an ESP32 gives: jittered ticks, raw 12-bit codes, counts with times.</summary>
    [TestClass]
    public class TickAndSensorTests
    {
        [TestMethod]
        public void Tick_intervals_stay_within_the_jitter_and_pauses_come_at_their_rate()
        {
            var pattern = new TickPattern { JitterMs = 3, PauseProbability = 0.01, PauseMinMs = 20, PauseMaxMs = 50 };
            var ticks = new TickScheduler(pattern, 5);
            int pauses = 0;
            const int n = 100000;
            for (int i = 0; i < n; i++)
            {
                long us = ticks.NextIntervalMicros();
                if (ticks.LastWasPause)
                {
                    pauses++;
                    Assert.IsTrue(us >= 20000 && us <= 50000, "pause " + us);
                }
                else
                {
                    Assert.IsTrue(us >= 7000 && us <= 13000, "interval " + us);
                }
            }

            Assert.AreEqual(0.01, pauses / (double)n, 0.002);
        }

        [TestMethod]
        public void The_enable_circuit_cuts_the_drive_only_in_a_pause_longer_than_its_hold()
        {
            foreach ((double pauseMs, bool cut) in new[] { (20.0, false), (30.0, false), (70.0, true) })
            {
                // running at 100 strokes/s; one pause of the tick (no heartbeat edge) at 3 s
                var s = new Scenario { Name = "pause", Plant = "RP-1", Seed = 1, DurationS = 3.5 };
                s.Tick = new TickPattern { JitterMs = 0 };
                s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
                s.Events.Add(new FaultEvent { AtS = 3.0, Kind = FaultKind.Pause, DurationMs = pauseMs });
                var runner = new ScenarioRunner(s);
                runner.Schedule(0.1, pen => pen.QaBench(100f));
                runner.Run();
                Assert.AreEqual(cut ? 1 : 0, runner.Pen.Plant.HeartbeatCutouts, pauseMs + " ms pause");
                if (cut) Assert.IsTrue(runner.Pen.Plant.HeartbeatCutoutSeconds > 0.015, "cut for " + runner.Pen.Plant.HeartbeatCutoutSeconds);
            }
        }

        [TestMethod]
        public void Adc_codes_are_12_bit_with_about_2_lsb_of_noise()
        {
            PlantParameters p = PlantParameters.Rp1();
            var adc = new SimAdc(p, () => 1.2, 0, 3, "x");
            double sum = 0, sum2 = 0;
            const int n = 20000;
            for (int i = 0; i < n; i++)
            {
                int c = adc.ReadRaw();
                Assert.IsTrue(c >= 0 && c <= 4095);
                sum += c;
                sum2 += (double)c * c;
            }

            double mean = sum / n;
            double rms = Math.Sqrt(sum2 / n - mean * mean);
            Assert.AreEqual(2.0, rms, 0.3, "noise rms in LSB");
            double expected = adc.Chip.CodeFor(1200);
            Assert.AreEqual(expected, mean, 4, "the chip's code for 1.2 V (its reference, offset and bow) plus the channel's offset");
        }

        [TestMethod]
        public void Adc_reads_0_at_ground_and_4095_from_about_3_1_V()
        {
            PlantParameters p = PlantParameters.Rp1();
            for (int seed = 1; seed <= 20; seed++)
            {
                Assert.AreEqual(0, new SimAdc(p, () => 0.0, 0, seed, "lo").ReadRaw(), "a grounded input, seed " + seed);
                Assert.AreEqual(0, new SimAdc(p, () => 0.08, 0, seed, "lo").ReadRaw(), "80 mV, under every chip's knee, seed " + seed);
                Assert.AreEqual(4095, new SimAdc(p, () => 3.25, 0, seed, "hi").ReadRaw(), "3.25 V, above every chip's last code, seed " + seed);
            }
        }

        [TestMethod]
        public void Pulse_counter_gives_counts_with_their_sample_time()
        {
            var s = new Scenario { DurationS = 3, Seed = 4 };
            s.Events.Add(new ButtonEvent { AtS = 0.1, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            var runner = new ScenarioRunner(s);
            runner.Run();
            long count = runner.Pen.Ports.CamPulses.ReadCount(out long sampleTimeMicros);
            Assert.AreEqual(runner.Pen.Plant.NowMicros, sampleTimeMicros);
            Assert.AreEqual(runner.Pen.Plant.Strokes, count, 1);
            Assert.IsTrue(count > 50);
        }
    }
}
