using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using Pen.Simulation.Serial;
using static Pen.Simulation.Tests.Scenarios.ScenarioTestSupport;

namespace Pen.Simulation.Tests.Bench
{
    /// <summary>
    /// The simulated reference instrument's bench supply (POWER): off, the pen loses power; on, it boots from its flash
    /// and runs on the calibration records stored before, as a real pen does after a power cycle at the factory. Its
    /// stroke sensor stamps each stroke where the cam crossed, to the µs.
    /// </summary>
    [TestClass]
    public sealed class ReferenceFixtureTests
    {
        private static string Field(string line, string key) => Pen.QaBench.Link.Field.Get(line.Split('\n')[0], key);

        [TestMethod]
        public void A_power_cycle_from_the_fixture_boots_the_pen_on_the_records_stored_before()
        {
            Scenario s = Parse("{ \"seed\": 3, \"durationS\": 1, \"initial\": { \"factoryCalibrated\": false } }");
            var runner = new ScenarioRunner(s);
            var fixture = new ReferenceFixture(runner);
            string before = null, stored = null, off = null, on = null, after = null;
            bool poweredWhileOff = true;
            runner.Schedule(0.1, pen => before = runner.Protocol(pen.Firmware).Handle("ID"));
            // the factory stores the ADC calibration while the pen runs: read at the next power-up only
            runner.Schedule(0.2, pen =>
            {
                Pen.Simulation.Factory.AdcCalibrationBench.CalibrateAndStore(pen, 3);
                stored = runner.Protocol(pen.Firmware).Handle("ID");
            });
            runner.Schedule(0.3, pen =>
            {
                fixture.Handle("POWER OFF");
                off = fixture.TakeOutput();
            });
            runner.Schedule(0.5, pen => poweredWhileOff = pen.Powered);
            runner.Schedule(0.6, pen =>
            {
                fixture.Handle("POWER ON");
                on = fixture.TakeOutput();
            });
            runner.Schedule(0.8, pen => after = runner.Protocol(pen.Firmware).Handle("ID"));
            runner.Run();

            Assert.AreEqual("0/6", Field(before, "adccal"), "a freshly flashed pen");
            Assert.AreEqual("0/6", Field(stored, "adccal"), "stored, not read before a power cycle");
            StringAssert.StartsWith(off, "POWER off t_us=300000");
            Assert.IsFalse(poweredWhileOff);
            StringAssert.StartsWith(on, "POWER on t_us=600000");
            Assert.AreEqual(2, runner.Pen.Boots);
            Assert.AreEqual("6/6", Field(after, "adccal"), after);
        }

        [TestMethod]
        public void A_power_command_without_on_or_off_is_refused_and_changes_nothing()
        {
            var runner = new ScenarioRunner(Parse("{ \"durationS\": 1 }"));
            var fixture = new ReferenceFixture(runner);
            runner.Pen.FirstBoot();
            fixture.Handle("POWER CYCLE");
            Assert.AreEqual("ERR 2 POWER takes ON or OFF\n", fixture.TakeOutput());
            Assert.IsTrue(runner.Pen.Powered);
        }

        [TestMethod]
        public void The_stroke_sensor_stamps_each_stroke_at_the_cams_crossing_to_the_microsecond()
        {
            // a start from rest to 100 strokes/s under the bench's own command, the fixture's strokes on from 0.5 s
            Scenario s = Parse("{ \"seed\": 3, \"durationS\": 2.6, \"initial\": { \"cartridge\": true, \"needles\": 12, \"depthMm\": 1.0, \"stateOfCharge\": 0.9 }, \"events\": ["
                               + "{ \"at\": 0.3, \"type\": \"bench\", \"command\": \"AUTH\" }, { \"at\": 0.4, \"type\": \"bench\", \"command\": \"AUTH @answer\" },"
                               + "{ \"at\": 0.6, \"type\": \"bench\", \"command\": \"BENCH 100\" }, { \"at\": 1.0, \"type\": \"bench\", \"command\": \"BENCH START\" } ] }");
            var runner = new ScenarioRunner(s);
            var fixture = new ReferenceFixture(runner);
            int firstStroke = -1;
            runner.Schedule(0.5, pen =>
            {
                fixture.Handle("STROKES ON");
                firstStroke = pen.Plant.StrokeTimeCount;
            });
            runner.Run();

            var stamped = new List<long>();
            foreach (string line in fixture.TakeOutput().Split('\n'))
                if (line.StartsWith("STROKE ", StringComparison.Ordinal)) stamped.Add(long.Parse(Field(line, "t_us"), CultureInfo.InvariantCulture));
            var plant = runner.Pen.Plant;
            Assert.AreEqual(plant.StrokeTimeCount - firstStroke, stamped.Count, "one line per stroke");
            Assert.IsTrue(stamped.Count > 120, stamped.Count + " strokes");
            for (int k = 0; k < stamped.Count; k++)
                Assert.AreEqual(plant.StrokeTimes[firstStroke + k] * 1e6, stamped[k], 0.5, "stroke " + k + ": the crossing, not the end of the plant's step that saw it");
        }

        [TestMethod]
        public void After_a_power_cycle_the_pens_clock_counts_from_its_power_up_and_the_fixtures_runs_on()
        {
            var runner = new ScenarioRunner(Parse("{ \"seed\": 3, \"durationS\": 1.2 }"));
            var fixture = new ReferenceFixture(runner);
            string before = null, after = null, time = null;
            runner.Schedule(0.25, pen => before = runner.Protocol(pen.Firmware).Handle("STATUS"));
            runner.Schedule(0.3, pen => fixture.Handle("POWER OFF"));
            runner.Schedule(0.6, pen => fixture.Handle("POWER ON"));
            runner.Schedule(1.0, pen =>
            {
                after = runner.Protocol(pen.Firmware).Handle("STATUS");
                fixture.Handle("TIME");
                time = fixture.TakeOutput();
            });
            runner.Run();

            // the device's esp_timer starts again at every boot: STATUS t_ms is the time since this power-up
            Assert.AreEqual(250, long.Parse(Field(before, "t_ms"), CultureInfo.InvariantCulture), 15, before);
            Assert.AreEqual(400, long.Parse(Field(after, "t_ms"), CultureInfo.InvariantCulture), 15, after);
            StringAssert.Contains(time, "TIME t_us=1000000\n", "the bench's own clock runs on through the power cycle");
        }
    }
}
