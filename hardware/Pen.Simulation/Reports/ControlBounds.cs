using System;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Reports
{
    /// <summary>
    /// What no controller with this sensing and a 10 ms tick can do better than, measured on the plant alone at
    /// constant duty (the duty found by bisection to give the setpoint):
    /// - the stroke-to-stroke spread: each stroke meets the skin with its own load (×(1 ± 0.2), plant.md §3.2);
    ///   a controller that samples about once per stroke cannot know a stroke's load before it happens, so it
    ///   cannot make that stroke's rate steadier than constant duty does;
    /// - from that spread, how often the best such controller (constant duty, its mean held exactly on the setpoint)
    ///   keeps every stroke of a settling target's window within ±2 % (<see cref="IdealKeepsWithin2Percent"/>);
    /// - the unavoidable excursion at contact and lift-off: the firmware senses a load change only through the
    ///   motor (its current, and the back-EMF speed and Hall edges, which follow the same rotor speed). So a change
    ///   is known once two things have happened: the needles in the skin feel a load no ordinary stroke of the old
    ///   contact gives them (each stroke's own load varies by ±20 %), and the motor current, noise-free and sampled
    ///   every 250 µs, has left the range that ordinary strokes give it at the same cam phase (a detector that
    ///   trips inside that range trips on an ordinary stroke too). The second is the later one at a lift-off: the
    ///   current answers a fall of load only as the rotor speeds up (τ_m ≈ 10 ms). The floor is the plant at the
    ///   old duty until that moment plus the latest first tick after it (13 ms with jitter), then the strongest
    ///   action (brake or full duty) to the end of the stroke in progress, worst of <see cref="ActionPhases"/> cam
    ///   phases at which the event can begin. It assumes a controller that knows the change the instant the
    ///   current shows it, with no ADC noise, no RC lag and exact cam phase, so any real one does worse.
    /// </summary>
    public static class ControlBounds
    {
        /// <summary>The latest a tick-based controller can first act after an event: 10 ms period + 3 ms jitter. Unit: s.</summary>
        public const double FirstActionS = 0.013;

        public sealed class Result
        {
            public double DutyForSetpoint;
            public double StrokeRmsOnSkin;
            /// <summary>Share of strokes on skin whose rate is more than 2 % off the mean, at constant duty.</summary>
            public double ShareOutside2Percent;
            /// <summary>Share of the windows of <see cref="ControlCaseRunner.SettleWatchS"/> less the 200 ms the contact
            /// target allows (and less the 250 ms of the harsh contact) in which constant duty keeps every stroke on skin
            /// within ±2 % of its mean (<see cref="IdealKeepsWithin2Percent"/>): how often the best controller that samples
            /// about once per stroke meets "within ±2 % after contact". Unit: fraction 0..1.</summary>
            public double IdealMeetsContactSettle, IdealMeetsHarshSettle;
            public double UnavoidableContactDip;
            public double UnavoidableHarshDip;
            public double UnavoidableLiftOvershoot;
            /// <summary>The latest first action after the event that still meets the target, worst cam phase (LatestAction). Unit: s.</summary>
            public double ContactActByS, HarshActByS, LiftActByS;
            /// <summary>When the load change is first known from the motor current (<see cref="CurrentEnvelope"/>, and not
            /// before the needles feel it), after the event, latest of the cam phases tried. Unit: s.</summary>
            public double ContactInformedS, HarshInformedS, LiftInformedS;
            /// <summary>When the needles first feel a load no ordinary stroke gives them (<see cref="FeltBeyondSpread"/>),
            /// after the event, latest of the cam phases tried: what a load sensor at the needles would know. Unit: s.</summary>
            public double ContactAtNeedlesS, HarshAtNeedlesS, LiftAtNeedlesS;
            /// <summary>How long the current of ordinary strokes on skin (no load change) stayed inside the range
            /// recorded from the strokes before (<see cref="CurrentEnvelope"/>), up to <see cref="QuietCheckS"/>: a
            /// shorter time would mean the range is too narrow and "in the current by" too early. Unit: s.</summary>
            public double OrdinaryStrokesInRangeS;
        }

        /// <summary>A ±2 % settling target is unreachable in a case when the best controller that samples about once per
        /// stroke (constant duty, mean on the setpoint) would meet it in fewer than this share of its windows
        /// (<see cref="Result.IdealMeetsContactSettle"/>): it would miss it more often than not. Unit: fraction.</summary>
        public const double IdealMeetsAtLeast = 0.5;

        /// <summary>How long <see cref="IdealKeepsWithin2Percent"/> watches constant duty on skin: 1,500 to 4,500 strokes. Unit: s.</summary>
        public const double IdealRunS = 30.0;

        /// <summary>
        /// The share of windows of <paramref name="windowS"/> (one starting at each stroke) in which every stroke is within
        /// ±2 % of the mean rate over the second around it. That mean stands for the setpoint: it is what the best
        /// controller would hold there, while the duty stays constant against each stroke's own load. The slow drift of
        /// constant duty (the winding warming, the cell draining) is what any controller takes out, so it is not counted.
        /// </summary>
        public static double IdealKeepsWithin2Percent(double[] ends, double[] rates, double windowS)
        {
            int n = rates.Length;
            if (n == 0 || ends[n - 1] - ends[0] < windowS + LocalMeanS) return double.NaN;
            var beyond = new bool[n];
            int lo = 0, hi = 0;
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                while (hi < n && ends[hi] <= ends[k] + 0.5 * LocalMeanS) sum += rates[hi++];
                while (ends[lo] < ends[k] - 0.5 * LocalMeanS) sum -= rates[lo++];
                double mean = sum / (hi - lo);
                beyond[k] = Math.Abs(rates[k] - mean) > 0.02 * mean;
            }

            // windows wholly inside the part where the mean is taken over a full second
            int windows = 0, clean = 0, nextBeyond = n;
            for (int k = n - 1; k >= 0; k--)
            {
                if (beyond[k]) nextBeyond = k;
                if (ends[k] < ends[0] + 0.5 * LocalMeanS || ends[k] + windowS > ends[n - 1] - 0.5 * LocalMeanS) continue;
                windows++;
                if (nextBeyond == n || ends[nextBeyond] > ends[k] + windowS) clean++;
            }

            return windows > 0 ? clean / (double)windows : double.NaN;
        }

        /// <summary>Span of the mean that stands for the setpoint in <see cref="IdealKeepsWithin2Percent"/>. Unit: s.</summary>
        private const double LocalMeanS = 1.0;

        public static Result Measure(ControlCase c)
        {
            var r = new Result();
            PlantParameters p = c.Parameters();
            double soc = c.Plant == "RP-1" ? c.StateOfCharge : 1;
            // duty that gives the setpoint on skin (mean over 2 s)
            double lo = 0, hi = 1;
            for (int i = 0; i < 18; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (MeanRateOnSkin(p, soc, c, mid, c.Seed) < c.SetpointHz) lo = mid;
                else hi = mid;
            }

            double duty = 0.5 * (lo + hi);
            r.DutyForSetpoint = duty;
            PenPlant plant = NewPlant(p, soc, c, c.Seed, 1.0);
            PlantChecks.RunOpenLoop(plant, duty, 1.5);
            int first = plant.StrokeTimeCount;
            PlantChecks.RunOpenLoop(plant, duty, 4.0);
            var line = new StrokeTimeline(Copy(plant));
            double t0 = plant.StrokeTimes[first], t1 = plant.TimeS;
            double mean = line.MeanRate(t0, t1);
            r.StrokeRmsOnSkin = line.RmsStrokeDeviation(t0, t1, mean);
            line.StrokeRates(t0, t1, out _, out double[] rates);
            int outside = 0;
            foreach (double x in rates) if (Math.Abs(x - mean) > 0.02 * mean) outside++;
            r.ShareOutside2Percent = rates.Length > 0 ? outside / (double)rates.Length : double.NaN;
            PlantChecks.RunOpenLoop(plant, duty, IdealRunS - 4.0);
            line = new StrokeTimeline(Copy(plant));
            line.StrokeRates(t0, plant.TimeS, out double[] ends, out rates);
            r.IdealMeetsContactSettle = IdealKeepsWithin2Percent(ends, rates, ControlCaseRunner.SettleWatchS - ControlCaseRunner.ContactSettleLimitS);
            r.IdealMeetsHarshSettle = IdealKeepsWithin2Percent(ends, rates, ControlCaseRunner.SettleWatchS - ControlCaseRunner.HarshSettleLimitS);

            // the duty that holds the setpoint free of skin, for the contact events
            lo = 0;
            hi = 1;
            for (int i = 0; i < 18; i++)
            {
                double mid = 0.5 * (lo + hi);
                PenPlant free = NewPlant(p, soc, c, c.Seed, 0);
                PlantChecks.RunOpenLoop(free, mid, 1.0);
                int k = free.StrokeTimeCount;
                PlantChecks.RunOpenLoop(free, mid, 0.5);
                double f = new StrokeTimeline(Copy(free)).MeanRate(free.StrokeTimes[k], free.TimeS);
                if (f < c.SetpointHz) lo = mid;
                else hi = mid;
            }

            double freeDuty = 0.5 * (lo + hi);
            // the floors: acting the latest first tick after the change has reached the current
            r.UnavoidableContactDip = WorstOverPhases(p, soc, c, freeDuty, 0, 1, 0.050, true, FirstActionS, true, out r.ContactInformedS, out r.ContactAtNeedlesS);
            r.UnavoidableHarshDip = WorstOverPhases(p, soc, c, freeDuty, 0, 1, 1 / c.SetpointHz, true, FirstActionS, true, out r.HarshInformedS, out r.HarshAtNeedlesS);
            r.UnavoidableLiftOvershoot = WorstOverPhases(p, soc, c, duty, 1, 0, 0.020, false, FirstActionS, true, out r.LiftInformedS, out r.LiftAtNeedlesS);
            r.OrdinaryStrokesInRangeS = OrdinaryStrokesInRange(p, soc, c, duty);
            r.ContactActByS = LatestAction(p, soc, c, freeDuty, 0, 1, 0.050, true, c.ContactDipLimit);
            r.HarshActByS = LatestAction(p, soc, c, freeDuty, 0, 1, 1 / c.SetpointHz, true, c.HarshDipLimit);
            r.LiftActByS = LatestAction(p, soc, c, duty, 1, 0, 0.020, false, ControlCase.LiftOvershootLimit);
            return r;
        }

        /// <summary>Event phases tried by <see cref="LatestAction"/>: where in the cam's turn the load starts to change.</summary>
        public const int ActionPhases = 8;

        /// <summary>The latest action <see cref="LatestAction"/> looks at; a case that is met even then shows this. Unit: s.</summary>
        public const double ActionHorizonS = 0.064;

        /// <summary>
        /// How soon a controller must act at a load change to keep the excursion within <paramref name="limit"/>:
        /// the latest time after the event at which the strongest action (held to the end of the stroke in progress)
        /// still keeps every stroke up to then within it, for the worst of <see cref="ActionPhases"/> cam phases at
        /// which the event can begin (bisection to 0.5 ms). 0 when even acting at once is not enough. Unit: s.
        /// </summary>
        private static double LatestAction(PlantParameters p, double soc, ControlCase c, double duty, double from, double to, double rampS, bool dip, double limit)
        {
            double lo = 0, hi = ActionHorizonS;
            if (WorstOverPhases(p, soc, c, duty, from, to, rampS, dip, hi, false, out _, out _) <= limit) return hi;
            if (WorstOverPhases(p, soc, c, duty, from, to, rampS, dip, lo, false, out _, out _) > limit) return 0;
            while (hi - lo > 0.0005)
            {
                double mid = 0.5 * (lo + hi);
                if (WorstOverPhases(p, soc, c, duty, from, to, rampS, dip, mid, false, out _, out _) <= limit) lo = mid;
                else hi = mid;
            }

            return lo;
        }

        /// <summary>The worst <see cref="EventExcursion"/> over <see cref="ActionPhases"/> cam phases at which the event
        /// can begin, and the latest the change was known (in the current; at the needles) among them.</summary>
        private static double WorstOverPhases(PlantParameters p, double soc, ControlCase c, double duty, double from, double to, double rampS, bool dip,
            double actS, bool fromInformation, out double latestInformedS, out double latestAtNeedlesS)
        {
            double worst = 0;
            latestInformedS = 0;
            latestAtNeedlesS = 0;
            for (int k = 0; k < ActionPhases; k++)
            {
                worst = Math.Max(worst, EventExcursion(p, soc, c, duty, from, to, rampS, dip, actS, k / (double)ActionPhases, fromInformation, out double informedS, out double atNeedlesS));
                latestInformedS = Math.Max(latestInformedS, informedS);
                latestAtNeedlesS = Math.Max(latestAtNeedlesS, atNeedlesS);
            }

            return worst;
        }

        /// <summary>
        /// Whether the needles feel a load no stroke of the old contact gives them: any load after free running;
        /// below the lightest stroke (×(1 − StrokeVariability)) after contact, or above the heaviest. Only then can
        /// the change be told from an ordinary stroke's own load.
        /// </summary>
        private static bool FeltBeyondSpread(PenPlant plant, PlantParameters p, double from)
        {
            double felt = plant.SkinLoadFelt;
            if (felt <= 0) return false;
            if (from <= 0) return true;
            return felt < from * (1 - p.StrokeVariability) || felt > from * (1 + p.StrokeVariability);
        }

        /// <summary>
        /// The range of the motor current at each cam phase over ordinary strokes (the plant at a constant duty and
        /// load for <see cref="EnvelopeS"/>, sampled every 250 µs in <see cref="EnvelopeBins"/> phase bins). A current
        /// outside it is one no ordinary stroke gives at that phase: the earliest a detector on the current can trip
        /// without tripping on ordinary strokes. Free of skin the strokes are all alike and the range is narrow, so
        /// slow drift alone leaves it; there the needles' contact decides (<see cref="FeltBeyondSpread"/>).
        /// </summary>
        private sealed class CurrentEnvelope
        {
            private readonly double[] _low = new double[EnvelopeBins];
            private readonly double[] _high = new double[EnvelopeBins];

            /// <summary>Records the plant's next <see cref="EnvelopeS"/> at constant duty.</summary>
            public static CurrentEnvelope Record(PenPlant plant, double duty)
            {
                var e = new CurrentEnvelope();
                for (int b = 0; b < EnvelopeBins; b++)
                {
                    e._low[b] = double.MaxValue;
                    e._high[b] = double.MinValue;
                }

                double end = plant.TimeS + EnvelopeS;
                while (plant.TimeS < end)
                {
                    PlantChecks.RunOpenLoop(plant, duty, SearchStepS, 250);
                    int b = Bin(plant);
                    e._low[b] = Math.Min(e._low[b], plant.MotorCurrentA);
                    e._high[b] = Math.Max(e._high[b], plant.MotorCurrentA);
                }

                return e;
            }

            public bool Outside(PenPlant plant)
            {
                int b = Bin(plant);
                return plant.MotorCurrentA < _low[b] || plant.MotorCurrentA > _high[b];
            }

            private static int Bin(PenPlant plant)
            {
                const double TwoPi = 2 * Math.PI;
                double phase = plant.CamAngleRad % TwoPi;
                if (phase < 0) phase += TwoPi;
                return Math.Min(EnvelopeBins - 1, (int)(phase / TwoPi * EnvelopeBins));
            }
        }

        /// <summary>How long <see cref="OrdinaryStrokesInRange"/> watches. Unit: s.</summary>
        public const double QuietCheckS = 1.0;

        /// <summary>On skin with no load change: how long the current stays inside the range of the strokes before it,
        /// up to <see cref="QuietCheckS"/>. Unit: s.</summary>
        private static double OrdinaryStrokesInRange(PlantParameters p, double soc, ControlCase c, double duty)
        {
            PenPlant plant = NewPlant(p, soc, c, c.Seed, 1.0);
            PlantChecks.RunOpenLoop(plant, duty, 1.5);
            CurrentEnvelope envelope = CurrentEnvelope.Record(plant, duty);
            double t = plant.TimeS;
            while (plant.TimeS - t < QuietCheckS && !envelope.Outside(plant)) PlantChecks.RunOpenLoop(plant, duty, SearchStepS, 250);
            return Math.Min(plant.TimeS - t, QuietCheckS);
        }

        /// <summary>Ordinary strokes recorded for <see cref="CurrentEnvelope"/>: 300 to 900 strokes. Unit: s.</summary>
        public const double EnvelopeS = 6.0;

        /// <summary>Cam-phase bins of <see cref="CurrentEnvelope"/>.</summary>
        private const int EnvelopeBins = 48;

        /// <summary>Step of the search for when a change is known: the needles are in the skin for a few ms of each stroke. Unit: s.</summary>
        private const double SearchStepS = 0.00025;

        /// <summary>Longest a load change is searched for at the needles and in the current. Unit: s.</summary>
        private const double InformedSearchS = 0.1;

        /// <summary>
        /// The excursion at a load change when the plant runs at the duty that held the setpoint before the event
        /// for <paramref name="actS"/> (after the event, or when <paramref name="fromInformation"/> after the change is
        /// known: <see cref="CurrentEnvelope"/>, <see cref="FeltBeyondSpread"/>), then takes the strongest action there is (the bridge shorted, duty 0,
        /// against an overshoot; full duty against a dip) until the stroke in progress ends. The worst of the strokes
        /// that ended before the action and of the one in progress; later strokes are the controller's to shape.
        /// </summary>
        private static double EventExcursion(PlantParameters p, double soc, ControlCase c, double duty, double from, double to, double rampS, bool dip,
            double actS, double phaseStrokes, bool fromInformation, out double informedS, out double atNeedlesS)
        {
            PenPlant plant = NewPlant(p, soc, c, c.Seed, from);
            PlantChecks.RunOpenLoop(plant, duty, 1.5);
            // the ordinary strokes just before the event, for telling the change from them
            CurrentEnvelope envelope = fromInformation ? CurrentEnvelope.Record(plant, duty) : null;
            // the event begins phaseStrokes of a stroke after the cam passed the needle-retracted point
            int passes = plant.StrokeTimeCount;
            for (int i = 0; i < InformedSearchS / SearchStepS && plant.StrokeTimeCount == passes; i++) PlantChecks.RunOpenLoop(plant, duty, SearchStepS, 250);
            PlantChecks.RunOpenLoop(plant, duty, phaseStrokes / c.SetpointHz);
            double t = plant.TimeS;
            plant.SetSkinLoad(to, rampS);
            informedS = 0;
            atNeedlesS = 0;
            if (envelope != null)
            {
                // known once the needles feel it and the current shows it, whichever is later
                double felt = double.NaN, shown = double.NaN;
                for (int i = 0; i < InformedSearchS / SearchStepS; i++)
                {
                    if (double.IsNaN(felt) && FeltBeyondSpread(plant, p, from)) felt = plant.TimeS - t;
                    if (double.IsNaN(shown) && envelope.Outside(plant)) shown = plant.TimeS - t;
                    if (!double.IsNaN(felt) && !double.IsNaN(shown)) break;
                    PlantChecks.RunOpenLoop(plant, duty, SearchStepS, 250);
                }

                atNeedlesS = double.IsNaN(felt) ? InformedSearchS : felt;
                informedS = plant.TimeS - t;
            }

            PlantChecks.RunOpenLoop(plant, duty, actS);
            int inProgress = plant.StrokeTimeCount;
            double strongest = dip ? 1.0 : 0.0;
            for (int i = 0; i < 200 && plant.StrokeTimeCount <= inProgress; i++) PlantChecks.RunOpenLoop(plant, strongest, 0.0005);
            var line = new StrokeTimeline(Copy(plant));
            line.StrokeRates(t, plant.TimeS, out double[] times, out double[] rates);
            double worst = 0;
            for (int k = 0; k < rates.Length; k++)
            {
                double e = dip ? (c.SetpointHz - rates[k]) / c.SetpointHz : (rates[k] - c.SetpointHz) / c.SetpointHz;
                worst = Math.Max(worst, e);
            }

            return worst;
        }

        private static double MeanRateOnSkin(PlantParameters p, double soc, ControlCase c, double duty, int seed)
        {
            PenPlant plant = NewPlant(p, soc, c, seed, 1.0);
            PlantChecks.RunOpenLoop(plant, duty, 1.0);
            int k = plant.StrokeTimeCount;
            PlantChecks.RunOpenLoop(plant, duty, 1.0);
            if (plant.StrokeTimeCount - k < 3) return 0;
            return new StrokeTimeline(Copy(plant)).MeanRate(plant.StrokeTimes[k], plant.TimeS);
        }

        /// <summary>What the best controller that samples once a tick could do across one tick pause in which the enable
        /// circuit cut the drive (<see cref="AcrossCut"/>).</summary>
        public sealed class CutFloor
        {
            /// <summary>The ideal's duty: held constant from the plant's state at the last tick before the pause, it gives
            /// the setpoint as the mean rate (bisection, <see cref="CutIdealRunS"/>).</summary>
            public double IdealDuty;
            /// <summary>The first tick's duty after the pause that keeps the stretch's worst stroke nearest the setpoint.</summary>
            public double BestMakeUpDuty;
            /// <summary>The worst stroke of the stretch with that make-up: |rate − setpoint| / setpoint. Unit: fraction.</summary>
            public double BestWorst;
            /// <summary>The same with no make-up (the ideal's duty on the first tick too). Unit: fraction.</summary>
            public double WorstWithoutMakeUp;
        }

        /// <summary>The tick period of the controller the cut's floor assumes (the firmware's). Unit: s.</summary>
        public const double TickS = 0.010;

        /// <summary>How long <see cref="AcrossCut"/> runs each duty of its bisection for the ideal's duty (the first
        /// <see cref="CutSettleS"/> of it not measured). Unit: s.</summary>
        public const double CutIdealRunS = 1.0, CutSettleS = 0.3;

        /// <summary>Step of <see cref="AcrossCut"/>'s search of the make-up duty over 0..1, and of its refinement around the best.</summary>
        public const double MakeUpStep = 0.01, MakeUpFineStep = 0.001;

        /// <summary>
        /// The floor of a ±2 % settling verdict decided across a tick pause in which the enable circuit cut the drive,
        /// on the plant alone from its state at the last tick before the pause: the ideal controller's duty (note 2's:
        /// constant, its mean rate on the setpoint) held through the pause, the drive cut for as long as it was in the
        /// run (the circuit's hold runs from the last heartbeat edge), then on the first tick after the pause one
        /// make-up duty for one tick and the ideal's duty after it. Every make-up duty from 0 to 1 is tried (an oracle:
        /// it picks by the outcome); the stretch is every stroke that ends after the last tick before the pause and
        /// begins at most <see cref="ControlCaseRunner.AfterPauseS"/> after the first tick after it (the strokes the
        /// report counts as the pause's). During the pause no controller can act, and the cut is the hardware's.
        /// </summary>
        public static CutFloor AcrossCut(ControlCase c, CutPause pause)
        {
            var f = new CutFloor();
            double lo = 0, hi = 1;
            for (int i = 0; i < 16; i++)
            {
                double mid = 0.5 * (lo + hi);
                PenPlant p = pause.Plant.Copy();
                PlantChecks.RunOpenLoop(p, mid, CutSettleS);
                double t0 = p.TimeS;
                PlantChecks.RunOpenLoop(p, mid, CutIdealRunS - CutSettleS);
                if (new StrokeTimeline(Copy(p)).MeanRate(t0, p.TimeS) < c.SetpointHz) lo = mid;
                else hi = mid;
            }

            f.IdealDuty = 0.5 * (lo + hi);
            // the pause: the ideal's duty held, no heartbeat edge, so the circuit cuts after its hold as it did in the run
            PenPlant held = pause.Plant.Copy();
            held.EnableRequest = true;
            held.DutyCommand = f.IdealDuty;
            long holdMicros = (long)(held.Parameters.HeartbeatHoldMs * 1000);
            held.AdvanceTo(held.LastHeartbeatEdgeMicros + holdMicros + (long)Math.Round(pause.CutS * 1e6));
            double resumeS = held.TimeS;
            f.WorstWithoutMakeUp = WorstAcrossCut(c, held, pause, resumeS, f.IdealDuty, f.IdealDuty);
            f.BestWorst = double.MaxValue;
            for (double d = 0; d <= 1 + 1e-9; d += MakeUpStep) TryMakeUp(c, held, pause, resumeS, f, d);
            double coarse = f.BestMakeUpDuty;
            for (double d = coarse - MakeUpStep; d <= coarse + MakeUpStep + 1e-9; d += MakeUpFineStep)
            {
                if (d >= 0 && d <= 1) TryMakeUp(c, held, pause, resumeS, f, d);
            }

            return f;
        }

        private static void TryMakeUp(ControlCase c, PenPlant held, CutPause pause, double resumeS, CutFloor f, double makeUp)
        {
            double w = WorstAcrossCut(c, held, pause, resumeS, makeUp, f.IdealDuty);
            if (w < f.BestWorst)
            {
                f.BestWorst = w;
                f.BestMakeUpDuty = makeUp;
            }
        }

        /// <summary>The worst stroke of the stretch (<see cref="AcrossCut"/>) with <paramref name="makeUp"/> for the first tick after the pause.</summary>
        private static double WorstAcrossCut(ControlCase c, PenPlant held, CutPause pause, double resumeS, double makeUp, double idealDuty)
        {
            PenPlant p = held.Copy();
            PlantChecks.RunOpenLoop(p, makeUp, TickS);
            double lastStart = resumeS + ControlCaseRunner.AfterPauseS;
            PlantChecks.RunOpenLoop(p, idealDuty, lastStart - p.TimeS + 2.0 / c.SetpointHz);
            var line = new StrokeTimeline(Copy(p));
            line.StrokeRates(pause.LastTickS, p.TimeS, out double[] ends, out double[] rates);
            double worst = 0;
            for (int k = 0; k < rates.Length; k++)
            {
                if (line.StrokeStart(ends[k]) > lastStart) break;
                worst = Math.Max(worst, Math.Abs(rates[k] - c.SetpointHz) / c.SetpointHz);
            }

            return worst;
        }

        /// <summary>The needle depth the floors' plant runs at, as the control report's cases do (ControlCases). Unit: mm.</summary>
        public const double DepthMm = 1.5;

        private static PenPlant NewPlant(PlantParameters p, double soc, ControlCase c, int seed, double load)
        {
            var plant = new PenPlant(p, seed, soc, 23) { DepthMm = DepthMm, SkinContact = true };
            c.Seat(plant);
            plant.SetSkinLoad(load, 0);
            return plant;
        }

        private static double[] Copy(PenPlant plant)
        {
            var a = new double[plant.StrokeTimeCount];
            Array.Copy(plant.StrokeTimes, a, a.Length);
            return a;
        }
    }
}
