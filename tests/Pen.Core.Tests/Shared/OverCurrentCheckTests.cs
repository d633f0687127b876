#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Core.Safety.Checks;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The over-current check as a timeline of motor-current readings (SafetyInputs.MotorAmps), one a tick, the drive
    /// running and the current known.
    /// </summary>
    [TestClass]
    public class OverCurrentCheckTests
    {
        /// <summary>Runs the ticks; returns the first tick (1-based) that raised the fault, 0 for none.</summary>
        private static int FirstRaised(float[] amps)
        {
            SafetyInputs s = new SafetyInputs(BoardVariant.Battery1S());
            SafetyFlags flags = new SafetyFlags();
            OverCurrentCheck check = new OverCurrentCheck();
            s.EnableRequested = true;
            s.DriveRunning = true;
            s.CurrentKnown = true;
            for (int i = 0; i < amps.Length; i++)
            {
                flags.Clear();
                s.MotorAmps = amps[i];
                check.Evaluate(s, flags);
                if (flags.IsRaised(FaultCode.OverCurrent)) return i + 1;
            }

            return 0;
        }

        [TestMethod]
        public void A_crossing_that_recedes_into_the_sensing_margin_is_cut_on_the_second_tick_after_it()
        {
            // a drag on heavy skin: the duty step after tick 1 takes the current over the 1.2 A hazard for under a
            // millisecond; it falls back to 1.14 A, which tick 2 reads 5 % low (1.08 A, under the 1.1 A trip); the next
            // duty step holds it over the hazard. Tick 2 is the first after the crossing and counts; tick 3 trips. Were
            // the count to start only at the trip, tick 4 would: three tick intervals after the crossing, past the bound
            Assert.AreEqual(3, FirstRaised(new float[] { 0.95f, 1.08f, 1.285f, 1.30f, 1.30f }));
        }

        [TestMethod]
        public void A_current_held_at_the_trip_is_cut_on_its_second_reading()
        {
            Assert.AreEqual(3, FirstRaised(new float[] { 0.5f, 1.15f, 1.15f, 1.15f }));
        }

        [TestMethod]
        public void A_reading_at_the_instant_limit_is_cut_on_its_tick()
        {
            Assert.AreEqual(2, FirstRaised(new float[] { 0.5f, PenLimits.OverCurrentInstantAmps, 0.5f }));
        }

        [TestMethod]
        public void A_current_whose_readings_stay_under_the_trip_never_trips_however_long()
        {
            // the start's floor and a heavy load sit in the margin below the trip: counted, never a trip
            float[] amps = new float[200];
            for (int i = 0; i < amps.Length; i++) amps[i] = i % 2 == 0 ? PenLimits.OverCurrentCountAmps : 1.099f;
            Assert.AreEqual(0, FirstRaised(amps));
        }

        [TestMethod]
        public void A_reading_under_the_count_level_ends_the_count()
        {
            // one reading at the trip, one under the margin, one at the trip: no two in a row within it
            Assert.AreEqual(0, FirstRaised(new float[] { 1.15f, 0.99f, 1.15f, 0.9f, 1.5f }));
        }
    }
}
