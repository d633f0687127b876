#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Controls;

namespace Pen.Core.Tests
{
    /// <summary>
    /// A button's level as the device's port reports it: GpioButton's IsPressed starts false and changes only on pin
    /// events (nanoFramework.IoT.Device@122ebb1 ButtonBase.cs), so the pin is read while the button has been down since
    /// it was opened.
    /// </summary>
    [TestClass]
    public class BootHeldButtonTests
    {
        [TestMethod]
        public void A_button_down_at_open_reads_down_from_the_pin_although_the_library_says_up()
        {
            BootHeldButton b = new BootHeldButton();
            b.Open(true);                                  // the pin reads low when the application opens it
            Assert.IsTrue(b.ReadsPin);
            Assert.IsFalse(b.Level(false, false), "down: the pin, while GpioButton's IsPressed is still false");
            Assert.IsFalse(b.Level(false, true), "a bounce while held sets IsPressed; still down");
            Assert.IsTrue(b.Level(true, false), "released: up, and the pin is no longer read");
            Assert.IsFalse(b.ReadsPin);
            Assert.IsFalse(b.Level(true, true), "from then on GpioButton's state is the level");
            Assert.IsTrue(b.Level(false, false), "even where the pin would say otherwise");
        }

        [TestMethod]
        public void A_button_up_at_open_never_reads_the_pin()
        {
            BootHeldButton b = new BootHeldButton();
            b.Open(false);
            Assert.IsFalse(b.ReadsPin, "no native call per tick for a button that is up");
            Assert.IsTrue(b.Level(false, false), "up until GpioButton sees a falling edge");
            Assert.IsFalse(b.Level(true, true), "down once it has");
        }
    }
}
