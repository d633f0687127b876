using System;
using System.Collections.Generic;
using Pen.Core.Control;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>One standard control case: plant, cartridge, supply and stroke rate.</summary>
    public sealed class ControlCase
    {
        public string Plant = "RP-1";
        public int Needles = 12;
        /// <summary>The name of the pen this case varies the reference plant to ("" for the reference plant itself).</summary>
        public string Variation = "";
        /// <summary>The plant's true parameters where they differ from the reference plant's (PlantParameters JSON names);
        /// the firmware is told its board variant's datasheet values, as ever.</summary>
        public Dictionary<string, double> Truth = new Dictionary<string, double>();
        /// <summary>The cartridge's spring and needle force where they differ from the plant's.</summary>
        public CartridgeBuild Cartridge = new CartridgeBuild();
        /// <summary>Cell open-circuit voltage at the start (RP-1), or 0 for the corded RP-2. Unit: V.</summary>
        public double SupplyVolts = 4.2;
        public double SetpointHz = 100;
        public int Seed = 1;
        /// <summary>How long the press and the whole timeline are delayed, the plant idling powered before the press as at
        /// no delay: the same case at another place in the tick pattern's pauses and the noise draws. Unit: s.</summary>
        public double ShiftS;

        /// <summary>Target c, standard contact: the stroke rate dips at most 5 % (12 needles) or 10 % (42). Unit: fraction.</summary>
        public double ContactDipLimit => Needles >= 42 ? 0.10 : 0.05;
        /// <summary>Target c, harsh contact: at most 10 % (12 needles) or 20 % (42). Unit: fraction.</summary>
        public double HarshDipLimit => Needles >= 42 ? 0.20 : 0.10;
        /// <summary>Target c, lift-off: overshoot at most 5 %. Unit: fraction.</summary>
        public const double LiftOvershootLimit = 0.05;

        public string Name =>
            (Variation.Length > 0 ? Variation + ": " : "") +
            Plant + " " + Needles + "N " + (Plant == "RP-1" ? SupplyVolts.ToString("F1") + "V" : "7.4V bus") + " " + SetpointHz.ToString("F0") + "/s";

        /// <summary>The plant's true parameters: the reference plant with <see cref="Truth"/> applied.</summary>
        public Pen.Simulation.Plant.PlantParameters Parameters()
        {
            var p = Pen.Simulation.Plant.PlantParameters.ForName(Plant);
            foreach (KeyValuePair<string, double> t in Truth)
            {
                if (!p.TrySet(t.Key, t.Value)) throw new ArgumentException("no plant parameter \"" + t.Key + "\"");
            }

            return p;
        }

        /// <summary>Seats this case's cartridge in a bare plant (the reports' open-loop runs): needles, spring and needle force.</summary>
        public void Seat(Pen.Simulation.Plant.PenPlant plant)
        {
            Pen.Simulation.Plant.PlantParameters p = plant.Parameters;
            plant.Needles = Needles;
            plant.SpringPreloadN = double.IsNaN(Cartridge.SpringPreloadN) ? p.SpringPreloadN : Cartridge.SpringPreloadN;
            plant.SpringRateNPerM = double.IsNaN(Cartridge.SpringRateNPerM) ? p.SpringRateNPerM : Cartridge.SpringRateNPerM;
            plant.NeedleForceN = double.IsNaN(Cartridge.NeedleForceN) ? p.PunctureForcePerNeedleN : Cartridge.NeedleForceN;
        }

        /// <summary>The state of charge whose open-circuit voltage is <see cref="SupplyVolts"/>.</summary>
        public double StateOfCharge
        {
            get
            {
                double lo = 0, hi = 1;
                for (int i = 0; i < 60; i++)
                {
                    double mid = (lo + hi) / 2;
                    if (Pen.Simulation.Plant.Supply.OcvAt(mid) < SupplyVolts) lo = mid;
                    else hi = mid;
                }

                return (lo + hi) / 2;
            }
        }

        /// <summary>The standard matrix of the stroke control issue: RP-1 and RP-2, 12 and 42 needles, 4.2 V and 3.2 V (RP-1), 50/100/150 strokes/s.</summary>
        public static List<ControlCase> StandardMatrix(int seed = 1, double shiftS = 0)
        {
            var list = new List<ControlCase>();
            foreach (string plant in new[] { "RP-1", "RP-2" })
            foreach (int needles in new[] { 12, 42 })
            foreach (double volts in plant == "RP-1" ? new[] { 4.2, 3.2 } : new[] { 0.0 })
            foreach (double hz in new[] { 50.0, 100.0, 150.0 })
                list.Add(new ControlCase { Plant = plant, Needles = needles, SupplyVolts = volts, SetpointHz = hz, Seed = seed, ShiftS = shiftS });
            return list;
        }
    }

    /// <summary>What one case measured (relative errors as fractions, times in s). NaN = not measured.</summary>
    public sealed class ControlResult
    {
        public ControlCase Case;
        public double StartSettle, StartOvershoot;
        public double FreeWindow1s, FreeWindow5s, FreeStrokeRms;
        public double SkinWindow1s, SkinWindow5s, SkinStrokeRms;
        public double ContactDip, ContactSettle;
        public double LiftOvershoot, LiftSettle;
        public double HarshDip, HarshSettle;
        /// <summary>The firmware's first response to contact, harsh contact and lift-off: time from the event to the first
        /// tick whose duty has gone a quarter of the way from the holding duty before it (mean over 0.2 s) to the one
        /// after it (mean over 0.5–1.0 s after). NaN when the duty did not change. Unit: s.</summary>
        public double ContactResponseS, HarshResponseS, LiftResponseS;
        public double LevelChangeSettle;
        /// <summary>Strokes more than 2 % off the setpoint outside the transients the targets allow (from 300 ms after
        /// the start, 200 ms after contact and lift-off, 250 ms after the harsh contact, to the next event), and how
        /// many strokes that covers: how steady the rate is where every stroke should be within ±2 %.</summary>
        public int StrokesBeyond2Percent, StrokesSteady;
        /// <summary>Of <see cref="StrokesBeyond2Percent"/>, those that began at most <see cref="ControlCaseRunner.AfterPauseS"/>
        /// after a tick pause (a tick longer than <see cref="ControlCaseRunner.PauseTickS"/>) ended, or during it.</summary>
        public int StrokesBeyond2PercentAfterPause;
        /// <summary>Times the enable circuit cut the drive during a tick pause longer than its hold, and for how long in all. Unit: count, s.</summary>
        public int HeartbeatCutouts;
        public double HeartbeatCutoutSeconds;
        /// <summary>The targets (ControlReport's keys, "id what") whose value was decided by a stroke that began during a tick
        /// pause or at most <see cref="ControlCaseRunner.AfterPauseS"/> after one ended: the worst stroke of a dip or an
        /// overshoot, the last stroke outside ±2 % of a settling target. The tick patterns' pauses (20–50 ms) are part
        /// of the conditions; this says which verdicts they decided.</summary>
        public readonly HashSet<string> DecidedAfterPause = new HashSet<string>();
        /// <summary>The tick pauses in which the enable circuit cut the drive, from shortly before each contact to the end
        /// of its settling watch, each with a copy of the plant at the last tick before it (the floor of a settling
        /// verdict across such a pause: ControlBounds.AcrossCut).</summary>
        public readonly List<CutPause> CutPauses = new List<CutPause>();
        public double MaxShaftRpm;
        /// <summary>Fault codes the firmware raised during the run (none is injected: each is a false fault), in code order.</summary>
        public int[] Faults = Array.Empty<int>();
        public double ParkSeconds;
        public double ParkNeedleMm;
        /// <summary>Truth: every stroke's time, and when each event of the timeline happened (s).</summary>
        public double[] StrokeTimes;
        public double StartS, ContactS, LiftS, HarshS, LevelS, StopS;
        /// <summary>How long the first start waited for the cartridge's chain (the cartridge seated at boot is measured at the
        /// first start, needles in the air) before the treatment drive started; the start's targets are judged from the drive's start. Unit: s.</summary>
        public double CartridgeWaitS;
    }

    /// <summary>A tick pause in which the enable circuit cut the drive (the plant counted a cut), and the plant as it was
    /// at the last tick before it.</summary>
    public sealed class CutPause
    {
        /// <summary>When the tick before the pause and the first tick after it had done their work (TickRow.TimeS). Unit: s.</summary>
        public double LastTickS, ResumeTickS;
        /// <summary>How long the enable circuit cut the drive in the pause (the plant's count). Unit: s.</summary>
        public double CutS;
        /// <summary>A copy of the plant at the last tick before the pause (PenPlant.Copy), the firmware's duty applied.</summary>
        public Pen.Simulation.Plant.PenPlant Plant;
    }

    /// <summary>
    /// Keeps a copy of the plant at every tick inside the given spans and records each tick pause in which the enable
    /// circuit cut the drive, with the copy from the tick before it.
    /// </summary>
    public sealed class CutPauseRecorder : ITickSink
    {
        private readonly Pen.Simulation.Plant.PenPlant _plant;
        private readonly double[] _spans;
        private Pen.Simulation.Plant.PenPlant _last;
        private double _lastS = double.NaN, _lastCutS;
        private int _lastCuts;
        public readonly List<CutPause> Pauses = new List<CutPause>();

        /// <param name="spans">Pairs of the scenario's times (from, to; TickRow.ScenarioS: a start that waited for the cartridge's
        /// chain held the timeline back) in which to keep copies. Unit: s.</param>
        public CutPauseRecorder(Pen.Simulation.Plant.PenPlant plant, params double[] spans)
        {
            _plant = plant;
            _spans = spans;
        }

        public void OnTick(in TickRow row)
        {
            // a tick the firmware did not run (frozen, off) is part of the pause
            if (!row.FirmwareRan) return;
            if (_last != null && row.TimeS - _lastS > ControlCaseRunner.PauseTickS && _plant.HeartbeatCutouts > _lastCuts)
                Pauses.Add(new CutPause { LastTickS = _lastS, ResumeTickS = row.TimeS, CutS = _plant.HeartbeatCutoutSeconds - _lastCutS, Plant = _last });
            _last = null;
            for (int i = 0; i + 1 < _spans.Length; i += 2)
            {
                if (row.ScenarioS >= _spans[i] && row.ScenarioS <= _spans[i + 1]) _last = _plant.Copy();
            }

            _lastS = row.TimeS;
            _lastCuts = _plant.HeartbeatCutouts;
            _lastCutS = _plant.HeartbeatCutoutSeconds;
        }
    }

    /// <summary>
    /// Runs a control case on the simulated pen with the whole firmware, tick jitter (±3 ms) and pauses (20–50 ms,
    /// 0.5 % of ticks) on, along one timeline: start from rest; 7 s free; contact (load ramps in 50 ms); 7 s on skin;
    /// lift-off; contact in one stroke (harsh); lift-off; a change to the adjacent speed level (±20 strokes/s); stop.
    /// The press and the timeline begin <see cref="ControlCase.ShiftS"/> later when the case asks for it.
    /// </summary>
    public static class ControlCaseRunner
    {
        public const double FreeS = 7.0, SkinS = 7.0;

        /// <summary>A tick longer than this is a pause of the firmware (the tick pattern's are 20–50 ms). Unit: s.</summary>
        public const double PauseTickS = 0.019;

        /// <summary>A stroke beyond ±2 % that began this soon after a pause ended is counted as the pause's. Unit: s.</summary>
        public const double AfterPauseS = 0.06;

        /// <summary>How long after a contact (and after the harsh contact, until the next lift-off) the ±2 % settling
        /// targets watch the strokes. Unit: s.</summary>
        public const double SettleWatchS = 1.5;

        /// <summary>The settling the targets allow: within ±2 % from 200 ms after contact, 250 ms after the harsh contact. Unit: s.</summary>
        public const double ContactSettleLimitS = 0.200, HarshSettleLimitS = 0.250;

        /// <param name="c">The case.</param>
        /// <param name="extra">A further sink for every tick (null for none).</param>
        /// <param name="attach">Called with the runner before it runs (a report that watches the plant or the firmware; null for none).</param>
        public static ControlResult Run(ControlCase c, ITickSink extra = null, Action<ScenarioRunner> attach = null)
        {
            var s = new Scenario { Name = c.Name, Plant = c.Plant, Seed = c.Seed, DurationS = 40 };
            foreach (KeyValuePair<string, double> t in c.Truth) s.Overrides[t.Key] = t.Value;
            s.Tick = new TickPattern { JitterMs = 3, PauseProbability = 0.005, PauseMinMs = 20, PauseMaxMs = 50 };
            s.Initial = new InitialConditions
            {
                Cartridge = true, Needles = c.Needles, DepthMm = 1.5, StateOfCharge = c.Plant == "RP-1" ? c.StateOfCharge : 1, AmbientC = 23,
                CartridgeBuild = c.Cartridge.Clone(),
            };
            s.Events.Add(new ButtonEvent { AtS = 0.2 + c.ShiftS, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            var runner = new ScenarioRunner(s);
            attach?.Invoke(runner);
            runner.Schedule(0.1, pen => pen.QaBench((float)c.SetpointHz));
            var probe = new ModeProbe(runner);
            var result = new ControlResult { Case = c };

            // the timeline is relative to the start, which the firmware decides: schedule it once known
            // hold 1.0 s after the press at 0.2 s (plus the shift), debounce, tick, the QA record written (5 ticks: Records/PenRecords.Step)
            double start = 1.2 + 0.02 + 0.013 + 0.05 + c.ShiftS;
            double contact = start + FreeS, lift = contact + SkinS, harsh = lift + 1.5, lift2 = harsh + SettleWatchS, level = lift2 + 1.0, stop = level + 1.5;
            double next = c.SetpointHz >= 150 ? c.SetpointHz - 20 : c.SetpointHz + 20;
            double strokePeriod = 1 / c.SetpointHz;
            runner.Schedule(contact, pen => { pen.Plant.SkinContact = true; pen.Plant.SetSkinLoad(1.0, 0.050); });
            runner.Schedule(lift, pen => pen.Plant.SetSkinLoad(0, 0.020));
            runner.Schedule(harsh, pen => pen.Plant.SetSkinLoad(1.0, strokePeriod));
            runner.Schedule(lift2, pen => pen.Plant.SetSkinLoad(0, 0.020));
            runner.Schedule(level, pen => pen.QaBench((float)next));
            runner.Schedule(stop, pen => pen.ButtonMain.Level = false);
            runner.Schedule(stop + 0.15, pen => pen.ButtonMain.Level = true);
            s.DurationS = stop + 1.5;

            // the settling watches, from a long pause before the event (a pause can straddle it), in the scenario's time
            var cuts = new CutPauseRecorder(runner.Pen.Plant, contact - 0.1, contact + SettleWatchS, harsh - 0.1, lift2);
            RunResult r = extra == null ? runner.Run(probe, cuts) : runner.Run(probe, cuts, extra);
            result.CutPauses.AddRange(cuts.Pauses);
            // the start waited for the boot-seated cartridge's chain: the timeline after it was held back that long
            // (ScenarioRunner.HeldS); the start's targets are judged from the treatment drive's start, the wait reported apart
            double held = runner.HeldS;
            result.CartridgeWaitS = held;
            contact += held; lift += held; harsh += held; lift2 += held; level += held; stop += held;
            result.StrokeTimes = r.StrokeTimes;
            result.StartS = probe.FirstRunning;
            result.ContactS = contact;
            result.LiftS = lift;
            result.HarshS = harsh;
            result.LevelS = level;
            result.StopS = stop;
            var line = new StrokeTimeline(r.StrokeTimes);
            double f = c.SetpointHz;
            double t0 = probe.FirstRunning;
            result.StartSettle = line.SettleTime(t0, t0 + 1.0, f, 0.02);
            result.StartOvershoot = line.WorstOvershoot(t0, t0 + 1.0, f);
            result.FreeWindow1s = line.WorstWindowError(t0 + 1.0, contact, 1.0, f);
            result.FreeWindow5s = line.WorstWindowError(t0 + 1.0, contact, 5.0, f);
            result.FreeStrokeRms = line.RmsStrokeDeviation(t0 + 1.0, contact, f);
            result.ContactDip = line.WorstDip(contact, contact + 1.0, f);
            result.ContactSettle = line.SettleTime(contact, contact + SettleWatchS, f, 0.02);
            result.SkinWindow1s = line.WorstWindowError(contact + 1.0, lift, 1.0, f);
            result.SkinWindow5s = line.WorstWindowError(contact + 1.0, lift, 5.0, f);
            result.SkinStrokeRms = line.RmsStrokeDeviation(contact + 1.0, lift, f);
            result.LiftOvershoot = line.WorstOvershoot(lift, lift + 1.0, f);
            result.LiftSettle = line.SettleTime(lift, lift + 1.5, f, 0.02);
            result.HarshDip = line.WorstDip(harsh, harsh + 1.0, f);
            result.HarshSettle = line.SettleTime(harsh, lift2, f, 0.02);
            result.LevelChangeSettle = line.SettleTime(level, stop, next, 0.02);
            foreach ((double from, double to) in new[] { (t0 + 0.3, contact), (contact + 0.2, lift), (lift + 0.2, harsh), (harsh + 0.25, lift2), (lift2 + 0.2, level) })
            {
                line.StrokeRates(from, to, out double[] ends, out double[] rates);
                result.StrokesSteady += rates.Length;
                for (int k = 0; k < rates.Length; k++)
                {
                    if (Math.Abs(rates[k] - f) <= 0.02 * f) continue;
                    result.StrokesBeyond2Percent++;
                    if (probe.PauseEndedBetween(ends[k] - 1 / rates[k] - AfterPauseS, ends[k])) result.StrokesBeyond2PercentAfterPause++;
                }
            }
            // which verdicts a pause decided: the stroke that set the value began during a pause or soon after one
            void Decided(string key, double strokeEnd)
            {
                if (!double.IsNaN(strokeEnd) && probe.PauseEndedBetween(line.StrokeStart(strokeEnd) - AfterPauseS, strokeEnd)) result.DecidedAfterPause.Add(key);
            }

            Decided("c contact dip (50 ms ramp)", line.WorstStrokeEnd(contact, contact + 1.0, f, true));
            Decided("c harsh contact dip (one stroke)", line.WorstStrokeEnd(harsh, harsh + 1.0, f, true));
            Decided("c lift-off overshoot", line.WorstStrokeEnd(lift, lift + 1.0, f, false));
            Decided("d start from rest: overshoot", line.WorstStrokeEnd(t0, t0 + 1.0, f, false));
            // a settling time of 0 has no stroke outside ±2 %
            if (result.ContactSettle > 0) Decided("c within ±2 % after contact", contact + result.ContactSettle);
            if (result.HarshSettle > 0) Decided("c within ±2 % after harsh contact", harsh + result.HarshSettle);
            if (result.LiftSettle > 0) Decided("c within ±2 % after lift-off", lift + result.LiftSettle);
            if (result.StartSettle > 0) Decided("d start from rest: within ±2 % after", t0 + result.StartSettle);
            if (result.LevelChangeSettle > 0) Decided("d adjacent level change: within ±2 % after", level + result.LevelChangeSettle);
            result.MaxShaftRpm = r.MaxShaftRpm;
            result.Faults = new List<int>(r.FaultsSeen.Keys).ToArray();
            result.HeartbeatCutouts = runner.Pen.Plant.HeartbeatCutouts;
            result.HeartbeatCutoutSeconds = runner.Pen.Plant.HeartbeatCutoutSeconds;
            result.ParkSeconds = probe.ParkSeconds;
            result.ParkNeedleMm = probe.NeedleAfterPark;
            result.ContactResponseS = probe.Response(contact);
            result.HarshResponseS = probe.Response(harsh);
            result.LiftResponseS = probe.Response(lift);
            return result;
        }

        /// <summary>Watches the drive's mode: when it first runs, when it starts parking, when the needles are in.</summary>
        private sealed class ModeProbe : ITickSink
        {
            private readonly ScenarioRunner _runner;
            public double FirstRunning = double.NaN;
            private double _parkStart = double.NaN;
            private double _needlesInSince = double.NaN;
            public double ParkSeconds = double.NaN;
            public double NeedleAfterPark = double.NaN;

            private readonly List<double> _times = new List<double>(), _duties = new List<double>();

            public ModeProbe(ScenarioRunner runner) { _runner = runner; }

            /// <summary>Time from <paramref name="eventS"/> to the first tick a quarter of the way from the duty before to the duty after. Unit: s.</summary>
            public double Response(double eventS)
            {
                double before = MeanDuty(eventS - 0.2, eventS), after = MeanDuty(eventS + 0.5, eventS + 1.0);
                double change = after - before;
                if (double.IsNaN(change) || change == 0) return double.NaN;
                for (int i = 0; i < _times.Count; i++)
                {
                    if (_times[i] <= eventS) continue;
                    if ((_duties[i] - before) / change >= 0.25) return _times[i] - eventS;
                }

                return double.NaN;
            }

            /// <summary>Whether a tick longer than <see cref="PauseTickS"/> ended in (from, to].</summary>
            public bool PauseEndedBetween(double from, double to)
            {
                for (int i = 1; i < _times.Count; i++)
                {
                    if (_times[i] > from && _times[i] <= to && _times[i] - _times[i - 1] > PauseTickS) return true;
                }

                return false;
            }

            private double MeanDuty(double from, double to)
            {
                double sum = 0;
                int n = 0;
                for (int i = 0; i < _times.Count; i++)
                {
                    if (_times[i] <= from || _times[i] > to) continue;
                    sum += _duties[i];
                    n++;
                }

                return n > 0 ? sum / n : double.NaN;
            }

            public void OnTick(in TickRow row)
            {
                _times.Add(row.TimeS);
                _duties.Add(row.Duty);
                DriveMode mode = _runner.Pen.Firmware.Drive.Mode;
                if (double.IsNaN(FirstRunning) && mode == DriveMode.Running) FirstRunning = row.TimeS;
                if (!double.IsNaN(FirstRunning) && double.IsNaN(_parkStart) && mode == DriveMode.Parking) _parkStart = row.TimeS;
                if (double.IsNaN(_parkStart)) return;
                // the needles are parked when they are in and stay in (checked to the end of the run)
                if (row.NeedleMm > 0) _needlesInSince = double.NaN;
                else if (double.IsNaN(_needlesInSince)) _needlesInSince = row.TimeS;
                ParkSeconds = double.IsNaN(_needlesInSince) ? double.NaN : _needlesInSince - _parkStart;
                NeedleAfterPark = row.NeedleMm;
            }
        }
    }
}
