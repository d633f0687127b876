using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Scenarios
{
    /// <summary>One test per malformed file in Scenarios/bad: the message names the file, the line and the field.</summary>
    [TestClass]
    public sealed class ScenarioParserErrorTests
    {
        [TestMethod]
        public void SyntaxError_MissingComma()
        {
            ScenarioException ex = FailsBadFile("missing-comma.json");
            AssertError(ex, "missing-comma.json", 4, "", "syntax error: expected ',' or '}' after a property value", "end of line 3");
            Assert.AreEqual(3, ex.Column);
        }

        [TestMethod]
        public void SyntaxError_TrailingComma()
        {
            ScenarioException ex = FailsBadFile("trailing-comma.json");
            AssertError(ex, "trailing-comma.json", 4, "", "syntax error: trailing comma before ']'");
        }

        [TestMethod]
        public void SyntaxError_UnterminatedString()
        {
            ScenarioException ex = FailsBadFile("unterminated-string.json");
            AssertError(ex, "unterminated-string.json", 3, "", "unterminated string");
            Assert.AreEqual(11, ex.Column);
        }

        [TestMethod]
        public void DuplicateKey()
        {
            ScenarioException ex = FailsBadFile("duplicate-key.json");
            AssertError(ex, "duplicate-key.json", 5, "seed", "duplicate key", "line 3");
        }

        [TestMethod]
        public void UnknownTopLevelKey()
        {
            ScenarioException ex = FailsBadFile("unknown-key.json");
            AssertError(ex, "unknown-key.json", 3, "sead", "unknown key", "did you mean \"seed\"?", "durationS");
        }

        [TestMethod]
        public void WrongType()
        {
            ScenarioException ex = FailsBadFile("wrong-type.json");
            AssertError(ex, "wrong-type.json", 3, "durationS", "expected a number > 0", "got \"ten\"");
            Assert.AreEqual(16, ex.Column);
        }

        [TestMethod]
        public void OutOfRangeNumber()
        {
            ScenarioException ex = FailsBadFile("out-of-range.json");
            AssertError(ex, "out-of-range.json", 5, "initial.depthMm", "expected a number from 0 to 2.5, got 3.5");
        }

        [TestMethod]
        public void UnknownEnumValue()
        {
            ScenarioException ex = FailsBadFile("unknown-enum.json");
            AssertError(ex, "unknown-enum.json", 8, "events[3].kind",
                "unknown fault kind \"jamm\"; expected one of: jam, hallDead, hallNoise, adcOpen, adcShort, adcOffset, freeze, pause, driverStuckOn, drag, gpioStuck, bridgeShort, amplifierDead, brownOut");
        }

        [TestMethod]
        public void UnknownOverrideName()
        {
            ScenarioException ex = FailsBadFile("unknown-override.json");
            AssertError(ex, "unknown-override.json", 5, "overrides.motorResistanceOhm",
                "unknown plant parameter; did you mean \"motorResistanceOhms\"?");
            Assert.AreEqual(5, ex.Column);
        }

        [TestMethod]
        public void FieldNotValidForEventType()
        {
            ScenarioException ex = FailsBadFile("field-not-valid.json");
            AssertError(ex, "field-not-valid.json", 6, "events[1].mm",
                "not a field of a 'skin' event; fields: contact, loadScale, rampMs, pressureMm");
        }

        [TestMethod]
        public void MissingRequiredField_AdcOffsetWithoutOffsetMv()
        {
            ScenarioException ex = FailsBadFile("missing-required.json");
            AssertError(ex, "missing-required.json", 4, "events[0].offsetMv", "missing required field", "offsetMv");
        }

        [TestMethod]
        public void AtBeyondDuration()
        {
            ScenarioException ex = FailsBadFile("at-beyond-duration.json");
            AssertError(ex, "at-beyond-duration.json", 5, "events[1].at", "expected a number from 0 to 10 (durationS), got 12.5");
        }

        [TestMethod]
        public void BatteryEventOnRp2()
        {
            ScenarioException ex = FailsBadFile("battery-on-rp2.json");
            AssertError(ex, "battery-on-rp2.json", 6, "events[1]", "'battery' event needs plant RP-1", "RP-2");
            Assert.AreEqual(5, ex.Column);
        }

        [TestMethod]
        public void FreezeWithoutDuration()
        {
            ScenarioException ex = FailsBadFile("freeze-without-duration.json");
            AssertError(ex, "freeze-without-duration.json", 5, "events[1].durationMs", "missing required field", "'freeze' fault needs durationMs");
        }

        [TestMethod]
        public void MissingFile()
        {
            string path = Path.Combine(BadDir, "no-such-scenario.json");
            ScenarioException ex = Fails(() => ScenarioParser.ParseFile(path));
            Assert.IsTrue(ex.Message.StartsWith(path + ": ", System.StringComparison.Ordinal), ex.Message);
            Assert.IsTrue(ex.Message.Contains("no such file"), ex.Message);
            Assert.AreEqual(0, ex.Line);
            Assert.AreEqual("", ex.Field);
        }

        [TestMethod]
        public void MissingFolder()
        {
            string path = Path.Combine(BadDir, "no-such-folder", "x.json");
            ScenarioException ex = Fails(() => ScenarioParser.ParseFile(path));
            Assert.IsTrue(ex.Message.Contains("x.json") && ex.Message.Contains("no such file"), ex.Message);
        }

        [TestMethod]
        public void EveryBadFileFails()
        {
            foreach (string f in Directory.GetFiles(BadDir, "*.json"))
            {
                ScenarioException ex = Fails(() => ScenarioParser.ParseFile(f));
                Assert.IsTrue(ex.Line > 0, ex.Message);
                Assert.IsTrue(ex.Message.StartsWith(f + ":" + ex.Line + ":" + ex.Column + ": ", System.StringComparison.Ordinal), ex.Message);
            }
        }
    }
}
