#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>Raw ADC codes to pin voltages (the ESP32's real transfer) and pin voltages to physical units (nf.config).</summary>
    [TestClass]
    public class SensingScaleTests
    {
        private static bool Near(float a, float b, float tolerance) { return Math.Abs(a - b) <= tolerance; }

        [TestMethod]
        public void The_nominal_line_is_ESP_IDFs_at_the_default_reference_so_a_1_V_input_reads_1_V_not_0_75_V()
        {
            // esp-idf@1021229 adc_cali_line_fitting.c, ADC1 at 12 dB, Vref 1100 mV: coeff_a = 1100·196602/4096 = 52798
            // (the driver's integer), V = (52798·raw + 32768)/65536 + 142 mV; its raw code for 1000 mV is 1065
            int raw = 1065;
            float idf = (52798f * raw + 32768f) / 65536f + 142f;
            Assert.IsTrue(Near(idf, AdcLine.Nominal.Millivolts(raw), 0.5f), "the line: " + AdcLine.Nominal.Millivolts(raw).ToString());
            Assert.IsTrue(Near(1000f, AdcLine.Nominal.Millivolts(raw), 1.5f), "1.0 V");
            // the old assumption, 150 mV at code 0 and 2450 mV at 4095, read this code as 0.75 V
            Assert.IsFalse(Near(150f + raw * 2300f / 4095f, AdcLine.Nominal.Millivolts(raw), 100f));
        }

        [TestMethod]
        public void Battery_divider_reads_4_2_V_as_2_1_V_at_the_pin()
        {
            SensingScale scale = BoardVariant.Battery1S().Scale;
            Assert.IsTrue(Near(4.2f, scale.SupplyVolts(2100f), 0.001f));
            Assert.IsTrue(Near(2100f, scale.SupplyPinMillivolts(4.2f), 0.1f));
        }

        [TestMethod]
        public void Corded_divider_keeps_the_bus_inside_the_adcs_linear_part()
        {
            // 100k/33k: the plausible maximum 8.5 V reads 2.11 V, below 2.2 V where a low-reference chip's code starts to bend
            SensingScale scale = BoardVariant.Corded7V4().Scale;
            Assert.IsTrue(scale.SupplyPinMillivolts(8.5f) < 2200f, "8.5 V at the pin: " + scale.SupplyPinMillivolts(8.5f).ToString());
            Assert.IsTrue(Near(1836f, scale.SupplyPinMillivolts(7.4f), 2f));
        }

        [TestMethod]
        public void Current_sense_is_1_V_per_A_above_a_300_mV_reference()
        {
            Assert.IsTrue(Near(1.0f, SensingScale.ShuntAmps(1300f, SensingScale.ZeroCurrentMillivolts), 0.0001f));
            Assert.IsTrue(Near(0f, SensingScale.ShuntAmps(300f, SensingScale.ZeroCurrentMillivolts), 0.0001f));
            Assert.IsTrue(Near(0.5f, SensingScale.ShuntAmps(812f, 312f), 0.0001f), "against a learnt zero");
        }

        [TestMethod]
        public void Ntc_reads_25_C_at_half_supply_and_43_C_at_1_055_V()
        {
            Assert.IsTrue(Near(25f, SensingScale.HousingCelsius(1650f), 0.05f));
            Assert.IsTrue(Near(43f, SensingScale.HousingCelsius(1055f), 0.3f));
            Assert.AreEqual(-273.15f, SensingScale.HousingCelsius(3300f));
        }
    }
}
