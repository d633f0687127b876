using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Treatment
{
    /// <summary>
    /// The off-skin pause on the simulated pen, told by the motor current alone: no false pause with the needles in
    /// the skin (light load, shallow depth), a pause about 10 s after a lift-off where contact shows in the current,
    /// and none below 0.5 mm, where it cannot show (PenLimits.OffSkinPauseMinDepthMm).
    /// </summary>
    [TestClass]
    public class SkinContactPauseTests
    {
        /// <summary>Start at ~1.7 s, needles on the skin from 3 s, lifted at <paramref name="liftS"/>; the first time the pen paused (NaN if never).</summary>
        private static double FirstPause(double depthMm, double load, double liftS, double durationS)
        {
            var s = new Scenario { Name = "skin", Seed = 3, DurationS = durationS };
            s.Initial.DepthMm = depthMm;
            s.Initial.StateOfCharge = 0.9;
            s.Events.Add(new ButtonEvent { AtS = 0.5, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new SkinEvent { AtS = 3.0, Contact = true, LoadScale = load });
            s.Events.Add(new SkinEvent { AtS = liftS, Contact = false });
            var first = new FirstState((int)Pen.Core.PenState.Paused);
            new ScenarioRunner(s).Run(first);
            return first.AtS;
        }

        private sealed class FirstState : ITickSink
        {
            private readonly int _state;
            public double AtS = double.NaN;
            public FirstState(int state) { _state = state; }
            public void OnTick(in TickRow row) { if (double.IsNaN(AtS) && row.State == _state) AtS = row.TimeS; }
        }

        [TestMethod]
        public void Needles_in_the_skin_at_light_load_or_shallow_depth_never_pause()
        {
            foreach (double depth in new[] { 0.25, 0.5, 1.0 })
            foreach (double load in new[] { 0.5, 1.0 })
            {
                double paused = FirstPause(depth, load, 43, 45);
                Assert.IsTrue(double.IsNaN(paused), "depth " + depth + " mm, load " + load + ": paused at " + paused + " s with the needles in the skin");
            }
        }

        [TestMethod]
        public void Lifting_the_needles_pauses_the_motor_about_10_s_later()
        {
            foreach (double depth in new[] { 0.5, 1.0 })
            {
                double paused = FirstPause(depth, 0.5, 20, 35);
                Assert.IsTrue(paused > 30.0 && paused < 32.5, "depth " + depth + " mm: paused at " + paused + " s, lifted at 20 s");
            }
        }

        [TestMethod]
        public void Below_half_a_millimetre_the_off_skin_pause_does_not_apply()
        {
            Assert.IsTrue(double.IsNaN(FirstPause(0.25, 1.0, 20, 35)), "at 0.25 mm skin contact does not show in the motor current");
        }
    }
}
