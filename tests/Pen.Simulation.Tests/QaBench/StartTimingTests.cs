using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.QaBench.Link;
using Pen.QaBench.Steps;

namespace Pen.Simulation.Tests.QaBench
{
    /// <summary>
    /// The QA tool's start from rest (StartTiming): timed from the motor's start on the pen's clock, placed on the
    /// instrument's clock through the strokes themselves, so no host clock enters it. A timeline: the pen's clock runs
    /// 1234.5 ms ahead of the instrument's; it ticks every 10 ms (±3 ms) from t = 5000 ms, starts the motor at 5010 ms
    /// and counts each stroke at its next tick.
    /// </summary>
    [TestClass]
    public class StartTimingTests
    {
        private const long AheadMicros = 1_234_500;

        /// <summary>Stroke completions on the instrument's clock: speeding up to 100/s from 60 ms after the motor's start.</summary>
        private static List<long> Strokes(int n)
        {
            var s = new List<long>();
            double t = 5_010_000 - AheadMicros + 60_000;
            for (int k = 0; k < n; k++)
            {
                s.Add((long)t);
                t += k < 10 ? 20_000 - k * 1_000 : 10_000 + (k % 3) * 37; // a ripple of a few tens of µs
            }

            return s;
        }

        /// <summary>The pen's telemetry: one line per tick, its count including every stroke completed by the tick.</summary>
        private static List<Telemetry> Telemetry(List<long> strokes, int extraCountAfterStroke = -1)
        {
            var tel = new List<Telemetry>();
            var jitter = new System.Random(7);
            long count = 1000;
            int next = 0;
            for (long t = 5_000_000; t < 6_600_000; t += 10_000 + jitter.Next(-3000, 3001))
            {
                while (next < strokes.Count && strokes[next] + AheadMicros <= t)
                {
                    count++;
                    if (next == extraCountAfterStroke) count++; // a glitch the pen counted as a stroke
                    next++;
                }

                tel.Add(new Telemetry { PenMillis = t / 1000, State = t >= 5_010_000 ? StartTiming.RunningState : 1, Strokes = count });
            }

            return tel;
        }

        [TestMethod]
        public void The_motor_start_is_the_first_line_of_the_running_state()
        {
            List<Telemetry> tel = Telemetry(Strokes(150));
            int i = StartTiming.MotorStart(tel);
            Assert.AreEqual(StartTiming.RunningState, tel[i].State);
            Assert.AreNotEqual(StartTiming.RunningState, tel[i - 1].State);
        }

        [TestMethod]
        public void Matching_the_pen_count_to_the_instrument_strokes_finds_the_clock_offset_within_a_millisecond()
        {
            List<long> strokes = Strokes(150);
            List<Telemetry> tel = Telemetry(strokes);
            int start = StartTiming.MotorStart(tel);
            Assert.IsTrue(StartTiming.Align(tel.GetRange(start - 1, tel.Count - start + 1), strokes, out long delta, out int matched, out string why), why);
            Assert.AreEqual(AheadMicros, delta, 1000, "pen minus instrument");
            Assert.IsTrue(delta >= AheadMicros - 1000, "never later than the truth by more than the pen's 1 ms resolution: the start is placed early, if at all");
            Assert.IsTrue(matched >= 140, matched + " strokes matched");
        }

        [TestMethod]
        public void A_stroke_the_pen_counted_twice_is_refused_rather_than_misaligned()
        {
            List<long> strokes = Strokes(150);
            List<Telemetry> tel = Telemetry(strokes, extraCountAfterStroke: 20);
            int start = StartTiming.MotorStart(tel);
            Assert.IsFalse(StartTiming.Align(tel.GetRange(start - 1, tel.Count - start + 1), strokes, out _, out _, out string why));
            StringAssert.Contains(why, "disagree");
        }

        [TestMethod]
        public void After_the_cartridge_measurement_the_drives_first_stroke_follows_the_park_within_one_of_the_pens_count()
        {
            // rest, the measurement's 5 strokes at ~60/s, the park's stillness (200 ms), then the drive's climb
            var strokes = new List<long> { 1_000_000, 1_017_000, 1_034_000, 1_051_000, 1_068_000, 1_268_000, 1_288_000, 1_306_000, 1_322_000 };
            Assert.AreEqual(5, StartTiming.FirstDriveStroke(strokes, 0, 5), "the pen counted the measurement's 5 strokes as the instrument did");
            Assert.AreEqual(5, StartTiming.FirstDriveStroke(strokes, 0, 6), "the pen counted the park's last part-stroke, the instrument did not");
            Assert.AreEqual(5, StartTiming.FirstDriveStroke(strokes, 0, 4), "the instrument counted it, the pen did not");
            Assert.AreEqual(0, StartTiming.FirstDriveStroke(strokes, 0, 0), "no measurement: the first stroke after the rest");
            Assert.AreEqual(-1, StartTiming.FirstDriveStroke(strokes, -1, 5));
        }

        [TestMethod]
        public void The_first_stroke_of_a_start_follows_the_quiet_time_before_the_command()
        {
            var strokes = new List<long> { 1_000_000, 1_010_000, 1_020_000, 2_500_000, 2_520_000 };
            Assert.AreEqual(3, StartTiming.FirstStroke(strokes, 1_015_000, 500_000));
            Assert.AreEqual(-1, StartTiming.FirstStroke(strokes, 2_600_000, 500_000));
        }

        [TestMethod]
        public void Settling_is_the_completion_of_the_first_stroke_from_which_every_stroke_is_in_the_band()
        {
            // strokes at 50/s, 80/s, 95/s, then 100/s, one at 97/s (out of ±2 %), then 100/s to the end
            var times = new List<double> { 0.060 };
            foreach (double hz in new[] { 50.0, 80, 95, 100, 100, 97, 100, 100, 100 }) times.Add(times[^1] + 1 / hz);
            double settle = StartTiming.Settle(times, 100, 0.02, out double peak);
            Assert.AreEqual(times[7], settle, 1e-9, "the first 100/s stroke after the 97/s one");
            Assert.AreEqual(100, peak, 1e-9);
            times.Add(times[^1] + 1 / 90.0);
            Assert.IsTrue(double.IsNaN(StartTiming.Settle(times, 100, 0.02, out _)), "the last stroke out of the band: never settled");
        }
    }
}
