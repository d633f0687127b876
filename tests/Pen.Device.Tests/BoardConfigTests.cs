using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.BoardGen;
using Pen.Core.Board;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;

namespace Pen.Device.Tests
{
    /// <summary>nf.config is the one source: the generated files are current, and the core and the simulator agree with it.</summary>
    [TestClass]
    public sealed class BoardConfigTests
    {
        [TestMethod]
        public void Generated_board_files_are_current_with_nf_config()
        {
            IReadOnlyList<string> stale = BoardFiles.Stale(Repo.Root);
            Assert.AreEqual(0, stale.Count, "not current with nf.config: " + string.Join(", ", stale) + "; run: " + BoardFiles.Regenerate);
        }

        [TestMethod]
        public void Compiled_BoardConstants_equal_nf_config()
        {
            NfConfig config = Repo.Config();
            foreach (KeyValuePair<string, string> c in BoardFiles.BoardConstantKeys)
            {
                FieldInfo? field = typeof(BoardConstants).GetField(c.Key, BindingFlags.Public | BindingFlags.Static);
                Assert.IsNotNull(field, "BoardConstants." + c.Key + " is missing");
                double compiled = Convert.ToDouble(field!.GetRawConstantValue());
                double source = config.Number(c.Value);
                Assert.IsTrue(Math.Abs(compiled - source) <= Math.Abs(source) * 1e-6, "BoardConstants." + c.Key + " = " + compiled + " but nf.config " + c.Value + " = " + source);
            }
        }

        [TestMethod]
        public void Simulator_RP1_sensing_chain_defaults_equal_nf_config()
        {
            NfConfig n = Repo.Config();
            PlantParameters p = PlantParameters.Rp1();
            Same(n, "motorCurrentSense.shuntOhms", p.ShuntOhms, "ShuntOhms");
            Same(n, "motorCurrentSense.amplifierGainVPerV", p.CurrentAmplifierGain, "CurrentAmplifierGain");
            Same(n, "motorCurrentSense.filterTimeConstantMicros", p.CurrentFilterMicros, "CurrentFilterMicros");
            Same(n, "motorCurrentSense.averagedFilterTimeConstantMicros", p.AveragedCurrentFilterMicros, "AveragedCurrentFilterMicros");
            Same(n, "driveVoltageSense.filterTimeConstantMicros", p.DriveSenseFilterMicros, "DriveSenseFilterMicros");
            Same(n, "motorCurrentSense.referenceMillivolts", p.CurrentSenseReferenceMillivolts, "CurrentSenseReferenceMillivolts");
            Same(n, "supplyDivider.battery1S.topOhms", p.DividerTopOhms, "DividerTopOhms (RP-1)");
            Same(n, "supplyDivider.battery1S.bottomOhms", p.DividerBottomOhms, "DividerBottomOhms (RP-1)");
            Same(n, "housingNtc.r25Ohms", p.NtcR25Ohms, "NtcR25Ohms");
            Same(n, "housingNtc.betaKelvin", p.NtcBetaKelvin, "NtcBetaKelvin");
            Same(n, "housingNtc.pullUpOhms", p.NtcPullUpOhms, "NtcPullUpOhms");
            Same(n, "housingNtc.supplyMillivolts", p.NtcSupplyMillivolts, "NtcSupplyMillivolts");
            Same(n, "depthRing.millivoltsAtZeroMm", p.DepthMillivoltsAtZero, "DepthMillivoltsAtZero");
            Same(n, "depthRing.millivoltsAtFullMm", p.DepthMillivoltsAtFull, "DepthMillivoltsAtFull");
            Same(n, "depthRing.sensitivityToleranceFraction", p.DepthSensitivityTolerance, "DepthSensitivityTolerance");
            Same(n, "depthRing.nonlinearityMillivolts", p.DepthNonlinearityMillivolts, "DepthNonlinearityMillivolts");
            Same(n, "depthRing.detentToleranceMm", p.DepthDetentToleranceMm, "DepthDetentToleranceMm");
            Same(n, "supplyDivider.toleranceFraction", p.DividerTolerance, "DividerTolerance");
            Same(n, "adc.idfDefaultVrefMillivolts", p.AdcDefaultVrefMillivolts, "AdcDefaultVrefMillivolts");
            Same(n, "adc.idfAttenScale", p.AdcAttenScale, "AdcAttenScale");
            Same(n, "adc.idfAttenOffsetMillivolts", p.AdcAttenOffsetMillivolts, "AdcAttenOffsetMillivolts");
            Same(n, "adc.calibrationLowMillivolts", Pen.Simulation.Factory.AdcCalibrationBench.LowMillivolts, "AdcCalibrationBench.LowMillivolts");
            Same(n, "adc.calibrationHighMillivolts", Pen.Simulation.Factory.AdcCalibrationBench.HighMillivolts, "AdcCalibrationBench.HighMillivolts");
            Same(n, "pwm.frequencyHz", p.PwmFrequencyHz, "PwmFrequencyHz");
            Same(n, "pwm.resolutionBits", SimPwm.OptimumResolution((int)p.PwmFrequencyHz), "the resolution nanoFramework picks for pwm.frequencyHz (SimPwm.OptimumResolution)");
            Same(n, "heartbeat.holdMillis", p.HeartbeatHoldMs, "HeartbeatHoldMs");
            Same(n, "pulseCounter.glitchFilterNanoseconds", p.PcntFilterNanoseconds, "PcntFilterNanoseconds");
            Same(n, "currentLimit.milliamps", p.CurrentLimitAmps * 1000, "CurrentLimitAmps × 1000");
            Same(n, "powerSwitch.forceOffMillis", p.PowerOffHoldMs, "PowerOffHoldMs");
        }

        [TestMethod]
        public void Simulator_RP2_supply_divider_equals_nf_config_corded7V4()
        {
            NfConfig n = Repo.Config();
            PlantParameters p = PlantParameters.Rp2();
            Same(n, "supplyDivider.corded7V4.topOhms", p.DividerTopOhms, "DividerTopOhms (RP-2)");
            Same(n, "supplyDivider.corded7V4.bottomOhms", p.DividerBottomOhms, "DividerBottomOhms (RP-2)");
            Same(n, "pwm.frequencyHz", p.PwmFrequencyHz, "PwmFrequencyHz (RP-2)");
            Same(n, "heartbeat.holdMillis", p.HeartbeatHoldMs, "HeartbeatHoldMs (RP-2)");
        }

        [TestMethod]
        public void Simulator_depth_ring_detents_equal_nf_config()
        {
            NfConfig n = Repo.Config();
            Same(n, "depthRing.detentStepMm", PrivateConstant(typeof(DepthRing), "StepMm"), "DepthRing.StepMm");
            Same(n, "depthRing.fullScaleMm", PrivateConstant(typeof(DepthRing), "FullMm"), "DepthRing.FullMm");
        }

        [TestMethod]
        public void Simulator_tick_period_equals_nf_config()
        {
            Same(Repo.Config(), "tick.periodMicros", new Pen.Simulation.Scenarios.TickPattern().PeriodMs * 1000, "TickPattern.PeriodMs × 1000");
        }

        [TestMethod]
        public void The_PWM_frequency_gives_the_resolution_nf_config_claims_and_39_kHz_would_not()
        {
            // GetOptimumResolution (nf-interpreter@a3e8139): at 39,000 Hz the 11-bit divider is exactly 256, not above it
            NfConfig n = Repo.Config();
            Assert.AreEqual(n.Integer("pwm.resolutionBits"), SimPwm.OptimumResolution(n.Integer("pwm.frequencyHz")), "nf.config pwm");
            Assert.AreEqual(10, SimPwm.OptimumResolution(39000), "39 kHz runs at 10 bits");
            Assert.AreEqual(11, SimPwm.OptimumResolution(38910), "38,910 Hz is the highest frequency at 11 bits");
            Assert.AreEqual(10, SimPwm.OptimumResolution(38911));
        }

        [TestMethod]
        public void A_Hall_filter_ESP_IDF_would_refuse_is_refused_with_its_key()
        {
            // FilterPulses is ESP-IDF's max_glitch_ns: above 12,799 ns (1,023 APB cycles) the driver refuses it and the
            // filter stays off, an error nanoFramework does not pass on
            NfConfig n = NfConfig.Parse("{ \"pulseCounter\": { \"glitchFilterNanoseconds\": 13000, \"polarity\": \"Falling\" } }", "test.json");
            try
            {
                BoardFiles.RenderPinMap(n);
                Assert.Fail("13,000 ns accepted");
            }
            catch (NfConfigException e)
            {
                StringAssert.Contains(e.Message, "pulseCounter.glitchFilterNanoseconds");
            }
        }

        [TestMethod]
        public void A_disagreeing_value_is_reported_with_its_key()
        {
            NfConfig n = NfConfig.Parse("{ \"motorCurrentSense\": { \"shuntOhms\": 0.1 } }", "test.json");
            AssertFailsWith(() => Same(n, "motorCurrentSense.shuntOhms", 0.05, "ShuntOhms"), "motorCurrentSense.shuntOhms");
        }

        private static void Same(NfConfig config, string key, double simulator, string what)
        {
            double source = config.Number(key);
            Assert.IsTrue(Math.Abs(simulator - source) <= Math.Abs(source) * 1e-9, "simulator " + what + " = " + simulator + " but nf.config " + key + " = " + source);
        }

        private static double PrivateConstant(Type type, string name)
        {
            FieldInfo? f = type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
            Assert.IsNotNull(f, type.Name + "." + name + " not found");
            return Convert.ToDouble(f!.GetValue(null));
        }

        internal static void AssertFailsWith(Action action, string expectedInMessage)
        {
            try
            {
                action();
            }
            catch (AssertFailedException e)
            {
                StringAssert.Contains(e.Message, expectedInMessage);
                return;
            }
            Assert.Fail("expected a failure naming " + expectedInMessage);
        }
    }
}
