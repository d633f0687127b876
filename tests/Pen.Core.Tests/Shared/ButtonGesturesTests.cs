#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Controls;

namespace Pen.Core.Tests
{
    /// <summary>Button gestures as timelines of 10 ms samples (Iot.Device.Button semantics, time passed in).</summary>
    [TestClass]
    public class ButtonGesturesTests
    {
        private const long Ms = 1000;

        private static ButtonGestures NewButton() { return new ButtonGestures(20 * Ms, 1000 * Ms, 1500 * Ms); }

        /// <summary>Samples the button every 10 ms from t0 to t1 (ms) at a level; returns how often a flag was seen.</summary>
        private static int Hold(ButtonGestures b, bool pressed, long fromMs, long toMs, int flag)
        {
            int seen = 0;
            for (long t = fromMs; t < toMs; t += 10)
            {
                b.Update(pressed, t * Ms);
                if (Flag(b, flag)) seen++;
            }

            return seen;
        }

        private const int FlagShortPress = 0, FlagHoldStarted = 1, FlagDoublePress = 2, FlagDown = 3, FlagRelease = 4, FlagHoldCompleted = 5;

        private static bool Flag(ButtonGestures b, int flag)
        {
            switch (flag)
            {
                case FlagShortPress: return b.ShortPress;
                case FlagHoldStarted: return b.HoldStarted;
                case FlagDoublePress: return b.DoublePress;
                case FlagDown: return b.Down;
                case FlagRelease: return b.Release;
                default: return b.HoldCompleted;
            }
        }

        [TestMethod]
        public void A_150_ms_press_is_one_short_press_on_release()
        {
            ButtonGestures b = NewButton();
            b.Reset(false, 0);
            Assert.AreEqual(0, Hold(b, false, 0, 100, FlagShortPress));
            Assert.AreEqual(0, Hold(b, true, 100, 250, FlagShortPress));
            Assert.AreEqual(1, Hold(b, false, 250, 400, FlagShortPress));
        }

        [TestMethod]
        public void A_bounce_shorter_than_the_debounce_is_ignored()
        {
            ButtonGestures b = NewButton();
            b.Reset(false, 0);
            Hold(b, false, 0, 100, FlagDown);
            Assert.AreEqual(0, Hold(b, true, 100, 110, FlagDown), "one 10 ms sample closed");
            Assert.AreEqual(0, Hold(b, false, 110, 300, FlagDown));
            Assert.IsFalse(b.IsPressed);
        }

        [TestMethod]
        public void Holding_for_a_second_starts_a_hold_once_and_release_completes_it_without_a_short_press()
        {
            ButtonGestures b = NewButton();
            b.Reset(false, 0);
            Assert.AreEqual(0, Hold(b, true, 0, 1000, FlagHoldStarted), "not yet at 1.0 s");
            Assert.AreEqual(1, Hold(b, true, 1000, 3000, FlagHoldStarted));
            ButtonGestures c = NewButton();
            c.Reset(false, 0);
            Hold(c, true, 0, 1500, FlagDown);
            Assert.AreEqual(0, Hold(c, false, 1500, 1600, FlagShortPress));
        }

        [TestMethod]
        public void Two_releases_within_1_5_s_make_a_double_press()
        {
            ButtonGestures b = NewButton();
            b.Reset(false, 0);
            Hold(b, true, 0, 120, FlagDoublePress);
            Assert.AreEqual(0, Hold(b, false, 120, 270, FlagDoublePress));
            Hold(b, true, 270, 390, FlagDoublePress);
            Assert.AreEqual(1, Hold(b, false, 390, 500, FlagDoublePress));
        }

        [TestMethod]
        public void Two_releases_2_s_apart_are_two_presses_not_a_double_press()
        {
            ButtonGestures b = NewButton();
            b.Reset(false, 0);
            Hold(b, true, 0, 100, FlagDoublePress);
            Hold(b, false, 100, 2100, FlagDoublePress);
            Hold(b, true, 2100, 2200, FlagDoublePress);
            Assert.AreEqual(0, Hold(b, false, 2200, 2300, FlagDoublePress));
        }
    }
}
