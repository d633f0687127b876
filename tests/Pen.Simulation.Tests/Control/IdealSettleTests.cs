using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>
    /// The settling targets' floor (ControlBounds.IdealKeepsWithin2Percent): how often the best controller sampling
    /// about once per stroke would keep every stroke of a window within ±2 %. Stroke timelines written by hand.
    /// </summary>
    [TestClass]
    public class IdealSettleTests
    {
        /// <summary>Strokes at 100/s for <paramref name="seconds"/>; stroke <paramref name="odd"/> (if ≥ 0) at <paramref name="oddHz"/>.</summary>
        private static void Timeline(double seconds, int odd, double oddHz, out double[] ends, out double[] rates)
        {
            int n = (int)(seconds * 100);
            ends = new double[n];
            rates = new double[n];
            double t = 0;
            for (int k = 0; k < n; k++)
            {
                rates[k] = k == odd ? oddHz : 100;
                t += 1 / rates[k];
                ends[k] = t;
            }
        }

        [TestMethod]
        public void Steady_strokes_keep_every_window()
        {
            Timeline(10, -1, 0, out double[] ends, out double[] rates);
            Assert.AreEqual(1.0, ControlBounds.IdealKeepsWithin2Percent(ends, rates, 1.3), 1e-12);
        }

        [TestMethod]
        public void One_stroke_beyond_2_percent_spoils_the_windows_that_hold_it()
        {
            // 10 s at 100/s, one stroke 3 % fast at 5 s: the windows that begin up to 1.3 s before it miss
            Timeline(10, 500, 103, out double[] ends, out double[] rates);
            double share = ControlBounds.IdealKeepsWithin2Percent(ends, rates, 1.3);
            // windows begin from 0.5 s to 10 − 0.5 − 1.3 = 8.2 s: 7.7 s of them, 1.3 s of which hold the stroke
            Assert.AreEqual(1 - 1.3 / 7.7, share, 0.01);
        }

        [TestMethod]
        public void A_stroke_just_within_2_percent_is_kept()
        {
            Timeline(10, 500, 101.9, out double[] ends, out double[] rates);
            Assert.AreEqual(1.0, ControlBounds.IdealKeepsWithin2Percent(ends, rates, 1.3), 1e-12);
        }

        [TestMethod]
        public void Slow_drift_is_what_any_controller_takes_out_and_is_not_counted()
        {
            // the rate drifts 5 % over 10 s (the winding warming at constant duty): every stroke is within ±2 % of
            // the mean around it, though not of the first second's
            int n = 1000;
            var ends = new double[n];
            var rates = new double[n];
            double t = 0;
            for (int k = 0; k < n; k++)
            {
                rates[k] = 100 * (1 - 0.05 * k / n);
                t += 1 / rates[k];
                ends[k] = t;
            }

            Assert.AreEqual(1.0, ControlBounds.IdealKeepsWithin2Percent(ends, rates, 1.3), 1e-12);
        }

        [TestMethod]
        public void Too_short_a_run_gives_no_answer()
        {
            Timeline(2, -1, 0, out double[] ends, out double[] rates);
            Assert.IsTrue(double.IsNaN(ControlBounds.IdealKeepsWithin2Percent(ends, rates, 1.3)));
        }
    }
}
