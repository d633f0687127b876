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
    }
}
