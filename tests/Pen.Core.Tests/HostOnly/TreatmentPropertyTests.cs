using System;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Control;
using Pen.Core.Safety;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Property (FsCheck): over random sequences of gestures, ring turns, cartridge events, battery levels, skin
    /// load and cam-sensor glitches, the needles never run with the depth above the active limit, outside the
    /// active speed range, without a fresh cartridge (one not used in an earlier session), past the session cap,
    /// or after a lockout. PEN_PROPERTY_SEQUENCES sets the count (CI default 10,000).
    /// </summary>
    [TestClass]
    public class TreatmentPropertyTests
    {
        private const int Kinds = 14;

        private static int Sequences()
        {
            string s = Environment.GetEnvironmentVariable("PEN_PROPERTY_SEQUENCES");
            return int.TryParse(s, out int n) && n > 0 ? n : 10000;
        }

        [TestMethod]
        public void The_needles_never_run_outside_the_treatment_limits()
        {
            Gen<int[]> step = Gen.Choose(0, Kinds - 1).SelectMany(k => Gen.Choose(0, 10).Select(a => new[] { k, a }));
            Gen<int[][]> sequence = Gen.Choose(4, 14).SelectMany(n => Gen.ArrayOf(step, n));
            Property prop = Prop.ForAll(sequence.ToArbitrary(), steps => Play(steps) == null);
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(Sequences()).WithStartSize(14), prop);
        }

        /// <summary>Plays one sequence; null when every invariant held, otherwise what broke.</summary>
        public static string Play(int[][] steps)
        {
            var r = new TreatmentRig();
            int cartridge = 1;                 // identity of the seated cartridge (0 = none)
            int nextCartridge = 2;
            var sessionsOf = new int[64];      // sessions begun with each cartridge
            int beginsSeen = CountBegins(r);
            bool lockoutSeen = false;
            string broken = null;

            foreach (int[] s in steps)
            {
                int kind = s[0], arg = s[1];
                switch (kind)
                {
                    case 0: r.Pen.Main.Level = false; Run(r, 1200, ref broken); r.Pen.Main.Level = true; break;   // hold: start
                    case 1: r.Pen.Main.Level = false; Run(r, 150, ref broken); r.Pen.Main.Level = true; break;    // press
                    case 2: r.Pen.Plus.Level = false; Run(r, 150, ref broken); r.Pen.Plus.Level = true; break;
                    case 3: r.Pen.Minus.Level = false; Run(r, 150, ref broken); r.Pen.Minus.Level = true; break;
                    case 4: r.Pen.Plus.Level = false; Run(r, 1200, ref broken); r.Pen.Plus.Level = true; break;   // next profile
                    case 5: r.Pen.Minus.Level = false; Run(r, 1200, ref broken); r.Pen.Minus.Level = true; break; // previous profile
                    case 6: r.SetDepth(arg * 0.25f); break;
                    case 7:
                        if (cartridge != 0) { r.Pen.Cartridge.Level = true; cartridge = 0; }
                        else { r.Pen.Cartridge.Level = false; cartridge = nextCartridge < 63 ? nextCartridge++ : 63; }
                        break;
                    case 8: r.SetBatteryVolts(3.3f + arg * 0.09f); break;
                    case 9: r.MotorAmps = arg % 2 == 0 ? TreatmentRig.OnSkinAmps : TreatmentRig.OffSkinAmps; break;
                    case 10: r.Pen.Counter.Count += 40 + arg * 10; break;                                            // cam-sensor glitch
                    case 11: r.Pen.Main.Level = false; Run(r, 120, ref broken); r.Pen.Main.Level = true; Run(r, 150, ref broken);
                             r.Pen.Main.Level = false; Run(r, 120, ref broken); r.Pen.Main.Level = true; break;     // double press
                    case 12: r.Pen.Plus.Level = false; r.Pen.Minus.Level = false; Run(r, 5200, ref broken);
                             r.Pen.Plus.Level = true; r.Pen.Minus.Level = true; break;                              // service unlock
                    default: break;
                }

                Run(r, 100 + arg * 300, ref broken);
                int begins = CountBegins(r);
                if (begins > beginsSeen)
                {
                    if (cartridge == 0) return "a session began without a cartridge";
                    if (sessionsOf[cartridge] > 0) return "cartridge " + cartridge + " began a second session";
                    sessionsOf[cartridge]++;
                    beginsSeen = begins;
                }

                if (broken != null) return broken + " (step " + kind + "," + arg + ")";
                if (r.Fw.SafetyAction == SafetyAction.Lockout) lockoutSeen = true;
                if (lockoutSeen && r.Fw.Drive.Mode == DriveMode.Running) return "running after a lockout";
                if (r.Pen.Power.PowerOffs > 0) break; // switched off: nothing runs after this
            }

            return null;
        }

        private static void Run(TreatmentRig r, long ms, ref string broken)
        {
            for (long i = 0; i < ms / 10; i++)
            {
                r.Tick();
                if (broken == null) broken = Violation(r);
            }
        }

        private static string Violation(TreatmentRig r)
        {
            if (r.Fw.Drive.Mode != DriveMode.Running || r.Pen.Power.PowerOffs > 0) return null;
            Treatment t = r.Fw.Treatment;
            SensorFrame f = r.Fw.Frame;
            if (f.DepthMm > t.ActiveDepthLimitMm) return "running at " + f.DepthMm + " mm above the limit " + t.ActiveDepthLimitMm;
            if (t.SetpointHz < t.ActiveMinRateHz - 1e-3f || t.SetpointHz > t.ActiveMaxRateHz + 1e-3f) return "setpoint " + t.SetpointHz + " outside the profile's range";
            if (r.Fw.Drive.SetpointHz > t.ActiveMaxRateHz + 1e-3f) return "drive setpoint above the profile's range";
            if (!f.CartridgeSeatedRaw) return "running without a cartridge";
            if (!t.SessionActive) return "running outside a session";
            if (t.Session.NeedlingMicros > t.SessionCapMicros) return "running past the session cap";
            if (r.Fw.SafetyAction >= SafetyAction.ImmediateStop) return "running during a cut";
            return null;
        }

        private static int CountBegins(TreatmentRig r)
        {
            // the sessions begun, as the durable cartridge record counts them (written with each BEGIN, before its first stroke)
            return r.Fw.Treatment.SessionCount;
        }
    }
}
