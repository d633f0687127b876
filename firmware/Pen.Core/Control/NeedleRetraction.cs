using Pen.Core.Board;
using Pen.Core.Commissioning;
using Pen.Core.Limits;

namespace Pen.Core.Control
{
    /// <summary>How a retraction ended.</summary>
    public enum RetractionResult
    {
        /// <summary>Not run since the drive last ran.</summary>
        None = 0,
        /// <summary>Running now.</summary>
        InProgress = 1,
        /// <summary>The cam rests within the Hall arc (the Hall level reads low): the needles are in.</summary>
        Retracted = 2,
        /// <summary>No pass brought the cam to rest within the Hall arc, or the crawl could not be held: the needles may be out.</summary>
        Impossible = 3,
    }

    /// <summary>How a retraction begins.</summary>
    public enum RetractionStart
    {
        /// <summary>From running (a stop asked for, a controlled stop): brake to rest and let the return spring settle the cam; crawl only if it did not bring it in.</summary>
        Park = 0,
        /// <summary>After a cut: brake to rest, then crawl the shorter way to the retracted point (by the cam's phase), which never crosses the bottom of the stroke.</summary>
        FromRest = 1,
        /// <summary>The cam is held forward (a jam): brake to rest, then back it out (reverse); with the phase not known, or past the bottom of the stroke, the reverse is first a probe (a drag holds both ways).</summary>
        BackOut = 2,
    }

    /// <summary>
    /// Brings the cam to rest within the Hall window (±15° about the retracted point, where the needles are inside the
    /// cartridge at every depth), in passes, each bounded in time:
    ///   brake   duty 0 with the bridge enabled shorts the motor; ω decays with τ_b, so braking for τ_b·ln(f̂/1 Hz) brings
    ///           it to rest (a motor driven against its own rotation draws (D·V + k_e·ω)/R). A cam that rests in the arc is done;
    ///   park    (from running) the brake to rest, then the bridge released for <see cref="SettleMicros"/> and the level
    ///           read; kept shorted instead where the unit's spring beats its friction at the window's edge
    ///           (<see cref="SpringCreepsIntoWindow"/>, from the motor's and the cartridge's identification): a cam released
    ///           from near the bottom swings on the spring through the window and out on the far side, its half swings
    ///           shorter than any quiet the level could wait for, while against the shorted motor the spring creeps it in,
    ///           first order, without a swing; where the friction wins there, the creep would stall just beside the window,
    ///           which a released cam's momentum carries it past. The phase is not used: through the brake no estimate follows the cam. The shorted winding's current
    ///           does not pass the shunt (no back-EMF speed), an edge comes only at the window, so the estimator's phase runs on
    ///           at the old rate until the count's interval holds it; and a model cannot carry it: the brake's travel
    ///           f̂·τ_b·(1 − e^(−t/τ_b)) is 1.8–2.4 strokes from 130 strokes/s on τ_b = 13.9–18.5 ms (the inertia's ±15 %, a
    ///           warmer winding) and shorter by the spring, friction and needles by an amount that depends on the angle:
    ///           more than half a stroke unknown, so either way may be the long one. What is known is the spring: its torque
    ///           F·e·sin θ turns a resting cam toward the retracted point the short way from every angle but the bottom of
    ///           the stroke, so it settles the cam without the needles going further out than the brake left them. Out after
    ///           it, the cam rests where that torque is below the friction (near the bottom, where either way is half a
    ///           stroke, or just beside the window) or a drag holds it: the pass crawls forward, each way first a probe, as
    ///           from rest with the phase not known (near the bottom either way is half a stroke, and the cam needs only the
    ///           friction's torque); in reverse when the brake's last edge (the cam entering the window forward) came with
    ///           the cam under S/τ_b, S half a stroke and half the arc, or its tick read the level in the window with the cam
    ///           under S'/τ_b, S' half a stroke less half the arc, and none since: its travel after it, at most f·τ_b, leaves
    ///           it on its way out, where forward would take the needles over the bottom of the stroke again. The
    ///           pass ends the tick its reading runs ahead (f_e &gt; 1.5·f_c: the spring turns with the cam), but not on a
    ///           reading of a tick that followed one at duty 0 (the pass's first, or the one after a tick braked): the
    ///           winding's current was still rising, and f_e reads the I·R not yet there as speed on a cam that stands.
    ///           Braked to rest there, the shorted motor lets
    ///           the spring creep it the rest of the way, ω = T_s·(R_L − R_s)/(k_t·k_e), first order, so it does not overshoot
    ///           the window as a cam driven at the breakaway duty and turned with by the spring does (through the window
    ///           between two ticks); a cam still out after it is crawled on the same way, or back if it made an edge (it
    ///           passed the window). A cam released from near the bottom swings on the spring through the window, so the
    ///           park's level is read once no edge has come for half a settle;
    ///   crawl   toward the arc: forward it reaches it 15° before the retracted point, reverse 15° after it. The pass ends
    ///           on the Hall edge either way makes (caught between ticks by the pulse counter) or on the level reading low.
    ///           From rest the shorter way: reverse while the cam is on its way out (phase under ½), forward on its way
    ///           in; that way never crosses the bottom of the stroke, the return spring helps all the way, and a cam
    ///           freed from a drag at a high duty does not run away when the spring turns with it past the bottom. With
    ///           the phase not known both ways are guesses (a back-out's reverse too: the stall check cannot tell a jam from
    ///           a drag), and each is first a probe: one that meets more than the spring
    ///           and friction (a drag, the skin's cutting force on needles pushed deeper) is braked the tick it does and the
    ///           other way tried, so a way where the cam is free is found before either is wound up against a load; held
    ///           both ways, the passes begin in reverse (a cam that stopped from turning forward rests on its way out more
    ///           often: the spring opposed the turn there), and the first of them tries the ways in turn under a duty
    ///           ceiling that rises by half the breakaway duty each round: the way the spring helps moves the cam at a lower
    ///           ceiling, so the cam is freed the shorter way, with at most a step's torque to spare, and the ceiling is
    ///           lifted. The duty
    ///             D = D_ff(f_c) + K·(f_c − f_e) + ∫ K_i·(f_c − f_e)·dt,   D ≤ D_cap = I_max·R/V + k_e·2π·f_c/V
    ///           with the integral starting at the breakaway duty from rest (the return spring's peak torque and the
    ///           friction, BoardVariant.CamBreakawayTorqueNm): a cam held by a drag gets more duty until it moves, but
    ///           never more than drives I_max through the winding at stall, whatever the current reading says; a cam
    ///           that runs ahead (f_e &gt; 1.5·f_c) is braked for the tick, and so is a held one whose reading rises
    ///           beyond what its duty's rise explains (it broke free: on the long way, past the bottom of the stroke, the
    ///           spring would turn with it at the duty the drag needed, through the window within two ticks). A pass that starts beside the window (the last
    ///           ended on its edge) crawls at the approach rate f_a = arc/(T_max + τ_b) instead (<see cref="ApproachHz"/>),
    ///           from its feed-forward: where the motor's friction holds the cam just outside, this puts it in;
    ///   brake to rest, then release the bridge for <see cref="SettleMicros"/> (the return spring carries a cam that
    ///           stopped early in the stroke back to the retracted point, which a shorted motor would slow), then read
    ///           the level: in the arc, done; out (the cam ran past the arc, or a pass found no way within
    ///           <see cref="PenLimits.RetractCrawlMaxMicros"/>, counted from the tick its duty reached the cap when it
    ///           did: a cam held near the shunt comparator's reach turns, slowly, only there), the next pass crawls back the other
    ///           way. Not after a pass that was held and ended on the window: freed, the cam ran through it at a speed the
    ///           reading does not show (held, it is mostly the I·R error), and the brake, f·τ_b, may have carried it past the
    ///           bottom of the stroke, on its way in. In skin whose friction on the needles outweighs the spring there it
    ///           rests where going on the same way needs almost nothing (it stopped where that need rose to zero) and the
    ///           other way needs the cutting force and the spring; just past the window it is the other way round. So the
    ///           same way is tried first as a probe, and the other way after it only if it is held; after
    ///           <see cref="MaxPasses"/> passes (probes that ended held not counted), or <see cref="MaxProbes"/> +
    ///           <see cref="MaxPasses"/> crawls in all (<see cref="LongestMicros"/>), <see cref="RetractionResult.Impossible"/>.
    /// Float arithmetic, time passed in, no allocation.
    /// </summary>
    public sealed class NeedleRetraction
    {
        /// <summary>Crawl rate. Unit: strokes/s. [E] slow enough that braking after the edge stops the cam early in the stroke.</summary>
        public const float CrawlHz = 15f;
        /// <summary>Passes before giving up, probes that ended held not counted (but no more than <see cref="MaxProbes"/> + MaxPasses crawls in all): there and, if the cam ran past the arc or found no way, back, twice. [E]</summary>
        public const int MaxPasses = 3;
        /// <summary>Probes a retraction from a phase not known makes before its passes, one each way; those that end held do not count toward <see cref="MaxPasses"/>. [D]</summary>
        public const int MaxProbes = 2;
        /// <summary>
        /// The longest a retraction runs, from <see cref="Begin"/> to its result: the first brake at its longest (bounded by
        /// 60 + 120 + 100 ms; a park's, to rest and settled, takes 110 + 100 ms), then
        /// <see cref="MaxProbes"/> + <see cref="MaxPasses"/> crawls of at most <see cref="PenLimits.RetractCrawlMaxMicros"/> +
        /// <see cref="PenLimits.RetractWindupMaxMicros"/> each, braked to rest and settled, every phase ending on the first
        /// tick past its time (<see cref="PenLimits.LongestOrdinaryTickSeconds"/> late at most):
        /// 0.28 + 5 × (0.55 + 0.12 + 0.1) + 18 × 0.013 = 4.364 s. A retraction that brings the cam in on no pass ends
        /// <see cref="RetractionResult.Impossible"/> within this of its start, and the pen says so the tick after. Unit: µs. [D]
        /// </summary>
        public const long LongestMicros = (BrakeToStillMaxMicros > BrakeMaxMicros + BrakeToRestMicros + SettleMicros ? BrakeToStillMaxMicros : BrakeMaxMicros + BrakeToRestMicros + SettleMicros)
            + (MaxProbes + MaxPasses) * (PenLimits.RetractCrawlMaxMicros + PenLimits.RetractWindupMaxMicros + BrakeToRestMicros + SettleMicros)
            + (3 + 3 * (MaxProbes + MaxPasses)) * (long)(PenLimits.LongestOrdinaryTickSeconds * 1e6f);
        // braking time constant τ_b (SetMotor): duty 0 with the bridge on shorts the motor through both low sides, a loop
        // without the shunt (in the supply's return), so J·dω/dt = −k_t·k_e·ω/(R_L − R_s) − T_load and
        //   τ_b = J·(R_L − R_s)/(k_t·k_e)        (13.9 ms on RP-1's datasheet motor, 9.6 ms on a 1331-class motor with the cam on RP-2)
        // the unloaded motor's: the cam's friction, spring and needles only brake it faster, so τ_b·ln(f/f_to) is the longest
        // a brake to f_to takes at the model's resistance (a winding 40 K warmer lengthens τ_b by 12 %; friction ends the
        // last strokes/s within a few ms) [D]
        private float _brakeTauSeconds;
        // the brakes are timed on the longest τ_b this unit may have: the model's × (1 + δ_J)·(1 + α_Cu·ΔT), δ_J = 0.15 the
        // inertia's identification tolerance (issue 32: ±15 %), ΔT = 40 K a winding that much warmer than the model's
        // resistance (α_Cu = PenLimits.CopperTempcoPerKelvin), taken on the whole loop, an upper bound of the winding's share
        // (the 12 % above): 1.15 × 1.156 = 1.329, 18.5 ms on RP-1's datasheet motor. A brake that ends early leaves the cam
        // turning faster than the pass that follows it expects [D]
        private const float BrakeTauInertiaTolerance = 0.15f, BrakeTauWarmingKelvin = 40f;
        // bounds on the brakes, each the time τ_b·ln(f/f_to) from the fastest the cam turns (the RP-1 motor's no-load
        // speed at 4.2 V, 248 strokes/s, plant.md §2.1) at the brakes' τ_b on RP-1 (18.5 ms, above), rounded up [D]: to the
        // crawl rate 52 ms (the first brake's share of LongestMicros; a park's brake to rest and settle fit within it); to 1 stroke/s
        // 102 ms; a pass's brake to rest, from any speed, 102 ms and a tick
        private const long BrakeMaxMicros = 60000;
        private const long BrakeToStillMaxMicros = 110000;
        private const long BrakeToRestMicros = 120000;
        /// <summary>Time the bridge is released after a pass before the level is read. Unit: µs. [E] the spring returns a cam from 90° in about 30 ms (plant.md §3.3: 0.5 N at 1.5 mm on 0.68 g·cm²), ×3.</summary>
        public const long SettleMicros = 100000;
        // a cam swinging on the spring passes the window at least every half swing (from 90° about 30 ms, SettleMicros'
        // source): a park's settle reads the level once no edge has come for this long [E]
        private const long SettleQuietMicros = SettleMicros / 2;
        // ... and at the latest this long into it: with the brake to rest, within the first brake's bound in LongestMicros [D]
        private const long ParkSettleMaxMicros = BrakeMaxMicros + BrakeToRestMicros + SettleMicros - BrakeToStillMaxMicros;
        // crawl PI on the back-EMF speed, at the rule's values for the board's datasheet motor at 3.7 V:
        //   K_p = ½·2π·k_e/V                 a stroke/s of error is worth 2π·k_e/V ≈ 0.005 duty at steady speed; half of
        //                                    it: the P's loop gain ½, below unity, so no tick delay makes it unstable
        //   K_i = (D_cap − D_b)/(f_c·T_w)    a cam that stands (error = f_c) is taken from the breakaway duty to the cap
        //                                    (0.2 → 0.9) in T_w ≈ 0.15 s, inside the pass's windup allowance
        // Fixed, not made from the unit's motor and the measured supply: with those, the 100,000-seed safety campaign
        // left needles out where these bring them in (docs/open-defects.md D-3). [D]
        private const float CrawlPDutyPerHz = 0.0025f;
        private const float CrawlIDutyPerHzSecond = 0.3f;
        // a cam that runs ahead of the crawl by half its rate (f_e > 1.5·f_c) is freed or past the bottom of the stroke:
        // beyond the back-EMF speed's error on a free cam at the crawl's small current [E]
        private const float OverCrawlFactor = 1.5f;
        // a free cam standing at the breakaway duty draws I_b·R_nom/R: 1/0.75 = 1.33·I_b with the winding at its lowest
        // resistance (PenLimits.ShuntPlausibleResistanceFraction), and the reading errs by up to 15 %
        // (PenLimits.RetractCurrentMarginFraction): 1.33 × 1.15 = 1.53, rounded up [D]
        private const float HeldCurrentFactor = 1.6f;
        // the loop resistance's error against the nominal one the back-EMF speed uses: the motor's ±15 % and a winding
        // warmed 40 K (+16 %), rounded [D]
        private const float HeldResistanceError = 0.3f;
        // a crawl meets the Hall arc within one stroke; a quarter more for the back-EMF speed's error [E]
        private const float UnseenStrokesMax = 1.25f;
        // how far a held crawl's over-speed reading may rise with its duty held before it counts as a cam that runs: half
        // the crawl rate, beyond the reading's tick-to-tick scatter (±3 strokes/s on a chopped stall) [E]
        private const float HeldRiseHz = 0.5f * CrawlHz;
        // a held cam's reading rises with its command by at most ΔD·V·(1 + 1/(1 − HeldResistanceError))/(2π·k_e) while it
        // stands (the comparator chopping the rise: in D·V, and again in the current read as S/D) [D]
        private const float ChoppedRiseFactor = 1f + 1f / (1f - HeldResistanceError);

        // held both ways from a phase not known, the ways take turns at a duty ceiling that rises by half the breakaway
        // duty each round: the cam needs T_d + T_s(θ) the longer way and T_d − T_s(θ) the shorter, so where the spring's
        // torque T_s is more than a quarter of the breakaway torque (a step's worth: 2·T_s above it) the shorter way moves
        // it at a lower ceiling, and whichever way breaks it free does so with at most a step's torque to spare [D]
        private const float CeilingStepBreakaways = 0.5f;
        // ticks each way stays at a ceiling: the first tick's reading carries the reversal, the second's is judged [D]
        private const int LevelTicks = 2;

        // the Hall window's arc, centred on the retracted point (nf.config camHall) [S]. Unit: strokes
        private const float HallArcStrokes = 30f / 360f;
        // a cam that entered the window forward (its edge, half the arc before the retracted point) and then went on less
        // than this rests on its way out, before the bottom of the stroke. Unit: strokes [D]
        private const float WayOutStrokes = 0.5f + 0.5f * HallArcStrokes;
        // ... and one within the window (at most its arc past that edge) that goes on less than S' = ½ − arc/2 strokes rests
        // on its way out too. Braked, the cam's speed is under S'/τ_b from τ_b·ln(S/S') after it is under S/τ_b (S the
        // constant above): ln((½ + 1/24)/(½ − 1/24)) = ln(13/11) [D]
        private const float WayOutFromArcLogRatio = 0.1670541f;
        // the return spring's torque at the window's edge (θ_w = 15°) as a share of its peak, for the cartridge's spring
        // F = F_0 + k·e·(1 − cos θ) on the cam's lever e·sin θ (plant.md §3.3 [E]: F_0 = 0.3 N, k = 150 N/m, e = 1.5 mm;
        // peak 0.849 mN·m near 110°, 0.119 mN·m at 15°). A weaker or stiffer spring of that build scales F_0 and k together,
        // so the share holds for the identified peak of any of them [D]
        private const float SpringAtWindowEdgeShare = 0.1407673f;
        // the cartridge's friction (the seal's force F_c on the lever e·|sin θ|) at the window's edge as a share of its mean
        // over a turn, which is what the cartridge's identification measures: F_c·e·sin θ_w / (F_c·e·2/π) = (π/2)·sin 15° [D]
        private const float CartridgeFrictionAtWindowEdgeShare = 0.4065520f;

        private float _ke;
        private float _ohms;
        private float _noLoadAmps;
        private float _breakawayAmps;
        private float _approachHz;
        private float _crawlHz;
        private long _approachWindupMicros; // an approach pass crawls as from rest from this long after its start, µs
        private bool _besideWindow;     // the last pass, never held, ended on the window's edge or level: the cam rests beside it
        private bool _heldThisPass;     // this pass met a drag (it drew more than a free cam ever needs)
        private bool _ranFreed;         // this pass was held and ended on the window: freed, the cam ran through it (the next StartCrawl takes it)
        private bool _reprobe;          // this pass is the probe after one that ran freed through the window (not one of a pair)
        private int _probesLeft;        // passes still to be tried as probes (the phase not known): held, one ends at once
        private bool _probing;          // this pass is a probe
        private int _probesEnded;       // probes that ended held (they do not count toward MaxPasses)
        private bool _atCap;            // the last crawl tick's duty was at its cap
        private long _capSinceMicros;   // when this pass's duty first reached its cap (−1: not yet)
        private RetractionResult _result = RetractionResult.None;
        private int _phase;             // 0 first brake, 1 crawl, 3 brake to rest, 4 settle (bridge released)
        private long _phaseSinceMicros;
        private long _phaseMicros;
        private bool _reverse;
        private RetractionStart _start;
        private int _passes;
        private bool _abandoned;
        private long _edgeCountAtCrawl;
        private float _crawledStrokes;
        private float _integral;
        private float _heldOverHz;      // the over-speed reading a held crawl's duty was held at (0: none)
        private bool _heldBaseValid;    // a held crawl's last reading is known (_heldBaseHz)
        private float _heldBaseHz;      // a held crawl's reading as far as its duty explains it, strokes/s
        private float _dutyBefore;      // the duty of the tick before the one the reading measured
        private float _ampsBefore;      // the current reading of the tick before, A
        private float _measuredDuty = -1f; // the duty the drive-voltage input read over the last tick (−1: not known)
        private float _measuredBefore = -1f; // ... over the tick before
        private float _duty;
        private bool _alternating;      // held both ways from a phase not known: the ways take turns under a rising ceiling
        private float _ceiling;         // the alternation's duty ceiling now
        private float _probeHeldDuty;   // the highest duty a probe that ended held reached (neither way moved the cam below it)
        private bool _firstWayReverse;  // the alternation's first way (its ceiling rises each time it comes round again)
        private int _levelTicks;        // ticks this way has had at the ceiling
        private bool _brokeFree;        // the crawl's last tick braked a cam whose reading ran beyond what held explains
        private bool _nudging;          // a park's pass (from where the spring left the cam): it ends when the spring takes the cam over
        private bool _nudged;           // the last pass was such a nudge: the next goes the same way
        private bool _firstReading;     // the pass's next reading is its first (it measured the tick after duty 0)
        private bool _settleCountKnown; // the settle has seen the edge count
        private long _settleEdgeCount;  // the edge count the settle last saw
        private long _settleEdgeMicros; // when the settle last saw an edge
        private long _parkSlowMicros;   // a park's brake has the cam under WayOutStrokes / τ_b this long after Begin, µs
        private long _parkBeginMicros;  // when the park's brake began, µs
        private long _parkLastMicros;   // the park brake's last tick, µs (−1: none yet)
        private long _parkCount;        // the edge count at the park brake's last tick
        private bool _parkOnWayOut;     // the park brake's last edge came with the cam that slow: it rests on its way out
        private bool _settleShorted;    // this settle keeps the bridge shorted (a park's first, on a pen whose spring creeps the cam in)
        private MotorModel _motor;      // the drive's motor model in use (UseIdentification)
        private CartridgeIdentification _cartridge; // the drive's cartridge identification (UseIdentification)

        /// <param name="keVoltSecondsPerRad">Motor back-EMF constant (k_t in SI). Unit: V·s/rad.</param>
        /// <param name="loopOhms">Winding plus bridge and shunt. Unit: Ω.</param>
        /// <param name="noLoadAmps">Motor friction current. Unit: A.</param>
        /// <param name="breakawayTorqueNm">Torque that turns the cam from rest against its spring and friction. Unit: N·m.</param>
        /// <param name="inertiaKgM2">Rotor and cam inertia. Unit: kg·m².</param>
        public NeedleRetraction(float keVoltSecondsPerRad, float loopOhms, float noLoadAmps, float breakawayTorqueNm, float inertiaKgM2)
        {
            SetMotor(keVoltSecondsPerRad, loopOhms, noLoadAmps, breakawayTorqueNm, inertiaKgM2);
        }

        /// <summary>
        /// The motor the crawl's duties are made for: the board's datasheet motor until the pen has identified its own,
        /// then the unit's (StrokeDrive's MotorModel). Arguments as the constructor's; not while a retraction runs.
        /// </summary>
        public void SetMotor(float keVoltSecondsPerRad, float loopOhms, float noLoadAmps, float breakawayTorqueNm, float inertiaKgM2)
        {
            _ke = keVoltSecondsPerRad;
            _ohms = loopOhms;
            _noLoadAmps = noLoadAmps;
            _breakawayAmps = breakawayTorqueNm / keVoltSecondsPerRad;
            _brakeTauSeconds = BrakeTauSeconds(keVoltSecondsPerRad, loopOhms, inertiaKgM2)
                * (1f + BrakeTauInertiaTolerance) * (1f + PenLimits.CopperTempcoPerKelvin * BrakeTauWarmingKelvin);
            // a pass that starts beside the window crawls at f_a = arc / (T_max + τ_b), τ_b the brakes' (their longest, as
            // the brakes are timed): after the edge the cam turns on for up to one tick before the firmware sees it, then
            // about f·τ_b more while the brake stops it, so at f_a it stops within the arc. Where the motor's friction holds
            // the cam against the spring's small torque near the retracted point (F·e·sin θ: a 1331-class motor's 0.12 mN·m
            // holds it from 17°), the spring cannot bring a cam that stopped just outside back in
            _approachHz = HallArcStrokes / (PenLimits.LongestOrdinaryTickSeconds + _brakeTauSeconds);
            if (_approachHz > CrawlHz) _approachHz = CrawlHz;
        }

        /// <summary>The shorted motor's braking time constant τ_b = J·(R_L − R_s)/(k_t·k_e), R_s the shunt, which the braking
        /// loop does not pass. Unit: s.</summary>
        /// <param name="keVoltSecondsPerRad">Back-EMF constant (k_t in SI). Unit: V·s/rad.</param>
        /// <param name="loopOhms">Driving loop's resistance (motor, bridge, shunt). Unit: Ω.</param>
        /// <param name="inertiaKgM2">Rotor and cam inertia. Unit: kg·m².</param>
        public static float BrakeTauSeconds(float keVoltSecondsPerRad, float loopOhms, float inertiaKgM2)
        {
            return inertiaKgM2 * (loopOhms - BoardConstants.CurrentShuntOhms) / (keVoltSecondsPerRad * keVoltSecondsPerRad);
        }

        /// <summary>The braking time constant the brakes are timed on: the motor's of the last <see cref="SetMotor"/> at its
        /// longest (inertia and warming margins). Unit: s.</summary>
        public float BrakeTau => _brakeTauSeconds;

        /// <summary>Crawl rate of a pass that starts beside the window (the last pass ended on its edge). Unit: strokes/s.</summary>
        public float ApproachHz => _approachHz;

        /// <summary>How the last retraction ended (InProgress while it runs).</summary>
        public RetractionResult Result => _result;
        /// <summary>Running now.</summary>
        public bool Active => _result == RetractionResult.InProgress;
        /// <summary>Duty to apply. Unit: fraction 0..1.</summary>
        public float Duty => _duty;
        /// <summary>The bridge drives in reverse (PH high).</summary>
        public bool Reverse => _reverse && _phase == 1;
        /// <summary>The retraction is crawling (driving the motor), not braking.</summary>
        public bool Crawling => Active && _phase == 1;
        /// <summary>The retraction's first brake is running (from <see cref="Begin"/> until its time is up).</summary>
        public bool FirstBraking => Active && _phase == 0;
        /// <summary>
        /// An edge now would not be a stroke: the retraction crawls in reverse (it backs into the window from its far
        /// end), or a pass has ended and the cam, braked and then settling on its spring, can only come back into the
        /// window backward (going on forward it leaves the window, no edge, until a whole turn later).
        /// </summary>
        public bool EdgesAreNotStrokes => Active && (_phase == 1 ? _reverse : _phase >= 3);
        /// <summary>The retraction needs the bridge (crawling or braking; not while the cam settles on its spring, but for a park's
        /// first settle on a pen whose spring creeps the cam into the window against the shorted motor, <see cref="SpringCreepsIntoWindow"/>).</summary>
        public bool BridgeEnabled => Active && (_phase != 4 || _settleShorted);

        /// <summary>
        /// The motor model in use and the cartridge's identification, which a park's first settle reads when it begins
        /// (<see cref="SpringCreepsIntoWindow"/>): the drive's own objects, given once (not while a retraction runs). Without
        /// them, or with no cartridge identified, the settle releases the bridge.
        /// </summary>
        public void UseIdentification(MotorModel motor, CartridgeIdentification cartridge)
        {
            _motor = motor;
            _cartridge = cartridge;
        }

        /// <summary>
        /// Whether the shorted motor lets the return spring bring a cam resting beside the window into it. Shorted, the cam
        /// has no momentum: the spring creeps it, first order, J·dω/dt = T_s(θ) − T_f(θ) − k_t·k_e·ω/(R_L − R_s), and it stops
        /// where the friction T_f meets the spring's torque T_s. Beyond the window's edge T_s rises (F·e·sin θ up to its peak
        /// near 110°), so the creep comes into the window from beside it exactly when, at the edge θ_w,
        ///   T_s(θ_w) = s_w·T_peak  &gt;  T_m + c_w·T_c = T_f(θ_w)
        /// with T_peak the spring's identified peak, s_w its share at the edge (<see cref="SpringAtWindowEdgeShare"/>), T_m the
        /// motor's friction at rest (k_t·i_f(0), identified), T_c the cartridge's identified friction, its mean over a turn, and
        /// c_w its share at the edge (<see cref="CartridgeFrictionAtWindowEdgeShare"/>). Where it is not, a cam released still
        /// turning carries its momentum past that friction, which the short would take away, and a short stalls it beside
        /// the window, out with no edge, where the first pass may go the long way (docs/open-defects.md D-14): there the
        /// settle is released, as after a pass. Unit of each argument: N·m (≤ 0 spring: not known, false).
        /// </summary>
        public static bool SpringCreepsIntoWindow(float springPeakNm, float cartridgeFrictionNm, float motorFrictionNm)
        {
            return springPeakNm > 0f
                   && SpringAtWindowEdgeShare * springPeakNm > motorFrictionNm + CartridgeFrictionAtWindowEdgeShare * cartridgeFrictionNm;
        }
        /// <summary>Crawls made by the last retraction.</summary>
        public int Passes => _passes;

        /// <summary>
        /// The duty the bridge applied over the last tick as the drive-voltage input reads it (V_drive/V_supply), or −1
        /// when it does not read it (in reverse, or in the ADC's bend at the bottom). Given before each <see cref="Update"/>.
        /// </summary>
        public void MeasuredDuty(float duty)
        {
            _measuredBefore = _measuredDuty;
            _measuredDuty = duty;
        }

        /// <summary>Forgets the last result (the drive runs again).</summary>
        public void Clear()
        {
            _result = RetractionResult.None;
            _duty = 0f;
        }

        /// <summary>Starts a retraction. <paramref name="rateHz"/>: the rotor's rate now (0 when it stands).</summary>
        public void Begin(long nowMicros, float rateHz, RetractionStart start)
        {
            _result = RetractionResult.InProgress;
            _start = start;
            _reverse = start == RetractionStart.BackOut;
            _passes = 0;
            _probesLeft = 0;
            _probesEnded = 0;
            _probeHeldDuty = 0f;
            _alternating = false;
            _abandoned = false;
            _besideWindow = false;
            _nudging = false;
            _nudged = false;
            _ranFreed = false;
            _reprobe = false;
            _duty = 0f;
            _parkBeginMicros = nowMicros;
            _parkLastMicros = -1;
            _parkOnWayOut = false;
            // braked, the cam's speed falls at least as fast as f0·e^(−t/τ_b) (the loads only add to the brake) and its
            // travel from speed f is at most f·τ_b: from this time on it goes less than WayOutStrokes further
            _parkSlowMicros = BrakeMicros(rateHz, WayOutStrokes / _brakeTauSeconds, long.MaxValue);
            SetPhase(0, nowMicros, BrakeMicros(rateHz, 1f, BrakeToStillMaxMicros));
        }

        /// <summary>
        /// Gives up: the crawl cannot be held (no current reading). Brakes to rest, then ends as
        /// <see cref="RetractionResult.Impossible"/> unless the cam rests in the arc after all.
        /// </summary>
        public void Abandon(long nowMicros)
        {
            if (_result != RetractionResult.InProgress || _abandoned) return;
            _abandoned = true;
            _duty = 0f;
            SetPhase(3, nowMicros, BrakeToRestMicros);
        }

        /// <summary>
        /// One tick. <paramref name="edgeCount"/>: Hall edges counted so far; <paramref name="inArc"/>: the Hall level reads
        /// low (the cam within the arc); <paramref name="phase"/>: where the cam rests, as its phase past the last edge
        /// (−1 when not known: then forward, as a park); <paramref name="driveHz"/>: the back-EMF speed in the crawl's
        /// direction (0 when unknown); <paramref name="motorAmps"/>: the motor current reading (0 when unknown);
        /// <paramref name="supplyVolts"/>: measured supply.
        /// </summary>
        public void Update(long nowMicros, long edgeCount, bool inArc, float phase, float driveHz, float motorAmps, float supplyVolts, float dtSeconds)
        {
            if (_result != RetractionResult.InProgress) return;
            if (supplyVolts < 1f) supplyVolts = 1f;
            if (dtSeconds > PenLimits.LongestOrdinaryTickSeconds) dtSeconds = PenLimits.LongestOrdinaryTickSeconds;
            long inPhase = nowMicros - _phaseSinceMicros;
            switch (_phase)
            {
                case 0:
                    _duty = 0f;
                    if (_start == RetractionStart.Park)
                    {
                        // an edge through the brake is the cam entering the window forward (a braked cam turned back by
                        // the spring creeps, first order, and stops within the window). It came after the last tick: one
                        // that came with the cam under WayOutStrokes / τ_b leaves it less than that past the window's edge. So
                        // does one whose tick reads the level in the window: the cam is at most the arc past the edge now,
                        // and goes on at most f·τ_b, less than S' once f is under S'/τ_b
                        if (_parkLastMicros >= 0 && edgeCount != _parkCount)
                            _parkOnWayOut = _parkLastMicros - _parkBeginMicros >= _parkSlowMicros
                                            || (inArc && nowMicros - _parkBeginMicros
                                                >= _parkSlowMicros + (long)(_brakeTauSeconds * WayOutFromArcLogRatio * 1e6f));
                        _parkLastMicros = nowMicros;
                        _parkCount = edgeCount;
                    }

                    if (inPhase < _phaseMicros) break;
                    // a park, braked to rest: the bridge is released and the return spring settles the cam (the phase
                    // the estimator kept through the brake is not where the cam is: the class comment); the level read after
                    if (_start == RetractionStart.Park)
                    {
                        SetPhase(4, nowMicros, SettleMicros);
                        // a cam released from near the bottom swings on the spring through the window and out on the far
                        // side, its half swings shorter than any quiet the level could wait for; shorted, the spring creeps
                        // it in without a swing, where that creep does not stall beside the window (the identified friction
                        // against the identified spring at the window's edge: SpringCreepsIntoWindow)
                        _settleShorted = _cartridge != null && _cartridge.Succeeded
                                         && SpringCreepsIntoWindow(_cartridge.SpringPeakTorqueNm, _cartridge.FrictionTorqueNm,
                                             _motor.KeVoltSecondsPerRad * _motor.FrictionAmpsAt(0f));
                        break;
                    }

                    // braked to rest: already in the window, done
                    if (inArc)
                    {
                        _result = RetractionResult.Retracted;
                        break;
                    }

                    // the shorter way: reverse while the cam is on its way out (a park whose brake took the cam just past the
                    // window would otherwise crawl a whole stroke to the next edge); with the phase not known, forward (a
                    // jam's back-out is decided at Begin)
                    if (_start != RetractionStart.BackOut) _reverse = phase >= 0f && phase < 0.5f;
                    // with the phase not known both ways are guesses: each is first tried as a probe. So is a back-out's
                    // reverse: the stall check that asks for it cannot tell a jam, which holds the cam forward only, from a
                    // drag, which holds it both ways; past the bottom of the stroke reverse is then the longer way, where
                    // the spring turns with the cam at the duty the drag needed, through the window. So is a back-out whose
                    // phase says the cam rests past the bottom (where a jam, holding the carrier on its way out, cannot
                    // hold it: the estimate is off there, or a drag holds it); before it, reverse is also the shorter way.
                    // A jam's reverse is not held (the spring and friction only), so its back-out goes on as before
                    _probesLeft = phase < 0f || (_start == RetractionStart.BackOut && phase >= 0.5f) ? MaxProbes : 0;
                    StartCrawl(nowMicros, edgeCount, driveHz, supplyVolts);
                    break;
                case 1:
                    if (edgeCount != _edgeCountAtCrawl || inArc)
                    {
                        _duty = 0f;
                        // a free cam braked from about the crawl rate stops beside the window; one freed from a drag may
                        // have run on at many times the crawl rate
                        _besideWindow = !_heldThisPass;
                        // and how far is not known: past the bottom of the stroke it rests on its way in, where the same way
                        // is the short one (the class comment). That way is the next pass, as a probe
                        _ranFreed = _heldThisPass;
                        _probesLeft = _heldThisPass ? 1 : 0;
                        SetPhase(3, nowMicros, BrakeToRestMicros);
                        break;
                    }

                    // a pass that turned the cam more than a stroke and a quarter by its back-EMF without an edge: the
                    // Hall sensor does not see it, and nothing can find the retracted point. Counted only while the crawl
                    // needs less than the breakaway duty: a labouring or stalled motor's back-EMF speed is mostly its
                    // I·R error (±5 % of R at 2 A is ±9 strokes/s)
                    if (driveHz > 0f && _duty <= BreakawayDuty(supplyVolts)) _crawledStrokes += driveHz * dtSeconds;
                    if (_crawledStrokes > UnseenStrokesMax)
                    {
                        _duty = 0f;
                        _abandoned = true;
                        SetPhase(3, nowMicros, BrakeToRestMicros);
                        break;
                    }

                    // a held pass's time runs from the tick its duty reached the cap: the time at the most torque the crawl
                    // gives is what moves a cam held near the shunt comparator's reach (its torque barely above the cam's need)
                    // (the alternation's rising ceilings count as windup)
                    long capSince = _capSinceMicros >= 0 ? _capSinceMicros : _alternating ? nowMicros : _phaseSinceMicros;
                    if (nowMicros - capSince > PenLimits.RetractCrawlMaxMicros || inPhase > PenLimits.RetractCrawlMaxMicros + PenLimits.RetractWindupMaxMicros)
                    {
                        // no way this direction within the time (a drag, a jam): brake, then the other way
                        _duty = 0f;
                        _besideWindow = false;
                        _probesLeft = 0;
                        SetPhase(3, nowMicros, BrakeToRestMicros);
                        break;
                    }

                    // an approach whose duty has reached the breakaway duty meets more than the spring beside the window (the
                    // cam rests further off, or a drag holds it): from here it crawls as from rest. So does one still short
                    // of the window when its integral, unbraked, would have got there: a standing cam's reading runs ahead
                    // of it after each rise of the duty (its current lags), past 1.5·f_a, and each such brake halves the
                    // integral, which then never reaches the duty a drag needs within the pass's time
                    if (_crawlHz < CrawlHz && (_duty >= BreakawayDuty(supplyVolts) || inPhase >= _approachWindupMicros)) _crawlHz = CrawlHz;
                    // the reading measured a tick that followed one at duty 0 (the pass's first, or the one after a tick
                    // braked): the winding's current was still rising, so f_e = (D·V − I·R)/(2π·k_e) reads the I·R not yet
                    // there as speed, on a cam that stands as on one that turns
                    bool currentRising = _firstReading || _dutyBefore <= 0f;
                    _firstReading = false;
                    Crawl(driveHz, motorAmps, supplyVolts, dtSeconds);
                    if (_atCap && _capSinceMicros < 0) _capSinceMicros = nowMicros;
                    if (_alternating) Alternate(motorAmps, supplyVolts);
                    if (_nudging && _brokeFree && !_heldThisPass && !currentRising)
                    {
                        // the spring turns with the cam (past the bottom of the stroke): braked to rest, the shorted motor
                        // lets it creep the rest of the way without overshoot (the class comment); the next pass, if the
                        // level still reads out and no edge came, goes on the same way
                        _nudged = true;
                        _duty = 0f;
                        _besideWindow = false;
                        _probesLeft = 0;
                        SetPhase(3, nowMicros, BrakeToRestMicros);
                        break;
                    }

                    if (_probing && _heldThisPass)
                    {
                        // a guessed way that meets more than the spring and friction (the skin's cutting force on needles
                        // pushed deeper, a drag): wound up here, a cam that breaks free past the bottom of the stroke runs
                        // through the window. Braked at once, the other way is tried, where the cam may be free; held both
                        // ways, the passes go on as with the phase known, the first trying the ways in turn up to the cap
                        _probesEnded++;
                        _probesLeft--;
                        if (_duty > _probeHeldDuty) _probeHeldDuty = _duty;
                        _duty = 0f;
                        _besideWindow = false;
                        SetPhase(3, nowMicros, BrakeToRestMicros);
                        break;
                    }

                    break;
                case 3:
                    _duty = 0f;
                    if (inPhase >= _phaseMicros) SetPhase(4, nowMicros, SettleMicros);
                    break;
                default:
                    _duty = 0f;
                    if (_start == RetractionStart.Park && _passes == 0)
                    {
                        // a park's cam released from near the bottom swings on the spring through the window: its level is
                        // read once no edge has come for a half swing, within the first brake's bound (LongestMicros)
                        if (!_settleCountKnown || edgeCount != _settleEdgeCount)
                        {
                            if (_settleCountKnown) _settleEdgeMicros = nowMicros;
                            _settleCountKnown = true;
                            _settleEdgeCount = edgeCount;
                        }

                        if (nowMicros - _settleEdgeMicros < SettleQuietMicros && inPhase < ParkSettleMaxMicros) break;
                    }

                    if (inPhase < _phaseMicros) break;
                    if (inArc) _result = RetractionResult.Retracted;
                    else if (_abandoned || _passes - _probesEnded >= MaxPasses || _passes >= MaxProbes + MaxPasses) _result = RetractionResult.Impossible;
                    else if (_passes == 0)
                    {
                        // a park the spring did not bring in: the cam rests where the spring's lever is too short to turn it
                        // against friction (near the bottom of the stroke, or just beside the window) or a drag holds it, and
                        // its phase is not known: forward, each way first a probe, as from rest with the phase not known.
                        // Reverse when the brake's last edge says the cam rests on its way out (before the bottom of the
                        // stroke, where reverse is the shorter way) and no edge has come since (the settle swung it through
                        // the window: its side is not known)
                        _reverse = _parkOnWayOut && edgeCount == _parkCount;
                        _probesLeft = MaxProbes;
                        StartCrawl(nowMicros, edgeCount, 0f, supplyVolts);
                    }
                    else
                    {
                        // the cam ran past the arc, or this way found none: crawl back the other way
                        // held both ways from a phase not known (both probes ended held: a drag), the first pass goes on
                        // in reverse, the way the last probe went. The phase is lost where the cam turned forward (a
                        // cut from speed, a freeze, the cartridge's climb), and a forward-turning cam comes to rest on its
                        // way out (phase under ½) more often than on its way in: there the spring's torque T_s(θ) adds to
                        // the drag's T_d, so per radian the cam's energy goes at T_d + T_s against T_d − T_s on its way in,
                        // and a rest on its way in needs T_d ≥ T_s besides, the spring pushing it on. From a random energy
                        // at the drag's arrival the chance it rests on its way out is ½ + S̄/T_d (S̄ the spring's mean
                        // torque over half a stroke) whatever the motor or the cam; from there reverse is the shorter way,
                        // and forward, the longer, winds the duty to the drag's need and then, past the bottom of the
                        // stroke, the spring turns with the cam at that duty through the window
                        // (not the one probe after a run through the window: held, the other way follows as a pass)
                        bool heldBothWays = _probing && _probesLeft == 0 && _probesEnded == MaxProbes && !_reprobe;
                        // after a nudge the cam is short of the window on the same way, unless it made an edge since (the
                        // spring carried it through the window: it is beyond it); after a held pass that ran through the
                        // window, the same way is probed first (the class comment)
                        if (!heldBothWays && !_ranFreed && !(_nudged && edgeCount == _edgeCountAtCrawl)) _reverse = !_reverse;
                        _nudged = false;
                        StartCrawl(nowMicros, edgeCount, 0f, supplyVolts);
                        if (heldBothWays)
                        {
                            // neither way moved the cam up to the probes' duty: the ways take turns from there, the
                            // ceiling a step higher each round, so the way the spring helps is found before the other is
                            // wound to the drag's need; at the cap the pass goes on in reverse. The turns take the windup's
                            // place within the pass's bound (RetractCrawlMaxMicros + RetractWindupMaxMicros), so this pass
                            // may have less of its time at the cap than the two after it
                            _alternating = true;
                            _firstWayReverse = _reverse;
                            _levelTicks = 0;
                            _ceiling = _probeHeldDuty;
                            if (_ceiling < _duty) _ceiling = _duty;
                            _duty = _ceiling;
                            _integral = _ceiling - FeedForward(supplyVolts);
                        }
                    }

                    break;
            }
        }

        /// <summary>Highest crawl duty: the one that drives <see cref="PenLimits.RetractMaxAmps"/> through the winding at
        /// the crawl rate, D·V = I_max·R + k_e·2π·f_c. Unit: fraction.</summary>
        public float Cap(float supplyVolts)
        {
            if (supplyVolts < 1f) supplyVolts = 1f;
            float d = (PenLimits.RetractMaxAmps * _ohms + _ke * 6.2831853f * CrawlHz) / supplyVolts;
            return d > 1f ? 1f : d;
        }

        /// <summary>Duty that turns the cam from rest: I_break·R / V, the spring's peak torque and the friction. Unit: fraction.</summary>
        public float BreakawayDuty(float supplyVolts)
        {
            if (supplyVolts < 1f) supplyVolts = 1f;
            float d = _breakawayAmps * _ohms / supplyVolts;
            return d > 1f ? 1f : d;
        }

        /// <summary>D = D_ff + K·e + ∫K_i·e, clamped to [0, D_cap] (anti-windup: the integral stops at the cap).</summary>
        private void Crawl(float driveHz, float motorAmps, float supplyVolts, float dtSeconds)
        {
            float feedForward = FeedForward(supplyVolts);
            float fullCap = Cap(supplyVolts);
            float cap = _alternating && _ceiling < fullCap ? _ceiling : fullCap;
            _brokeFree = false;
            // a cam that draws more than a free one ever needs (the breakaway current, with the winding down to its
            // lowest resistance and the reading's error: ×HeldCurrentFactor) is held by a drag or a jam; its back-EMF
            // speed is then mostly the I·R error (±15 % of R at 1.5 A reads ±20 strokes/s on a cam that stands), so the
            // integral acts as on a cam that stands, and only a speed beyond that error counts as running ahead
            bool held = motorAmps > HeldCurrentFactor * _breakawayAmps;
            if (held) _heldThisPass = true;
            // the reading measured the tick the present duty was applied for. A held cam that stands reads its I·R error,
            // which a rise ΔD of the duty raises by at most ΔD·V·HeldResistanceError/(2π·k_e) (ΔD·V/(2π·k_e) allowed,
            // for the supply's sag and the reading's scatter) while its current rises by ΔD·V/R_t. Where the shunt comparator chops the on-time the current stays (the reading, the shunt's mean S
            // over D, falls), and the chopped part counts twice: f_e = (D·V − (S/D)·R)/(2π·k_e) rises by
            // ΔD·(V + I·R·D_t/D²)/(2π·k_e) ≤ ΔD·V·(1 + R/R_t)/(2π·k_e), R_t down to (1 − HeldResistanceError)·R. A rise
            // beyond that by HeldRiseHz is a cam broken free: braked at once, before the spring past the bottom of the
            // stroke turns with it and the duty the drag needed carries it through the window
            float dutyRise = _duty - _dutyBefore;
            float ampsRise = motorAmps - _ampsBefore;
            _dutyBefore = _duty;
            _ampsBefore = motorAmps;
            if (held)
            {
                // chopped: forward, the duty the drive-voltage input reads did not follow the command's rise (it reads the
                // terminal, less the bridge's drop, so its change is judged, not its value); in reverse it reads nothing,
                // and a chopped winding's current does not rise with the command as a stalled one's does
                bool chopped = _measuredDuty >= 0f && _measuredBefore >= 0f ? _measuredDuty - _measuredBefore < 0.5f * dutyRise
                    : ampsRise < 0.5f * dutyRise * supplyVolts / (_ohms * (1f + HeldResistanceError));
                float explainedHz = _heldBaseHz + (dutyRise > 0f ? dutyRise * supplyVolts * (chopped ? ChoppedRiseFactor : 1f) / (_ke * 6.2831853f) : 0f);
                if (_heldBaseValid && driveHz > explainedHz + HeldRiseHz)
                {
                    _brokeFree = true;
                    _heldBaseValid = false;
                    _heldOverHz = 0f;
                    if (_integral > 0f) _integral *= 0.5f;
                    _duty = 0f;
                    return;
                }

                _heldBaseHz = _heldBaseValid && driveHz > explainedHz ? explainedHz : driveHz;
                _heldBaseValid = true;
            }
            else _heldBaseValid = false;

            float error = held ? _crawlHz : _crawlHz - driveHz;
            float phantomHz = held ? motorAmps * _ohms * HeldResistanceError / (_ke * 6.2831853f) : 0f;
            // freed from a drag or a jam, or past the bottom where the spring turns with it, the cam runs ahead on what
            // the integral built up: halve it and brake for the tick, or the brake after the edge starts too fast to stop
            // the cam early in the stroke
            // the alternation's first reading at a ceiling carries the current's rise or reversal, not the cam's speed
            if (driveHz > OverCrawlFactor * _crawlHz + phantomHz && !(_alternating && _levelTicks == 0))
            {
                // held, the reading may be no speed at all: the shunt comparator (nf.config currentLimit) chops the
                // on-time of a stalled winding, so the applied duty is below the command, and f_e = (D·V − I·R)/(2π·k_e)
                // reads the difference as speed (27 strokes/s at the cap). The duty that reading came with is held,
                // not cut: a stalled cam's reading then stays where it is, and one that runs raises it by more than
                // HeldRiseHz (a freed cam gains ~100 strokes/s in a tick at the cap's torque)
                if (held && (_heldOverHz <= 0f || driveHz < _heldOverHz + HeldRiseHz))
                {
                    if (_heldOverHz <= 0f) _heldOverHz = driveHz;
                    return;
                }

                _brokeFree = true;
                _heldOverHz = 0f;
                if (_integral > 0f) _integral *= 0.5f;
                _duty = 0f;
                return;
            }

            _heldOverHz = 0f;
            _integral += CrawlIDutyPerHzSecond * error * dtSeconds;
            if (_integral > cap - feedForward) _integral = cap - feedForward;
            if (_integral < -feedForward) _integral = -feedForward;
            float d = feedForward + CrawlPDutyPerHz * error + _integral;
            _duty = d < 0f ? 0f : d > cap ? cap : d;
            _atCap = d >= fullCap;
        }

        /// <summary>
        /// One tick of the alternation: a cam that moved this way (braked as broken free or running ahead, or no longer
        /// held) has its way, the ceiling lifted; one held at the ceiling for <see cref="LevelTicks"/> is tried the other
        /// way, and the ceiling rises a step each time the first way comes round again, up to the cap.
        /// </summary>
        private void Alternate(float motorAmps, float supplyVolts)
        {
            if (_brokeFree || (_levelTicks > 0 && motorAmps <= HeldCurrentFactor * _breakawayAmps))
            {
                _alternating = false;
                return;
            }

            if (_duty < _ceiling || ++_levelTicks < LevelTicks) return;
            _levelTicks = 0;
            _reverse = !_reverse;
            // the next reading carries the current's reversal: it sets the held baseline, the one after is judged
            _heldBaseValid = false;
            _heldOverHz = 0f;
            if (_reverse != _firstWayReverse) return;
            _ceiling += CeilingStepBreakaways * BreakawayDuty(supplyVolts);
            float cap = Cap(supplyVolts);
            if (_ceiling >= cap) _alternating = false;
            _duty = _ceiling < cap ? _ceiling : cap;
            _integral = _duty - FeedForward(supplyVolts);
        }

        private float FeedForward(float supplyVolts)
        {
            return (_ke * 6.2831853f * _crawlHz + _ohms * _noLoadAmps) / supplyVolts;
        }

        private void StartCrawl(long nowMicros, long edgeCount, float driveHz, float supplyVolts)
        {
            _passes++;
            _edgeCountAtCrawl = edgeCount;
            _crawledStrokes = 0f;
            _heldOverHz = 0f;
            _heldBaseValid = false;
            _heldThisPass = false;
            _alternating = false;
            _probing = _probesLeft > 0;
            _reprobe = _ranFreed;
            _ranFreed = false;
            // a park's passes start from where the spring left the cam: each ends when the spring takes it over
            _nudging = _start == RetractionStart.Park;
            _atCap = false;
            _capSinceMicros = -1;
            _crawlHz = _besideWindow ? _approachHz : CrawlHz;
            float feedForward = FeedForward(supplyVolts);
            // the approach's integral takes its duty from the feed-forward to the breakaway duty in
            // (D_b − D_ff)/(K_i·f_a), a cam that stands (error f_a) and no brake on the way
            float windup = (BreakawayDuty(supplyVolts) - feedForward) / (CrawlIDutyPerHzSecond * _approachHz);
            _approachWindupMicros = windup > 0f ? (long)(windup * 1e6f) : 0;
            // from rest the cam needs the breakaway torque; still turning at about the crawl rate, the feed-forward; beside
            // the window the spring's torque is small (F·e·sin θ), and the breakaway duty would carry the cam through the
            // window within the tick: the feed-forward, the integral adding what the cam needs
            float start = _besideWindow || driveHz >= 0.5f * CrawlHz ? feedForward : BreakawayDuty(supplyVolts);
            float cap = Cap(supplyVolts);
            if (start > cap) start = cap;
            _integral = start - feedForward;
            _duty = start;
            _dutyBefore = start;
            _ampsBefore = 0f;
            _firstReading = true;
            SetPhase(1, nowMicros, PenLimits.RetractCrawlMaxMicros);
        }

        /// <summary>τ_b·ln(f/f_to), bounded. Unit: µs.</summary>
        private long BrakeMicros(float rateHz, float toHz, long maxMicros)
        {
            if (rateHz <= toHz) return 0;
            long micros = (long)(_brakeTauSeconds * (float)System.Math.Log(rateHz / toHz) * 1e6f);
            return micros > maxMicros ? maxMicros : micros;
        }

        private void SetPhase(int phase, long nowMicros, long micros)
        {
            if (phase == 4)
            {
                _settleShorted = false;
                _settleCountKnown = false;
                _settleEdgeMicros = nowMicros - SettleQuietMicros;
            }

            _phase = phase;
            _phaseSinceMicros = nowMicros;
            _phaseMicros = micros;
        }
    }
}
