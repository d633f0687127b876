using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Scenarios
{
    /// <summary>
    /// The scenario fields that say what a unit really is, apart from what its firmware is told: the firmware's motor
    /// constants, exact sensing chains, the cell's open-circuit voltage, the cartridge's spring and needles. Each parses,
    /// each reaches the simulated pen, and a bad value is named.
    /// </summary>
    [TestClass]
    public sealed class PenTruthTests
    {
        [TestMethod]
        public void Firmware_told_and_truth_are_apart()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"overrides\": { \"backEmfVoltSecondsPerRad\": 0.003 }, " +
                               "\"firmware\": { \"motorBackEmfVoltSecondsPerRad\": 0.0025, \"motorResistanceOhms\": 1.3, \"motorNoLoadAmps\": 0.04, \"rotorInertiaKgM2\": 7e-8 } }");
            Assert.AreEqual(0.003, s.Overrides["backEmfVoltSecondsPerRad"]);
            Assert.AreEqual(0.0025, s.Firmware.MotorBackEmfVoltSecondsPerRad);
            var runner = new ScenarioRunner(s);
            Assert.AreEqual(0.003, runner.Pen.Plant.Parameters.BackEmfVoltSecondsPerRad, "the plant has the truth");
            Assert.AreEqual(0.0025f, runner.Pen.Board.MotorBackEmfVoltSecondsPerRad, "the firmware is told its own");
            Assert.AreEqual(1.3f, runner.Pen.Board.MotorResistanceOhms);
            Assert.AreEqual(0.04f, runner.Pen.Board.MotorNoLoadAmps);
            Assert.AreEqual(7e-8f, runner.Pen.Board.RotorInertiaKgM2);

            // nothing told: the variant's datasheet values, whatever the truth
            var nominal = new ScenarioRunner(Parse("{ \"durationS\": 1, \"overrides\": { \"backEmfVoltSecondsPerRad\": 0.003 } }"));
            Assert.AreEqual(2.67e-3f, nominal.Pen.Board.MotorBackEmfVoltSecondsPerRad);
        }

        [TestMethod]
        public void Exact_sensing_chains_replace_the_seeds_draw_and_leave_the_rest()
        {
            var drawn = new ScenarioRunner(Parse("{ \"durationS\": 1, \"seed\": 5 }")).Pen;
            var exact = new ScenarioRunner(Parse("{ \"durationS\": 1, \"seed\": 5, \"sensing\": { \"motorCurrent\": { \"gain\": 1.015, \"offsetMv\": -4 }, " +
                                                 "\"supplyVoltage\": { \"gain\": 0.99, \"offsetMv\": 3 }, \"driveVoltage\": { \"gain\": 1.01 }, \"housingNtc\": { \"offsetC\": 1.5 } } }")).Pen;
            Assert.AreEqual(1.015, exact.CurrentSenseGainFactor);
            Assert.AreEqual(0.296, exact.Plant.CurrentSenseReferenceVolts, 1e-12);
            double nominalRatio = 100000.0 / 200000.0;
            Assert.AreEqual(nominalRatio * 0.99, exact.SupplyDividerRatio, 1e-12);
            Assert.AreNotEqual(drawn.CurrentSenseGainFactor, exact.CurrentSenseGainFactor);
            // the supply pin reads the divided bus plus the offset
            Assert.AreEqual(exact.Plant.BusVolts * nominalRatio * 0.99 + 0.003, exact.SupplyAdc.PinVolts, 1e-9);
            // an NTC 1.5 °C high: its pin voltage is that of the nominal parts 1.5 °C warmer
            double r = 10000 * Math.Exp(3950 * (1 / (25 + 1.5 + 273.15) - 1 / 298.15));
            Assert.AreEqual(3.3 * r / (r + 10000), exact.NtcVolts(25), 1e-9);
            // one chain given, every other draw of the seed as it was
            var one = new ScenarioRunner(Parse("{ \"durationS\": 1, \"seed\": 5, \"sensing\": { \"motorCurrent\": { \"gain\": 1.0 } } }")).Pen;
            Assert.AreEqual(drawn.SupplyDividerRatio, one.SupplyDividerRatio);
            Assert.AreEqual(drawn.Plant.CurrentSenseReferenceVolts, one.Plant.CurrentSenseReferenceVolts);
            Assert.AreEqual(drawn.NtcVolts(30), one.NtcVolts(30));
        }

        [TestMethod]
        public void Battery_open_circuit_voltage_at_the_start()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"initial\": { \"batteryOcvVolts\": 3.7 } }");
            Assert.AreEqual(3.7, s.Initial.BatteryOcvVolts);
            var pen = new ScenarioRunner(s).Pen;
            Assert.AreEqual(3.7, pen.Plant.Supply.OpenCircuitVolts, 1e-9);
            Assert.AreEqual(0.5, pen.Plant.Supply.StateOfCharge, 1e-9);
            for (double v = 3.0; v <= 4.2; v += 0.05) Assert.AreEqual(v, Supply.OcvAt(Supply.StateOfChargeAt(v)), 1e-9, "inverse at " + v);

            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"stateOfCharge\": 0.5, \"batteryOcvVolts\": 3.7 } }"), "t.json", 1, "initial.batteryOcvVolts", "not both");
            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"batteryOcvVolts\": 4.5 } }"), "t.json", 1, "initial.batteryOcvVolts", "from 3 to 4.2");
            AssertError(FailsText("{ \"durationS\": 1, \"plant\": \"RP-2\", \"initial\": { \"batteryOcvVolts\": 3.7 } }"), "t.json", 1, "initial.batteryOcvVolts", "RP-1");
        }

        [TestMethod]
        public void Cartridge_spring_and_needles_at_the_start_and_at_each_insert()
        {
            Scenario s = Parse("{ \"durationS\": 3, \"initial\": { \"needles\": 24, \"springPreloadN\": 0.45, \"springRateNPerM\": 225, \"needleForceN\": 0.25 }, " +
                               "\"events\": [ { \"at\": 1, \"type\": \"cartridge\", \"action\": \"remove\" }, " +
                               "{ \"at\": 2, \"type\": \"cartridge\", \"action\": \"insert\", \"needles\": 42, \"springRateNPerM\": 105 } ] }");
            var runner = new ScenarioRunner(s);
            PenPlant plant = runner.Pen.Plant;
            Assert.AreEqual(24, plant.Needles);
            Assert.AreEqual(0.45, plant.SpringPreloadN);
            Assert.AreEqual(225, plant.SpringRateNPerM);
            Assert.AreEqual(0.25, plant.NeedleForceN);
            runner.Run();
            Assert.AreEqual(42, plant.Needles);
            Assert.AreEqual(105, plant.SpringRateNPerM, "given at the insert");
            Assert.AreEqual(0.3, plant.SpringPreloadN, "not given at the insert: the plant's");
            Assert.AreEqual(0.08, plant.NeedleForceN);

            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ { \"at\": 0.5, \"type\": \"cartridge\", \"action\": \"remove\", \"needleForceN\": 0.1 } ] }"),
                "t.json", 1, "events[0].needleForceN", "only valid with action insert");
            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"springRateNPerM\": -1 } }"), "t.json", 1, "initial.springRateNPerM", "from 0 to 2000");
        }

        [TestMethod]
        public void A_stiffer_spring_swings_the_shaft_speed_more()
        {
            // the plant turns the spring it is given: at a fixed duty the speed swings within each stroke (the spring
            // stores energy on the way out and gives it back on the way in), more with a 1.5x spring than a 0.7x one
            double Swing(double scale)
            {
                var plant = new PenPlant(PlantParameters.Rp1(), 1, 0.5, 23);
                plant.SpringPreloadN *= scale;
                plant.SpringRateNPerM *= scale;
                Reports.PlantChecks.RunOpenLoop(plant, 0.2, 1.0);
                double low = double.MaxValue, high = double.MinValue;
                for (int i = 0; i < 2000; i++)
                {
                    Reports.PlantChecks.RunOpenLoop(plant, 0.2, 0.00025, 250);
                    low = Math.Min(low, plant.ShaftHz);
                    high = Math.Max(high, plant.ShaftHz);
                }

                return high - low;
            }

            double soft = Swing(0.7), stiff = Swing(1.5);
            Assert.IsTrue(stiff > 1.5 * soft, "swing stiff " + stiff + " Hz, soft " + soft + " Hz");
        }

        [TestMethod]
        public void Bad_sections_are_named()
        {
            AssertError(FailsText("{ \"durationS\": 1, \"firmware\": { \"motorKe\": 1 } }"), "t.json", 1, "firmware.motorKe", "unknown key");
            AssertError(FailsText("{ \"durationS\": 1, \"firmware\": { \"motorResistanceOhms\": 0 } }"), "t.json", 1, "firmware.motorResistanceOhms", "> 0");
            AssertError(FailsText("{ \"durationS\": 1, \"sensing\": { \"motorCurrent\": { \"gain\": 2 } } }"), "t.json", 1, "sensing.motorCurrent.gain", "from 0.8 to 1.2");
            AssertError(FailsText("{ \"durationS\": 1, \"sensing\": { \"housingNtc\": { \"gain\": 1 } } }"), "t.json", 1, "sensing.housingNtc.gain", "unknown key");
            AssertError(FailsText("{ \"durationS\": 1, \"sensing\": { \"depthRing\": { } } }"), "t.json", 1, "sensing.depthRing", "unknown key");
        }
    }
}
