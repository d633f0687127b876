using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Scenarios
{
    /// <summary>Every field of the format parses to the right model value; the examples parse.</summary>
    [TestClass]
    public sealed class ScenarioParserTests
    {
        // ------------------------------------------------------------------------------------------ examples

        [TestMethod]
        public void EveryExampleParses()
        {
            string[] files = Directory.GetFiles(ExamplesDir, "*.json");
            Assert.IsTrue(files.Length >= 3, "examples found: " + files.Length);
            foreach (string f in files)
            {
                Scenario s = ScenarioParser.ParseFile(f);
                Assert.IsTrue(s.Events.Count > 0, f);
                Assert.IsTrue(s.Events.All(e => e.Line > 0 && e.AtS <= s.DurationS), f);
            }
        }

        [TestMethod]
        public void Demo()
        {
            Scenario s = ScenarioParser.ParseFile(Path.Combine(ExamplesDir, "demo.json"));
            Assert.AreEqual("RP-1", s.Plant);
            Assert.AreEqual(1, s.Seed);
            Assert.AreEqual(14.0, s.DurationS);
            Assert.AreEqual(3.0, s.Tick.JitterMs);
            Assert.AreEqual(0.005, s.Tick.PauseProbability);
            Assert.AreEqual(20.0, s.Tick.PauseMinMs);
            Assert.AreEqual(50.0, s.Tick.PauseMaxMs);
            Assert.AreEqual(7, s.Events.Count);
            ButtonEvent start = (ButtonEvent)s.Events[0];
            Assert.AreEqual(0.5, start.AtS);
            Assert.AreEqual(ButtonId.Main, start.Button);
            Assert.AreEqual(ButtonAction.Hold, start.Action);
            Assert.AreEqual(1.0, start.HoldS);
            Assert.AreEqual(9, start.Line);
            Assert.AreEqual(0.4, s.Events[2].AtS - s.Events[1].AtS, 1e-12);
            SkinEvent on = (SkinEvent)s.Events[3];
            Assert.IsTrue(on.Contact);
            Assert.AreEqual(5.0, on.AtS);
            ButtonEvent stop = (ButtonEvent)s.Events[6];
            Assert.AreEqual(11.0, stop.AtS);
            Assert.AreEqual(ButtonAction.Press, stop.Action);
        }

        [TestMethod]
        public void AllFaultsCoversEveryEventTypeFaultKindAndButtonAction()
        {
            Scenario s = ScenarioParser.ParseFile(Path.Combine(ExamplesDir, "all-faults.json"));
            Assert.AreEqual("RP-1", s.Plant);
            Assert.AreEqual(20.0, s.DurationS);
            Type[] types = { typeof(ButtonEvent), typeof(DepthEvent), typeof(CartridgeEvent), typeof(SkinEvent),
                typeof(BatteryEvent), typeof(AmbientEvent), typeof(TickEvent), typeof(FaultEvent) };
            foreach (Type t in types) Assert.IsTrue(s.Events.Any(e => e.GetType() == t), t.Name);
            foreach (FaultKind k in Enum.GetValues<FaultKind>())
                Assert.IsTrue(s.Events.OfType<FaultEvent>().Any(f => f.Kind == k), k.ToString());
            foreach (ButtonAction a in Enum.GetValues<ButtonAction>())
                Assert.IsTrue(s.Events.OfType<ButtonEvent>().Any(b => b.Action == a), a.ToString());
        }

        [TestMethod]
        public void Rp2Corded()
        {
            Scenario s = ScenarioParser.ParseFile(Path.Combine(ExamplesDir, "rp2-corded.json"));
            Assert.AreEqual("RP-2", s.Plant);
            Assert.IsFalse(s.Events.OfType<BatteryEvent>().Any());
        }

        [TestMethod]
        public void ReadmeExampleParses()
        {
            string readme = File.ReadAllText(Path.Combine(RepoRoot, "hardware", "Pen.Simulation", "Scenarios", "README.md"));
            int start = readme.IndexOf("```jsonc\n", StringComparison.Ordinal) + "```jsonc\n".Length;
            int end = readme.IndexOf("```", start, StringComparison.Ordinal);
            Scenario s = ScenarioParser.Parse(readme.Substring(start, end - start), "README.md");
            Assert.AreEqual(14.0, s.DurationS);
            Assert.AreEqual(8, s.Events.Count);
            Assert.AreEqual(1.2, s.Overrides["motorResistanceOhms"]);
        }

        // ------------------------------------------------------------------------------------------ top level

        [TestMethod]
        public void Defaults()
        {
            Scenario s = ScenarioParser.Parse("{ \"durationS\": 2.5 }", "some/folder/my-run.json");
            Assert.AreEqual("my-run", s.Name);
            Assert.AreEqual("RP-1", s.Plant);
            Assert.AreEqual(1, s.Seed);
            Assert.AreEqual(2.5, s.DurationS);
            Assert.AreEqual(0, s.Overrides.Count);
            Assert.AreEqual(10.0, s.Tick.PeriodMs);
            Assert.AreEqual(0.0, s.Tick.JitterMs);
            Assert.AreEqual(0.0, s.Tick.PauseProbability);
            Assert.AreEqual(20.0, s.Tick.PauseMinMs);
            Assert.AreEqual(50.0, s.Tick.PauseMaxMs);
            Assert.IsTrue(s.Initial.Cartridge);
            Assert.AreEqual(12, s.Initial.Needles);
            Assert.AreEqual(1.0, s.Initial.DepthMm);
            Assert.AreEqual(1.0, s.Initial.StateOfCharge);
            Assert.AreEqual(23.0, s.Initial.AmbientC);
            Assert.AreEqual(0, s.Events.Count);
        }

        [TestMethod]
        public void TopLevelFields()
        {
            Scenario s = Parse("{ \"name\": \"x y\", \"plant\": \"RP-2\", \"seed\": -7, \"durationS\": 7200, \"events\": [] }");
            Assert.AreEqual("x y", s.Name);
            Assert.AreEqual("RP-2", s.Plant);
            Assert.AreEqual(-7, s.Seed);
            Assert.AreEqual(7200.0, s.DurationS);
        }

        [TestMethod]
        public void DurationRange()
        {
            AssertError(FailsText("{ \"durationS\": 0 }"), "t.json", 1, "durationS", "expected a number > 0 and <= 7200, got 0");
            AssertError(FailsText("{ \"durationS\": 7200.5 }"), "t.json", 1, "durationS", "got 7200.5");
            AssertError(FailsText("{ \"seed\": 1 }"), "t.json", 1, "durationS", "missing required field");
        }

        [TestMethod]
        public void PlantAndSeedErrors()
        {
            AssertError(FailsText("{ \"durationS\": 1, \"plant\": \"RP-3\" }"), "t.json", 1, "plant", "unknown plant \"RP-3\"; expected one of: RP-1, RP-2");
            AssertError(FailsText("{ \"durationS\": 1, \"seed\": 1.5 }"), "t.json", 1, "seed", "expected an integer, got 1.5");
            AssertError(FailsText("{ \"durationS\": 1, \"name\": 3 }"), "t.json", 1, "name", "expected a string");
        }

        [TestMethod]
        public void Overrides()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"overrides\": { \"motorResistanceOhms\": 1.3, \"supplyIsBattery\": false, \"busVolts\": 6 } }");
            Assert.AreEqual(3, s.Overrides.Count);
            Assert.AreEqual(1.3, s.Overrides["motorResistanceOhms"]);
            Assert.AreEqual(0.0, s.Overrides["supplyIsBattery"]);
            Assert.AreEqual(6.0, s.Overrides["busVolts"]);
            Assert.AreEqual(1.0, Parse("{ \"durationS\": 1, \"overrides\": { \"supplyIsBattery\": true } }").Overrides["supplyIsBattery"]);

            // every parameter name is accepted
            foreach (string name in PlantParameters.ParameterNames)
                Assert.IsTrue(Parse("{ \"durationS\": 1, \"overrides\": { \"" + name + "\": 1 } }").Overrides.ContainsKey(name), name);

            AssertError(FailsText("{ \"durationS\": 1, \"overrides\": { \"busVolts\": true } }"), "t.json", 1, "overrides.busVolts", "expected a number, got true");
            AssertError(FailsText("{ \"durationS\": 1, \"overrides\": { \"zzzzzz\": 1 } }"), "t.json", 1, "overrides.zzzzzz", "unknown plant parameter; expected one of: supplyIsBattery, busVolts");
            AssertError(FailsText("{ \"durationS\": 1, \"overrides\": [] }"), "t.json", 1, "overrides", "expected an object");
        }

        [TestMethod]
        public void Tick()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"tick\": { \"periodMs\": 20, \"jitterMs\": 10, \"pauseProbability\": 0.5, \"pauseMinMs\": 30, \"pauseMaxMs\": 1000 } }");
            Assert.AreEqual(20.0, s.Tick.PeriodMs);
            Assert.AreEqual(10.0, s.Tick.JitterMs);
            Assert.AreEqual(0.5, s.Tick.PauseProbability);
            Assert.AreEqual(30.0, s.Tick.PauseMinMs);
            Assert.AreEqual(1000.0, s.Tick.PauseMaxMs);

            // defaulted pause bounds are raised to stay valid for a long period
            Scenario slow = Parse("{ \"durationS\": 1, \"tick\": { \"periodMs\": 80 } }");
            Assert.AreEqual(80.0, slow.Tick.PauseMinMs);
            Assert.AreEqual(80.0, slow.Tick.PauseMaxMs);

            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"periodMs\": 0.5 } }"), "t.json", 1, "tick.periodMs", "from 1 to 100");
            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"periodMs\": 10, \"jitterMs\": 6 } }"), "t.json", 1, "tick.jitterMs", "from 0 to 5 (periodMs/2), got 6");
            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"pauseProbability\": 1.5 } }"), "t.json", 1, "tick.pauseProbability", "from 0 to 1");
            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"pauseMinMs\": 5 } }"), "t.json", 1, "tick.pauseMinMs", "from 10 to 1000");
            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"pauseMinMs\": 40, \"pauseMaxMs\": 30 } }"), "t.json", 1, "tick.pauseMaxMs", "from 40 to 1000");
            AssertError(FailsText("{ \"durationS\": 1, \"tick\": { \"period\": 10 } }"), "t.json", 1, "tick.period", "unknown key", "did you mean \"periodMs\"?");
        }

        [TestMethod]
        public void Initial()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"initial\": { \"cartridge\": false, \"needles\": 64, \"depthMm\": 2.5, \"stateOfCharge\": 0, \"ambientC\": -10 } }");
            Assert.IsFalse(s.Initial.Cartridge);
            Assert.AreEqual(64, s.Initial.Needles);
            Assert.AreEqual(2.5, s.Initial.DepthMm);
            Assert.AreEqual(0.0, s.Initial.StateOfCharge);
            Assert.AreEqual(-10.0, s.Initial.AmbientC);

            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"needles\": 12.5 } }"), "t.json", 1, "initial.needles", "expected an integer from 1 to 64, got 12.5");
            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"needles\": 0 } }"), "t.json", 1, "initial.needles", "got 0");
            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"cartridge\": \"yes\" } }"), "t.json", 1, "initial.cartridge", "expected true or false, got \"yes\"");
            AssertError(FailsText("{ \"durationS\": 1, \"initial\": { \"ambientC\": 51 } }"), "t.json", 1, "initial.ambientC", "from -10 to 50");
            AssertError(FailsText("{ \"durationS\": 1, \"plant\": \"RP-2\", \"initial\": { \"stateOfCharge\": 0.5 } }"), "t.json", 1, "initial.stateOfCharge", "only valid for plant RP-1");
        }

        // ------------------------------------------------------------------------------------------ events

        [TestMethod]
        public void ButtonEvents()
        {
            string[] buttons = { "main", "plus", "minus" };
            ButtonId[] ids = { ButtonId.Main, ButtonId.Plus, ButtonId.Minus };
            for (int i = 0; i < buttons.Length; i++)
                Assert.AreEqual(ids[i], ((ButtonEvent)Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"" + buttons[i] + "\", \"action\": \"press\" }")).Button);

            string[] actions = { "press", "doublePress", "hold", "down", "up", "bounce", "stuck" };
            ButtonAction[] values = { ButtonAction.Press, ButtonAction.DoublePress, ButtonAction.Hold, ButtonAction.Down, ButtonAction.Up, ButtonAction.Bounce, ButtonAction.Stuck };
            for (int i = 0; i < actions.Length; i++)
            {
                ButtonEvent b = (ButtonEvent)Event("{ \"at\": 2.5, \"type\": \"button\", \"button\": \"plus\", \"action\": \"" + actions[i] + "\" }");
                Assert.AreEqual(values[i], b.Action);
                Assert.AreEqual(2.5, b.AtS);
                Assert.IsTrue(double.IsNaN(b.HoldS));
                Assert.AreEqual(4, b.Bounces);
            }

            ButtonEvent hold = (ButtonEvent)Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 3.5 }");
            Assert.AreEqual(3.5, hold.HoldS);
            ButtonEvent bounce = (ButtonEvent)Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"bounce\", \"bounces\": 50, \"holdS\": 0.2 }");
            Assert.AreEqual(50, bounce.Bounces);
            Assert.AreEqual(0.2, bounce.HoldS);

            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"DoublePress\" }")), "t.json", 1, "events[0].action",
                "unknown button action \"DoublePress\"; expected one of: press, doublePress, hold, down, up, bounce, stuck");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"doublePress\", \"holdS\": 1 }")), "t.json", 1, "events[0].holdS", "only valid with action press, hold or bounce");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"press\", \"bounces\": 3 }")), "t.json", 1, "events[0].bounces", "only valid with action bounce");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"hold\", \"holdS\": 0 }")), "t.json", 1, "events[0].holdS", "> 0 and <= 600");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"button\": \"main\", \"action\": \"bounce\", \"bounces\": 51 }")), "t.json", 1, "events[0].bounces", "from 1 to 50");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"button\", \"action\": \"press\" }")), "t.json", 1, "events[0].button", "missing required field");
        }

        [TestMethod]
        public void DepthEvent()
        {
            DepthEvent d = (DepthEvent)Event("{ \"at\": 0, \"type\": \"depth\", \"mm\": 0.25 }");
            Assert.AreEqual(0.25, d.DepthMm);
            Assert.AreEqual(0.0, d.AtS);
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"depth\", \"mm\": -0.1 }")), "t.json", 1, "events[0].mm", "from 0 to 2.5");
            AssertError(Fails(() => Event("{ \"at\": -1, \"type\": \"depth\", \"mm\": 1 }")), "t.json", 1, "events[0].at", "from 0 to 100 (durationS)");
        }

        [TestMethod]
        public void CartridgeEvent()
        {
            CartridgeEvent insert = (CartridgeEvent)Event("{ \"at\": 1, \"type\": \"cartridge\", \"action\": \"insert\" }");
            Assert.IsTrue(insert.Insert);
            Assert.AreEqual(12, insert.Needles);
            Assert.IsFalse(insert.Used);
            CartridgeEvent used = (CartridgeEvent)Event("{ \"at\": 1, \"type\": \"cartridge\", \"action\": \"insert\", \"needles\": 1, \"used\": true }");
            Assert.AreEqual(1, used.Needles);
            Assert.IsTrue(used.Used);
            Assert.IsFalse(((CartridgeEvent)Event("{ \"at\": 1, \"type\": \"cartridge\", \"action\": \"remove\" }")).Insert);
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"cartridge\", \"action\": \"remove\", \"needles\": 12 }")), "t.json", 1, "events[0].needles", "only valid with action insert");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"cartridge\", \"action\": \"eject\" }")), "t.json", 1, "events[0].action", "unknown cartridge action \"eject\"; expected one of: insert, remove");
        }

        [TestMethod]
        public void SkinEvent()
        {
            SkinEvent on = (SkinEvent)Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": true }");
            Assert.IsTrue(on.Contact);
            Assert.AreEqual(1.0, on.LoadScale);
            Assert.AreEqual(50.0, on.RampMs);
            Assert.AreEqual(0.0, on.PressureMm);
            SkinEvent full = (SkinEvent)Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": false, \"loadScale\": 5, \"rampMs\": 10000, \"pressureMm\": -0.5 }");
            Assert.IsFalse(full.Contact);
            Assert.AreEqual(5.0, full.LoadScale);
            Assert.AreEqual(10000.0, full.RampMs);
            Assert.AreEqual(-0.5, full.PressureMm);
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"skin\" }")), "t.json", 1, "events[0].contact", "missing required field");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": true, \"loadScale\": 5.5 }")), "t.json", 1, "events[0].loadScale", "from 0 to 5");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": true, \"rampMs\": -1 }")), "t.json", 1, "events[0].rampMs", "from 0 to 10000");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": true, \"pressureMm\": 0.6 }")), "t.json", 1, "events[0].pressureMm", "from -0.5 to 0.5");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"skin\", \"contact\": true, \"loadscale\": 2 }")), "t.json", 1, "events[0].loadscale", "did you mean \"loadScale\"?");
        }

        [TestMethod]
        public void BatteryAndAmbientEvents()
        {
            Assert.AreEqual(0.25, ((BatteryEvent)Event("{ \"at\": 1, \"type\": \"battery\", \"stateOfCharge\": 0.25 }")).StateOfCharge);
            Assert.AreEqual(-10.0, ((AmbientEvent)Event("{ \"at\": 1, \"type\": \"ambient\", \"celsius\": -10 }")).Celsius);
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"battery\", \"stateOfCharge\": 1.1 }")), "t.json", 1, "events[0].stateOfCharge", "from 0 to 1");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"ambient\", \"celsius\": 60 }")), "t.json", 1, "events[0].celsius", "from -10 to 50");
        }

        [TestMethod]
        public void TickEvent()
        {
            TickEvent t = (TickEvent)Event("{ \"at\": 1, \"type\": \"tick\", \"jitterMs\": 4 }");
            Assert.AreEqual(10.0, t.Pattern.PeriodMs);
            Assert.AreEqual(4.0, t.Pattern.JitterMs);
            Assert.AreEqual(0.0, t.Pattern.PauseProbability);
            Assert.AreEqual(20.0, t.Pattern.PauseMinMs);
            Assert.AreEqual(50.0, t.Pattern.PauseMaxMs);
            TickEvent full = (TickEvent)Event("{ \"at\": 1, \"type\": \"tick\", \"periodMs\": 5, \"jitterMs\": 2.5, \"pauseProbability\": 1, \"pauseMinMs\": 5, \"pauseMaxMs\": 5 }");
            Assert.AreEqual(5.0, full.Pattern.PeriodMs);
            Assert.AreEqual(2.5, full.Pattern.JitterMs);
            Assert.AreEqual(1.0, full.Pattern.PauseProbability);
            Assert.AreEqual(5.0, full.Pattern.PauseMinMs);
            Assert.AreEqual(5.0, full.Pattern.PauseMaxMs);
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"tick\", \"pauseMaxMs\": 1001 }")), "t.json", 1, "events[0].pauseMaxMs", "from 20 to 1000");
        }

        [TestMethod]
        public void FaultEvents()
        {
            string[] kinds = { "jam", "hallDead", "hallNoise", "adcOpen", "adcShort", "adcOffset", "freeze", "pause" };
            string[] extra = { "", "", ", \"rateHz\": 10", ", \"channel\": \"depthRing\"", ", \"channel\": \"depthRing\"", ", \"channel\": \"depthRing\", \"offsetMv\": 1", ", \"durationMs\": 5", ", \"durationMs\": 5" };
            FaultKind[] values = { FaultKind.Jam, FaultKind.HallDead, FaultKind.HallNoise, FaultKind.AdcOpen, FaultKind.AdcShort, FaultKind.AdcOffset, FaultKind.Freeze, FaultKind.Pause };
            for (int i = 0; i < kinds.Length; i++)
                Assert.AreEqual(values[i], ((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"" + kinds[i] + "\"" + extra[i] + " }")).Kind, kinds[i]);

            FaultEvent jam = (FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"jam\" }");
            Assert.IsTrue(double.IsNaN(jam.DurationMs));
            Assert.AreEqual(250.0, ((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"hallDead\", \"durationMs\": 250 }")).DurationMs);

            string[] channels = { "motorCurrent", "supplyVoltage", "housingNtc", "depthRing" };
            AdcChannelId[] ids = { AdcChannelId.MotorCurrent, AdcChannelId.SupplyVoltage, AdcChannelId.HousingNtc, AdcChannelId.DepthRing };
            for (int i = 0; i < channels.Length; i++)
                Assert.AreEqual(ids[i], ((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOpen\", \"channel\": \"" + channels[i] + "\" }")).Channel);

            Assert.IsFalse(((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcShort\", \"channel\": \"housingNtc\" }")).ToSupply);
            Assert.IsFalse(((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcShort\", \"channel\": \"housingNtc\", \"to\": \"ground\" }")).ToSupply);
            Assert.IsTrue(((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcShort\", \"channel\": \"housingNtc\", \"to\": \"supply\" }")).ToSupply);
            Assert.AreEqual(-2500.0, ((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOffset\", \"channel\": \"motorCurrent\", \"offsetMv\": -2500 }")).OffsetMv);

            FaultEvent noise = (FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"hallNoise\", \"rateHz\": 5000, \"dropProbability\": 0.5 }");
            Assert.AreEqual(5000.0, noise.RateHz);
            Assert.AreEqual(0.5, noise.DropProbability);
            Assert.AreEqual(0.25, ((FaultEvent)Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"hallNoise\", \"dropProbability\": 0.25 }")).DropProbability);

            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"hallNoise\", \"rateHz\": 0 }")), "t.json", 1, "events[0]", "needs rateHz > 0 and/or dropProbability > 0");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOpen\" }")), "t.json", 1, "events[0].channel", "missing required field");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOpen\", \"channel\": \"battery\" }")), "t.json", 1, "events[0].channel", "unknown ADC channel \"battery\"");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"jam\", \"channel\": \"depthRing\" }")), "t.json", 1, "events[0].channel", "not a field of a 'jam' fault; fields: kind, durationMs");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOpen\", \"channel\": \"depthRing\", \"to\": \"supply\" }")), "t.json", 1, "events[0].to", "not a field of an 'adcOpen' fault");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcShort\", \"channel\": \"depthRing\", \"to\": \"vcc\" }")), "t.json", 1, "events[0].to", "expected one of: ground, supply");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"adcOffset\", \"channel\": \"depthRing\", \"offsetMv\": 2501 }")), "t.json", 1, "events[0].offsetMv", "from -2500 to 2500");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\", \"kind\": \"pause\", \"durationMs\": 0 }")), "t.json", 1, "events[0].durationMs", "expected a number > 0, got 0");
            AssertError(Fails(() => Event("{ \"at\": 1, \"type\": \"fault\" }")), "t.json", 1, "events[0].kind", "missing required field");
        }

        [TestMethod]
        public void EventShapeErrors()
        {
            AssertError(FailsText("{ \"durationS\": 1, \"events\": {} }"), "t.json", 1, "events", "expected an array");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ 3 ] }"), "t.json", 1, "events[0]", "expected an event object");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ { \"at\": 1 } ] }"), "t.json", 1, "events[0].type", "missing required field");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ { \"type\": \"depth\", \"mm\": 1 } ] }"), "t.json", 1, "events[0].at", "missing required field");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ { \"at\": 1, \"type\": \"wait\" } ] }"), "t.json", 1, "events[0].type",
                "unknown event type \"wait\"; expected one of: button, depth, cartridge, skin, battery, ambient, tick, fault");
        }

        [TestMethod]
        public void EventLineIsTheLineOfItsOpeningBrace()
        {
            Scenario s = Parse("{\n  \"durationS\": 10,\n  \"events\": [\n    {\n      \"at\": 1,\n      \"type\": \"depth\", \"mm\": 1 },\n    { \"at\": 2, \"type\": \"depth\", \"mm\": 2 }\n  ]\n}\n");
            Assert.AreEqual(4, s.Events[0].Line);
            Assert.AreEqual(7, s.Events[1].Line);
        }

        [TestMethod]
        public void EventsAreSortedStably()
        {
            double[] at = { 5, 1, 5, 1, 3, 5, 0, 1 };
            List<string> items = new List<string>();
            for (int i = 0; i < at.Length; i++)
                items.Add("{ \"at\": " + at[i] + ", \"type\": \"ambient\", \"celsius\": " + i + " }");
            Scenario s = Parse("{ \"durationS\": 10, \"events\": [ " + string.Join(", ", items) + " ] }");
            double[] celsius = s.Events.Cast<AmbientEvent>().Select(e => e.Celsius).ToArray();
            CollectionAssert.AreEqual(new double[] { 6, 1, 3, 7, 4, 0, 2, 5 }, celsius);
        }

        [TestMethod]
        public void EventsSortStablyWithManyEqualTimes()
        {
            // List.Sort is introsort (unstable) for more than 16 items; the order must still be the file order.
            List<string> items = new List<string>();
            for (int i = 0; i < 200; i++)
                items.Add("{ \"at\": " + (i % 3) + ", \"type\": \"ambient\", \"celsius\": " + (i % 50) + " }");
            Scenario s = Parse("{ \"durationS\": 10, \"events\": [ " + string.Join(", ", items) + " ] }");
            for (int k = 1; k < s.Events.Count; k++) Assert.IsTrue(s.Events[k - 1].AtS <= s.Events[k].AtS);

            // within one time, celsius (i % 50) follows i, which increases: check with the position in the file
            List<double> atOne = s.Events.Where(e => e.AtS == 1).Select(e => ((AmbientEvent)e).Celsius).ToList();
            List<double> expected = Enumerable.Range(0, 200).Where(i => i % 3 == 1).Select(i => (double)(i % 50)).ToList();
            CollectionAssert.AreEqual(expected, atOne);
            Assert.AreEqual(200, s.Events.Count);
        }
    }
}
