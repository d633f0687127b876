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
    /// The NTC's lag undone: timelines of 10 ms ticks, the NTC following the housing as an 8 s first-order lag
    /// (plant.md §6.1), as the simulated pen's does.
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

        [TestMethod]
        public void On_a_rising_housing_it_lags_by_about_3_s_where_the_NTC_lags_by_8()
        {
            NtcLagCompensation c = New();
            float housing = 35f, ntc = 35f;
            // t = 0 .. 60 s: the housing rises at 0.3 K/s (a dragging cartridge in a warm room)
            for (int i = 0; i < 6000; i++)
            {
                housing += 0.3f * Tick;
                ntc += (housing - ntc) * Tick / PenLimits.NtcLagSeconds;
                c.Update(ntc, Tick);
            }

            float ntcLag = housing - ntc;
            float estimateLag = housing - c.HousingC;
            Assert.IsTrue(ntcLag > 2.3f, "NTC " + ntcLag + " K behind");
            Assert.IsTrue(estimateLag > 0.8f && estimateLag < 1.0f, "estimate " + estimateLag + " K behind");
        }

        [TestMethod]
        public void After_a_gap_in_the_reading_it_starts_again_from_the_new_reading()
        {
            NtcLagCompensation c = New();
            for (int i = 0; i < 1000; i++) c.Update(30f, Tick);   // 10 s at 30 °C
            // t = 10 s: the NTC reads implausible (a loose contact) for a minute while the housing warms to 36 °C
            c.Restart();
            // t = 70 s: plausible again. Continued from 30 °C, the lead (gain τ_n/T_f = 4) read the 6 K jump as a fast
            // rise and overshot by 7.7 K
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
            // t = 0 .. 20 s at 30 °C, the reading ±0.1 K on alternate ticks (near 35 °C a code is 0.018 K: three times
            // the ADC's 2 LSB rms)
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
