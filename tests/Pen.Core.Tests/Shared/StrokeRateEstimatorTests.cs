#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The rate estimator against a cam whose phase is integrated in 50 µs steps: ticks of 10 ms ± 3 ms (a fixed
    /// pseudo-random sequence), the pulse count the whole strokes turned, and a back-EMF speed that reads 3 % high
    /// (the bias the count must teach) and errs with the tick's length, as the tick-mean current rebuilt from the
    /// averaged input does (its trapezoid's error grows with the tick).
    /// </summary>
    [TestClass]
    public class StrokeRateEstimatorTests
    {
        private const long StepMicros = 50;

        /// <summary>Next tick length from a linear congruential sequence: 7,000 to 13,000 µs.</summary>
        private static long NextTickMicros(ref uint state)
        {
            state = state * 1664525u + 1013904223u;
            return 7000 + (long)((state >> 8) % 6001);
        }

        /// <summary>
        /// 10 s at 50 strokes/s, the speed swinging ±10 % within each stroke; returns the time-mean of the estimate
        /// over the last 5 s less the true mean rate there, as a fraction of it.
        /// </summary>
        private static double SteadyMeanError(uint seed, bool rotorSteady)
        {
            StrokeRateEstimator e = new StrokeRateEstimator();
            uint state = seed * 2654435761u + 12345u;
            double theta = 0.3, lastTheta = 0.3, thetaAtHalf = 0;
            double weighted = 0, seconds = 0;
            long now = 0;
            for (int k = 0; k < 1000; k++)
            {
                long steps = NextTickMicros(ref state) / StepMicros;
                for (long i = 0; i < steps; i++) theta += 50.0 * (1 + 0.1 * Math.Cos(2 * Math.PI * theta)) * StepMicros * 1e-6;
                now += steps * StepMicros;
                double dt = steps * StepMicros * 1e-6;
                float backEmfHz = (float)(((theta - lastTheta) / dt + 500.0 * (dt - 0.010)) * 1.03);
                lastTheta = theta;
                e.Update((long)Math.Floor(theta), now, backEmfHz, true, rotorSteady);
                if (k == 500) thetaAtHalf = theta;
                if (k > 500)
                {
                    weighted += e.RateHz * dt;
                    seconds += dt;
                }
            }

            double truth = (theta - thetaAtHalf) / seconds;
            return weighted / seconds / truth - 1;
        }

        [TestMethod]
        public void With_the_rotor_steady_the_estimates_time_mean_stays_on_the_count()
        {
            // the 5 s mean-rate target is 0.3 %; advanced by the mean of this estimate and the last, the phase left
            // the estimate's time-mean 0.10–0.16 % high here (0.3 % on the simulated pen, seeds 258 and 267)
            for (uint seed = 1; seed <= 3; seed++)
            {
                double error = SteadyMeanError(seed, true);
                Assert.IsTrue(Math.Abs(error) < 0.0006, "seed " + seed + ": time-mean off by " + (error * 100).ToString("F3") + " %");
            }
        }

        [TestMethod]
        public void A_bias_error_is_learnt_with_the_time_constant_the_bias_gain_states()
        {
            // the bias loop is first order, dδ/dt = −G·δ, τ_b = 1/G = 2/3 s at every rate: a back-EMF 3 Hz high or low at
            // 50, 100 and 150 strokes/s (steady cam, ticks of 10 ms ± 3 ms), the time until the estimate's error is down
            // to 1/e of it
            double sum = 0;
            int cases = 0;
            foreach (double rate in new[] { 50.0, 100.0, 150.0 })
                foreach (double bias in new[] { -3.0, 3.0 })
                {
                    StrokeRateEstimator e = new StrokeRateEstimator();
                    uint state = (uint)(rate * 7 + bias + 11);
                    double phase = 0.37;
                    long now = 0, count = 0;
                    double reached = -1;
                    for (int k = 0; k < 300 && reached < 0; k++)
                    {
                        long dt = NextTickMicros(ref state);
                        now += dt;
                        phase += rate * dt * 1e-6;
                        while (phase >= 1) { phase -= 1; count++; }
                        e.Update(count, now, (float)(rate + bias), true, true);
                        if (Math.Abs(e.RateHz - rate) <= Math.Abs(bias) / Math.E) reached = now * 1e-6;
                    }

                    string at = rate.ToString() + "/s, bias " + bias.ToString() + " Hz";
                    Assert.IsTrue(reached > 0.4 && reached < 0.95, at + ": 1/e at " + reached.ToString("F3") + " s");
                    sum += reached;
                    cases++;
                }

            double mean = sum / cases;
            Assert.IsTrue(Math.Abs(mean - 2.0 / 3.0) < 0.12, "mean time constant " + mean.ToString("F3") + " s, rule 0.667 s");
        }

        [TestMethod]
        public void Without_a_back_emf_the_rate_takes_half_of_what_closes_the_innovation_in_one_tick()
        {
            // from a start with no rate (phase interval [0, 1)), one edge in the next 10 ms tick: the interval is pinned
            // to [0, u·Δt] against the predicted [−1 − u·Δt, u·Δt], the innovation ν = ½ + u·Δt/2 strokes, and the rate
            // becomes K_c·ν/Δt with K_c = ½
            StrokeRateEstimator e = new StrokeRateEstimator();
            e.Update(0, 0, 0f, false, true);
            e.Update(1, 10000, 0f, false, true);
            double spread = 0.3 * 0.01;                         // u_abs·Δt at a rate of 0
            double innovation = 0.5 * (0 + spread) - 0.5 * (-1 - spread + spread);
            double expected = 0.5 * innovation / 0.01;
            Assert.IsTrue(Math.Abs(expected - e.RateHz) < 0.01, "rate " + e.RateHz.ToString() + ", rule " + expected.ToString());
        }
    }
}
