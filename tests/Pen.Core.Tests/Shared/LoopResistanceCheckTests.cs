#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Control/LoopResistanceCheck's maths against hand calculations on RP-1's datasheet motor (k_e 2.67 mV·s/rad, R_L
    /// 1.10 + 0.36 + 0.05 = 1.51 Ω at 22 °C): windows of 200 ticks (the window's length), 2 s at 100 strokes/s, whose
    /// back-EMF is 2π × 2.67e-3 × 100 = 1.677610 V.
    /// </summary>
    [TestClass]
    public class LoopResistanceCheckTests
    {
        private const float BackEmfVolts = 1.677610f;

        private static void Near(double expected, double actual, double tolerance, string what)
        {
            Assert.IsTrue(System.Math.Abs(expected - actual) <= tolerance, what + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }

        /// <summary>One 2 s window of steady ticks at 100 strokes/s whose loop drops I·R on top of the back-EMF; returns whether it counted.</summary>
        private static bool Window(LoopResistanceCheck check, ref long count, ref long micros, float trueOhms, float amps, float windingC)
        {
            check.Restart(count, micros);
            bool full = false;
            for (int i = 0; i < 200 && !full; i++) full = check.Add(BackEmfVolts + trueOhms * amps, amps);
            Assert.IsTrue(full, "the window is full after 200 ticks");
            count += 200;
            micros += 2000000;
            return check.Close(count, micros, windingC);
        }

        [TestMethod]
        public void A_window_gives_R_from_the_mean_voltage_less_the_counted_back_emf_and_the_correction_moves_a_quarter_of_it()
        {
            LoopResistanceCheck check = new LoopResistanceCheck(MotorModel.Datasheet(BoardVariant.Battery1S()), 1.51f);
            long count = 1000, micros = 5000000;
            // R_w = (D·V − 2π·k_e·f)/I = (0.48 + 1.677610 − 1.677610)/0.30 = 1.60 Ω; c = 1.677610/(0.30 × 1.51) = 3.7033
            // q = 1.60/1.51 = 1.059603, within the step of 0.1: ĉ = 1 + 0.25 × 0.059603 = 1.014901
            Assert.IsTrue(Window(check, ref count, ref micros, 1.60f, 0.30f, 22f), "a well-conditioned window counts");
            Near(1.60, check.LastOhms, 0.002, "R_w, Ω");
            Near(3.7033, check.LastConditioning, 0.002, "c");
            Near(1.014901, check.Correction, 0.0005, "ĉ");
            // 2.0 Ω: q = 1.324503, q − ĉ = 0.3096 bounded to 0.1: ĉ = 1.014901 + 0.025 = 1.039901
            Assert.IsTrue(Window(check, ref count, ref micros, 2.0f, 0.30f, 22f));
            Near(1.039901, check.Correction, 0.0005, "ĉ after a window beyond the step");
            // 50 mA: c = 1.677610/(0.05 × 1.51) = 22.22, beyond 8: not counted, ĉ stays
            Assert.IsFalse(Window(check, ref count, ref micros, 1.60f, 0.05f, 22f), "a poorly conditioned window does not count");
            Near(22.22, check.LastConditioning, 0.02, "c of the poorly conditioned window");
            Near(1.039901, check.Correction, 0.0005, "ĉ unchanged");
            Assert.AreEqual(2, check.Windows);
        }

        [TestMethod]
        public void The_ratio_is_taken_on_the_temperature_model_so_a_winding_as_warm_as_estimated_moves_nothing()
        {
            // at a winding estimate of 62 °C R_L(T) = 1.51 × (1 + 0.0039 × 40) = 1.745560 Ω; a loop of that R: q = 1, ĉ stays 1
            LoopResistanceCheck check = new LoopResistanceCheck(MotorModel.Datasheet(BoardVariant.Battery1S()), 1.51f);
            long count = 0, micros = 0;
            Assert.IsTrue(Window(check, ref count, ref micros, 1.745560f, 0.30f, 62f));
            Near(1.0, check.Correction, 0.0005, "ĉ at the estimated temperature");
            // the winding 10 K warmer than estimated: R = 1.51 × (1 + 0.0039 × 50) = 1.804450 Ω, q = 1.033737: ĉ = 1.008434
            Assert.IsTrue(Window(check, ref count, ref micros, 1.804450f, 0.30f, 62f));
            Near(1.008434, check.Correction, 0.0005, "ĉ with the winding 10 K warmer than estimated");
        }

        [TestMethod]
        public void A_resistance_beyond_the_plausible_range_for_five_windows_in_a_row_is_implausible_and_the_correction_stays_in_its_band()
        {
            // a 3.0 Ω loop (an open strand, a loose connection): every window's R_w/R_ds = 3.0/1.51 = 1.987 is beyond the
            // identification's 1.8; ĉ rises by 0.025 a window (the step) and stops at the band's 1.33
            LoopResistanceCheck check = new LoopResistanceCheck(MotorModel.Datasheet(BoardVariant.Battery1S()), 1.51f);
            long count = 0, micros = 0;
            for (int n = 1; n <= 4; n++) Window(check, ref count, ref micros, 3.0f, 0.30f, 22f);
            Assert.IsFalse(check.Implausible, "four windows in a row");
            Near(1.1, check.Correction, 0.001, "ĉ after four windows");
            // a window within the range ends the run
            Window(check, ref count, ref micros, 1.60f, 0.30f, 22f);
            for (int n = 1; n <= 4; n++) Window(check, ref count, ref micros, 3.0f, 0.30f, 22f);
            Assert.IsFalse(check.Implausible, "four more after one within the range");
            Window(check, ref count, ref micros, 3.0f, 0.30f, 22f);
            Assert.IsTrue(check.Implausible, "five in a row");
            for (int n = 1; n <= 20; n++) Window(check, ref count, ref micros, 3.0f, 0.30f, 22f);
            Near(1.33, check.Correction, 0.0001, "ĉ at its band's top");
            check.Reset();
            Assert.IsFalse(check.Implausible, "a new motor model starts over");
            Near(1.0, check.Correction, 0.0, "ĉ after the reset");
        }
    }
}
