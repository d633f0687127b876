using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Simulation.Factory;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>
    /// The simulated ESP32 ADC against Espressif's own figures for ADC1 at 12 dB (esp-idf@1021229
    /// components/esp_adc/esp32/adc_cali_line_fitting.c and docs/en/api-reference/peripherals/adc/adc_calibration.rst),
    /// and the firmware's reading of it before and after the factory's calibration.
    /// </summary>
    [TestClass]
    public class Esp32AdcTests
    {
        /// <summary>A chip without bow and noise, so the figures compare with the characterisation itself.</summary>
        private static Esp32Adc Chip(double vref, double intercept = 142)
        {
            PlantParameters p = PlantParameters.Rp1();
            p.AdcInlLsb = 0;
            p.AdcNoiseLsb = 0;
            return new Esp32Adc(p, vref, intercept, 1);
        }

        [TestMethod]
        public void The_linear_part_is_ESP_IDFs_line_for_the_chips_reference()
        {
            // characterize_using_vref: coeff_a = Vref·196602/4096 (integer), V = (coeff_a·raw + 32768)/65536 + 142
            foreach (int vref in new[] { 1000, 1100, 1200 })
            {
                Esp32Adc chip = Chip(vref);
                long coeffA = vref * 196602L / 4096;
                foreach (int raw in new[] { 100, 1065, 2000, 2800 })
                {
                    double idf = (coeffA * raw + 32768) / 65536 + 142;
                    Assert.AreEqual(idf, chip.MillivoltsAt(raw), 1.0, "Vref " + vref + ", code " + raw);
                    Assert.AreEqual(raw, chip.CodeFor(idf), 1.5, "and back: Vref " + vref + ", " + idf + " mV");
                }
            }
        }

        [TestMethod]
        public void A_1_V_input_reads_from_code_976_to_1171_by_the_chips_reference()
        {
            // 1.0 V on the line: (1000 − 142)/(Vref·196602/4096/65536): 1171 at 1000 mV, 1065 at 1100 mV, 976 at 1200 mV
            Assert.AreEqual(1171, Chip(1000).Convert(1000, SplitMix.For(1, "x")), 1);
            Assert.AreEqual(1065, Chip(1100).Convert(1000, SplitMix.For(1, "x")), 1);
            Assert.AreEqual(976, Chip(1200).Convert(1000, SplitMix.For(1, "x")), 1);
        }

        [TestMethod]
        public void Above_code_2880_the_transfer_bends_as_ESP_IDFs_lookup_tables_give_it()
        {
            // lut_adc1_low (Vref 1000) and lut_adc1_high (Vref 1200) at codes 2944, 3264, 3520, 3776, 4032 (points 1, 6, 10,
            // 14, 18 of the 64-code table from LUT_LOW_THRESH = 2880); at 1100 mV the driver interpolates to their mean
            int[] codes = { 2944, 3264, 3520, 3776, 4032 };
            double[] low = { 2297, 2564, 2754, 2903, 3030 };
            double[] high = { 2706, 2873, 2982, 3084, 3184 };
            for (int i = 0; i < codes.Length; i++)
            {
                Assert.AreEqual(low[i], Chip(1000).MillivoltsAt(codes[i]), 12, "Vref 1000, code " + codes[i]);
                Assert.AreEqual(high[i], Chip(1200).MillivoltsAt(codes[i]), 12, "Vref 1200, code " + codes[i]);
                Assert.AreEqual(0.5 * (low[i] + high[i]), Chip(1100).MillivoltsAt(codes[i]), 12, "Vref 1100, code " + codes[i]);
            }

            // the last code: 3060 mV (Vref 1000) and 3209 mV (Vref 1200) at 4096 in the tables
            Assert.AreEqual(4095, Chip(1000).Convert(3075, SplitMix.For(1, "x")));
            Assert.IsTrue(Chip(1200).Convert(3150, SplitMix.For(1, "x")) < 4095, "a high-reference chip still resolves 3.15 V");
            Assert.AreEqual(4095, Chip(1200).Convert(3225, SplitMix.For(1, "x")));
        }

        [TestMethod]
        public void At_the_bottom_the_code_is_0_and_joins_the_line_by_200_mV()
        {
            Esp32Adc chip = Chip(1100);
            Assert.AreEqual(0, chip.Convert(0, SplitMix.For(1, "x")));
            Assert.AreEqual(0, chip.Convert(90, SplitMix.For(1, "x")), "well below the line's 142 mV");
            double atLine = (200 - 142) / chip.MillivoltsPerCode;
            Assert.AreEqual(atLine, chip.CodeFor(200), 0.05, "on the line from 200 mV (Espressif's accurate range starts at 150 mV)");
            Assert.IsTrue(chip.CodeFor(150) - (150 - 142) / chip.MillivoltsPerCode > 2, "bent at 150 mV: the knee");
        }

        [TestMethod]
        public void Each_unit_draws_its_reference_from_1000_to_1200_mV()
        {
            PlantParameters p = PlantParameters.Rp1();
            double min = double.MaxValue, max = double.MinValue;
            for (int seed = 1; seed <= 300; seed++)
            {
                double vref = new Esp32Adc(p, seed).VrefMillivolts;
                min = Math.Min(min, vref);
                max = Math.Max(max, vref);
            }

            Assert.IsTrue(min >= 1000 && min < 1015, "lowest " + min);
            Assert.IsTrue(max <= 1200 && max > 1185, "highest " + max);
        }

        [TestMethod]
        public void The_firmware_reads_a_1_V_input_as_1_V_not_0_75_V_and_within_4_mV_after_the_factory_calibration()
        {
            // on the nominal line a chip at the default reference reads 1.0 V; the old 150–2450 mV mapping read the
            // same code as 0.75 V
            int code = Chip(1100).Convert(1000, SplitMix.For(1, "x"));
            Assert.AreEqual(1000, AdcLine.Nominal.Millivolts(code), 3);
            Assert.AreEqual(748, 150 + code * 2300.0 / 4095, 3, "what the old assumption read");

            // every unit, after its ADCCAL records: each input reads a 1.0 V pin within 4 mV (mean of 64 conversions; what is left is the bow between the two points)
            for (int seed = 1; seed <= 20; seed++)
            {
                var pen = new SimulatedPen(PlantParameters.Rp1(), seed, new InitialConditions());
                var lines = new AdcLines();
                lines.Load(pen.ReadRecords());
                Assert.AreEqual(6, lines.Calibrated, "seed " + seed + ": every input calibrated");
                for (int i = 0; i < AdcLines.Names.Length; i++)
                {
                    SimAdc channel = AdcCalibrationBench.Channel(pen, i);
                    SplitMix noise = SplitMix.For(seed, "test-1V");
                    double sum = 0;
                    for (int k = 0; k < 64; k++) sum += channel.ConvertAt(1.0, noise);
                    double read = lines.ByIndex(i).Millivolts((float)(sum / 64));
                    Assert.AreEqual(1000, read, 4, "seed " + seed + ", input " + AdcLines.Names[i] + ", Vref " + pen.AdcChip.VrefMillivolts.ToString("F0"));
                }
            }
        }
    }
}
