#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>
    /// A cartridge chain whose steady point reads a load (needles on skin, or a binding carrier) gives no verdict from one run:
    /// the drive decides on the chain's outcome code (Commissioning/CartridgeOutcome), measures again, and refuses the
    /// cartridge only after <see cref="PenLimits.CartridgeLoadedRuns"/> such runs in a row. A timeline on fake ports, run on the
    /// host and on nanoCLR, where every string literal is a new object per use: a decision made on the identity of the
    /// chain's text refused the cartridge after the first run there.
    /// </summary>
    [TestClass]
    public class CartridgeLoadedRunsTests
    {
        [TestMethod]
        public void A_chain_that_reads_a_load_is_run_again_and_the_cartridge_refused_only_after_three_such_runs()
        {
            FakePen pen = new FakePen();
            pen.Cartridge.Level = true;   // none seated at boot
            PenFirmware fw = new PenFirmware(pen.Ports, BoardVariant.Battery1S());
            fw.Boot(0);
            long t = 0;
            for (int i = 0; i < 20; i++) t = pen.Tick(fw, t, 0);
            // a cartridge whose steady point draws 3 times the most a cartridge draws in the air
            pen.Cam.SealTorqueNm = 3f * PenLimits.CartridgeAirFrictionMaxNm;
            pen.Cartridge.Level = false;
            for (int run = 1; run <= PenLimits.CartridgeLoadedRuns; run++)
            {
                // the chain starts by itself (the retry's wait, the bridge asleep long enough); the cam turns by itself from
                // the seating (the first run) or the chain's start (the runs after it) until its park is over
                for (int i = 0; i < 300 && fw.Drive.Mode != DriveMode.IdentifyingCartridge; i++) t = pen.Tick(fw, t, 0);
                Assert.AreEqual((int)DriveMode.IdentifyingCartridge, (int)fw.Drive.Mode, "run " + run.ToString() + " started");
                pen.Cam.Engage();
                t = pen.AwaitCartridgeMeasured(fw, t);
                StrokeDrive drive = fw.Drive;
                Assert.AreEqual(CartridgeOutcome.Loaded, drive.CartridgeIdentification.Outcome, "run " + run.ToString() + ": " + drive.CartridgeIdentification.Problem);
                if (run < PenLimits.CartridgeLoadedRuns)
                {
                    Assert.AreEqual((int)CartridgeStatus.NotIdentified, (int)drive.CartridgeStatus, "no verdict after run " + run.ToString());
                    Assert.AreEqual((int)FaultCode.None, (int)fw.Fault, "and no fault after run " + run.ToString());
                }
            }

            Assert.AreEqual((int)CartridgeStatus.Implausible, (int)fw.Drive.CartridgeStatus, "refused after the last run");
            for (int i = 0; i < 5; i++) t = pen.Tick(fw, t, 0);
            Assert.AreEqual((int)FaultCode.CartridgeImplausible, (int)fw.Fault);
        }
    }
}
