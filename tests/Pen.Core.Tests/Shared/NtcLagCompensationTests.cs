#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Limits;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The NTC's lag undone: timelines of 10 ms ticks, the NTC following the housing as a first-order lag within its
    /// 5–15 s (plant.md §4.4), as the simulated pen's does.
    /// </summary>
    [TestClass]
    public class NtcLagCompensationTests
    {
        private const float Tick = 0.01f;

        private static NtcLagCompensation New()
        {
            return new NtcLagCompensation(PenLimits.NtcLagSeconds, PenLimits.NtcSmoothingSeconds, PenLimits.NtcLeadFilterSeconds);
        }

        [TestMethod]
        public void A_steady_reading_is_the_housing_temperature()
        {
            NtcLagCompensation c = New();
            for (int i = 0; i < 1000; i++) c.Update(30f, Tick);   // 10 s at 30 °C
            Assert.IsTrue(Math.Abs(c.HousingC - 30f) < 0.001f, "estimate " + c.HousingC);
        }

        /// <summary>The housing rising at 0.3 K/s for 60 s from 35 °C (a dragging cartridge in a warm room) through an NTC of
        /// lag <paramref name="ntcLagSeconds"/>; returns how far the estimate is behind the housing (negative: ahead). Unit: K.</summary>
        private static float EstimateBehindOnARamp(float ntcLagSeconds, out float ntcBehind)
        {
            NtcLagCompensation c = New();
            float housing = 35f, ntc = 35f;
            for (int i = 0; i < 6000; i++)
            {
                housing += 0.3f * Tick;
                ntc += (housing - ntc) * Tick / ntcLagSeconds;
                c.Update(ntc, Tick);
            }

            ntcBehind = housing - ntc;
            return housing - c.HousingC;
        }

        [TestMethod]
        public void On_a_rising_housing_the_slowest_NTC_is_left_3_s_behind_where_it_lags_by_15()
        {
            float behind = EstimateBehindOnARamp(15f, out float ntcBehind);
            Assert.IsTrue(ntcBehind > 4.3f, "NTC " + ntcBehind + " K behind");
            // the housing stop budgets 0.9 K for this (3 s at 0.3 K/s, PenLimits.HousingStopC); undoing only the
            // typical 8 s left this NTC 3 K behind
            Assert.IsTrue(behind > 0.8f && behind < 1.0f, "estimate " + behind + " K behind");
        }

        [TestMethod]
        public void On_a_rising_housing_a_faster_NTC_reads_ahead_never_further_behind()
        {
            foreach (float lag in new[] { 5f, 8f, 12f })
            {
                float behind = EstimateBehindOnARamp(lag, out float ntcBehind);
                Assert.IsTrue(behind < 0.9f, lag + " s NTC: estimate " + behind + " K behind");
                // at most 7 s ahead (the 5 s NTC): an earlier stop, 2.1 K at 0.3 K/s
                Assert.IsTrue(behind > -2.2f, lag + " s NTC: estimate " + (-behind) + " K ahead");
            }
        }

        [TestMethod]
        public void After_a_gap_in_the_reading_it_starts_again_from_the_new_reading()
        {
            NtcLagCompensation c = New();
            for (int i = 0; i < 1000; i++) c.Update(30f, Tick);   // 10 s at 30 °C
            // t = 10 s: the NTC reads implausible (a loose contact) for a minute while the housing warms to 36 °C
            c.Restart();
            // t = 70 s: plausible again. Continued from 30 °C, the lead (gain τ_n/T_f = 7.5) reads the 6 K jump as a
            // fast rise and overshoots
            float worst = 0f;
            for (int i = 0; i < 1000; i++)
            {
                c.Update(36f, Tick);
                if (Math.Abs(c.HousingC - 36f) > worst) worst = Math.Abs(c.HousingC - 36f);
            }

            Assert.IsTrue(worst < 0.001f, "off by up to " + worst + " K");
        }

        [TestMethod]
        public void Noise_on_the_reading_moves_the_estimate_little()
        {
            NtcLagCompensation c = New();
            // t = 0: started on a reading of 30 °C; t = 0 .. 20 s at 30 °C, the reading ±0.1 K on alternate ticks (near
            // 35 °C a code is 0.018 K: three times the ADC's 2 LSB rms). (Started on a reading 0.1 K off, the lead carries
            // that first error for several seconds: ≤ 0.1 K at 5 s.)
            c.Update(30f, Tick);
            float worst = 0f;
            for (int i = 0; i < 2000; i++)
            {
                c.Update(i % 2 == 0 ? 30.1f : 29.9f, Tick);
                if (i > 500 && Math.Abs(c.HousingC - 30f) > worst) worst = Math.Abs(c.HousingC - 30f);
            }

            Assert.IsTrue(worst < 0.05f, "moved by " + worst + " K");
        }
    }
}
