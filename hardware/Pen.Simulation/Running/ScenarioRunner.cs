using System;
using System.Collections.Generic;
using System.Globalization;
using Pen.Core.Protocol;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// Plays a scenario on a simulated pen: the plant advances in small steps, scenario events land between
    /// them, and the firmware ticks at the times the tick scheduler draws. Each tick produces a row for the
    /// sinks. Deterministic for a given scenario (seed included).
    /// </summary>
    public sealed class ScenarioRunner
    {
        private readonly Scenario _scenario;
        private readonly List<TimedAction> _actions = new List<TimedAction>();
        private readonly List<TimedAction> _plantActions = new List<TimedAction>();
        private int _nextPlantAction;
        private readonly TickScheduler _ticks;
        private long _frozenUntilMicros = long.MinValue;

        /// <summary>Builds the pen for a scenario. Throws ScenarioException for an override the plant does not have.</summary>
        public ScenarioRunner(Scenario scenario)
        {
            _scenario = scenario;
            PlantParameters p = PlantParameters.ForName(scenario.Plant);
            if (p == null) throw new ScenarioException(scenario.Name, 0, 0, "plant", "unknown plant \"" + scenario.Plant + "\"; expected RP-1 or RP-2");
            foreach (KeyValuePair<string, double> o in scenario.Overrides)
            {
                if (!p.TrySet(o.Key, o.Value)) throw new ScenarioException(scenario.Name, 0, 0, "overrides." + o.Key, "unknown plant parameter");
            }

            Pen = new SimulatedPen(p, scenario.Seed, scenario.Initial, InterpreterTiming.ForName(scenario.Interpreter ?? InterpreterTiming.DefaultName), scenario.Sensing, scenario.Firmware);
            _ticks = new TickScheduler(scenario.Tick, scenario.Seed);
            Pen.Plant.SkinKey = scenario.Name ?? ""; // the scenario's skin: its contacts' draws (PenPlant.SkinContact)
            int order = 0;
            foreach (ScenarioEvent e in scenario.Events) Schedule(e, ref order);
            _actions.Sort((a, b) => a.Micros != b.Micros ? a.Micros.CompareTo(b.Micros) : a.Order.CompareTo(b.Order));
        }

        /// <summary>Plays a scenario's timeline on a pen already built (a factory bench's pen: its plant given in code).</summary>
        public ScenarioRunner(Scenario scenario, SimulatedPen pen)
        {
            _scenario = scenario;
            Pen = pen;
            _ticks = new TickScheduler(scenario.Tick, scenario.Seed);
            Pen.Plant.SkinKey = scenario.Name ?? ""; // the scenario's skin: its contacts' draws (PenPlant.SkinContact)
            int order = 0;
            foreach (ScenarioEvent e in scenario.Events) Schedule(e, ref order);
            _actions.Sort((a, b) => a.Micros != b.Micros ? a.Micros.CompareTo(b.Micros) : a.Order.CompareTo(b.Order));
        }

        /// <summary>
        /// Schedules an action written in code (for reports and tests: things a JSON scenario cannot say, such
        /// as a QA bench setpoint). Call before <see cref="Run"/>; runs at the first plant step at or after the time.
        /// </summary>
        public void Schedule(double atS, Action<SimulatedPen> action)
        {
            int order = _actions.Count + 1000000;
            var timed = new TimedAction { Micros = (long)Math.Round(atS * 1e6), Order = order, Apply = r => action(r.Pen), Physical = false };
            // into its place in the sorted list (by time, then order): a campaign schedules thousands
            int lo = 0, hi = _actions.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                TimedAction m = _actions[mid];
                if (m.Micros < timed.Micros || m.Micros == timed.Micros && m.Order <= timed.Order) lo = mid + 1;
                else hi = mid;
            }

            _actions.Insert(lo, timed);
        }

        /// <summary>
        /// Schedules a look at the pen at a plant time (tests' probes): unlike <see cref="Schedule"/>, never held back while a
        /// start waits for the cartridge's chain (<see cref="HeldS"/>). Call before <see cref="Run"/>.
        /// </summary>
        public void ScheduleAtPlantTime(double atS, Action<SimulatedPen> action)
        {
            var timed = new TimedAction { Micros = (long)Math.Round(atS * 1e6), Order = _plantActions.Count, Apply = r => action(r.Pen), Physical = false };
            int lo = 0, hi = _plantActions.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_plantActions[mid].Micros <= timed.Micros) lo = mid + 1;
                else hi = mid;
            }

            _plantActions.Insert(lo, timed);
        }

        /// <summary>When set: the run ends after the first tick at which it holds (a bench that waits for the firmware to finish something).</summary>
        public Func<bool> Until;

        /// <summary>The pen being simulated (for inspection during or after the run).</summary>
        public SimulatedPen Pen { get; }

        /// <summary>
        /// Runs to the end of the scenario, handing every tick's row to the sinks. A tick falls due on the scenario's tick
        /// pattern (the FreeRTOS wake-up's jitter and the pauses it draws), starts when the CPU is free of other threads'
        /// slices, flash writes and collections (<see cref="SimCpu"/>), and takes the time its metered work costs: the
        /// plant moves on while it runs, so each input is read at its own instant and each output lands at its own. The
        /// next tick is due a pattern interval after this one was due, or as soon as this one ends if that is later
        /// (the control loop's pacer sleeps 0 when late).
        /// </summary>
        public RunResult Run(params ITickSink[] sinks)
        {
            var result = new RunResult { Scenario = _scenario };
            long scenarioEnd = (long)Math.Round(_scenario.DurationS * 1e6);
            long end = scenarioEnd;
            _end = end;
            var plant = Pen.Plant;
            SimCpu cpu = Pen.Cpu;
            cpu.AdvanceTo = t => AdvanceWithActions(t, true);
            Pen.FirstBoot();
            long nextTick = _ticks.NextIntervalMicros();
            long deadline = nextTick;
            var watch = System.Diagnostics.Stopwatch.StartNew();

            while (true)
            {
                AdvanceWithActions(Math.Min(nextTick, end), false);
                if (plant.NowMicros >= nextTick)
                {
                    long due = nextTick;
                    long tickEnd = due;
                    // a pen that switched itself off wakes when the main button closes its power latch circuit
                    Pen.UpdatePowerSwitch(plant.NowMicros);
                    if (Pen.PowerLatch.Released && Pen.Powered) Pen.PowerDown();
                    if (!Pen.Powered && Pen.PowerLatch.Released && !Pen.ButtonMain.Level && !Pen.WaitsForRelease) Pen.PowerUp(plant.NowMicros);
                    bool ran = Pen.Powered && plant.NowMicros >= _frozenUntilMicros;
                    if (ran)
                    {
                        long start = cpu.FreeAt(due);
                        if (start >= end) break;
                        AdvanceWithActions(start, false);
                        cpu.BeginTick(due, start);
                        Pen.Firmware.Tick(Pen.FirmwareMicros(start)); // the firmware's clock: µs since its power-up
                        tickEnd = cpu.EndTick();
                        if (cpu.Timing.Timed && Pen.Firmware.State != global::Pen.Core.PenState.Boot && cpu.LastTick.Instructions == 0)
                            throw new InvalidOperationException("the firmware core is not metered (firmware/Pen.Core.Host runs tools/Pen.IlMeter after it compiles): cannot time its ticks; use --interpreter instant");
                        AdvanceWithActions(Math.Min(tickEnd, end), false);
                    }

                    // the practitioner waits while a start waits for the cartridge's chain: the rest of the timeline is held back
                    if (ran) HoldWhileMeasuring(due);
                    end = scenarioEnd + _heldMicros;
                    _end = end;
                    TickRow row = Row(ran);
                    if (ran)
                    {
                        row.ComputeMicros = cpu.LastTick.ComputeMicros;
                        row.StartDelayMicros = cpu.LastTick.StartMicros - due;
                        row.Instructions = cpu.LastTick.Instructions;
                        row.Calls = cpu.LastTick.Calls;
                        row.PortCalls = cpu.LastTick.PortCalls;
                        row.Allocations = cpu.LastTick.Allocations;
                    }

                    result.Observe(row, plant);
                    for (int i = 0; i < sinks.Length; i++) sinks[i].OnTick(row);
                    if (Until != null && Until()) break;
                    // the control loop's pacer (firmware/Pen.Firmware/Running/TickPacer): deadlines on a fixed grid; a tick
                    // that ends past its next deadline is followed at once, and one a whole period late re-bases the grid
                    deadline += _ticks.NextIntervalMicros();
                    long periodMicros = (long)Math.Round(_ticks.Pattern.PeriodMs * 1000);
                    if (tickEnd - deadline >= periodMicros) deadline = tickEnd;
                    nextTick = Math.Max(deadline, tickEnd);
                }

                if (plant.NowMicros >= end || _stopRequested) break;
            }

            result.WallSeconds = watch.Elapsed.TotalSeconds;
            result.Finish(plant, Pen.Firmware);
            result.Interpreter = cpu.Timing.Name;
            result.HeartbeatCutouts = plant.HeartbeatCutouts;
            result.Collections = cpu.Collections;
            result.LongestWaitMicros = cpu.LongestWaitMicros;
            result.LongestWaitCause = cpu.LongestWaitCause;
            result.LongestBenchWorkMicros = cpu.LongestWork.TryGetValue("bench", out double bench) ? bench : 0;
            return result;
        }

        private int _nextAction;
        private long _end;
        private long _heldMicros;
        private long _heldBeforeMicros;
        private long _holdSinceMicros = -1;

        /// <summary>
        /// How long the scenario's timeline has been held back so far (s): while a start waits for the seated cartridge's
        /// chain (Session/Treatment.StartAwaitsCartridge: the pen shows that it measures), the practitioner waits with it, so
        /// every later event (a contact, a fault, a release, the end) comes that much later in plant time and keeps its place
        /// relative to the treatment drive. A scenario's <c>at</c> is plant time less this (<see cref="ScenarioTimeS"/>).
        /// </summary>
        public double HeldS => _heldMicros * 1e-6;

        /// <summary>The scenario's time at a plant time: the plant time less the time held back so far. Unit: s.</summary>
        public double ScenarioTimeS(double plantS) { return plantS - HeldS; }

        // measured between the ticks' due times (the tick pattern's grid): a timeline held back keeps its events' places
        // between ticks (a pause "just after a tick" stays just after one); the tick at which the start goes on counts in
        private void HoldWhileMeasuring(long dueMicros)
        {
            bool waits = Pen.Powered && Pen.Firmware.Treatment.StartAwaitsCartridge;
            if (waits && _holdSinceMicros < 0) _holdSinceMicros = dueMicros;
            if (_holdSinceMicros < 0) return;
            _heldMicros = _heldBeforeMicros + (dueMicros - _holdSinceMicros);
            if (waits) return;
            _heldBeforeMicros = _heldMicros;
            _holdSinceMicros = -1;
        }
        private bool _stopRequested;

        /// <summary>Ends <see cref="Run"/> after the tick in progress (a sink calls it: the real-time serving's end).</summary>
        public void Stop() { _stopRequested = true; }

        /// <summary>
        /// A line arrives on the bench serial now (a sink calls it between ticks: the real-time serving, Serial/), answered
        /// exactly as a scenario's bench event is; <paramref name="answered"/> gets the answer's text when the bench thread has
        /// produced it (not called when the pen is off or restarted before it answered).
        /// </summary>
        public void SendBench(string command, Action<string> answered)
        {
            AnswerBench(command, answered);
        }

        /// <summary>
        /// Moves the plant to <paramref name="untilMicros"/>, applying the scenario's actions in order on the way. Inside
        /// a tick only physical events land (buttons, skin, faults of the hardware...); an action that acts on the
        /// firmware or its power waits, with everything after it, until the tick's work has ended.
        /// </summary>
        private void AdvanceWithActions(long untilMicros, bool inTick)
        {
            var plant = Pen.Plant;
            if (untilMicros > _end && _end > 0) untilMicros = _end;
            while (true)
            {
                // the timeline's next action (held back by HeldS) or the next probe at a plant time, whichever comes first
                long timeline = _nextAction < _actions.Count ? _actions[_nextAction].Micros + _heldMicros : long.MaxValue;
                long probe = !inTick && _nextPlantAction < _plantActions.Count ? _plantActions[_nextPlantAction].Micros : long.MaxValue;
                if (probe < timeline && probe <= untilMicros)
                {
                    plant.AdvanceTo(probe);
                    _plantActions[_nextPlantAction].Apply(this);
                    _nextPlantAction++;
                    continue;
                }

                if (timeline > untilMicros) break;
                TimedAction a = _actions[_nextAction];
                if (inTick && !a.Physical) break;
                plant.AdvanceTo(timeline);
                a.Apply(this);
                _nextAction++;
            }

            plant.AdvanceTo(untilMicros);
        }

        private TickRow Row(bool ran)
        {
            var plant = Pen.Plant;
            var fw = Pen.Firmware;
            return new TickRow
            {
                TimeS = plant.TimeS,
                ScenarioS = plant.TimeS - HeldS,
                SetpointHz = fw.SetpointHz,
                TrueRateHz = plant.StrokeRateHz,
                ShaftHz = plant.ShaftHz,
                MeasuredRateHz = fw.MeasuredRateHz,
                Duty = fw.Duty,
                MotorEnabled = plant.DriverEnabled,
                CurrentA = plant.MotorCurrentA,
                BusVolts = plant.BusVolts,
                WindingC = plant.WindingC,
                HousingC = plant.HousingC,
                DepthMm = plant.DepthMm,
                NeedleMm = plant.NeedleMm,
                Strokes = plant.Strokes,
                State = (int)fw.State,
                Fault = (int)fw.Fault,
                StateOfCharge = plant.Supply.StateOfCharge,
                SkinLoad = plant.LoadScaleNow,
                FirmwareRan = ran,
            };
        }

        // ------------------------------------------------------------------ events → timed actions
        private void Schedule(ScenarioEvent e, ref int order)
        {
            long t = (long)Math.Round(e.AtS * 1e6);
            switch (e)
            {
                case ButtonEvent b: ScheduleButton(b, t, ref order); break;
                case DepthEvent d: Add(t, ref order, r => r.Pen.SetDepth(d.DepthMm)); break;
                case CartridgeEvent c:
                    Add(t, ref order, r =>
                    {
                        if (c.Insert) r.Pen.SeatCartridge(c.Needles, c.Build);
                        r.Pen.Plant.CartridgePresent = c.Insert;
                        r.Pen.CartridgeSwitch.Level = !c.Insert;
                        r.CartridgeUsedTruth = c.Insert && c.Used;
                    });
                    break;
                case SkinEvent s:
                    Add(t, ref order, r =>
                    {
                        r.Pen.Plant.SkinContact = true;
                        r.Pen.Plant.PressureMm = s.PressureMm;
                        r.Pen.Plant.SetSkinLoad(s.Contact ? s.LoadScale : 0, s.RampMs * 1e-3);
                    });
                    break;
                case BatteryEvent be: Add(t, ref order, r => r.Pen.Plant.Supply.StateOfCharge = be.StateOfCharge); break;
                case AmbientEvent a: Add(t, ref order, r => r.Pen.Plant.Thermal.AmbientC = a.Celsius); break;
                case TickEvent te: Add(t, ref order, r => r._ticks.Pattern = te.Pattern, physical: false); break;
                case FaultEvent f: ScheduleFault(f, t, ref order); break;
                case PowerEvent pe:
                    if (pe.Action != PowerAction.On) Add(t, ref order, r => r.Pen.PowerDown(), physical: false);
                    if (pe.Action == PowerAction.On) Add(t, ref order, r => { if (!r.Pen.Powered) r.Pen.PowerUp(r.Pen.Plant.NowMicros); }, physical: false);
                    if (pe.Action == PowerAction.Cycle) Add(t + 100000, ref order, r => r.Pen.PowerUp(r.Pen.Plant.NowMicros), physical: false);
                    break;
                case BenchEvent bench: Add(t, ref order, r => r.AnswerBench(bench.Command), physical: false); break;
                default: throw new ArgumentException("unhandled event type " + e.GetType().Name);
            }
        }

        /// <summary>
        /// The bench serial's transcript: for each "bench" event the time, the request ("&gt; ...") and the pen's answer,
        /// as a terminal on the bench UART would show it. Run writes it to bench.txt. Bounded: past
        /// <see cref="BenchTranscriptLimit"/> lines the oldest quarter goes, and the first line then says how many went.
        /// </summary>
        public List<string> BenchTranscript { get; } = new List<string>();

        /// <summary>Most lines <see cref="BenchTranscript"/> keeps (a pen served for days answers millions). Unit: lines, ≥ 8.</summary>
        public int BenchTranscriptLimit
        {
            get => _transcriptLimit;
            set => _transcriptLimit = Math.Max(8, value);
        }

        /// <summary>Lines dropped from the front of <see cref="BenchTranscript"/> so far.</summary>
        public long BenchTranscriptDropped { get; private set; }

        /// <summary>Answer lines that came after their request had been dropped (not kept either).</summary>
        private long _answerLinesDropped;

        private int _transcriptLimit = 100_000;

        /// <summary>Where the next line goes, counted from the transcript's very first line (dropped ones included).</summary>
        private long TranscriptEnd => BenchTranscriptDropped + BenchTranscript.Count - (BenchTranscriptDropped > 0 ? 1 : 0);

        private void Transcribe(string line)
        {
            BenchTranscript.Add(line);
            TrimTranscript();
        }

        /// <summary>Inserts lines at <paramref name="at"/> (counted as <see cref="TranscriptEnd"/>); nothing when that part has gone.</summary>
        private void TranscribeAt(long at, IEnumerable<string> lines)
        {
            int note = BenchTranscriptDropped > 0 ? 1 : 0;
            long i = at - BenchTranscriptDropped + note;
            var list = new List<string>(lines);
            if (i < note)
            {
                _answerLinesDropped += list.Count; // the request these answer has gone already
                if (note == 1) BenchTranscript[0] = DroppedNote();
                return;
            }

            BenchTranscript.InsertRange((int)Math.Min(i, BenchTranscript.Count), list);
            TrimTranscript();
        }

        private void TrimTranscript()
        {
            if (BenchTranscript.Count <= _transcriptLimit) return;
            int note = BenchTranscriptDropped > 0 ? 1 : 0;
            int drop = Math.Max(1, _transcriptLimit / 4);
            BenchTranscript.RemoveRange(note, drop);
            BenchTranscriptDropped += drop;
            if (note == 0) BenchTranscript.Insert(0, "");
            BenchTranscript[0] = DroppedNote();
        }

        private string DroppedNote() => "(" + (BenchTranscriptDropped + _answerLinesDropped).ToString(CultureInfo.InvariantCulture) + " earlier lines dropped: the transcript keeps the newest " +
                                        _transcriptLimit.ToString(CultureInfo.InvariantCulture) + " or so)";

        /// <summary>
        /// A line arrives on the bench serial: the bench thread answers it when the interpreter gives it the CPU, and
        /// its work holds the CPU as <see cref="SimCpu"/> schedules it (in slices of one quantum).
        /// </summary>
        private void AnswerBench(string command, Action<string> answered = null)
        {
            long arrived = Pen.Plant.NowMicros;
            Transcribe(string.Format(CultureInfo.InvariantCulture, "{0:F3} s > {1}", arrived * 1e-6, command));
            if (!Pen.Powered)
            {
                Transcribe("(the pen is off: no answer)");
                return;
            }

            long line = TranscriptEnd;
            PenFirmwareRef firmware = new PenFirmwareRef(Pen);
            Pen.Cpu.Enqueue(arrived, "bench", () =>
            {
                if (!Pen.Powered || firmware.Changed)
                {
                    TranscribeAt(line, new[] { "(the pen restarted before it answered: no answer)" });
                    return;
                }

                // "AUTH @answer": the QA bench tool answers the pen's last challenge with the key the factory gave this pen
                string sent = command.Trim() == AnswerCommand && _lastChallenge != null
                    ? "AUTH " + ServiceSession.Response(Factory.FactoryRecords.KeyOf(Pen.DeviceId), _lastChallenge)
                    : command;
                string answer = Protocol(Pen.Firmware).Handle(sent);
                if (answer.StartsWith("CHALLENGE ", StringComparison.Ordinal)) _lastChallenge = answer.Substring(10, answer.IndexOf('\n') - 10);
                TranscribeAt(line, answer.TrimEnd('\n').Split('\n'));
                answered?.Invoke(answer);
            });
        }

        private BenchProtocol _protocol;
        private global::Pen.Core.PenFirmware _protocolFirmware;

        /// <summary>
        /// The bench thread's protocol object, as the device keeps one from boot (its ECHO setting lasts until the pen
        /// restarts); a new one for each firmware instance.
        /// </summary>
        public BenchProtocol Protocol(global::Pen.Core.PenFirmware firmware)
        {
            if (_protocol == null || _protocolFirmware != firmware)
            {
                _protocol = new BenchProtocol(firmware, Pen.Board);
                _protocol.Slices = new global::Pen.Core.SliceBudget(Pen.Cpu.BenchYield); // yields as the device's bench serial does
                _protocolFirmware = firmware;
            }

            return _protocol;
        }

        /// <summary>A bench command the runner replaces by the answer to the pen's last challenge (what the QA bench tool computes with the pen's key).</summary>
        public const string AnswerCommand = "AUTH @answer";

        private string _lastChallenge;

        /// <summary>The firmware instance a bench line was sent to (a power cycle makes a new one).</summary>
        private sealed class PenFirmwareRef
        {
            private readonly SimulatedPen _pen;
            private readonly global::Pen.Core.PenFirmware _firmware;
            public PenFirmwareRef(SimulatedPen pen) { _pen = pen; _firmware = pen.Firmware; }
            public bool Changed => _pen.Firmware != _firmware;
        }

        /// <summary>Truth for reports: the seated cartridge is one that was used before.</summary>
        public bool CartridgeUsedTruth { get; private set; }

        private void ScheduleButton(ButtonEvent b, long t, ref int order)
        {
            SimInputRef pin = new SimInputRef(this, b.Button);
            long hold;
            switch (b.Action)
            {
                case ButtonAction.Press:
                    hold = Micros(double.IsNaN(b.HoldS) ? 0.15 : b.HoldS);
                    Add(t, ref order, r => pin.Set(true));
                    Add(t + hold, ref order, r => pin.Set(false));
                    break;
                case ButtonAction.DoublePress:
                    Add(t, ref order, r => pin.Set(true));
                    Add(t + 120000, ref order, r => pin.Set(false));
                    Add(t + 270000, ref order, r => pin.Set(true));
                    Add(t + 390000, ref order, r => pin.Set(false));
                    break;
                case ButtonAction.Hold:
                    hold = Micros(double.IsNaN(b.HoldS) ? 2.5 : b.HoldS);
                    Add(t, ref order, r => pin.Set(true));
                    Add(t + hold, ref order, r => pin.Set(false));
                    break;
                case ButtonAction.Down:
                case ButtonAction.Stuck:
                    Add(t, ref order, r => pin.Set(true));
                    break;
                case ButtonAction.Up:
                    Add(t, ref order, r => pin.Set(false));
                    break;
                case ButtonAction.Bounce:
                    // contact chatter: closures of 0.4 ms every 1.2 ms over the first 5 ms, then a clean press
                    for (int i = 0; i < b.Bounces; i++)
                    {
                        long at = t + i * 5000 / Math.Max(1, b.Bounces);
                        Add(at, ref order, r => pin.Set(true));
                        Add(at + 400, ref order, r => pin.Set(false));
                    }

                    hold = Micros(double.IsNaN(b.HoldS) ? 0.15 : b.HoldS);
                    Add(t + 5000, ref order, r => pin.Set(true));
                    Add(t + 5000 + hold, ref order, r => pin.Set(false));
                    break;
            }
        }

        private void ScheduleFault(FaultEvent f, long t, ref int order)
        {
            long? until = double.IsNaN(f.DurationMs) ? (long?)null : t + Micros(f.DurationMs * 1e-3);
            switch (f.Kind)
            {
                case FaultKind.Jam:
                    Add(t, ref order, r => r.Pen.Plant.Jammed = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Plant.Jammed = false);
                    break;
                case FaultKind.HallDead:
                    Add(t, ref order, r => r.Pen.Plant.HallDead = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Plant.HallDead = false);
                    break;
                case FaultKind.HallNoise:
                    Add(t, ref order, r => { r.Pen.Plant.HallNoiseRateHz = f.RateHz; r.Pen.Plant.HallDropProbability = f.DropProbability; });
                    if (until.HasValue) Add(until.Value, ref order, r => { r.Pen.Plant.HallNoiseRateHz = 0; r.Pen.Plant.HallDropProbability = 0; });
                    break;
                case FaultKind.AdcOpen:
                    Add(t, ref order, r => r.Pen.Adc(f.Channel).Open = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Adc(f.Channel).Open = false);
                    break;
                case FaultKind.AdcShort:
                    Add(t, ref order, r => { var a = r.Pen.Adc(f.Channel); a.Shorted = true; a.ShortedToSupply = f.ToSupply; });
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Adc(f.Channel).Shorted = false);
                    break;
                case FaultKind.AdcOffset:
                    Add(t, ref order, r => r.Pen.Adc(f.Channel).FaultOffsetVolts = f.OffsetMv * 1e-3);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Adc(f.Channel).FaultOffsetVolts = 0);
                    break;
                case FaultKind.DriverStuckOn:
                    Add(t, ref order, r => r.Pen.Plant.DriverStuckOn = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Plant.DriverStuckOn = false);
                    break;
                case FaultKind.Drag:
                    Add(t, ref order, r => r.Pen.Plant.DragTorqueNm = f.TorqueMnm * 1e-3);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Plant.DragTorqueNm = 0);
                    break;
                case FaultKind.GpioStuck:
                    Add(t, ref order, r => r.Pen.StickPin(f.Pin, f.High));
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.UnstickPin(f.Pin));
                    break;
                case FaultKind.BridgeShort:
                    Add(t, ref order, r => r.Pen.Plant.HighSideShorted = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.Plant.HighSideShorted = false);
                    break;
                case FaultKind.AmplifierDead:
                    Add(t, ref order, r => r.Pen.AmplifierDead = true);
                    if (until.HasValue) Add(until.Value, ref order, r => r.Pen.AmplifierDead = false);
                    break;
                case FaultKind.BrownOut:
                    Add(t, ref order, r => { if (r.Pen.Powered) r.Pen.PowerDown(); });
                    Add(until.Value, ref order, r => { if (!r.Pen.Powered) r.Pen.PowerUp(r.Pen.Plant.NowMicros); });
                    break;
                case FaultKind.Freeze:
                case FaultKind.Pause:
                    long stop = until ?? long.MaxValue;
                    // lands even inside a tick: it only holds back the ticks due after it
                    Add(t, ref order, r => r._frozenUntilMicros = Math.Max(r._frozenUntilMicros, stop == long.MaxValue ? stop : stop + r._heldMicros));
                    break;
            }
        }

        private static long Micros(double seconds) { return (long)Math.Round(seconds * 1e6); }

        private void Add(long micros, ref int order, Action<ScenarioRunner> apply, bool physical = true)
        {
            _actions.Add(new TimedAction { Micros = micros, Order = order++, Apply = apply, Physical = physical });
        }

        private struct TimedAction
        {
            public long Micros;
            public int Order;
            public Action<ScenarioRunner> Apply;
            /// <summary>Acts on the pen's hardware or surroundings only (may land inside a tick).</summary>
            public bool Physical;
        }

        /// <summary>Presses and releases a button pin (pressed = low).</summary>
        private sealed class SimInputRef
        {
            private readonly ScenarioRunner _runner;
            private readonly ButtonId _id;

            public SimInputRef(ScenarioRunner runner, ButtonId id)
            {
                _runner = runner;
                _id = id;
            }

            public void Set(bool pressed)
            {
                var pen = _runner.Pen;
                var pin = _id == ButtonId.Main ? pen.ButtonMain : _id == ButtonId.Plus ? pen.ButtonPlus : pen.ButtonMinus;
                pin.Level = !pressed;
            }
        }
    }
}
