using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;
using Pen.Simulator;

namespace Pen.Simulation.Tests.Cli
{
    /// <summary>The live demo shows the pen as the practitioner meets it, with readings a person can follow.</summary>
    [TestClass]
    public class LiveViewTests
    {
        /// <summary>Records the panel at every tick of an interactive view (its text without colour).</summary>
        private sealed class PanelProbe : ITickSink
        {
            private readonly LiveView _view;
            public readonly List<string[]> Panels = new List<string[]>();
            public readonly List<TickRow> Rows = new List<TickRow>();
            public PanelProbe(LiveView view) { _view = view; }
            public void OnTick(in TickRow r)
            {
                Panels.Add(_view.Panel(r, color: true));
                Rows.Add(r);
            }
        }

        [TestMethod]
        public void The_demo_log_shows_each_button_event_the_state_the_buzzer_and_skin_within_100_columns()
        {
            var runner = new ScenarioRunner(DemoScenario.Build());
            var log = new StringWriter();
            var view = new LiveView(runner.Pen, log, interactive: false, paced: false);
            runner.Run(view);
            view.Finish();
            string text = log.ToString();
            foreach (string expected in new[]
                     {
                         "0.51 s  you press main", "s  pen: ready -> running", "s  you release main (held 1",
                         "you press plus", "pen: speed level 1 -> 2 (78 strokes/s)", "buzzer: beep of", "the needles meet the skin",
                         "the pen is lifted off the skin", "you press minus", "pen: running -> stopping (needles parking)",
                         "pen: stopping (needles parking) -> ready",
                     })
                StringAssert.Contains(text, expected);
            Assert.AreEqual(2, text.Split('\n').Count(l => l.Contains("you press plus")));
            foreach (string line in text.Split('\n')) Assert.IsTrue(line.Length <= LiveView.Width, line.Length + ": " + line);
            StringAssert.Contains(text, "lights G--"); // the green LED of a ready or running pen
        }

        [TestMethod]
        public void The_panel_fits_100_columns_and_shows_the_lights_buzzer_and_buttons()
        {
            var runner = new ScenarioRunner(DemoScenario.Build());
            var view = new LiveView(runner.Pen, TextWriter.Null, interactive: true, paced: false);
            var probe = new PanelProbe(view);
            runner.Run(view, probe);
            view.Finish();
            foreach (string[] panel in probe.Panels)
                foreach (string line in panel) Assert.IsTrue(LiveView.VisibleWidth(line) <= LiveView.Width, LiveView.VisibleWidth(line) + ": " + line);
            Assert.IsTrue(probe.Panels.Any(p => p[1].Contains("buzzer BEEP")), "a beep of the speed change shows");
            Assert.IsTrue(probe.Panels.Any(p => p[1].Contains("main DOWN")), "the held main button shows");
            // ready and running show green; stopping blinks it fast; amber and red stay dark in the demo but while its first
            // start measures the cartridge seated at boot (green and amber blink in turn)
            var measuring = probe.Panels.Where(p => p[0].Contains("measuring the cartridge")).ToList();
            var others = probe.Panels.Where(p => !p[0].Contains("measuring the cartridge")).ToList();
            Assert.IsTrue(measuring.Count > 0, "the first start measures the cartridge seated at boot");
            Assert.IsTrue(measuring.Any(p => !p[1].Contains("amber ○ off")), "amber blinks while it measures");
            Assert.IsTrue(others.Count(p => p[1].Contains("green \x1b[32;1m●\x1b[0m on")) > 0.9 * others.Count, "green on while ready or running");
            Assert.IsTrue(others.All(p => p[1].Contains("amber ○ off  red ○ off")), "amber and red off");
        }

        [TestMethod]
        public void Current_and_needle_travel_are_stroke_means_steady_where_one_instant_jumps()
        {
            var runner = new ScenarioRunner(DemoScenario.Build());
            var view = new LiveView(runner.Pen, TextWriter.Null, interactive: true, paced: false);
            var probe = new PanelProbe(view);
            runner.Run(view, probe);
            view.Finish();
            // on skin, steady rate: 6.0 s to 7.9 s of the demo
            var onSkin = Enumerable.Range(0, probe.Rows.Count).Where(i => probe.Rows[i].TimeS > 6.0 && probe.Rows[i].TimeS < 7.9).ToList();
            double[] instantA = onSkin.Select(i => probe.Rows[i].CurrentA).ToArray();
            double[] instantMm = onSkin.Select(i => probe.Rows[i].NeedleMm).ToArray();
            double[] meanA = onSkin.Select(i => Number(probe.Panels[i][4], " motor ", " A")).ToArray();
            double[] travelMm = onSkin.Select(i => Number(probe.Panels[i][3], " needles out ", " mm")).ToArray();
            Assert.IsTrue(instantA.Max() - instantA.Min() > 0.5 * instantA.Average(), "one instant's current jumps within a stroke");
            Assert.IsTrue(meanA.Max() - meanA.Min() < 0.15 * meanA.Average(), "the stroke mean holds: " + meanA.Min() + " .. " + meanA.Max());
            Assert.IsTrue(Math.Abs(meanA.Average() - instantA.Average()) < 0.25 * instantA.Average(), "the mean of the samples is near the stroke mean");
            Assert.IsTrue(instantMm.Min() < 0.1 && instantMm.Max() > 0.9, "one instant's needle position runs from in to out");
            Assert.IsTrue(travelMm.Min() > 0.95 && travelMm.Max() < 1.1, "the needles' travel each stroke is the depth set (1.0 mm): " + travelMm.Min() + " .. " + travelMm.Max());
        }

        private static double Number(string line, string after, string before)
        {
            int start = line.IndexOf(after, StringComparison.Ordinal) + after.Length;
            int end = line.IndexOf(before, start, StringComparison.Ordinal);
            return double.Parse(line.Substring(start, end - start), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
