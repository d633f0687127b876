#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>ADC codes to physical units with the nominal scaling of nf.config.</summary>
    [TestClass]
    public class SensingScaleTests
    {
        private static bool Near(float a, float b, float tolerance) { return Math.Abs(a - b) <= tolerance; }

        [TestMethod]
        public void Code_zero_is_150_mV_and_full_scale_is_2450_mV()
        {
            Assert.IsTrue(Near(150f, SensingScale.CodeToMillivolts(0), 0.01f));
            Assert.IsTrue(Near(2450f, SensingScale.CodeToMillivolts(4095), 0.01f));
        }

        [TestMethod]
        public void Battery_divider_reads_4_2_V_as_2_1_V_at_the_pin()
        {
            SensingScale scale = BoardVariant.Battery1S().Scale;
            int code = (int)Math.Round((2100f - 150f) / 2300f * 4095f);
            Assert.IsTrue(Near(4.2f, scale.CodeToSupplyVolts(code), 0.005f));
        }

        [TestMethod]
        public void Current_sense_is_1_V_per_A_above_a_300_mV_reference()
        {
            int code = (int)Math.Round((1300f - 150f) / 2300f * 4095f);
            Assert.IsTrue(Near(1.0f, SensingScale.CodeToShuntAmps(code), 0.002f));
            int zero = (int)Math.Round((300f - 150f) / 2300f * 4095f);
            Assert.IsTrue(Near(0f, SensingScale.CodeToShuntAmps(zero), 0.002f));
            Assert.AreEqual(zero, SensingScale.ZeroCurrentCode);
        }

        [TestMethod]
        public void Ntc_reads_25_C_at_half_supply_and_43_C_at_1_055_V()
        {
            int half = (int)Math.Round((1650f - 150f) / 2300f * 4095f);
            Assert.IsTrue(Near(25f, SensingScale.CodeToHousingCelsius(half), 0.3f));
            int hot = (int)Math.Round((1055f - 150f) / 2300f * 4095f);
            Assert.IsTrue(Near(43f, SensingScale.CodeToHousingCelsius(hot), 0.3f));
        }
    }
}
