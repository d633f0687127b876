using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Scenarios;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Scenarios
{
    /// <summary>The strict JSON reader under the parser: extensions, escapes, positions and syntax errors.</summary>
    [TestClass]
    public sealed class ScenarioJsonTests
    {
        [TestMethod]
        public void LineCommentsAreAllowed()
        {
            Scenario s = Parse("// a scenario\n{\n  \"durationS\": 3, // seconds\n  // \"seed\": 4,\n  \"seed\": 5 // last\n}\n// end");
            Assert.AreEqual(3.0, s.DurationS);
            Assert.AreEqual(5, s.Seed);
        }

        [TestMethod]
        public void StringEscapes()
        {
            Scenario s = Parse("{ \"durationS\": 1, \"name\": \"a\\\"b\\\\c\\/d\\n\\t\\u00b0C\\u20AC\" }");
            Assert.AreEqual("a\"b\\c/d\n\t\u00b0C\u20ac", s.Name);
        }

        [TestMethod]
        public void NumbersAreInvariant()
        {
            Assert.AreEqual(1500.0, Parse("{ \"durationS\": 1.5e3 }").DurationS);
            Assert.AreEqual(0.125, Parse("{ \"durationS\": 125E-3 }").DurationS);
            Assert.AreEqual(-0.5, Parse("{ \"durationS\": 1, \"initial\": { \"ambientC\": -0.5 } }").Initial.AmbientC);
        }

        [TestMethod]
        public void ByteOrderMarkAndCrLf()
        {
            Scenario s = Parse("\uFEFF{\r\n  \"durationS\": 2,\r\n  \"events\": [\r\n    { \"at\": 1, \"type\": \"depth\", \"mm\": 1 }\r\n  ]\r\n}\r\n");
            Assert.AreEqual(4, s.Events[0].Line);
        }

        [TestMethod]
        public void SyntaxErrors()
        {
            AssertError(FailsText(""), "t.json", 1, "", "syntax error: expected a value, got the end of the file");
            AssertError(FailsText("{ \"durationS\": 1 } x"), "t.json", 1, "", "unexpected text after the end");
            AssertError(FailsText("{ \"durationS\": 01 }"), "t.json", 1, "", "malformed number");
            AssertError(FailsText("{ \"durationS\": 1. }"), "t.json", 1, "", "expected a digit after '.'");
            AssertError(FailsText("{ \"durationS\": NaN }"), "t.json", 1, "", "NaN is not allowed");
            AssertError(FailsText("{ \"durationS\": 1e999 }"), "t.json", 1, "", "too large");
            AssertError(FailsText("{ \"durationS\": ten }"), "t.json", 1, "", "unexpected word 'ten'; text values must be in double quotes");
            AssertError(FailsText("{ durationS: 1 }"), "t.json", 1, "", "expected a property name in double quotes");
            AssertError(FailsText("{ \"durationS\" 1 }"), "t.json", 1, "", "expected ':' after the property name \"durationS\"");
            AssertError(FailsText("{ \"name\": \"a\\qb\", \"durationS\": 1 }"), "t.json", 1, "", "invalid escape '\\q'");
            AssertError(FailsText("{ \"name\": \"\\u12G4\", \"durationS\": 1 }"), "t.json", 1, "", "\\u must be followed by 4 hex digits");
            AssertError(FailsText("{ \"name\": \"a\tb\", \"durationS\": 1 }"), "t.json", 1, "", "control character");
            AssertError(FailsText("/* c */ { \"durationS\": 1 }"), "t.json", 1, "", "use //");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ 1 2 ] }"), "t.json", 1, "", "expected ',' or ']' after an array item");
            AssertError(FailsText("{ \"durationS\": 1, \"events\": [ { \"at\": 1 }, ] }"), "t.json", 1, "", "trailing comma before ']'");
            AssertError(FailsText("{ \"durationS\": 1, }"), "t.json", 1, "", "trailing comma before '}'");
            AssertError(FailsText("{\n  \"durationS\": 1,\n  \"events\": [\n"), "t.json", 4, "", "unexpected end of file: the array opened at line 3");
            AssertError(FailsText("[ 1 ]"), "t.json", 1, "", "expected a JSON object { ... } at the top level, got an array");
        }

        [TestMethod]
        public void ErrorColumnIsCharacterBased()
        {
            ScenarioException ex = FailsText("{\n\t\"durationS\": 1,\n\t\"seed\": true\n}");
            AssertError(ex, "t.json", 3, "seed", "expected an integer, got true");
            Assert.AreEqual(10, ex.Column);
            Assert.IsTrue(ex.Message.StartsWith("t.json:3:10: seed: "), ex.Message);
        }

        [TestMethod]
        public void DuplicateKeysInNestedObjects()
        {
            AssertError(FailsText("{ \"durationS\": 1,\n \"events\": [ {}, { \"at\": 1,\n \"at\": 2 } ] }"), "t.json", 3, "events[1].at", "duplicate key (first defined at line 2)");
        }

        [TestMethod]
        public void ExceptionProperties()
        {
            ScenarioException ex = FailsText("{ \"durationS\": -1 }");
            Assert.AreEqual("t.json", ex.Source);
            Assert.AreEqual("t.json", ex.SourceName);
            Assert.AreEqual(1, ex.Line);
            Assert.AreEqual(16, ex.Column);
            Assert.AreEqual("durationS", ex.Field);
            Assert.AreEqual("expected a number > 0 and <= 7200, got -1", ex.Problem);
            Assert.AreEqual("t.json:1:16: durationS: expected a number > 0 and <= 7200, got -1", ex.Message);
        }
    }
}
