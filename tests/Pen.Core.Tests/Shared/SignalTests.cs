#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Indication;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The signals a practitioner meets (issue 33, part 5): one signal per meaning, alarms ranked as IEC 60601-1-8
    /// ranks them, no information signal mistakable for an alarm, and one fault blink count per thing to do.
    /// </summary>
    [TestClass]
    public class SignalTests
    {
        private const ushort HighPriority = 0xA8A0, MediumPriority = 0xA800, LowPriority = 0xA000;
        private static long _t;

        private static void Tick(FakePen pen, PenFirmware fw, int ticksPerEdge) => _t = pen.Tick(fw, _t, ticksPerEdge);

        /// <summary>125 ms pulses separated by gaps, as an alarm's burst is: the number of them, or -1 when a sound in the mask is longer than one slot.</summary>
        private static int ShortPulses(ushort mask)
        {
            int pulses = 0;
            bool last = false;
            for (int slot = 0; slot < IndicationTable.Slots; slot++)
            {
                bool on = ((mask >> (IndicationTable.Slots - 1 - slot)) & 1) != 0;
                if (on && last) return -1;
                if (on) pulses++;
                last = on;
            }

            return pulses;
        }

        [TestMethod]
        public void Alarms_sound_by_priority_and_no_information_signal_sounds_like_one()
        {
            Assert.AreEqual((int)HighPriority, (int)IndicationTable.Buzzer[(int)Indication.Indication.LockedOut], "locked out: high");
            Assert.AreEqual((int)HighPriority, (int)IndicationTable.Buzzer[(int)Indication.Indication.NeedlesMayBeOut], "needles may be out: high");
            Assert.AreEqual((int)MediumPriority, (int)IndicationTable.Buzzer[(int)Indication.Indication.ControlledStopFault], "needles parked: medium");
            Assert.AreEqual((int)MediumPriority, (int)IndicationTable.Buzzer[(int)Indication.Indication.ImmediateStopFault], "drive cut: medium");
            Assert.AreEqual((int)LowPriority, (int)IndicationTable.Buzzer[(int)Indication.Indication.DerateStepCue], "a step slower: low");
            for (int i = 0; i < IndicationTable.Buzzer.Length; i++)
            {
                if (Indicator.IsAlarm((Indication.Indication)i) || i == (int)Indication.Indication.DerateStepCue) continue;
                int pulses = ShortPulses(IndicationTable.Buzzer[i]);
                Assert.IsTrue(pulses <= 1, "information signal " + IndicationTable.Meaning[i] + " is a burst of " + pulses.ToString() + " short pulses");
            }
        }

        [TestMethod]
        public void Every_sound_means_one_thing()
        {
            for (int i = 0; i < IndicationTable.Buzzer.Length; i++)
                for (int j = i + 1; j < IndicationTable.Buzzer.Length; j++)
                {
                    ushort a = IndicationTable.Buzzer[i];
                    if (a == 0 || a != IndicationTable.Buzzer[j]) continue;
                    // the same alarm sound for the same priority is IEC 60601-1-8's rule; the LEDs tell which
                    bool sameAlarm = Indicator.IsAlarm((Indication.Indication)i) && Indicator.IsAlarm((Indication.Indication)j);
                    Assert.IsTrue(sameAlarm, IndicationTable.Meaning[i] + " sounds like " + IndicationTable.Meaning[j]);
                }
        }

        /// <summary>What the practitioner does about a code (the groups of docs/practitioners.md): a (colour, blinks) pair may cover only one.</summary>
        private static int ActionOf(FaultCode c)
        {
            switch (c)
            {
                case FaultCode.MotorStall: case FaultCode.OverCurrent: return 1;                     // change the cartridge
                case FaultCode.CartridgeRemoved: return 2;                                            // seat a fresh cartridge
                case FaultCode.DepthBeyondLimit: return 3;                                            // turn the ring back
                case FaultCode.WindingOverTemperature: case FaultCode.HousingOverTemperature: return 4; // let it cool
                case FaultCode.DepthSensorImplausible: case FaultCode.CurrentSenseImplausible: case FaultCode.SupplySenseImplausible:
                case FaultCode.NtcImplausible: case FaultCode.DriveSenseImplausible: case FaultCode.TickLate: return 5; // press main; service if it returns
                case FaultCode.NeedlesMayBeOut: return 6;                                             // lift off, check the needles
                case FaultCode.HallSensorLost: case FaultCode.Overspeed: case FaultCode.DriverIgnoresCommand: return 7; // locked out: service
                case FaultCode.WindingHot: case FaultCode.HousingWarm: return 11;                     // warm: slower
                case FaultCode.BatteryTooLowToStart: case FaultCode.BatteryTooLowToContinue: return 12; // charge
                case FaultCode.ButtonStuckAtPowerUp: return 13;                                       // release the buttons
                case FaultCode.RecordsDamaged: case FaultCode.RecordStoreFailing: case FaultCode.MotorImplausible: return 14; // service
                case FaultCode.MotorNotIdentified: return 15;                                         // cartridge out
                case FaultCode.CartridgeImplausible: return 16;                                       // change the cartridge before starting
                default: return 0;
            }
        }

        [TestMethod]
        public void A_fault_blink_count_covers_one_thing_to_do()
        {
            for (int a = 1; a <= FaultText.MaxCode; a++)
            {
                FaultCode ca = (FaultCode)a;
                Assert.IsTrue(ActionOf(ca) > 0, "an action for " + FaultText.Of(ca));
                if (ActionOf(ca) == 7) continue;   // a lockout shows red steady, its count is never seen
                for (int b = a + 1; b <= FaultText.MaxCode; b++)
                {
                    FaultCode cb = (FaultCode)b;
                    if (ActionOf(cb) == 7) continue;
                    bool same = FaultIndication.IsRed(ca) == FaultIndication.IsRed(cb) && FaultIndication.Blinks(ca) == FaultIndication.Blinks(cb);
                    Assert.IsTrue(!same || ActionOf(ca) == ActionOf(cb), FaultText.Of(ca) + " and " + FaultText.Of(cb) + " blink alike but ask different things");
                }
            }
        }

        [TestMethod]
        public void A_refused_start_flashes_amber_once_per_reason_number()
        {
            // timeline: no cartridge seated, main held 1 s: refused (no cartridge, reason 2); the cue's amber flashes count it
            FakePen pen = new FakePen();
            pen.Cartridge.Level = true;   // no cartridge
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            pen.Main.Level = false;
            int flashes = 0;
            bool last = pen.Amber.Level;
            bool refused = false;
            for (int i = 0; i < 450; i++)
            {
                if (i == 130) pen.Main.Level = true;
                Tick(pen, fw, 0);
                if (!refused && fw.Treatment.LastRefusal != Session.StartRefusal.None) refused = true;
                if (refused && pen.Amber.Level && !last) flashes++;
                last = pen.Amber.Level;
            }

            Assert.AreEqual((int)Session.StartRefusal.NoCartridge, (int)fw.Treatment.LastRefusal);
            Assert.AreEqual((int)Session.StartRefusal.NoCartridge, flashes, "amber flashes during the refusal cue");
        }

        [TestMethod]
        public void A_cue_never_sounds_over_an_alarm()
        {
            // a level change while a fault shows: the fault's three pulses only, never the level's tick between them
            FakePen pen = new FakePen();
            Indicator indicator = new Indicator();
            int sounding = 0;
            for (long t = 0; t < 2000000; t += 10000)
            {
                indicator.Update(pen.Ports, PenState.Fault, SafetyAction.ImmediateStop, null, FaultCode.OverCurrent, t);
                if (pen.Buzzer.Level) sounding++;
            }

            Assert.AreEqual(3 * 13, sounding, "three 125 ms pulses, sampled every 10 ms");
            Assert.IsTrue(Indicator.IsAlarm(Indicator.For(PenState.Fault, SafetyAction.ImmediateStop, null)));
        }

        [TestMethod]
        public void Needles_that_may_be_out_show_above_a_lockout()
        {
            // timeline: a stuck driver locks the pen out (the bridge released), and the cam comes to rest outside the
            // Hall window: the fault named stays the driver's, the pen shows the needles first
            FakePen pen = new FakePen();
            _t = 0;
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            for (int i = 0; i < 5; i++) Tick(pen, fw, 0);
            pen.Main.Level = false;
            for (int i = 0; i < 110; i++) Tick(pen, fw, 2);
            pen.Main.Level = true;
            for (int i = 0; i < 50; i++) Tick(pen, fw, 2);
            pen.Drive.Override = pen.Supply.Code;
            Tick(pen, fw, 2);
            pen.Drive.Override = -1;
            pen.HallLevel.Level = true;
            for (int i = 0; i < 60; i++) Tick(pen, fw, 0);
            Assert.AreEqual((int)SafetyAction.Lockout, (int)fw.SafetyAction);
            Assert.AreEqual((int)FaultCode.DriverIgnoresCommand, (int)fw.Fault);
            Indicator indicator = fw.Indicator;
            Assert.AreEqual((int)Indication.Indication.NeedlesMayBeOut, (int)indicator.Shown);
            Assert.AreEqual((int)Indication.Indication.NeedlesMayBeOut, (int)indicator.Shown, "its high-priority burst plays (SignalTests.Alarms_sound_by_priority...)");
        }

        [TestMethod]
        public void Each_step_slower_plays_two_short_pulses_once()
        {
            // timeline: a warm pen's derating takes one step at 1 s and a second at 4 s; each plays two short pulses
            FakePen pen = new FakePen();
            RateDerating derating = new RateDerating();
            Indicator indicator = new Indicator(derating, null);
            int rising = 0;
            bool last = false;
            for (long t = 0; t < 6000000; t += 10000)
            {
                float factor = t < 1000000 ? 1f : t < 4000000 ? 0.94f : 0.84f;
                derating.Apply(100f, factor);
                indicator.Update(pen.Ports, PenState.Running, SafetyAction.Derate, null, FaultCode.HousingWarm, t);
                if (pen.Buzzer.Level && !last) rising++;
                last = pen.Buzzer.Level;
            }

            Assert.AreEqual(2, derating.Steps);
            Assert.AreEqual(4, rising, "two pulses at each of the two steps");
        }
    }
}
