using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Campaigns;

namespace Pen.Simulation.Tests.Records
{
    /// <summary>
    /// Issue 34's campaigns in small (CI runs them at 10,000 cases as checks, `.ci/run`): each runs, passes on today's
    /// firmware, and reaches what it is meant to try.
    /// </summary>
    [TestClass]
    public sealed class CampaignTests
    {
        [TestMethod]
        public void The_fuzz_opens_no_session_and_changes_nothing_through_the_pens_states()
        {
            BenchFuzz.Result r = BenchFuzz.Run(1500, 2);
            Assert.AreEqual(0, r.Failures, string.Join("\n", r.FailureLines));
            Assert.AreEqual(1500, r.Lines);
            Assert.IsTrue(r.AuthAnswers > 10 && r.AuthOpened == 0, "guessed " + r.AuthAnswers);
            Assert.IsTrue(r.LinesByState.Count >= 4, "states: " + string.Join(", ", r.LinesByState.Keys));
        }

        [TestMethod]
        public void Power_cut_at_every_byte_loses_no_other_record_and_no_used_cartridge()
        {
            PowerLossCampaign.Result r = PowerLossCampaign.Run(1500, 3);
            Assert.AreEqual(0, r.Failures, string.Join("\n", r.FailureLines));
            Assert.AreEqual(1500, r.Cases);
            Assert.IsTrue(r.TornDurable > 0 && r.TornLog > 0 && r.CasesUsedCartridge > 0);
        }

        [TestMethod]
        public void A_flapping_check_and_store_floods_keep_the_used_cartridge_and_the_records()
        {
            FloodCampaign.Result r = FloodCampaign.Run(400, 2);
            Assert.AreEqual(0, r.Failures, string.Join("\n", r.FailureLines));
            Assert.IsTrue(r.Trips > 50 && r.UnauthorisedStores > 0 && r.ServiceStores > 0 && r.PowerCycles > 0);
        }
    }
}
