#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Control/'s times and noise terms made from the motor model in use by their stated rules, each against a hand
    /// calculation on RP-1's datasheet motor (k_e 2.67 mV·s/rad, R_L 1.10 + 0.36 + 0.05 Ω, J 0.53 + 0.15 g·cm², I_0 30 mA),
    /// and recomputed when the model changes (an identified record).
    /// </summary>
    [TestClass]
    public class ControlDesignRulesTests
    {
        private static void Near(double expected, double actual, double tolerance, string what)
        {
            Assert.IsTrue(System.Math.Abs(expected - actual) <= tolerance, what + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }

        /// <summary>RP-1's datasheet motor with the inertia scaled (an identified unit whose rotor is heavier).</summary>
        private static MotorModel Rp1WithInertia(float factor)
        {
            MotorModel m = MotorModel.Datasheet(BoardVariant.Battery1S());
            m.InertiaKgM2 *= factor;
            m.Identified = true;
            return m;
        }

        [TestMethod]
        public void The_ramp_settle_is_a_stroke_window_and_three_mechanical_time_constants_the_lapse_hold_a_tick_and_a_stroke_window()
        {
            // τ_m = J·R_L/k² = 0.68e-7 × 1.51 / (2.67e-3)² = 1.0268e-7 / 7.1289e-6 = 14.403 ms; 1/f_min = 1/50 s = 20 ms
            StrokeDrive drive = new StrokeDrive(BoardVariant.Battery1S());
            Near(20000 + 43210, drive.RampSettleMicros, 3, "1/f_min + 3·τ_m on RP-1's datasheet motor, µs");
            Assert.AreEqual(10000 + 20000, (int)StrokeDrive.ReaccelerationMicros, "the make-up tick and a 50 strokes/s stroke window, µs");

            // the unit identified with a rotor 25 % heavier: τ_m = 18.004 ms
            drive.LoadMotorRecord(MotorRecord.ToRecord(Rp1WithInertia(1.25f)));
            Assert.AreEqual((int)MotorStatus.Identified, (int)drive.MotorStatus);
            Near(20000 + 54012, drive.RampSettleMicros, 4, "1/f_min + 3·τ_m of the identified motor, µs");
        }

        [TestMethod]
        public void The_estimators_noise_term_is_the_back_emf_speeds_noise_from_the_adc_and_the_model()
        {
            // q = 1100 mV × 196602 / 4096 / 65536 = 0.80566 mV per code; 2 LSB rms = 1.61133 mV per conversion
            // σ_S = 1.61133 / √4 × √((1 + ½)² + (1 − ½)²) mV at 1 V/A (0.05 Ω × 20) = 0.80566 × 1.58114 = 1.27387 mA
            // RP-1: D = (2π × 2.67e-3 × 100 + 1.51 × 0.030) / 3.7 = (1.67761 + 0.04530) / 3.7 = 0.465652
            //   current 1.27387e-3 × 1.51 / 0.465652 = 4.13083 mV; supply 1.61133 mV × 2 × 0.465652 = 1.50069 mV
            //   σ_f = √(4.13083² + 1.50069²) mV / 16.7761 mV per stroke/s = 4.39499 / 16.7761 = 0.26198 strokes/s
            BoardVariant rp1 = BoardVariant.Battery1S();
            float rp1Hz = StrokeRateEstimator.BackEmfNoiseHz(2.67e-3f, 1.51f, 0.030f, 3.7f, rp1.Scale.SupplyVolts(1f));
            Near(0.26198, rp1Hz, 0.0005, "RP-1's datasheet motor, strokes/s");

            // RP-2: D = (2π × 6.0e-3 × 100 + 5.51 × 0.013) / 7.4 = (3.76991 + 0.07163) / 7.4 = 0.519127
            //   current 1.27387e-3 × 5.51 / 0.519127 = 13.5209 mV; supply 1.61133 mV × 133/33 × 0.519127 = 3.37129 mV
            //   σ_f = √(13.5209² + 3.37129²) mV / 37.6991 mV per stroke/s = 13.9348 / 37.6991 = 0.36963 strokes/s
            BoardVariant rp2 = BoardVariant.Corded7V4();
            Near(0.36963, StrokeRateEstimator.BackEmfNoiseHz(6.0e-3f, 5.51f, 0.013f, 7.4f, rp2.Scale.SupplyVolts(1f)), 0.0005, "RP-2's datasheet motor, strokes/s");

            // the drive gives its estimator the figure of the model in use, and again when the model changes
            StrokeDrive drive = new StrokeDrive(rp1);
            Near(rp1Hz, drive.Rate.UncertaintyHz, 1e-6, "the drive's estimator on the datasheet motor");
            MotorModel hot = MotorModel.Datasheet(rp1);
            hot.LoopOhms = 1.70f;   // a unit identified with a 19 Ω·% higher loop resistance
            hot.Identified = true;
            drive.LoadMotorRecord(MotorRecord.ToRecord(hot));
            Near(StrokeRateEstimator.BackEmfNoiseHz(2.67e-3f, 1.70f, 0.030f, 3.7f, rp1.Scale.SupplyVolts(1f)), drive.Rate.UncertaintyHz, 1e-6, "after the identified record");
            Assert.IsTrue(drive.Rate.UncertaintyHz > rp1Hz + 0.02f, "a larger resistance carries more of the current's noise");
        }

        [TestMethod]
        public void The_brake_time_constant_is_the_shorted_motors_without_the_shunt()
        {
            // τ_b = J·(R_L − R_s)/k² = 0.68e-7 × (1.51 − 0.05) / (2.67e-3)² = 9.928e-8 / 7.1289e-6 = 13.926 ms
            Near(0.013926, NeedleRetraction.BrakeTauSeconds(2.67e-3f, 1.51f, 0.68e-7f), 2e-6, "RP-1's datasheet motor, s");
            // a 1331-class motor with the cam on RP-2: (0.71 + 0.15)e-7 × (2.83 + 0.41 − 0.05) / (5.35e-3)² = 2.7434e-7 / 2.86225e-5 = 9.585 ms
            Near(0.009585, NeedleRetraction.BrakeTauSeconds(5.35e-3f, 3.24f, 0.86e-7f), 2e-6, "1331-class motor, s");
        }

        [TestMethod]
        public void A_park_from_100_strokes_per_second_brakes_to_rest_for_the_time_constant_times_the_log_of_the_rate()
        {
            // the brakes' τ_b = 13.926 ms × 1.15 × (1 + 0.0039 × 40) = 13.926 × 1.32940 = 18.513 ms;
            // τ_b·ln(100/1) = 18.513 ms × 4.60517 = 85.256 ms: in 1 ms ticks the bridge is released (the spring settles the
            // cam) on the first tick past it
            BoardVariant b = BoardVariant.Battery1S();
            NeedleRetraction r = new NeedleRetraction(b.MotorBackEmfVoltSecondsPerRad, b.MotorResistanceOhms + b.DriveResistanceOhms, b.MotorNoLoadAmps, b.CamBreakawayTorqueNm, b.RotorInertiaKgM2);
            Near(0.018513, r.BrakeTau, 3e-6, "the retraction's τ_b");
            r.Begin(0, 100f, RetractionStart.Park);
            long t = 0;
            while (t < 200000 && r.BridgeEnabled)
            {
                t += 1000;
                r.Update(t, 0, false, -1f, 15f, 0.05f, 3.7f, 0.001f);
                Assert.IsFalse(r.Crawling, "no crawl in the brake");
            }

            Near(86000, t, 1, "the brake's last tick, µs");
        }
    }
}
