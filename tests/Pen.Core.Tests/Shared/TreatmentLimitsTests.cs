#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;

namespace Pen.Core.Tests
{
    /// <summary>The treatment-profile table and the clinic cap stay inside the device's ceilings, each with a source.</summary>
    [TestClass]
    public class TreatmentLimitsTests
    {
        [TestMethod]
        public void Every_profile_stays_inside_the_device_ceilings_and_names_its_source()
        {
            int n = PenLimits.ProfileNames.Length;
            Assert.AreEqual(11, n, "forehead, periorbital, nose, upper lip, cheeks and chin, neck, decollete, scalp, body, acne scars, surgical scars");
            Assert.AreEqual(n, PenLimits.ProfileMinDepthMm.Length);
            Assert.AreEqual(n, PenLimits.ProfileMaxDepthMm.Length);
            Assert.AreEqual(n, PenLimits.ProfileMinRateHz.Length);
            Assert.AreEqual(n, PenLimits.ProfileMaxRateHz.Length);
            Assert.AreEqual(n, PenLimits.ProfileSources.Length);
            for (int i = 0; i < n; i++)
            {
                string name = PenLimits.ProfileNames[i];
                Assert.IsTrue(PenLimits.ProfileMinDepthMm[i] >= 0f && PenLimits.ProfileMinDepthMm[i] <= PenLimits.ProfileMaxDepthMm[i], name + ": depth range");
                Assert.IsTrue(PenLimits.ProfileMaxDepthMm[i] <= PenLimits.MaxDepthMm, name + ": deeper than the 2.5 mm ceiling");
                Assert.IsTrue(PenLimits.ProfileMinRateHz[i] >= PenLimits.MinStrokeRateHz && PenLimits.ProfileMinRateHz[i] < PenLimits.ProfileMaxRateHz[i], name + ": rate range");
                Assert.IsTrue(PenLimits.ProfileMaxRateHz[i] <= PenLimits.MaxStrokeRateHz, name + ": faster than 150 strokes/s");
                string source = PenLimits.ProfileSources[i];
                Assert.IsTrue(source != null && (source.StartsWith("[S]") || source.StartsWith("[D]") || source.StartsWith("[E]")) && source.Length > 20, name + ": no source");
                // a depth limit the ring can be set to exactly (a detent)
                float detents = PenLimits.ProfileMaxDepthMm[i] / BoardConstants.DepthDetentStepMm;
                Assert.IsTrue(detents - (int)(detents + 0.5f) == 0f, name + ": limit between detents");
            }
        }

        [TestMethod]
        public void The_clinic_cap_and_the_session_timing_sit_inside_their_ceilings()
        {
            Assert.IsTrue(PenLimits.ClinicDepthCapMm == 1.5f && PenLimits.ClinicDepthCapMm <= PenLimits.MaxDepthMm);
            Assert.IsTrue(PenLimits.DefaultSessionCapMicros >= PenLimits.MinSessionCapMicros && PenLimits.DefaultSessionCapMicros <= PenLimits.MaxSessionCapMicros);
            Assert.IsTrue(PenLimits.CartridgeMotorCapMicros <= PenLimits.MaxSessionCapMicros);
            Assert.IsTrue(PenLimits.SpeedLevelCount >= 6);
            Assert.IsTrue(PenLimits.ButtonDebounceMicros * 3 <= PenLimits.ButtonDoublePressMicros, "Iot.Device.Button: debounce × 3 ≤ double press");
        }
    }
}
