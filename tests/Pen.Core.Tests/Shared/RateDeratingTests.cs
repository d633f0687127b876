#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Limits;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>The derating factor as the stroke rate a warm pen runs at: steps, hysteresis, floor (a timeline of factors).</summary>
    [TestClass]
    public class RateDeratingTests
    {
        private static void Near(float expectedHz, float actualHz, string why)
        {
            Assert.IsTrue(actualHz > expectedHz - 0.01f && actualHz < expectedHz + 0.01f, why + ": " + actualHz.ToString());
        }

        [TestMethod]
        public void A_falling_factor_takes_whole_steps_off_the_rate_once_it_asks_for_half_a_step_more()
        {
            var d = new RateDerating();
            Near(100f, d.Apply(100f, 1f), "no derating");
            Near(100f, d.Apply(100f, 0.97f), "0.3 of a step asked: none yet");
            Near(90f, d.Apply(100f, 0.94f), "0.6 asked: one step");
            Near(80f, d.Apply(100f, 0.84f), "1.6 asked: two");
            Assert.AreEqual(2, d.Steps);
        }

        [TestMethod]
        public void A_step_is_given_back_only_once_the_factor_asks_for_one_step_fewer()
        {
            var d = new RateDerating();
            d.Apply(100f, 0.84f);                                    // two steps
            Near(80f, d.Apply(100f, 0.88f), "1.2 asked: still two");
            Near(80f, d.Apply(100f, 0.86f), "1.4 asked: no flapping at the edge");
            Near(90f, d.Apply(100f, 0.92f), "0.8 asked: one given back");
            Near(90f, d.Apply(100f, 0.97f), "0.3 asked: the last step stays while the pen is warm");
            Near(100f, d.Apply(100f, 1f), "derating over: all back");
        }

        [TestMethod]
        public void The_rate_never_falls_below_the_lowest_rate_of_any_profile()
        {
            var d = new RateDerating();
            Near(PenLimits.DerateRateFloorHz, d.Apply(70f, PenLimits.DerateFloorFactor), "70/s at the floor factor");
            Near(50f, d.Apply(50f, PenLimits.DerateFloorFactor), "a rate already at the floor stays");
            Near(75f, d.Apply(150f, PenLimits.DerateFloorFactor), "five steps off 150/s");
        }
    }
}
