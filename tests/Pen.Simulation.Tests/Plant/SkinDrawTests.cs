using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Tests.Plant
{
    /// <summary>
    /// The plant's noise is tied to the scenario's events, not to how much the firmware did before them: the skin's
    /// per-stroke variability is drawn per contact, stroke by stroke while the needles are on the skin, and an ADC
    /// conversion's noise by the moment it is made in (in a pen, the firmware tick's due time), the Hall line's by the
    /// time of the edge or plant step it falls in. So a firmware that
    /// turns the cam longer in the air before a contact (a cartridge chain at boot) or reads a channel more often meets
    /// the same skin and the same noise after it, and a before/after comparison of a control change sees the change,
    /// not other draws.
    /// </summary>
    [TestClass]
    public class SkinDrawTests
    {
        [TestMethod]
        public void Strokes_turned_in_the_air_before_a_contact_leave_the_contacts_stroke_factors_as_they_were()
        {
            List<double> early = ContactFactors(0.3, out long airEarly), late = ContactFactors(0.6, out long airLate);

            Assert.IsTrue(airLate >= airEarly + 10, "air strokes " + airEarly + " and " + airLate);
            int n = System.Math.Min(early.Count, late.Count);
            Assert.IsTrue(n >= 20, "strokes in the skin: " + n);
            double min = 2, max = 0;
            for (int k = 0; k < n; k++)
            {
                Assert.AreEqual(early[k], late[k], 0.0, "the contact's stroke " + k);
                min = System.Math.Min(min, early[k]);
                max = System.Math.Max(max, early[k]);
            }

            // the draws are the model's: ×(1 ± 0.2), and not one value
            Assert.IsTrue(min >= 0.8 && max <= 1.2 && max - min > 0.1, "factors " + min + " to " + max);
        }

        [TestMethod]
        public void A_second_contact_draws_its_own_stroke_factors_whatever_the_first_one_lasted()
        {
            List<double> afterShort = SecondContactFactors(0.2), afterLong = SecondContactFactors(0.5);

            int n = System.Math.Min(afterShort.Count, afterLong.Count);
            Assert.IsTrue(n >= 20, "strokes in the second contact: " + n);
            for (int k = 0; k < n; k++) Assert.AreEqual(afterShort[k], afterLong[k], 0.0, "the second contact's stroke " + k);
        }

        [TestMethod]
        public void An_adc_channels_noise_at_a_moment_does_not_move_with_the_conversions_made_before_it()
        {
            long now = 0;
            SimAdc quiet = Channel(() => now), busy = Channel(() => now);
            for (int i = 0; i < 50; i++)
            {
                now = 1000 + 37 * i;
                busy.ReadRaw();
            }

            var codes = new HashSet<int>();
            for (int i = 0; i < 40; i++)
            {
                now = 10_000 + 10_000 * i;
                int a = quiet.ReadRaw(), b = busy.ReadRaw();
                Assert.AreEqual(a, b, "conversion at " + now + " µs");
                codes.Add(a);
                // two conversions at one moment are two draws
                Assert.AreEqual(quiet.ReadRaw(), busy.ReadRaw(), "second conversion at " + now + " µs");
            }

            Assert.IsTrue(codes.Count >= 3, "the noise (2 LSB rms) shows: " + codes.Count + " codes");
        }

        [TestMethod]
        public void Every_conversion_at_one_moment_draws_its_own_noise_however_many_a_bench_takes()
        {
            SimAdc adc = Channel(() => 5_000);
            var codes = new List<int>();
            for (int i = 0; i < 256; i++) codes.Add(adc.ReadRaw());

            // 64 apart: as unlike as any two (the same code by chance at most now and then, 2 LSB rms)
            int same = 0;
            for (int i = 0; i + 64 < codes.Count; i++) if (codes[i] == codes[i + 64]) same++;
            Assert.IsTrue(same < 96, same + " of 192 conversions read the same code as the one 64 before");
        }

        [TestMethod]
        public void The_hall_lines_emi_pulses_while_the_driver_is_on_do_not_move_with_how_long_it_was_on_before()
        {
            List<long> longOn = HallTransitions(0.0), shortOn = HallTransitions(0.3);

            Assert.IsTrue(longOn.Count >= 40, "EMI transitions from 0.3 s: " + longOn.Count);
            CollectionAssert.AreEqual(longOn, shortOn);
        }

        [TestMethod]
        public void The_hall_lines_emi_pulses_do_not_move_with_where_the_firmwares_ticks_split_the_plants_steps()
        {
            // 1 ms apart (whole steps) against 0.937 ms apart (every advance ends inside a step, as the ticks' work does)
            List<long> whole = HallTransitions(0.0), split = HallTransitions(0.0, 937);

            Assert.IsTrue(whole.Count >= 40, "EMI transitions from 0.3 s: " + whole.Count);
            CollectionAssert.AreEqual(whole, split);
        }

        /// <summary>A standing cam (duty 0), the driver on from <paramref name="onAtS"/>, the plant advanced <paramref name="everyMicros"/> at a time: the Hall line's transitions (ns, the level in the lowest bit) from 0.3 s to 0.6 s.</summary>
        private static List<long> HallTransitions(double onAtS, long everyMicros = 1000)
        {
            PenPlant plant = Rp1(7);
            plant.DutyCommand = 0;
            var seen = new List<long>();
            while (plant.NowMicros < 600_000)
            {
                plant.EnableRequest = plant.NowMicros >= onAtS * 1e6;
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + everyMicros);
                while (plant.Hall.Next(plant.NowMicros * 1000, out long ns, out bool level))
                    if (ns >= 300_000_000 && ns < 600_000_000) seen.Add(2 * ns + (level ? 1 : 0));
            }

            Assert.AreEqual(0, plant.StrokeTimeCount, "the cam stands");
            return seen;
        }

        private static SimAdc Channel(System.Func<long> clock)
        {
            var p = PlantParameters.Rp1();
            return new SimAdc(p, () => 1.0, 0.0, 11, "current") { Moment = clock };
        }

        private static PenPlant Rp1(int seed)
        {
            return new PenPlant(PlantParameters.Rp1(), seed, 0.8, 22) { Needles = 42, DepthMm = 1.5 };
        }

        /// <summary>Runs the cam in the air for <paramref name="airS"/>, then on the skin for 0.5 s: each stroke's factor in the skin.</summary>
        private static List<double> ContactFactors(double airS, out long airStrokes)
        {
            PenPlant plant = Rp1(5);
            OpenLoop.Run(plant, 0.4, airS);
            airStrokes = plant.StrokeTimeCount;
            return OnSkin(plant, 0.5);
        }

        private static List<double> SecondContactFactors(double firstS)
        {
            PenPlant plant = Rp1(6);
            OpenLoop.Run(plant, 0.4, 0.2);
            OnSkin(plant, firstS);
            // lifted as the scenarios lift it: the load to 0, the pen still held (SkinContact stays true)
            plant.SetSkinLoad(0, 0.020);
            OpenLoop.Run(plant, 0.4, 0.2);
            Assert.AreEqual(1, plant.SkinContactsBegun);
            List<double> second = OnSkin(plant, 0.4);
            Assert.AreEqual(2, plant.SkinContactsBegun);
            return second;
        }

        private static List<double> OnSkin(PenPlant plant, double seconds)
        {
            plant.SkinContact = true;
            plant.SetSkinLoad(1.0, 0);
            var factors = new List<double> { plant.StrokeSkinFactor };
            long strokes = plant.StrokeTimeCount;
            long end = plant.NowMicros + (long)(seconds * 1e6);
            while (plant.NowMicros < end)
            {
                plant.LastHeartbeatEdgeMicros = plant.NowMicros;
                plant.AdvanceTo(plant.NowMicros + 100);
                if (plant.StrokeTimeCount != strokes)
                {
                    Assert.AreEqual(strokes + 1, plant.StrokeTimeCount, "one stroke per 100 µs at most");
                    strokes = plant.StrokeTimeCount;
                    factors.Add(plant.StrokeSkinFactor);
                }
            }

            return factors;
        }
    }
}
