#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Board;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The feed-forward's load current: how it follows a step of the stroke-mean current (contact, lift-off) and
    /// undoes one the next tick does not confirm. Timelines of 10 ms ticks at 100 strokes/s on RP-1 at 4.0 V, the
    /// rate held on the setpoint so that only the feed-forward moves the duty.
    /// </summary>
    [TestClass]
    public class SpeedControllerTests
    {
        private const float SetpointHz = 100f;
        private const float Volts = 4.0f;
        private const float Tick = 0.01f;

        private static SpeedController New()
        {
            BoardVariant b = BoardVariant.Battery1S();
            return new SpeedController(b.MotorBackEmfVoltSecondsPerRad, b.MotorResistanceOhms + b.DriveResistanceOhms, b.MotorNoLoadAmps, b.RotorInertiaKgM2, b.NominalSupplyVolts);
        }

        private static float LoopOhms()
        {
            BoardVariant b = BoardVariant.Battery1S();
            return b.MotorResistanceOhms + b.DriveResistanceOhms;
        }

        private static float Step(SpeedController c, float strokeAmps)
        {
            return c.Update(SetpointHz, SetpointHz, Volts, strokeAmps, 0f, Tick, false, false);
        }

        private static float HeldStep(SpeedController c, float strokeAmps)
        {
            return c.Update(SetpointHz, SetpointHz, Volts, strokeAmps, 0f, Tick, false, true);
        }

        [TestMethod]
        public void The_gains_follow_the_motor_and_the_supply_by_their_rule()
        {
            // K_p = G·2π·k_e/V: the P's loop gain G = 0.44 at any supply; K_i = K_p/(13·τ_m), τ_m = J·R_L/k²
            BoardVariant b = BoardVariant.Battery1S();
            float ke = b.MotorBackEmfVoltSecondsPerRad;
            float tau = b.RotorInertiaKgM2 * LoopOhms() / (ke * ke);
            SpeedController c = New();
            foreach (float v in new[] { 3.2f, 3.7f, 4.2f })
            {
                float loopGain = c.ProportionalDutyPerHz(v) * v / (6.2831853f * ke);
                Assert.IsTrue(System.Math.Abs(loopGain - 0.44f) < 1e-4f, "loop gain " + loopGain.ToString() + " at " + v.ToString() + " V");
                float zeroBelowPole = c.ProportionalDutyPerHz(v) / (c.IntegralDutyPerHzSecond(v) * tau);
                Assert.IsTrue(System.Math.Abs(zeroBelowPole - 13f) < 1e-3f, "integral zero " + zeroBelowPole.ToString() + " below the pole");
            }

            // the nominal RP-1 at 3.7 V: about 0.002 duty per stroke/s and 0.011 per stroke/s per s
            Assert.IsTrue(System.Math.Abs(c.ProportionalDutyPerHz(3.7f) - 0.00199f) < 0.00002f);
            Assert.IsTrue(System.Math.Abs(c.IntegralDutyPerHzSecond(3.7f) - 0.0112f) < 0.0015f, c.IntegralDutyPerHzSecond(3.7f).ToString());
            // a rotor with half the inertia: twice the integral, the same P
            SpeedController light = new SpeedController(ke, LoopOhms(), b.MotorNoLoadAmps, 0.5f * b.RotorInertiaKgM2, b.NominalSupplyVolts);
            Assert.IsTrue(System.Math.Abs(light.IntegralDutyPerHzSecond(3.7f) - 2f * c.IntegralDutyPerHzSecond(3.7f)) < 1e-5f);
            Assert.IsTrue(System.Math.Abs(light.ProportionalDutyPerHz(3.7f) - c.ProportionalDutyPerHz(3.7f)) < 1e-7f);
        }

        /// <summary>3 s on skin at 0.2 A, each stroke's own load ±<paramref name="rippleAmps"/> on alternate ticks; then two ticks at 0.2 A.</summary>
        private static SpeedController OnSkin(float rippleAmps)
        {
            SpeedController c = New();
            for (int i = 0; i < 300; i++)
            {
                c.Update(SetpointHz, SetpointHz, Volts, i % 2 == 0 ? 0.2f + rippleAmps : 0.2f - rippleAmps, 0f, Tick, false, false);
            }

            Step(c, 0.2f);
            Step(c, 0.2f);

            return c;
        }

        private static bool Near(float a, float b, float tolerance) { return Math.Abs(a - b) <= tolerance; }

        [TestMethod]
        public void A_one_tick_fall_the_next_tick_does_not_confirm_is_undone()
        {
            SpeedController c = OnSkin(0.01f);
            float held = c.Duty;
            float feedForwardFall = LoopOhms() * 0.07f / Volts;

            // t: one tick reads 70 mA low (a tick on one part of a stroke's load pulse): followed at once
            float stepped = Step(c, 0.13f);
            Assert.IsTrue(Near(0.13f, c.LoadAmps, 0.0001f), "followed: " + c.LoadAmps);
            Assert.IsTrue(stepped < held - 0.9f * feedForwardFall, "duty " + stepped + " from " + held);

            // t + 10 ms: the stroke mean is most of the way back (its window still holds part of the low tick), too
            // little a rise to be a step of its own: the fall is undone
            float after = Step(c, 0.17f);
            Assert.IsTrue(c.LoadAmps > 0.19f, "undone: " + c.LoadAmps);
            Assert.IsTrue(Near(held, after, 0.004f), "duty " + after + " against " + held);
        }

        [TestMethod]
        public void While_the_load_is_held_the_current_is_ignored_and_an_unconfirmed_step_is_undone()
        {
            SpeedController c = OnSkin(0f);
            float held = c.Duty;

            Step(c, 0.15f);                   // t: a fall, followed at once
            Assert.IsTrue(Near(0.15f, c.LoadAmps, 0.0001f), "followed: " + c.LoadAmps);
            // t + 10 ms ... 30 ms: the drive held the load (the rotor re-accelerating after a lapsed tick draws 0.3 A)
            HeldStep(c, 0.3f);
            Assert.IsTrue(Near(0.2f, c.LoadAmps, 0.0001f), "undone: " + c.LoadAmps);
            HeldStep(c, 0.3f);
            float after = HeldStep(c, 0.3f);
            Assert.IsTrue(Near(0.2f, c.LoadAmps, 0.0001f), "held: " + c.LoadAmps);
            Assert.IsTrue(Near(held, after, 0.001f), "duty " + after + " against " + held);
        }

        [TestMethod]
        public void A_lift_off_the_next_ticks_confirm_is_kept()
        {
            SpeedController c = OnSkin(0f);
            float held = c.Duty;
            float feedForwardFall = LoopOhms() * 0.15f / Volts;

            Step(c, 0.15f);       // t: the load starts to go
            Step(c, 0.05f);       // t + 10 ms: down to the free current
            float free = Step(c, 0.05f);
            Assert.IsTrue(Near(0.05f, c.LoadAmps, 0.001f), "kept: " + c.LoadAmps);
            Assert.IsTrue(free < held - 0.9f * feedForwardFall, "duty " + free + " from " + held);
        }

        [TestMethod]
        public void A_fall_is_judged_and_stepped_on_the_stroke_mean_less_a_share_of_the_acceleration_current()
        {
            // a lift-off: the rotor speeds up, and the current that speeds it up (here 50 mA of the stroke mean) is
            // not load; from 75 strokes/s, 0.3 of it is taken off before the fall is judged
            SpeedController c = OnSkin(0.002f);
            float held = c.Duty;

            // t: the stroke mean reads 10 mA low, within the noise on its own; less 0.3 × 50 mA, 25 mA low: a step
            c.Update(SetpointHz, SetpointHz, Volts, 0.19f, 0.05f, Tick, false, false);
            Assert.IsTrue(Near(0.175f, c.LoadAmps, 0.0001f), "stepped to the load's current: " + c.LoadAmps);
            Assert.IsTrue(c.Duty < held - 0.9f * LoopOhms() * 0.025f / Volts, "duty " + c.Duty + " from " + held);

            // the same 10 mA low with the rotor not accelerating: no step, the filter moves it by an eighth at most
            SpeedController d = OnSkin(0.002f);
            d.Update(SetpointHz, SetpointHz, Volts, 0.19f, 0f, Tick, false, false);
            Assert.IsTrue(d.LoadAmps > 0.198f, "filtered only: " + d.LoadAmps);

            // at 50 strokes/s the share is not taken (no controller meets a 42-needle lift-off there): 8 mA low, led
            // by 5 ms 12 mA low, within the threshold; with the share it would be 23 mA low and a step
            SpeedController f = New();
            for (int i = 0; i < 300; i++) f.Update(50f, 50f, Volts, 0.2f, 0f, Tick, false, false);
            f.Update(50f, 50f, Volts, 0.192f, 0.05f, Tick, false, false);
            Assert.IsTrue(f.LoadAmps > 0.198f, "at 50/s, filtered only: " + f.LoadAmps);

            // a rise (contact) is judged on the stroke mean alone: a slowing rotor does not move where it steps to
            SpeedController e = OnSkin(0.002f);
            e.Update(SetpointHz, SetpointHz, Volts, 0.25f, -0.05f, Tick, false, false);
            Assert.IsTrue(Near(0.25f, e.LoadAmps, 0.0001f), "rise to the stroke mean: " + e.LoadAmps);
        }

        /// <summary>Smallest one-tick change of the stroke-mean current (in 0.5 mA steps) that the load current steps by:
        /// moves by more than a fifth of it (its filter alone moves it by dt / (40 ms + 3 strokes + dt) = 1/8).</summary>
        private static float SmallestStep(float sign, float rippleAmps)
        {
            for (int k = 1; k < 400; k++)
            {
                SpeedController c = OnSkin(rippleAmps);
                float before = c.LoadAmps;
                Step(c, 0.2f + sign * 0.0005f * k);
                if (sign * (c.LoadAmps - before) > 0.2f * 0.0005f * k) return 0.0005f * k;
            }

            return float.MaxValue;
        }

        [TestMethod]
        public void A_fall_steps_from_fewer_spreads_than_a_rise()
        {
            const float Ripple = 0.01f;
            float spread = OnSkin(Ripple).LoadSpreadAmps;
            Assert.IsTrue(spread > 0.01f, "the ripple teaches a spread: " + spread);

            float fall = SmallestStep(-1f, Ripple);
            float rise = SmallestStep(1f, Ripple);
            // thresholds on the lead (I + 3 ms·dI/dt, 1.3 × a one-tick change at 10 ms): 2.5 spreads + 12.5 mA for a
            // fall, 2.75 spreads + 12.5 mA for a rise, so a fall steps from about spread / 5 less
            Assert.IsTrue(rise - fall > 0.1f * spread, "fall " + fall + " A, rise " + rise + " A, spread " + spread + " A");
            Assert.IsTrue(fall < 0.2f && rise < 0.2f, "both step at some size: " + fall + ", " + rise);
        }

        /// <summary>How far the load current moves, as a share of the change, over 5 ticks of a stroke-mean current
        /// 6 mA above where it was (a change within the thresholds, 12.5 mA with no ripple, even led by 3 ms: only the
        /// filter follows it).</summary>
        private static float ShareFollowedIn50Ms(SpeedController c)
        {
            float before = c.LoadAmps;
            for (int i = 0; i < 5; i++) Step(c, before + 0.006f);
            return (c.LoadAmps - before) / 0.006f;
        }

        [TestMethod]
        public void Once_no_step_has_come_for_150_ms_the_load_current_follows_small_changes_slower()
        {
            // 3 s on skin with no step: quiet. The filter is 40 ms + 3 strokes + 200 ms: 1 − (1 − 0.01/0.28)^5 ≈ 0.17
            SpeedController c = OnSkin(0f);
            float quiet = ShareFollowedIn50Ms(c);
            Assert.IsTrue(quiet > 0.1f && quiet < 0.25f, "quiet: " + quiet);

            // t: a contact, 100 mA more, confirmed the next tick; t + 20 ms .. 70 ms: within 150 ms of the step the
            // filter is 40 ms + 3 strokes again: 1 − (1 − 0.01/0.08)^5 ≈ 0.49
            c = OnSkin(0f);
            Step(c, 0.3f);
            Step(c, 0.3f);
            Assert.IsTrue(Near(0.3f, c.LoadAmps, 0.001f), "stepped: " + c.LoadAmps);
            float afterStep = ShareFollowedIn50Ms(c);
            Assert.IsTrue(afterStep > 0.4f && afterStep < 0.6f, "after the step: " + afterStep);

            // t + 220 ms ..: quiet again
            for (int i = 0; i < 15; i++) Step(c, c.LoadAmps);
            float quietAgain = ShareFollowedIn50Ms(c);
            Assert.IsTrue(quietAgain < 0.25f, "quiet again: " + quietAgain);
        }

        [TestMethod]
        public void A_fall_just_past_the_threshold_steps_part_of_the_way_a_rise_or_a_larger_fall_all_the_way()
        {
            const float Ripple = 0.01f;
            float fallThreshold = SmallestStep(-1f, Ripple);
            float riseThreshold = SmallestStep(1f, Ripple);

            // t: a fall 10 % past its threshold (as often one tick's noise as a load change): part of the way
            SpeedController c = OnSkin(Ripple);
            float before = c.LoadAmps;
            float small = 1.1f * fallThreshold;
            Step(c, 0.2f - small);
            float moved = before - c.LoadAmps;
            Assert.IsTrue(moved > 0.2f * small && moved < 0.6f * small, "moved " + moved + " A of " + small + " A");

            // t: a fall twice its threshold (a lift-off): all the way at once
            c = OnSkin(Ripple);
            float large = 2f * fallThreshold;
            Step(c, 0.2f - large);
            Assert.IsTrue(Near(0.2f - large, c.LoadAmps, 0.0001f), "followed: " + c.LoadAmps + " A for " + (0.2f - large) + " A");

            // t: a rise 10 % past its threshold (a contact, whose dip costs skin): all the way at once
            c = OnSkin(Ripple);
            float rise = 1.1f * riseThreshold;
            Step(c, 0.2f + rise);
            Assert.IsTrue(Near(0.2f + rise, c.LoadAmps, 0.0001f), "followed: " + c.LoadAmps + " A for " + (0.2f + rise) + " A");
        }

        /// <summary>The duty's change from <paramref name="c"/>'s last one when, for one tick at the stroke-mean current
        /// <paramref name="amps"/>, the rate reads <paramref name="errorHz"/> above the setpoint.</summary>
        private static float DutyChangeFor(SpeedController c, float setpointHz, float amps, float errorHz)
        {
            float before = c.Duty;
            return c.Update(setpointHz, setpointHz + errorHz, Volts, amps, 0f, Tick, false, false) - before;
        }

        [TestMethod]
        public void In_the_quiet_an_overspeed_is_answered_with_twice_the_P()
        {
            const float ErrorHz = 2f;

            // 3 s on skin with no step (quiet), then one tick reading 2 strokes/s fast: K_p doubled (0.004 duty/Hz),
            // against K_p (0.002) for one reading 2 strokes/s slow; the integral adds 0.015·2·0.01 = 0.0003 to both
            float overspeed = -DutyChangeFor(OnSkin(0f), SetpointHz, 0.2f, ErrorHz);
            float underspeed = DutyChangeFor(OnSkin(0f), SetpointHz, 0.2f, -ErrorHz);
            Assert.IsTrue(Near(0.0083f, overspeed, 0.0005f), "overspeed: duty down " + overspeed);
            Assert.IsTrue(Near(0.0043f, underspeed, 0.0005f), "underspeed: duty up " + underspeed);

            // t: a contact (100 mA more, confirmed the next tick); t + 20 ms: within 150 ms of the step, not quiet: K_p
            SpeedController c = OnSkin(0f);
            Step(c, 0.3f);
            Step(c, 0.3f);
            float afterStep = -DutyChangeFor(c, SetpointHz, 0.3f, ErrorHz);
            Assert.IsTrue(Near(0.0043f, afterStep, 0.0005f), "after the step: duty down " + afterStep);

            // at 50 strokes/s the quiet does not apply: K_p both ways
            c = New();
            for (int i = 0; i < 300; i++) c.Update(50f, 50f, Volts, 0.2f, 0f, Tick, false, false);
            float slowOverspeed = -DutyChangeFor(c, 50f, 0.2f, ErrorHz);
            Assert.IsTrue(Near(0.0043f, slowOverspeed, 0.0005f), "50/s: duty down " + slowOverspeed);
        }

        [TestMethod]
        public void The_quiet_overspeeds_extra_P_follows_the_motor_and_the_boards_nominal_supply()
        {
            // K_x = G·2π·k_e/V_nom: RP-1's datasheet motor (V_nom 3.7 V), a unit identified with k_e 10 % low, and RP-2's
            // motor on its 7.4 V bus. After 3 s quiet on skin, one tick 2 strokes/s fast at the measured supply V: the
            // duty falls by (K_p(V) + K_x)·2 + K_i(V)·2·0.01, the extra's loop gain K_x·V/(2π·k_e) = G·V/V_nom
            BoardVariant rp1 = BoardVariant.Battery1S();
            BoardVariant rp2 = BoardVariant.Corded7V4();
            float[][] pens =
            {
                new[] { rp1.MotorBackEmfVoltSecondsPerRad, rp1.MotorResistanceOhms + rp1.DriveResistanceOhms, rp1.MotorNoLoadAmps, rp1.RotorInertiaKgM2, rp1.NominalSupplyVolts, 4.2f },
                new[] { 0.9f * rp1.MotorBackEmfVoltSecondsPerRad, rp1.MotorResistanceOhms + rp1.DriveResistanceOhms, rp1.MotorNoLoadAmps, rp1.RotorInertiaKgM2, rp1.NominalSupplyVolts, 3.4f },
                new[] { rp2.MotorBackEmfVoltSecondsPerRad, rp2.MotorResistanceOhms + rp2.DriveResistanceOhms, rp2.MotorNoLoadAmps, rp2.RotorInertiaKgM2, rp2.NominalSupplyVolts, 7.4f },
            };
            foreach (float[] p in pens)
            {
                string at = "k_e " + p[0].ToString() + ", V_nom " + p[4].ToString() + " V, at " + p[5].ToString() + " V";
                float extra = 0.44f * 6.2831853f * p[0] / p[4];
                SpeedController c = new SpeedController(p[0], p[1], p[2], p[3], p[4]);
                Assert.IsTrue(System.Math.Abs(c.QuietOverspeedExtraDutyPerHz - extra) < 1e-7f, at + ": K_x " + c.QuietOverspeedExtraDutyPerHz.ToString());
                for (int i = 0; i < 300; i++) c.Update(SetpointHz, SetpointHz, p[5], 0.2f, 0f, Tick, false, false);
                float before = c.Duty;
                float down = before - c.Update(SetpointHz, SetpointHz + 2f, p[5], 0.2f, 0f, Tick, false, false);
                float rule = (c.ProportionalDutyPerHz(p[5]) + extra) * 2f + c.IntegralDutyPerHzSecond(p[5]) * 2f * Tick;
                Assert.IsTrue(System.Math.Abs(down - rule) < 0.0001f, at + ": duty down " + down.ToString() + ", rule " + rule.ToString());
                float loopGain = extra * p[5] / (6.2831853f * p[0]);
                Assert.IsTrue(0.44f + loopGain < 1f, at + ": the quiet overspeed's loop gain " + (0.44f + loopGain).ToString());
            }
        }

        /// <summary>How much more the duty falls, on a tick whose stroke-mean current falls from 0.2 A to
        /// <paramref name="amps"/>, when the rate reads 2 strokes/s fast than when it reads on the setpoint (3 s quiet
        /// on skin before).</summary>
        private static float OverspeedAnswerOnAFall(float amps)
        {
            float onSetpoint = DutyChangeFor(OnSkin(0f), SetpointHz, amps, 0f);
            float fast = DutyChangeFor(OnSkin(0f), SetpointHz, amps, 2f);
            return onSetpoint - fast;
        }

        [TestMethod]
        public void The_tick_a_lift_off_steps_all_the_way_keeps_the_quiet_overspeed_P()
        {
            // t: in the quiet, the stroke-mean current falls 100 mA (8 thresholds: a step all the way, a lift-off) and
            // the rate reads 2 strokes/s fast. The step ends the quiet, but its own tick still answers the overspeed
            // with twice the P: 0.004·2 + 0.015·2·0.01 = 0.0083 duty (K_p alone: 0.0043). Taking it at the step
            // itself is when the lift-off's overshoot is being made.
            float liftOff = OverspeedAnswerOnAFall(0.1f);
            Assert.IsTrue(Near(0.0083f, liftOff, 0.0005f), "lift-off: " + liftOff);

            // a fall just past its threshold (12.5 mA with no ripple; here 14 mA) steps part of the way: as often one
            // tick's noise as a load change, so K_p alone
            SpeedController c = OnSkin(0f);
            Step(c, 0.186f);
            Assert.IsTrue(c.LoadAmps < 0.195f && c.LoadAmps > 0.187f, "stepped part of the way: " + c.LoadAmps);
            float partial = OverspeedAnswerOnAFall(0.186f);
            Assert.IsTrue(Near(0.0043f, partial, 0.0005f), "partial fall: " + partial);
        }

        /// <summary>
        /// 2 s on the setpoint at <paramref name="beforeAmps"/>; then, when <paramref name="excursionHz"/> is not 0,
        /// three ticks at that rate error with the current not yet changed (a contact's dip before its step trips: +;
        /// a lift-off's overshoot: −); then the load change in the current (the step), confirmed the next tick; then
        /// 20 ticks back on the setpoint. Returns the duty of the last tick.
        /// </summary>
        private static float DutyAfterLoadStep(float beforeAmps, float afterAmps, float excursionHz)
        {
            SpeedController c = New();
            for (int i = 0; i < 200; i++) c.Update(SetpointHz, SetpointHz, Volts, beforeAmps, 0f, Tick, false, false);
            for (int i = 0; i < 3 && excursionHz != 0f; i++)
            {
                c.Update(SetpointHz, SetpointHz - excursionHz, Volts, beforeAmps, 0f, Tick, false, false);
            }

            float duty = 0f;
            for (int i = 0; i < 22; i++) duty = c.Update(SetpointHz, SetpointHz, Volts, afterAmps, 0f, Tick, false, false);
            return duty;
        }

        [TestMethod]
        public void A_load_step_takes_back_what_the_integral_gained_over_the_excursion_before_it()
        {
            // the dip (2 strokes/s slow for 30 ms) builds the integral up by 0.015·2·0.03 = 0.0009 duty before the step
            // puts the contact's 150 mA into the feed-forward; counted twice, it kept the rate 0.2–0.4 % fast for the
            // 0.5 s the integral took to unwind. After the step the duty is what it is with no dip at all.
            float withDip = DutyAfterLoadStep(0.05f, 0.2f, 2f);
            float withoutDip = DutyAfterLoadStep(0.05f, 0.2f, 0f);
            Assert.IsTrue(Near(withoutDip, withDip, 0.00005f), "contact: duty " + withDip + " after the dip, " + withoutDip + " without");

            // a lift-off: the overshoot (2 strokes/s fast) takes the integral down by as much before the fall steps
            float withOvershoot = DutyAfterLoadStep(0.2f, 0.05f, -2f);
            float withoutOvershoot = DutyAfterLoadStep(0.2f, 0.05f, 0f);
            Assert.IsTrue(Near(withoutOvershoot, withOvershoot, 0.00005f), "lift-off: duty " + withOvershoot + " after the overshoot, " + withoutOvershoot + " without");
        }

        [TestMethod]
        public void The_integral_takes_no_deficit_that_a_load_the_filter_is_still_following_explains()
        {
            // timeline: 1 s on skin at 0.10 A, the rate on the setpoint; then the load rises by 30 mA over 1 s, slower
            // than a step trips, and holds for 1 s. The rate sits below the setpoint by what the load the filter has not
            // yet taken in explains under the P, R·(I_s − I)/(2π·k_e·(1 + G)): the filter's lag, not the feed-forward's
            // model error. Once the filter has the load and the rate is on the setpoint again, the duty is that of a pen
            // that ran at 0.13 A on the setpoint all along (its integral as empty); counted, that deficit is 5 mduty more
            BoardVariant b = BoardVariant.Battery1S();
            float hzPerAmp = LoopOhms() / (6.2831853f * b.MotorBackEmfVoltSecondsPerRad * 1.44f);
            SpeedController steady = New();
            SpeedController lagging = New();
            float dutySteady = 0f, dutyLagging = 0f;
            float largestDeficit = 0f;
            for (int k = 0; k < 400; k++)
            {
                float amps = k < 100 ? 0.10f : k < 200 ? 0.10f + 0.03f * (k - 100) / 100f : 0.13f;
                float deficitHz = k < 100 || k >= 390 ? 0f : hzPerAmp * (amps - lagging.LoadAmps);
                if (deficitHz > largestDeficit) largestDeficit = deficitHz;
                dutySteady = steady.Update(SetpointHz, SetpointHz, Volts, 0.13f, 0f, Tick, false, false);
                dutyLagging = lagging.Update(SetpointHz, SetpointHz - deficitHz, Volts, amps, 0f, Tick, false, false);
            }

            Assert.IsTrue(largestDeficit > 0.3f, "the filter lagged the load: " + largestDeficit + " strokes/s");
            Assert.IsTrue(Near(dutySteady, dutyLagging, 0.0005f), "duty " + dutyLagging + " after the lag, " + dutySteady + " at 0.13 A all along");
        }
    }
}
