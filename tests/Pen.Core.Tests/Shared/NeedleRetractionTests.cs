#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;

namespace Pen.Core.Tests
{
    /// <summary>The retraction as timelines of 10 ms ticks with the cam's inputs given: edges, the Hall level, its speed.</summary>
    [TestClass]
    public class NeedleRetractionTests
    {
        private const float Volts = 3.7f;

        // the back-EMF reading's change for a change of the applied duty, V/(2π·k_e). Unit: strokes/s per duty
        private static readonly float HzPerDuty = Volts / (BoardVariant.Battery1S().MotorBackEmfVoltSecondsPerRad * 6.2831853f);

        private static NeedleRetraction New()
        {
            BoardVariant b = BoardVariant.Battery1S();
            return new NeedleRetraction(b.MotorBackEmfVoltSecondsPerRad, b.MotorResistanceOhms + b.DriveResistanceOhms, b.MotorNoLoadAmps, b.CamBreakawayTorqueNm, b.RotorInertiaKgM2);
        }

        /// <summary>From a first pass on a guessed way: a drag holds the cam both ways (1.7 A), through the two probes, until the pass after them crawls; returns the tick time.</summary>
        private static long HeldBothWays(NeedleRetraction r, long t)
        {
            for (int pass = 1; pass <= 2; pass++)
            {
                for (int i = 0; i < 60 && r.Crawling; i++)
                {
                    t += 10000;
                    r.Update(t, 0, false, -1f, 3f, 1.7f, Volts, 0.01f);
                }

                for (int i = 0; i < 40 && r.Active && !r.Crawling; i++)
                {
                    t += 10000;
                    r.Update(t, 0, false, -1f, 0f, 0f, Volts, 0.01f);
                }
            }

            return t;
        }

        /// <summary>Runs ticks with <paramref name="edges"/> counted and the level out until the retraction crawls (or ends); returns the tick time.</summary>
        private static long UntilCrawlWithEdges(NeedleRetraction r, long t, long edges)
        {
            for (int i = 0; i < 40 && r.Active && !r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, edges, false, 0.82f, 0f, 0f, Volts, 0.01f);
            }

            return t;
        }

        /// <summary>Runs ticks until the retraction crawls (or ends); returns the tick time.</summary>
        private static long UntilCrawl(NeedleRetraction r, long t, bool inArc, float phase)
        {
            for (int i = 0; i < 30 && r.Active && !r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, 0, inArc, phase, 0f, 0f, Volts, 0.01f);
            }

            return t;
        }

        [TestMethod]
        public void The_longest_retraction_and_the_tick_that_says_it_stay_within_the_hazard_analysis_bound()
        {
            // H-31: the needles are back in, or the pen says they may be out (fault 25, the tick after an Impossible
            // result), within PenLimits.NeedlesInOrSaidMaxMicros of the stop. The retraction's own bound is made from its
            // passes and time-outs; raised past the requirement (or the requirement lowered below it) this fails, and the
            // safety trials, which watch only the requirement's time, would count such a retraction as needles left out unsaid
            long saidByMicros = NeedleRetraction.LongestMicros + (long)(PenLimits.LongestOrdinaryTickSeconds * 1e6f);
            Assert.IsTrue(saidByMicros <= PenLimits.NeedlesInOrSaidMaxMicros,
                "the longest retraction " + NeedleRetraction.LongestMicros + " µs and a tick, against the bound " + PenLimits.NeedlesInOrSaidMaxMicros + " µs");
        }

        [TestMethod]
        public void A_cam_that_rests_in_the_Hall_window_after_the_brake_needs_no_crawl()
        {
            NeedleRetraction r = New();
            r.Begin(0, 100f, RetractionStart.FromRest);
            UntilCrawl(r, 0, true, -1f);
            Assert.AreEqual((int)RetractionResult.Retracted, (int)r.Result);
            Assert.AreEqual(0, r.Passes);
        }

        [TestMethod]
        public void A_parks_settle_is_shorted_only_where_the_spring_beats_the_friction_at_the_windows_edge()
        {
            // the cartridge of plant.md §3.3 (0.3 N + 150 N/m on the 1.5 mm cam: peak 0.849 mN·m, 0.119 mN·m at the window's
            // edge, 15°; the seal's 0.05 N, 0.048 mN·m over a turn, 0.019 mN·m at the edge) on the 1524's 0.08 mN·m: the
            // shorted creep comes into the window (0.119 > 0.099)
            Assert.IsTrue(NeedleRetraction.SpringCreepsIntoWindow(0.849e-3f, 0.048e-3f, 0.080e-3f), "the reference pen");
            Assert.IsTrue(NeedleRetraction.SpringCreepsIntoWindow(1.273e-3f, 0.048e-3f, 0.080e-3f), "the spring ×1.5");
            // a 1331-class motor's 0.118 mN·m (0.137 at the edge), or that spring ×0.7 (0.084): the creep stalls beside the
            // window, so the settle is released
            Assert.IsFalse(NeedleRetraction.SpringCreepsIntoWindow(0.849e-3f, 0.048e-3f, 0.118e-3f), "the 1331-class motor");
            Assert.IsFalse(NeedleRetraction.SpringCreepsIntoWindow(0.594e-3f, 0.048e-3f, 0.080e-3f), "the spring ×0.7");
            // no cartridge identified: released
            Assert.IsFalse(NeedleRetraction.SpringCreepsIntoWindow(0f, 0f, 0.080e-3f), "no spring known");
            // the balance itself: the spring's share at the edge, 0.1408 of its peak, against the motor's friction and the
            // cartridge's at the edge, (π/2)·sin 15° = 0.4066 of its mean
            float edge = 0.1407673f * 0.849e-3f - 0.4065520f * 0.048e-3f;
            Assert.IsTrue(NeedleRetraction.SpringCreepsIntoWindow(0.849e-3f, 0.048e-3f, 0.99f * edge), "just under the balance");
            Assert.IsFalse(NeedleRetraction.SpringCreepsIntoWindow(0.849e-3f, 0.048e-3f, 1.01f * edge), "just over the balance");
        }

        [TestMethod]
        public void A_park_brakes_to_rest_and_lets_the_spring_settle_the_cam_whatever_phase_the_estimate_kept()
        {
            // a stop at 130 strokes/s: through the brake the estimator's phase runs on to its clamp, 0.82 ("on its way in"),
            // while the cam stops on its way out and the spring turns it back. The park uses no phase: it brakes to rest
            // (duty 0, bridge on) for the whole τ_b·ln(130), never crawls, releases the bridge so the spring settles the cam,
            // and reads the level after: in, done, with no pass
            NeedleRetraction r = New();
            r.Begin(0, 130f, RetractionStart.Park);
            long brakeMicros = (long)(r.BrakeTau * (float)System.Math.Log(130.0) * 1e6f);
            long t = 0;
            bool released = false;
            for (int i = 0; i < 40 && r.Active; i++)
            {
                t += 10000;
                bool inArc = t >= brakeMicros + 50000;   // the spring brings the cam in 50 ms into the settle
                r.Update(t, 0, inArc, 0.82f, 0f, 0f, Volts, 0.01f);
                Assert.IsFalse(r.Crawling, "no crawl at " + t.ToString() + " µs");
                Assert.IsTrue(r.Duty == 0f, "duty 0 at " + t.ToString() + " µs");
                if (t < brakeMicros) Assert.IsTrue(r.BridgeEnabled, "braking (bridge on) at " + t.ToString() + " µs, the brake's time " + brakeMicros.ToString() + " µs");
                if (r.Active && !r.BridgeEnabled) released = true;
            }

            Assert.IsTrue(released, "the bridge released for the spring to settle the cam");
            Assert.AreEqual((int)RetractionResult.Retracted, (int)r.Result);
            Assert.AreEqual(0, r.Passes);
            Assert.IsTrue(t >= brakeMicros + NeedleRetraction.SettleMicros, "the level read after the brake and the settle: " + t.ToString() + " µs");
        }

        /// <summary>A park from <paramref name="hz"/> whose brake counts an edge on its first tick (10 ms) and one more on the
        /// tick at <paramref name="lastEdgeSeenMicros"/>, the level out through the brake and the settle (and
        /// <paramref name="settleEdges"/> edges more in the settle); returns the retraction at its first crawl.</summary>
        private static NeedleRetraction ParkOutAfterEdges(float hz, long lastEdgeSeenMicros, long settleEdges)
        {
            NeedleRetraction r = New();
            r.Begin(0, hz, RetractionStart.Park);
            long t = 0;
            for (int i = 0; i < 60 && r.Active && !r.Crawling; i++)
            {
                t += 10000;
                long edges = t >= lastEdgeSeenMicros ? 2 : 1;
                if (!r.BridgeEnabled) edges += settleEdges;
                r.Update(t, edges, false, 0.99f, 0f, 0f, Volts, 0.01f);
            }

            return r;
        }

        [TestMethod]
        public void A_park_whose_brake_saw_the_cam_enter_the_window_slowly_crawls_back_the_short_way_in_reverse()
        {
            // the stop traced for D-14 (spring ×0.7, 120 strokes/s): the brake's last edge (the cam entering the window
            // forward) came 29–39 ms into it, the cam then under WayOutStrokes/τ_b: it went on to 30° and the weak spring
            // turned it back only to 16°, just past the window on its way out. Forward from there is a whole stroke, the
            // needles out to 1.5 mm again; reverse is 1°, the spring helping. Edge seen on the 40 ms tick: reverse
            NeedleRetraction slow = ParkOutAfterEdges(120f, 40000, 0);
            Assert.IsTrue(slow.Crawling, "out after the settle: a crawl");
            Assert.IsTrue(slow.Reverse, "the last edge came with the cam slow: it rests on its way out, reverse is the short way");
            // an edge 10–20 ms in leaves up to f·τ_b of travel after it, past the bottom of the stroke: the side is not known, forward
            NeedleRetraction fast = ParkOutAfterEdges(120f, 20000, 0);
            Assert.IsTrue(fast.Crawling && !fast.Reverse, "the last edge came with the cam fast: forward, as with the side not known");
            // an edge in the settle (the bridge released, the cam swinging on the spring through the window either way): forward
            NeedleRetraction swung = ParkOutAfterEdges(120f, 40000, 1);
            Assert.IsTrue(swung.Crawling && !swung.Reverse, "an edge since the brake: forward, as with the side not known");
        }

        /// <summary>A park from <paramref name="hz"/> whose brake's last edge (1 → 2) is seen on the tick at
        /// <paramref name="edgeSeenMicros"/>, the tick before it at <paramref name="tickBeforeMicros"/> (10 ms ticks up to
        /// there), the level read in the window on that tick only when <paramref name="inArcThen"/>; out after the settle.</summary>
        private static NeedleRetraction ParkEdgeSeenAt(float hz, long tickBeforeMicros, long edgeSeenMicros, bool inArcThen)
        {
            NeedleRetraction r = New();
            r.Begin(0, hz, RetractionStart.Park);
            long t = 0;
            while (t + 10000 < tickBeforeMicros)
            {
                t += 10000;
                r.Update(t, 1, false, 0.99f, 0f, 0f, Volts, 0.01f);
            }

            r.Update(tickBeforeMicros, 1, false, 0.99f, 0f, 0f, Volts, 0.01f);
            r.Update(edgeSeenMicros, 2, inArcThen, 0.99f, 0f, 0f, Volts, 0.01f);
            t = edgeSeenMicros;
            for (int i = 0; i < 60 && r.Active && !r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, 2, false, 0.99f, 0f, 0f, Volts, 0.01f);
            }

            return r;
        }

        [TestMethod]
        public void A_park_whose_brake_edge_is_seen_with_the_cam_in_the_window_and_slow_crawls_back_in_reverse()
        {
            // the stops of D-14 the first rule could not prove (spring ×0.7 at 100/s): the brake's last edge, the cam
            // entering the window forward, came between a tick before the time the cam is under S/τ_b (S = ½ + arc/2, the
            // bottom of the stroke from that edge) and one after it, so the tick before proves nothing. The tick that sees
            // it reads the level in the window: the cam is at most the arc past the edge, and its travel from there, at most
            // f·τ_b, stays under S' = ½ − arc/2 once the brake has it under S'/τ_b, from f0·e^(−t/τ_b). It rests on its
            // way out (16° on the pen): reverse, the short way
            const float hz = 100f, arc = 30f / 360f;
            NeedleRetraction probe = New();
            float tau = probe.BrakeTau;
            long slow = (long)(tau * System.Math.Log(hz * tau / (0.5f + 0.5f * arc)) * 1e6);
            long slowInArc = (long)(tau * System.Math.Log(hz * tau / (0.5f - 0.5f * arc)) * 1e6);
            Assert.IsTrue(slowInArc - slow < 8000, "the two times within a tick of each other");
            NeedleRetraction inWindow = ParkEdgeSeenAt(hz, slow - 1000, slowInArc + 1000, true);
            Assert.IsTrue(inWindow.Crawling && inWindow.Reverse, "seen in the window with the cam that slow: it rests on its way out, reverse");
            // seen with the level out: the cam may have left the window a whole tick's travel before, no bound: forward
            NeedleRetraction outside = ParkEdgeSeenAt(hz, slow - 1000, slowInArc + 1000, false);
            Assert.IsTrue(outside.Crawling && !outside.Reverse, "seen with the level out: the side not known, forward");
            // seen in the window before the cam is that slow: it may go on past the bottom of the stroke, forward
            NeedleRetraction early = ParkEdgeSeenAt(hz, slowInArc - 9000, slowInArc - 1000, true);
            Assert.IsTrue(early.Crawling && !early.Reverse, "seen in the window with the cam fast: forward");
        }

        [TestMethod]
        public void A_park_the_spring_left_out_is_nudged_forward_and_braked_once_the_spring_takes_the_cam()
        {
            // the spring left the cam out (near the bottom of the stroke, where its lever is short): the park crawls forward
            // from rest; two ticks it stands (the breakaway duty), then the spring turns with it and its reading runs ahead
            // (30 strokes/s, twice the crawl rate): the pass ends there, braked to rest (bridge on, duty 0) so the shorted
            // motor lets the spring creep it in; still out after the settle and no edge, the next pass goes on forward; one
            // that made an edge on the way (the cam passed the window) comes back in reverse
            NeedleRetraction r = New();
            r.Begin(0, 130f, RetractionStart.Park);
            long t = UntilCrawl(r, 0, false, 0.82f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "out after the settle: forward");
            Assert.AreEqual(1, r.Passes);
            for (int i = 0; i < 2; i++)
            {
                t += 10000;
                r.Update(t, 0, false, 0.82f, 0f, 0.1f, Volts, 0.01f);
                Assert.IsTrue(r.Crawling && r.Duty > 0f, "standing: driven");
            }

            t += 10000;
            r.Update(t, 0, false, 0.82f, 2f * NeedleRetraction.CrawlHz, 0.1f, Volts, 0.01f);
            Assert.IsFalse(r.Crawling, "the spring took the cam over: the pass ends");
            Assert.IsTrue(r.Active && r.BridgeEnabled && r.Duty == 0f, "braked to rest");
            t = UntilCrawl(r, t, false, 0.82f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "still out, no edge: on the same way, forward");
            Assert.AreEqual(2, r.Passes);

            // this pass's nudge: the spring takes the cam through the window (an edge) before the brake stops it
            t += 10000;
            r.Update(t, 0, false, 0.82f, 0f, 0.1f, Volts, 0.01f);
            t += 10000;
            r.Update(t, 0, false, 0.82f, 2f * NeedleRetraction.CrawlHz, 0.1f, Volts, 0.01f);
            Assert.IsFalse(r.Crawling, "the spring took the cam over again");
            t = UntilCrawlWithEdges(r, t, 1);
            Assert.IsTrue(r.Crawling && r.Reverse, "it passed the window: back, in reverse");
            Assert.AreEqual(3, r.Passes);
        }

        [TestMethod]
        public void A_park_pass_whose_first_reading_runs_ahead_on_a_cam_that_stands_is_not_taken_for_the_spring()
        {
            // a jam holds the cam forward near the bottom of the stroke, out after the park's settle: the park's forward
            // probe starts at the breakaway duty from duty 0, and its first reading, the winding's current still rising
            // (0.17 A), runs ahead (24 strokes/s, over 1.5·f_c) on a cam that stands. That reading is not the spring
            // turning with the cam: the pass goes on (braked for the tick); the tick after that brake reads nothing, and
            // the one after it, again from duty 0, runs ahead once more; then the cam draws a held current and the probe
            // ends held, so the other way, reverse (free of the jam), is tried next as the second probe
            NeedleRetraction r = New();
            r.Begin(0, 130f, RetractionStart.Park);
            long t = UntilCrawl(r, 0, false, 0.82f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "out after the settle: forward");
            Assert.AreEqual(1, r.Passes);

            t += 10000;
            r.Update(t, 0, false, 0.82f, 1.6f * NeedleRetraction.CrawlHz, 0.17f, Volts, 0.01f);
            Assert.IsTrue(r.Crawling, "the first reading runs ahead: not the spring, the pass goes on");
            t += 10000;
            r.Update(t, 0, false, 0.82f, 0f, 0f, Volts, 0.01f);
            Assert.IsTrue(r.Crawling && r.Duty > 0f, "after the tick braked: driven again");
            t += 10000;
            r.Update(t, 0, false, 0.82f, 1.6f * NeedleRetraction.CrawlHz, 0.2f, Volts, 0.01f);
            Assert.IsTrue(r.Crawling, "again from duty 0, the reading runs ahead: the pass goes on");

            int ticks = 0;
            for (; ticks < 60 && r.Crawling; ticks++)
            {
                t += 10000;
                r.Update(t, 0, false, 0.82f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.IsTrue(r.Active && !r.Crawling && ticks < 15, "held by the jam: the probe ends as soon as it is held, " + ticks.ToString() + " ticks");
            t = UntilCrawl(r, t, false, 0.82f);
            Assert.IsTrue(r.Crawling && r.Reverse, "the other way, in reverse, as the second probe");
            Assert.AreEqual(2, r.Passes);
        }

        [TestMethod]
        public void From_rest_the_crawl_goes_the_shorter_way_and_never_past_the_bottom()
        {
            NeedleRetraction outward = New();
            outward.Begin(0, 0f, RetractionStart.FromRest);
            UntilCrawl(outward, 0, false, 0.3f);
            Assert.IsTrue(outward.Crawling && outward.Reverse, "on its way out (phase 0.3): back, in reverse");

            NeedleRetraction inward = New();
            inward.Begin(0, 0f, RetractionStart.FromRest);
            UntilCrawl(inward, 0, false, 0.7f);
            Assert.IsTrue(inward.Crawling && !inward.Reverse, "on its way in (phase 0.7): on, forward");

            NeedleRetraction jam = New();
            jam.Begin(0, 0f, RetractionStart.BackOut);
            UntilCrawl(jam, 0, false, -1f);
            Assert.IsTrue(jam.Crawling && jam.Reverse, "a jam with the phase not known: backed out");
        }

        [TestMethod]
        public void A_pass_that_ends_outside_the_window_is_followed_by_one_back_and_three_without_it_are_impossible()
        {
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            Assert.IsFalse(r.Reverse, "first pass forward");
            long edges = 0;
            for (int pass = 1; pass <= NeedleRetraction.MaxPasses; pass++)
            {
                bool reverseThisPass = r.Reverse;
                edges++;                                  // the pass makes its edge, and the cam runs past the window
                for (int i = 0; i < 40 && r.Active; i++)
                {
                    t += 10000;
                    r.Update(t, edges, false, 0.7f, 15f, 0f, Volts, 0.01f);
                    if (r.Crawling) break;
                }

                if (pass < NeedleRetraction.MaxPasses)
                {
                    Assert.IsTrue(r.Crawling, "pass " + pass.ToString() + " ended outside: the next crawls");
                    Assert.IsTrue(r.Reverse != reverseThisPass, "back the other way");
                }
            }

            Assert.AreEqual((int)RetractionResult.Impossible, (int)r.Result);
            Assert.AreEqual(NeedleRetraction.MaxPasses, r.Passes);
        }

        [TestMethod]
        public void A_pass_that_starts_beside_the_window_approaches_it_slowly_enough_to_stop_in_it()
        {
            // the approach rate: within one tick (13 ms at most) and the shorted motor's braking at its longest τ_b (the
            // brakes' own: J·(R_L − R_s)/k² × 1.15 for the inertia's tolerance × (1 + 0.0039/K·40 K) for a warm winding)
            // the cam turns no more than the window's 30°
            BoardVariant b = BoardVariant.Battery1S();
            float loopOhms = b.MotorResistanceOhms + b.DriveResistanceOhms;
            float tauBrake = NeedleRetraction.BrakeTauSeconds(b.MotorBackEmfVoltSecondsPerRad, loopOhms, b.RotorInertiaKgM2) * 1.15f * (1f + PenLimits.CopperTempcoPerKelvin * 40f);
            NeedleRetraction r = New();
            Assert.IsTrue(System.Math.Abs(30f / 360f - r.ApproachHz * (0.013f + tauBrake)) < 1e-4f, "approach " + r.ApproachHz.ToString());
            Assert.IsTrue(r.ApproachHz < NeedleRetraction.CrawlHz / 3f);

            // t = 0 from rest on the cam's way in: the first pass starts at the breakaway duty
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            Assert.IsTrue(System.Math.Abs(r.BreakawayDuty(Volts) - r.Duty) < 1e-6f, "the first pass lifts the cam over the spring's peak");
            // its edge: brake, release; the cam rests just past the window
            for (int i = 0; i < 40 && r.Active && (i == 0 || !r.Crawling); i++)
            {
                t += 10000;
                r.Update(t, 1, false, 0.05f, 15f, 0f, Volts, 0.01f);
            }

            // the next pass, back beside the window: from the feed-forward of the approach rate, far below the breakaway duty
            Assert.IsTrue(r.Crawling && r.Reverse, "back the other way");
            Assert.IsTrue(r.Duty < 0.5f * r.BreakawayDuty(Volts), "approach duty " + r.Duty.ToString() + ", breakaway " + r.BreakawayDuty(Volts).ToString());
            // a cam that does not move yet gets more each tick; one that runs at twice the approach rate is braked
            float before = r.Duty;
            t += 10000;
            r.Update(t, 1, false, 0.05f, 0f, 0f, Volts, 0.01f);
            Assert.IsTrue(r.Duty > before);
            t += 10000;
            r.Update(t, 1, false, 0.05f, 2f * r.ApproachHz, 0f, Volts, 0.01f);
            Assert.AreEqual(0f, r.Duty);
        }

        [TestMethod]
        public void An_approach_that_a_drag_holds_beside_the_window_winds_up_to_the_breakaway_duty_within_its_time()
        {
            // as `report thermal` found it after a housing stop with a 1.0 mN·m drag: the first pass ran past the window
            // and the cam rests 20° beyond its edge; the pass back approaches it from the feed-forward of f_a
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            for (int i = 0; i < 40 && r.Active && (i == 0 || !r.Crawling); i++)
            {
                t += 10000;
                r.Update(t, 1, false, 0.1f, 15f, 0f, Volts, 0.01f);
            }

            Assert.IsTrue(r.Crawling && r.Duty < 0.5f * r.BreakawayDuty(Volts), "an approach, from its feed-forward");
            // t = pass start: the drag holds the cam (0.3 A, under what marks it held); every third tick its reading runs
            // ahead to 1.6·f_a (the current lags the duty's rise) and the approach brakes for the tick
            long start = t;
            float most = 0f;
            for (int i = 1; r.Crawling && t - start < PenLimits.RetractCrawlMaxMicros - 10000; i++)
            {
                t += 10000;
                r.Update(t, 1, false, 0.1f, i % 3 == 0 ? 1.6f * r.ApproachHz : 0f, 0.3f, Volts, 0.01f);
                if (r.Duty > most) most = r.Duty;
            }

            // within the pass's time the duty reaches what turns the cam from rest, as a crawl from rest does
            Assert.IsTrue(r.Crawling, "still crawling");
            Assert.IsTrue(most >= r.BreakawayDuty(Volts), "most duty " + most.ToString() + ", breakaway " + r.BreakawayDuty(Volts).ToString());
        }

        [TestMethod]
        public void A_cam_that_will_not_move_gets_more_duty_but_never_more_than_the_current_cap()
        {
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            float first = r.Duty;
            Assert.IsTrue(first >= r.BreakawayDuty(Volts) - 1e-6f, "from rest: the breakaway duty " + first.ToString());
            float highest = first;
            for (int i = 0; i < 30 && r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, 0, false, 0.7f, 0f, 0f, Volts, 0.01f);
                if (r.Duty > highest) highest = r.Duty;
                Assert.IsTrue(r.Duty <= r.Cap(Volts) + 1e-6f, "tick " + i.ToString() + ": " + r.Duty.ToString());
            }

            Assert.IsTrue(highest > first + 0.3f, "the integral raised it against the drag: " + highest.ToString());
            Assert.IsTrue(highest >= r.Cap(Volts) - 1e-4f, "to the cap");
        }

        [TestMethod]
        public void A_cam_that_runs_ahead_is_braked_for_the_tick()
        {
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            t += 10000;
            r.Update(t, 0, false, 0.7f, 2f * NeedleRetraction.CrawlHz, 0f, Volts, 0.01f);
            Assert.IsTrue(r.Crawling);
            Assert.IsTrue(r.Duty == 0f, "freed from a drag or past the bottom: braked");
        }

        [TestMethod]
        public void A_held_cam_whose_reading_runs_ahead_only_as_far_as_the_comparator_chops_keeps_its_duty()
        {
            // a drag holds the cam at 1.5 A; the shunt comparator chops the on-time, so the duty the drive-voltage input
            // reads stays while the command rises, and the back-EMF reading rises with every rise of the command (in D·V,
            // and again in the current read as the shunt's mean over D) up to ~70 strokes/s for a cam that stands, beyond
            // the held allowance of 1.5·f_c plus the I·R error (63 strokes/s at 1.5 A). Cut for that reading, the duty
            // never dwells at the torque that turns the drag; held, the cam creeps on
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            for (int i = 0; i < 10; i++)
            {
                t += 10000;
                r.MeasuredDuty(r.Duty - 0.08f);
                r.Update(t, 0, false, 0.7f, 10f, 1.5f, Volts, 0.01f);
            }

            Assert.IsTrue(r.Duty > r.BreakawayDuty(Volts), "the integral raised it against the drag: " + r.Duty.ToString());
            Assert.IsTrue(r.Duty < r.Cap(Volts) - 0.1f, "short of its cap: " + r.Duty.ToString());
            float chopsAt = r.Duty - 0.08f;
            float reading = 10f;
            float applied = r.Duty;
            for (int i = 0; i < 20; i++)
            {
                // the tick just ended: its command's rise over the tick before chopped away
                reading += 2f * (r.Duty - applied) * HzPerDuty;
                applied = r.Duty;
                t += 10000;
                r.MeasuredDuty(chopsAt);
                r.Update(t, 0, false, 0.7f, reading, 1.5f, Volts, 0.01f);
                Assert.IsTrue(r.Crawling && r.Duty > 0f, "tick " + i.ToString() + ": the chopped reading " + reading.ToString() + " is no cam that runs");
                if (r.Duty == applied) break;
            }

            Assert.IsTrue(reading >= 63f, "the reading passed the held allowance: " + reading.ToString());
            float held = r.Duty;
            for (int i = 0; i < 10; i++)
            {
                t += 10000;
                r.MeasuredDuty(chopsAt);
                r.Update(t, 0, false, 0.7f, reading, 1.5f, Volts, 0.01f);
                Assert.IsTrue(r.Crawling, "tick " + i.ToString());
                Assert.IsTrue(r.Duty == held, "tick " + i.ToString() + ": the duty held, " + r.Duty.ToString());
            }

            // a cam that really runs raises the reading with the duty held: braked
            t += 10000;
            r.MeasuredDuty(chopsAt);
            r.Update(t, 0, false, 0.7f, reading + 2f * NeedleRetraction.CrawlHz, 1.5f, Volts, 0.01f);
            Assert.IsTrue(r.Duty == 0f, "freed: braked");
        }

        [TestMethod]
        public void A_held_cam_that_breaks_free_is_braked_the_tick_its_reading_rises_beyond_what_its_duty_explains()
        {
            // a drag holds the cam forward on its way out (the phase not known); below the shunt comparator the stalled
            // winding's current and the duty the drive-voltage input reads follow the command up, and the reading is the
            // I·R error (5 strokes/s). At ~0.7 the cam breaks free: past the bottom of the stroke the spring turns with it,
            // and at the duty the drag needed it reaches ~50 strokes/s within two ticks, through the Hall window, while its
            // reading (a tick's mean, a tick late) stays below the held allowance (1.5·f_c plus the I·R error, ~70
            // strokes/s at 2 A). Its first tick reads 20 strokes/s more, beyond what the duty's rise explains (ΔD·V/(2π·k_e),
            // 9 strokes/s, and the scatter's 7.5): braked at once, the integral halved, so the next tick's duty is well
            // below the one that freed it
            NeedleRetraction r = New();
            BoardVariant b = BoardVariant.Battery1S();
            float ohms = b.MotorResistanceOhms + b.DriveResistanceOhms;
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, -1f);
            // the guessed ways met the drag both (two probes), and so did the pass after them, in reverse, for its whole
            // time: the next comes forward with its whole time
            t = HeldBothWays(r, t);
            Assert.IsTrue(r.Crawling && r.Reverse && r.Passes == 3, "the third pass, in reverse");
            while (r.Crawling)
            {
                t += 10000;
                r.Update(t, 0, false, -1f, 3f, 1.7f, Volts, 0.01f);
            }

            t = UntilCrawl(r, t, false, -1f);
            Assert.IsTrue(r.Crawling && !r.Reverse && r.Passes == 4, "the fourth pass, forward");
            while (r.Crawling && r.Duty < 0.7f)
            {
                t += 10000;
                r.MeasuredDuty(r.Duty - 0.1f);
                r.Update(t, 0, false, -1f, 5f, r.Duty * Volts / ohms, Volts, 0.01f);
            }

            Assert.IsTrue(r.Crawling && r.Duty < r.Cap(Volts), "still ramping: " + r.Duty.ToString());
            float freedAt = r.Duty;
            float amps = freedAt * Volts / ohms - 0.1f;
            t += 10000;
            r.MeasuredDuty(freedAt - 0.08f);
            r.Update(t, 0, false, -1f, 5f + 20f, amps, Volts, 0.01f);
            Assert.IsTrue(r.Crawling, "the pass goes on");
            Assert.IsTrue(r.Duty == 0f, "freed: braked for the tick, " + r.Duty.ToString());
            t += 10000;
            r.MeasuredDuty(-1f);
            r.Update(t, 0, false, -1f, 0f, 0f, Volts, 0.01f);
            Assert.IsTrue(r.Duty > 0f && r.Duty < freedAt - 0.15f, "on at a duty well below the one that freed it: " + r.Duty.ToString() + " against " + freedAt.ToString());
        }

        [TestMethod]
        public void A_held_cam_whose_reading_rises_only_with_its_duty_is_not_braked()
        {
            // below the comparator, a stalled winding 30 % above the nominal resistance reads 0.3·D·V/(2π·k_e): its reading
            // rises with each rise of the duty, and so does the duty the drive-voltage input reads; no tick of it is a cam
            // that runs
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            for (int i = 0; i < 20 && r.Crawling; i++)
            {
                float reading = 0.3f * r.Duty * HzPerDuty;
                t += 10000;
                r.MeasuredDuty(r.Duty - 0.1f);
                r.Update(t, 0, false, 0.7f, reading, 1.7f, Volts, 0.01f);
                Assert.IsTrue(r.Duty > 0f, "tick " + i.ToString() + ": reading " + reading.ToString());
            }
        }

        [TestMethod]
        public void A_held_pass_gets_its_whole_time_at_the_cap()
        {
            // a drag holds the cam (1.7 A, the reading the I·R error): the integral takes the duty from the breakaway duty
            // to its cap in about 0.15 s. A cam held at the shunt comparator's reach creeps on only at the cap, 1-4
            // strokes/s (docs/open-defects.md D-3 mechanism 4): the pass's time runs from the tick its duty reached the
            // cap, and the windup comes on top, at most RetractWindupMaxMicros
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            long start = t, atCap = -1, end = -1;
            for (int i = 0; i < 100 && end < 0; i++)
            {
                t += 10000;
                r.MeasuredDuty(r.Duty - 0.02f);
                r.Update(t, 0, false, 0.7f, 3f, 1.7f, Volts, 0.01f);
                if (atCap < 0 && r.Crawling && r.Duty >= r.Cap(Volts) - 1e-4f) atCap = t;
                if (!r.Crawling) end = t;
            }

            Assert.IsTrue(atCap > start && atCap - start < PenLimits.RetractWindupMaxMicros, "the cap after " + (atCap - start).ToString() + " µs");
            Assert.IsTrue(end - atCap > PenLimits.RetractCrawlMaxMicros, "at the cap for " + (end - atCap).ToString() + " µs");
            Assert.IsTrue(end - start <= PenLimits.RetractCrawlMaxMicros + PenLimits.RetractWindupMaxMicros + 10000, "the pass " + (end - start).ToString() + " µs");
        }

        [TestMethod]
        public void A_guessed_way_that_meets_more_than_the_spring_is_left_for_the_other_way_first()
        {
            // the phase not known (a cut from speed): forward is a guess. On skin, a cam on its way out meets the needles'
            // cutting force that way; wound up against it, it broke free past the bottom of the stroke, where the load
            // vanishes and the spring turns with it, and ran through the window at ~65 strokes/s (docs/open-defects.md D-3
            // mechanism 5). The first tick it draws more than a free cam ever needs, the guess is braked and the other way
            // crawls, where the cam is free and the duty stays low
            NeedleRetraction r = New();
            BoardVariant b = BoardVariant.Battery1S();
            float ohms = b.MotorResistanceOhms + b.DriveResistanceOhms;
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, -1f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "the phase not known: forward");
            int ticks = 0;
            while (r.Crawling && ticks < 40)
            {
                t += 10000;
                ticks++;
                r.MeasuredDuty(r.Duty - 0.05f);
                r.Update(t, 0, false, -1f, 3f, r.Duty * Volts / ohms, Volts, 0.01f);
            }

            Assert.IsFalse(r.Crawling, "the guess ended");
            Assert.IsTrue(r.Active && r.Duty == 0f, "braked");
            Assert.IsTrue(ticks < 15, "as soon as it was held, not at its time-out: " + ticks.ToString() + " ticks");
            t = UntilCrawl(r, t, false, -1f);
            Assert.IsTrue(r.Crawling && r.Reverse, "the other way next");
            // free that way: a crawl at about the crawl rate, drawing no more than a free cam, goes on (for less than the
            // stroke after which a pass without an edge gives up)
            for (int i = 0; i < 6; i++)
            {
                t += 10000;
                r.Update(t, 0, false, -1f, NeedleRetraction.CrawlHz, 0.1f, Volts, 0.01f);
                Assert.IsTrue(r.Crawling && r.Duty > 0f, "tick " + i.ToString());
            }

            Assert.IsTrue(r.Duty <= r.BreakawayDuty(Volts) + 1e-4f, "the duty stays where it started: " + r.Duty.ToString());
        }

        [TestMethod]
        public void A_back_out_from_past_the_bottom_of_the_stroke_is_a_probe_and_one_from_before_it_is_not()
        {
            // a stall cut backs out (reverse) whatever the estimator's rate read at the cut. Where its phase says the cam
            // rests past the bottom of the stroke (a jam holds the carrier only on its way out, so there the estimate is
            // off, or a drag holds the cam), reverse is the longer way: held, it is braked the tick it meets more than the
            // spring and forward is tried, as from a phase not known. Before the bottom reverse is also the shorter way,
            // and a held back-out winds up there as a pass (to its time at the cap)
            BoardVariant b = BoardVariant.Battery1S();
            float ohms = b.MotorResistanceOhms + b.DriveResistanceOhms;
            foreach (float phase in new[] { 0.55f, 0.3f })
            {
                NeedleRetraction r = New();
                r.Begin(0, 0f, RetractionStart.BackOut);
                long t = UntilCrawl(r, 0, false, phase);
                Assert.IsTrue(r.Crawling && r.Reverse, "backed out first from phase " + phase.ToString());
                int ticks = 0;
                while (r.Crawling && ticks < 80)
                {
                    t += 10000;
                    ticks++;
                    r.MeasuredDuty(r.Duty - 0.05f);
                    r.Update(t, 0, false, phase, 3f, r.Duty * Volts / ohms, Volts, 0.01f);
                }

                if (phase >= 0.5f)
                {
                    Assert.IsTrue(ticks < 15, "past the bottom: a probe, ended as soon as it was held: " + ticks.ToString() + " ticks");
                    t = UntilCrawl(r, t, false, phase);
                    Assert.IsTrue(r.Crawling && !r.Reverse, "then forward");
                }
                else Assert.IsTrue(ticks > 30, "before the bottom: a pass, wound up against the hold: " + ticks.ToString() + " ticks");
            }
        }

        [TestMethod]
        public void A_cam_held_both_ways_from_an_unknown_phase_gets_every_pass_for_longer_than_the_crawls_time()
        {
            // a drag holds the cam both ways: the two probes end as soon as they are held, and the passes after them are
            // those of a known phase (back, forward, back: reverse first, as the cam likelier rests on its way out), each
            // longer than the crawl's time; the first spends part of it trying the ways in turn under a rising ceiling,
            // the two after it all of it at the cap
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, -1f);
            t = HeldBothWays(r, t);
            Assert.AreEqual(3, r.Passes, "two probes, then the first pass");
            bool reverse = true;
            for (int pass = 1; pass <= NeedleRetraction.MaxPasses; pass++)
            {
                Assert.IsTrue(r.Crawling && r.Reverse == reverse, "pass " + pass.ToString() + (reverse ? " in reverse" : " forward"));
                long from = t;
                while (r.Crawling)
                {
                    t += 10000;
                    r.Update(t, 0, false, -1f, 3f, 1.7f, Volts, 0.01f);
                }

                Assert.IsTrue(t - from > PenLimits.RetractCrawlMaxMicros, "pass " + pass.ToString() + ": " + (t - from).ToString() + " µs");
                t = UntilCrawl(r, t, false, -1f);
                reverse = !reverse;
            }

            Assert.AreEqual((int)RetractionResult.Impossible, (int)r.Result);
            Assert.AreEqual(2 + NeedleRetraction.MaxPasses, r.Passes);
        }

        [TestMethod]
        public void A_cam_held_both_ways_after_a_cut_from_speed_is_crawled_back_in_reverse_first()
        {
            // a cut from speed at 140 strokes/s, the phase not known; a drag arrives in the brake and holds the cam on its
            // way out (a quarter stroke past the window, the needles in but outside the Hall arc). Forward probe: held (1.7 A);
            // reverse probe: held. The first whole pass goes on in reverse, the shorter way from where a cam stopped from
            // turning forward most often rests; forward, the longer, would wind the duty to the drag's need and, past the
            // bottom of the stroke, let the spring run the cam through the window at that duty
            NeedleRetraction r = New();
            r.Begin(0, 140f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, -1f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "the first probe forward");
            t = HeldBothWays(r, t);
            Assert.AreEqual(3, r.Passes, "two probes held, then the first pass");
            Assert.IsTrue(r.Crawling && r.Reverse, "the first pass after the probes crawls in reverse");
            // the drag lets go that way: the cam crawls back into the arc, the pass ends on the edge, and the level reads low
            for (int i = 0; i < 10 && r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, i < 6 ? 0 : 1, false, -1f, NeedleRetraction.CrawlHz, 0.3f, Volts, 0.01f);
            }

            Assert.IsFalse(r.Crawling, "ended on the edge");
            for (int i = 0; i < 40 && r.Active; i++)
            {
                t += 10000;
                r.Update(t, 1, true, -1f, 0f, 0f, Volts, 0.01f);
            }

            Assert.AreEqual((int)RetractionResult.Retracted, (int)r.Result);
            Assert.AreEqual(3, r.Passes, "in the first whole pass");
        }

        [TestMethod]
        public void A_cam_held_both_ways_takes_its_shorter_way_at_the_least_duty_that_moves_it()
        {
            // a drag holds the cam on its way in (phase 0.75, a quarter stroke before the retracted point): forward, the
            // shorter way, the spring helps and the cam needs duty 0.40; in reverse, the longer way, the spring opposes and
            // it needs 0.70 (T_d ± T_s). Moving, it turns at (D − need)·V/(2π·k_e) (a Coulomb load: its current is the
            // need's) and draws the need's current; standing, D·V/R; each reading a tick late. The phase is not known, so
            // both probes are held; after them the passes begin in reverse. Wound up there to 0.70 the cam would break
            // free the longer way, and past the bottom of the stroke the spring turns with it at that duty. Tried each way
            // under a ceiling that rises in steps of half the breakaway duty, it moves forward at the first ceiling above
            // 0.40, and the reverse way never gets the duty that turns it
            const float needForward = 0.40f, needReverse = 0.70f, arc = 15f / 360f;
            BoardVariant b = BoardVariant.Battery1S();
            float ohms = b.MotorResistanceOhms + b.DriveResistanceOhms;
            NeedleRetraction r = New();
            r.Begin(0, 140f, RetractionStart.FromRest);
            long t = 0;
            float camPhase = 0.75f, readingHz = 0f, amps = 0f, highestReverse = 0f;
            long edges = 0;
            bool movedReverse = false;
            for (int i = 0; i < 400 && r.Active; i++)
            {
                t += 10000;
                bool inArc = camPhase < arc || camPhase > 1f - arc;
                r.Update(t, edges, inArc, -1f, readingHz, amps, Volts, 0.01f);
                // the tick the duty is applied for
                float duty = r.Crawling ? r.Duty : 0f;
                float need = r.Reverse ? needReverse : needForward;
                if (r.Crawling && r.Reverse && duty > highestReverse) highestReverse = duty;
                float speedHz = duty > need ? (duty - need) * HzPerDuty : 0f;
                if (speedHz > 0f && r.Reverse) movedReverse = true;
                bool wasInArc = camPhase < arc || camPhase > 1f - arc;
                camPhase += (r.Reverse ? -speedHz : speedHz) * 0.01f;
                if (camPhase >= 1f) camPhase -= 1f;
                if (camPhase < 0f) camPhase += 1f;
                if (!wasInArc && (camPhase < arc || camPhase > 1f - arc)) edges++;
                readingHz = speedHz;
                amps = duty <= 0f ? 0f : speedHz > 0f ? need * Volts / ohms : duty * Volts / ohms;
            }

            Assert.IsFalse(movedReverse, "the cam was turned the longer way (the highest reverse duty " + highestReverse.ToString() + ")");
            Assert.AreEqual((int)RetractionResult.Retracted, (int)r.Result, "the cam at " + camPhase.ToString());
            Assert.IsTrue(highestReverse < needReverse, "the highest reverse duty " + highestReverse.ToString());
        }

        [TestMethod]
        public void A_held_pass_that_runs_through_the_window_is_followed_by_a_probe_the_same_way_and_the_other_way_only_if_it_is_held()
        {
            // heavy skin: a pass held by the needles' friction (1.7 A) winds up until the cam breaks free and runs through the
            // window at a speed its reading does not show; the brake carries it on, past the bottom of the stroke, and it
            // rests on its way in where the skin's friction outweighs the spring: going on is nearly free, back is the
            // cutting force and the spring; crawled back, the long way is wound up until the spring past the bottom turns
            // with the cam through the window again. So the same way is probed first
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            Assert.IsTrue(r.Crawling && !r.Reverse, "the phase known (on its way in): forward");
            for (int i = 0; i < 20; i++)
            {
                t += 10000;
                r.Update(t, 0, false, 0.7f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.IsTrue(r.Crawling, "held, the pass goes on");
            t += 10000;
            r.Update(t, 1, false, 0.7f, 40f, 0.8f, Volts, 0.01f);
            Assert.IsFalse(r.Crawling, "freed: it ran through the window and the pass ended on the edge");
            t = UntilCrawlWithEdges(r, t, 1);
            Assert.AreEqual(2, r.Passes);
            Assert.IsTrue(r.Crawling && !r.Reverse, "the next pass goes on the same way");
            int ticks = 0;
            while (r.Crawling && ticks < 40)
            {
                t += 10000;
                ticks++;
                r.Update(t, 1, false, 0.7f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.IsTrue(ticks < 15, "as a probe: held, it ends at once, not at its time-out: " + ticks.ToString() + " ticks");
            t = UntilCrawlWithEdges(r, t, 1);
            Assert.AreEqual(3, r.Passes);
            Assert.IsTrue(r.Crawling && r.Reverse, "held that way: the other way next");
            long from = t;
            while (r.Crawling)
            {
                t += 10000;
                r.Update(t, 1, false, 0.7f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.IsTrue(t - from > PenLimits.RetractCrawlMaxMicros, "a whole pass, not a probe: " + (t - from).ToString() + " µs");
            t = UntilCrawlWithEdges(r, t, 1);
            Assert.IsTrue(r.Crawling && !r.Reverse, "found no way: back the other way, its last pass");
            while (r.Active)
            {
                t += 10000;
                r.Update(t, 1, false, 0.7f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.AreEqual((int)RetractionResult.Impossible, (int)r.Result);
            Assert.AreEqual(1 + NeedleRetraction.MaxPasses, r.Passes, "the probe that ended held not counted");
        }

        [TestMethod]
        public void Probes_after_a_run_through_the_window_keep_the_retraction_within_its_crawls()
        {
            // the two probes of an unknown phase held, the first pass held until it runs through the window, the probe the
            // same way held: the pass the other way is the last the retraction's longest time allows (LongestMicros counts
            // MaxProbes + MaxPasses crawls), though only two of them counted as passes
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, -1f);
            t = HeldBothWays(r, t);
            Assert.AreEqual(3, r.Passes, "two probes held, then the first pass");
            bool way = r.Reverse;
            for (int i = 0; i < 60 && r.Crawling; i++)
            {
                way = r.Reverse;
                t += 10000;
                r.Update(t, i < 20 ? 0 : 1, false, -1f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.IsFalse(r.Crawling, "ended on the edge");
            t = UntilCrawlWithEdges(r, t, 1);
            Assert.IsTrue(r.Crawling && r.Reverse == way, "the probe goes on the way the pass ran through the window");
            for (int i = 0; i < 40 && r.Crawling; i++)
            {
                t += 10000;
                r.Update(t, 1, false, -1f, 3f, 1.7f, Volts, 0.01f);
            }

            t = UntilCrawlWithEdges(r, t, 1);
            Assert.IsTrue(r.Crawling && r.Reverse != way, "held: the other way");
            Assert.AreEqual(NeedleRetraction.MaxProbes + NeedleRetraction.MaxPasses, r.Passes);
            while (r.Active)
            {
                t += 10000;
                r.Update(t, 1, false, -1f, 3f, 1.7f, Volts, 0.01f);
            }

            Assert.AreEqual((int)RetractionResult.Impossible, (int)r.Result);
            Assert.AreEqual(NeedleRetraction.MaxProbes + NeedleRetraction.MaxPasses, r.Passes, "no crawl beyond the longest time's");
        }

        [TestMethod]
        public void A_pass_that_turns_a_stroke_and_more_without_an_edge_gives_up_at_once()
        {
            // the Hall sensor does not see the cam: nothing can find the retracted point, and crawling on only
            // strokes the needles in and out
            NeedleRetraction r = New();
            r.Begin(0, 0f, RetractionStart.FromRest);
            long t = UntilCrawl(r, 0, false, 0.7f);
            long crawlFrom = t, crawlTo = -1;
            for (int i = 0; i < 60 && r.Active; i++)
            {
                t += 10000;
                r.Update(t, 0, false, 0.7f, NeedleRetraction.CrawlHz, 0f, Volts, 0.01f);
                if (crawlTo < 0 && !r.Crawling) crawlTo = t;
            }

            Assert.AreEqual((int)RetractionResult.Impossible, (int)r.Result);
            Assert.AreEqual(1, r.Passes, "no second pass");
            long crawled = crawlTo - crawlFrom;
            Assert.IsTrue(crawled <= 100000, "given up after about a stroke and a quarter at the crawl rate (83 ms): " + crawled.ToString() + " µs");
        }
    }
}
