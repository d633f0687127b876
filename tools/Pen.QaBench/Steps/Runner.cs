using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Pen.Core;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Protocol;
using Pen.Core.Safety;
using Pen.QaBench.Link;
using Pen.QaBench.Plans;

namespace Pen.QaBench.Steps
{
    /// <summary>
    /// Runs a plan's steps in order on a bench and judges each check. A step the pen refuses or does not answer becomes
    /// an Error row (what it asked, what came back) and the plan goes on; a pen that faults on a start FAILs the rate or
    /// start check, naming the fault, unless the fault says the bench was not ready (an Error: <see cref="StartFaults"/>);
    /// a step that needs the service access when the pen has not granted it becomes NotRun. Rate and depth verdicts rest on the reference instrument when one is
    /// connected and say so when they rest on the pen's own readings.
    /// </summary>
    public sealed class Runner
    {
        private readonly Bench _bench;
        private readonly Action<string> _say;
        private readonly Func<string, bool> _askOperator;
        private readonly Func<string, byte[]> _keyFor;
        private bool _serviceGranted;
        private bool _running;
        private int _sessionsAtStart = -1;
        private string _cartridgeAtStart;
        /// <summary>ADC calibrations this run stored, and those the pen has booted with since (after a power cycle).</summary>
        private readonly Dictionary<string, AdcCalibration> _storedAdc = new Dictionary<string, AdcCalibration>(), _bootedAdc = new Dictionary<string, AdcCalibration>();

        public readonly List<Result> Results = new List<Result>();
        public readonly PlotData Plot = new PlotData();
        public readonly Dictionary<string, string> Identity = new Dictionary<string, string>();
        public readonly Dictionary<string, string> Limits = new Dictionary<string, string>();

        /// <param name="askOperator">Asks the operator to do something on the bench and confirm (false: nobody to ask).</param>
        /// <param name="keyFor">The service key of a unit (its ID's unit=), null when the tool has none.</param>
        public Runner(Bench bench, Action<string> say, Func<string, bool> askOperator, Func<string, byte[]> keyFor)
        {
            _keyFor = keyFor;
            _bench = bench;
            _say = say;
            _askOperator = askOperator;
        }

        private double RunS(long hostMicros) => hostMicros / 1e6;

        public void Run(Plan plan)
        {
            _bench.Pen.Ask("STREAM 10");
            _bench.SyncClocks();
            if (_bench.HasReference) _bench.Fixture.Ask("STROKES ON");
            var status = _bench.Status();
            _sessionsAtStart = int.Parse(status["sessions"], CultureInfo.InvariantCulture);
            _cartridgeAtStart = status["cartridge"];
            foreach (PlanStep step in plan.Steps)
            {
                _say("step " + step.Id + " (" + step.Kind + ", " + step.Requirement + "): " + step.Title);
                int before = Results.Count;
                try
                {
                    Do(step);
                }
                catch (Exception e) when (e is DeviceError || e is TimeoutException || e is FormatException || e is KeyNotFoundException || e is IOException || e is InvalidOperationException)
                {
                    Results.Add(Row(step, step.Id, step.Title, Verdict.Error, "", "", "pen's answer", e.Message));
                }

                for (int i = before; i < Results.Count; i++) _say("  " + Results[i].Id + ": " + Pen.QaBench.Report.Reports.Word(Results[i].Verdict) + "  " + Results[i].Measured + (Results[i].Limit.Length > 0 ? "  (limit " + Results[i].Limit + ")" : ""));
            }

            StopNeedles();
            CollectPlot();
        }

        private void Do(PlanStep step)
        {
            switch (step.Kind)
            {
                case "identify": Identify(step); break;
                case "limits": LimitsStep(step); break;
                case "service": Service(step); break;
                case "rate": Rate(step); break;
                case "start": Start(step); break;
                case "depth": Depth(step); break;
                case "logs": Logs(step); break;
                case "no-session": NoSession(step); break;
                case "stream": StreamRate(step); break;
                case "calibrate-adc": CalibrateAdc(step); break;
                case "calibrate-depth": CalibrateDepth(step); break;
                case "calibrate-supply": CalibrateSupply(step); break;
                case "power-cycle": PowerCycle(step); break;
                case "verify-adc": VerifyAdc(step); break;
                case "verify-supply": VerifySupply(step); break;
                default: throw new InvalidOperationException("no runner for kind " + step.Kind);
            }
        }

        private Result Row(PlanStep step, string id, string what, Verdict v, string measured, string limit, string basis, string detail = "")
        {
            return new Result { Id = id, StepId = step.Id, Kind = step.Kind, Requirement = step.Requirement, What = what, Verdict = v, Measured = measured, Limit = limit, Basis = basis, Detail = detail };
        }

        // ------------------------------------------------------------------ identity, limits, service, logs

        private void Identify(PlanStep step)
        {
            string id = _bench.Pen.Ask("ID")[0];
            foreach (var kv in Field.All(id)) Identity[kv.Key] = kv.Value;
            foreach (string key in new[] { "firmware", "build", "unit", "adccal", "depthcal", "supplycal" })
            {
                bool present = Identity.ContainsKey(key) && Identity[key].Length > 0;
                Results.Add(Row(step, step.Id + "-" + key, "ID reports " + key, present ? Verdict.Pass : Verdict.Fail, present ? Identity[key] : "(missing)", "reported", "pen's answer"));
            }

            foreach (var kv in step.Map("expect"))
            {
                string got = Identity.TryGetValue(kv.Key, out string v) ? v : "(missing)";
                Results.Add(Row(step, step.Id + "-" + kv.Key + "-expected", "ID " + kv.Key, got == kv.Value ? Verdict.Pass : Verdict.Fail, got, kv.Value, "pen's answer"));
            }
        }

        private void LimitsStep(PlanStep step)
        {
            List<string> lines = _bench.Pen.Ask("LIMITS");
            var found = new Dictionary<string, string>();
            foreach (string line in lines)
            {
                if (line.StartsWith("LIMITS ", StringComparison.Ordinal))
                    foreach (var kv in Field.All(line)) found[kv.Key] = kv.Value;
                else if (line.StartsWith("PROFILE ", StringComparison.Ordinal))
                {
                    string n = line.Split(' ')[1];
                    foreach (var kv in Field.All(line)) found["PROFILE " + n + " " + kv.Key] = kv.Value;
                }
            }

            foreach (var kv in found) Limits[kv.Key] = kv.Value;
            foreach (var kv in step.Map("expect"))
            {
                string got = found.TryGetValue(kv.Key, out string v) ? v : "(not in LIMITS)";
                Results.Add(Row(step, step.Id + " " + kv.Key, "LIMITS " + kv.Key, got == kv.Value ? Verdict.Pass : Verdict.Fail, got, kv.Value, "pen's answer"));
            }

            foreach (var kv in found)
                if (!step.Map("expect").ContainsKey(kv.Key))
                    Results.Add(Row(step, step.Id + " " + kv.Key, "LIMITS " + kv.Key + " (not in the specification)", Verdict.Fail, kv.Value, "(none)", "pen's answer", "a limit the plan's specification does not list"));
        }

        private void Service(PlanStep step)
        {
            // The authenticated service session (firmware/Pen.Core/Protocol/README.md): AUTH gives a challenge, the
            // answer is HMAC-SHA-256 of it under the unit's own key (from --key, or the simulated factory's for --sim).
            var status = _bench.Status();
            if (status["service"] != "open")
            {
                string refused = OpenService();
                if (refused != null)
                {
                    Results.Add(Row(step, step.Id, "service session opened (challenge and response)", Verdict.Fail, "closed", "open", "pen's answer", refused));
                    return;
                }

                status = _bench.Status();
            }

            _serviceGranted = status["service"] == "open";
            Results.Add(Row(step, step.Id, "service session opened (challenge and response)", _serviceGranted ? Verdict.Pass : Verdict.Fail, status["service"], "open", "pen's answer"));
        }

        /// <summary>Opens a service session: null when it opened, otherwise why not.</summary>
        private string OpenService()
        {
            string unit = Field.Get(_bench.Pen.Ask("ID")[0], "unit") ?? "";
            byte[] key = _keyFor(unit);
            if (key == null) return "no key for unit \"" + unit + "\": give the unit's service key with --key <hex>";
            string challenge = _bench.Pen.Ask("AUTH")[0];
            if (!challenge.StartsWith("CHALLENGE ", StringComparison.Ordinal)) return "AUTH answered \"" + challenge + "\", not a challenge";
            _bench.Pen.Ask("AUTH " + ServiceSession.Response(key, challenge.Substring("CHALLENGE ".Length)));
            return null;
        }

        private bool NeedService(PlanStep step)
        {
            if (_serviceGranted)
            {
                // the pen closes an idle session (10 min) and every session at power-off: open it again
                if (_bench.Status()["service"] == "open") return true;
                string refused = OpenService();
                if (refused == null) return true;
                Results.Add(Row(step, step.Id, step.Title, Verdict.NotRun, "", "", "", "the service session closed and did not open again: " + refused));
                return false;
            }

            Results.Add(Row(step, step.Id, step.Title, Verdict.NotRun, "", "", "", "needs the service session, which an earlier step did not open"));
            return false;
        }

        private void Logs(PlanStep step)
        {
            int count = (int)Field.Long(_bench.Pen.Ask("LOG")[0], "count");
            int read = 0, parsed = 0;
            var bad = new List<string>();
            for (int first = 0; first < count;)
            {
                int next = first + 50;
                foreach (string line in _bench.Pen.Ask("LOG " + first + " 50"))
                {
                    // the pen answers in one bounded buffer: MORE says where the next page starts
                    if (line.StartsWith("MORE ", StringComparison.Ordinal))
                    {
                        next = (int)Field.Long(line, "first");
                        continue;
                    }

                    read++;
                    string[] w = line.Split(' ', 3);
                    if (w.Length == 3 && w[0] == "REC" && int.TryParse(w[1], out _) && RecordKnown(w[2])) parsed++;
                    else bad.Add(line);
                }

                if (next <= first) break;
                first = next;
            }

            Results.Add(Row(step, step.Id + "-log", "session log read off and parsed", read == count && parsed == count ? Verdict.Pass : Verdict.Fail,
                parsed + " of " + count + " records", "all " + count, "pen's answer", bad.Count > 0 ? "not understood: " + string.Join(" | ", bad.Take(3)) : ""));

            List<string> faults = _bench.Pen.Ask("FAULTS");
            int held = (int)Field.Long(faults[0], "held");
            int faultsParsed = faults.Skip(1).Count(l => l.StartsWith("fault ", StringComparison.Ordinal) && Field.Get(l, "code") != null && l.Contains(" text="));
            Results.Add(Row(step, step.Id + "-faults", "fault log read off and parsed", faultsParsed == held ? Verdict.Pass : Verdict.Fail,
                faultsParsed + " of " + held + " snapshots (" + Field.Get(faults[0], "total") + " since power-up)", "all " + held, "pen's answer"));

        }

        private void StreamRate(PlanStep step)
        {
            List<Telemetry> tel;
            lock (_bench.Telemetry) tel = new List<Telemetry>(_bench.Telemetry);
            double least = step.Number("minHz", 50);
            // on the pen's clock; a power cycle begins its clock again (the lines of each boot count on their own)
            double span = 0;
            long gap = 0;
            for (int i = 1; i < tel.Count; i++)
            {
                long d = tel[i].PenMillis - tel[i - 1].PenMillis;
                if (d < 0) continue;
                span += d / 1000.0;
                gap = Math.Max(gap, d);
            }

            double hz = span > 0 ? (tel.Count - 1) / span : 0;
            Results.Add(Row(step, step.Id, "telemetry lines received per second of the pen's clock, over the whole run", hz >= least ? Verdict.Pass : Verdict.Fail,
                hz.ToString("0.0", CultureInfo.InvariantCulture) + " lines/s (" + tel.Count + " over " + span.ToString("0.0", CultureInfo.InvariantCulture) + " s; longest gap " + gap + " ms)",
                "≥ " + least.ToString("0", CultureInfo.InvariantCulture) + " lines/s", "pen's answer"));
        }

        private void NoSession(PlanStep step)
        {
            var status = _bench.Status();
            bool same = status["sessions"] == _sessionsAtStart.ToString(CultureInfo.InvariantCulture) && status["cartridge"] == _cartridgeAtStart;
            Results.Add(Row(step, step.Id + "-no-session", "the QA run counted no patient session and used up no cartridge", same ? Verdict.Pass : Verdict.Fail,
                "sessions " + status["sessions"] + ", cartridge " + status["cartridge"], "sessions " + _sessionsAtStart + ", cartridge " + _cartridgeAtStart, "pen's answer"));
        }

        private static bool RecordKnown(string record)
        {
            string tag = record.Split(' ')[0];
            return tag == "BEGIN" || tag == "SESSION" || tag == "fault" || tag == "CARTRIDGE" || tag == "DROPPED" || tag == "SERVICE" || tag == "QA" || tag == "STORE";
        }

        // ------------------------------------------------------------------ rate and start

        /// <summary>Sets the bench rate and starts the needles if they stand: the number of telemetry lines received just
        /// before BENCH START (where <see cref="WaitForDrive"/> looks from), or −1 when they were already running.</summary>
        private int StartNeedles(double rateHz)
        {
            _bench.Pen.Ask("BENCH " + ((int)Math.Round(rateHz)).ToString(CultureInfo.InvariantCulture));
            if (_running) return -1;
            int before;
            lock (_bench.Telemetry) before = _bench.Telemetry.Count;
            _bench.Pen.Ask("BENCH START");
            _running = true;
            return before;
        }

        /// <summary>How long the tool waits, after BENCH START, for the pen to report it drives the needles: the pen's own
        /// bound on a start's wait for the cartridge's measurement (it refuses the start after it, 11 amber flashes), plus
        /// 1 s for the QA-start record (up to 0.4 s with a sector erase) and the serial line. Unit: s.</summary>
        public static readonly double DriveStartTimeoutS = PenLimits.StartAwaitsCartridgeMicros / 1e6 + 1.0;

        /// <summary>
        /// Waits until the pen reports it drives the needles (a telemetry line in the state Running, from
        /// <paramref name="fromIndex"/> on) and returns that line's index. A first start with a cartridge the pen has not
        /// measured since power-on (seated at boot) waits for the measurement first (MeasuringCartridge, green and amber),
        /// then for its QA-start record (Idle): neither is the drive's settling, so rate and start checks count from here.
        /// A pen in the state Fault instead throws <see cref="PenFaulted"/> (the check FAILs, naming the code) when its code
        /// is the pen's failure, <see cref="BenchNotReadyException"/> (an ERROR) when it says the bench was not ready
        /// (<see cref="StartFaults"/>); a pen that neither drives nor faults within <see cref="DriveStartTimeoutS"/> (no
        /// cartridge, a used one, a refused start) is an ERROR naming <paramref name="check"/>, the state it stayed in and
        /// its last start refusal. <paramref name="note"/> says how long the drive waited.
        /// </summary>
        private int WaitForDrive(string check, int fromIndex, out string note)
        {
            long from = _bench.HostMicros;
            while (true)
            {
                List<Telemetry> tel = TelemetrySince(fromIndex);
                int at = StartTiming.MotorStart(tel);
                if (at >= 0)
                {
                    note = DriveWait(tel, at);
                    return fromIndex + at;
                }

                if (tel.Count > 0 && tel[^1].State == (int)PenState.Fault) throw StartFault(check, tel, StartFaults.FirstFault(tel), "did not drive the needles (state Running) after BENCH START");
                if (_bench.HostMicros - from > DriveStartTimeoutS * 1e6)
                {
                    string stayed = tel.Count == 0 ? "no telemetry line since the command"
                        : "it stayed in " + StateName(tel[^1].State) + " (its states since the command: " + string.Join(", ", StatesSeen(tel)) + "; its last line at t_ms=" + tel[^1].PenMillis + ")";
                    throw new TimeoutException(check + ": the pen did not report driving the needles (state Running) within " +
                        DriveStartTimeoutS.ToString("0.0", CultureInfo.InvariantCulture) + " s of BENCH START; " + stayed + LastRefusal() +
                        ": the bench was not ready for the check (the pen starts with a cartridge seated, not used unless in a QA run, and no fault held)");
                }

                _bench.Wait(0.01);
            }
        }

        /// <summary>
        /// The pen in the state Fault from <paramref name="faultIndex"/> of <paramref name="tel"/> (its lines since BENCH
        /// START) on a start: <see cref="PenFaulted"/> when the first code shown is the pen's failure, else
        /// <see cref="BenchNotReadyException"/> saying what to put right.
        /// </summary>
        private static Exception StartFault(string check, List<Telemetry> tel, int faultIndex, string what)
        {
            int code = tel[faultIndex].Fault;
            string fault = StartFaults.Describe(tel, faultIndex);
            string remedy = StartFaults.BenchNotReady(code);
            if (remedy != null)
                return new BenchNotReadyException(check + ": the pen " + what + ": it reported fault " + fault + "; the bench was not ready for the check (" + remedy + ")");
            return new PenFaulted(code, check + ": the pen " + what + ": it reported fault " + fault + "; its states since the command: " + string.Join(", ", StatesSeen(tel)));
        }

        /// <summary>The pen's last start refusal (STATUS refusal=, Session/Treatment's StartRefusal), "" when it has none.</summary>
        private string LastRefusal()
        {
            if (!_bench.Status().TryGetValue("refusal", out string r) || !int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n == 0) return "";
            return "; its last start refusal: " + (Enum.IsDefined(typeof(Pen.Core.Session.StartRefusal), n) ? ((Pen.Core.Session.StartRefusal)n).ToString() + " (" + n + ")" : n.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>How long the drive's start waited after the command, on the pen's clock, and what for.</summary>
        private static string DriveWait(List<Telemetry> tel, int started)
        {
            if (started == 0) return "";
            long measuring = 0;
            for (int i = 1; i <= started; i++)
                if (tel[i - 1].State == (int)PenState.MeasuringCartridge) measuring += tel[i].PenMillis - tel[i - 1].PenMillis;
            return "the pen reported driving the needles " + (tel[started].PenMillis - tel[0].PenMillis).ToString(CultureInfo.InvariantCulture) + " ms after its first line since BENCH START (pen's clock)" +
                   (measuring > 0 ? ", " + measuring.ToString(CultureInfo.InvariantCulture) + " ms of it measuring the cartridge (MeasuringCartridge)" : "") + "; the check counts from there";
        }

        private static string StateName(int state) => Enum.IsDefined(typeof(PenState), state) ? ((PenState)state).ToString() + " (" + state + ")" : "state " + state;

        private static List<string> StatesSeen(List<Telemetry> tel)
        {
            var seen = new List<string>();
            for (int i = 0; i < tel.Count; i++)
                if (i == 0 || tel[i].State != tel[i - 1].State) seen.Add(StateName(tel[i].State));
            return seen;
        }

        private void StopNeedles()
        {
            if (!_running) return;
            try
            {
                _bench.Pen.Ask("BENCH STOP");
                _bench.Wait(0.5);
                _bench.Pen.Ask("BENCH OFF");
            }
            finally
            {
                _running = false;
            }
        }

        private void Rate(PlanStep step)
        {
            if (!NeedService(step)) return;
            double settle = step.Number("settleS", 1.0), window = step.Number("windowS", 2.0), tol = step.Number("tolerancePercent", 1.0) / 100;
            foreach (double rate in step.Numbers("ratesHz", null))
            {
                string id = step.Id + "-" + rate.ToString("000", CultureInfo.InvariantCulture);
                string what = "mean stroke rate over " + window + " s at " + rate + " strokes/s";
                string limit = rate.ToString("0", CultureInfo.InvariantCulture) + " ±" + (tol * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
                int levelFrom;
                lock (_bench.Telemetry) levelFrom = _bench.Telemetry.Count;
                // the settle counts from the drive's start, not from the command: a first start may wait for the cartridge's
                // measurement (MeasuringCartridge) before the needles are driven, and that wait is not the rate's settling
                int telStart = StartNeedles(rate);
                string driveNote = "";
                try
                {
                    if (telStart >= 0) WaitForDrive(id, telStart, out driveNote);
                }
                catch (PenFaulted e)
                {
                    // the pen tried and faulted: it did not give the rate; the next level starts again (and FAILs the same
                    // way while the pen holds the fault)
                    Results.Add(FaultRow(step, id, what, limit, e));
                    StopNeedles();
                    continue;
                }

                long from, to;
                List<long> windowStrokes = null;
                if (_bench.HasReference)
                {
                    // the window on the instrument's own clock, from when the rate command had landed (its answer came
                    // back before TIME was asked) and the pen drove the needles (its line saying so came before), and
                    // judged once the instrument's clock has passed its end: neither a host running late nor a simulated
                    // pen running behind the wall clock moves or truncates it
                    long landed = _bench.FixtureNow();
                    long fromFixture = landed + (long)(settle * 1e6), toFixture = fromFixture + (long)(window * 1e6);
                    _bench.Wait(settle + window);
                    _bench.WaitForFixture(toFixture, 30 + settle + window);
                    windowStrokes = _bench.StrokesBetween(fromFixture, toFixture);
                    from = fromFixture - _bench.FixtureOffsetMicros;
                    to = toFixture - _bench.FixtureOffsetMicros;
                }
                else
                {
                    _bench.Wait(settle);
                    from = _bench.HostMicros;
                    _bench.Wait(window);
                    to = _bench.HostMicros;
                }

                Plot.RateWindows.Add(new[] { RunS(from), RunS(to), rate, tol });
                var tel = _bench.TelemetryBetween(from, to);
                double penRate = CountedRate(tel);
                // a fault between this level's command and the window's end (a stall after the drive's start): the pen did not
                // hold the rate, whatever the window's mean; the row names the fault
                List<Telemetry> level = TelemetrySince(levelFrom);
                int faulted = StartFaults.FirstFault(level);
                if (faulted >= 0)
                {
                    int drove = StartTiming.MotorStart(level);
                    string how = drove >= 0 && drove < faulted ? "faulted while it drove the needles" : "did not drive the needles (state Running) after BENCH START";
                    Exception e = StartFault(id, level, faulted, how);
                    if (e is BenchNotReadyException) throw e;
                    double mean = _bench.HasReference ? (windowStrokes.Count >= 2 ? (windowStrokes.Count - 1) * 1e6 / (windowStrokes[^1] - windowStrokes[0]) : 0) : penRate;
                    Results.Add(FaultRow(step, id, what, limit, (PenFaulted)e, "; the window's mean: " + Hz(mean) + " (" + (_bench.HasReference ? "reference instrument" : "the pen's count") + ")" + (driveNote.Length > 0 ? "; " + driveNote : "")));
                    StopNeedles();
                    continue;
                }

                if (_bench.HasReference)
                {
                    var strokes = windowStrokes;
                    double trueRate = strokes.Count >= 2 ? (strokes.Count - 1) * 1e6 / (strokes[^1] - strokes[0]) : 0;
                    var r = Row(step, id, what, Judge(trueRate, rate, tol), Hz(trueRate), limit, "reference instrument",
                        "the pen's own count: " + Hz(penRate) + " (" + Percent((penRate - trueRate) / trueRate) + " from the reference)" + (driveNote.Length > 0 ? "; " + driveNote : ""));
                    r.FromFixtureMicros = strokes.Count > 0 ? strokes[0] : _bench.ToFixture(from);
                    r.ToFixtureMicros = strokes.Count > 0 ? strokes[^1] : _bench.ToFixture(to);
                    r.Target = rate;
                    r.Tolerance = tol;
                    Results.Add(r);
                }
                else
                {
                    var r = Row(step, id, what, Judge(penRate, rate, tol), Hz(penRate), limit, "pen's own reading",
                        "no reference instrument: the pen's pulse count over its own telemetry times" + (driveNote.Length > 0 ? "; " + driveNote : ""));
                    r.Target = rate;
                    r.Tolerance = tol;
                    Results.Add(r);
                }
            }
        }

        /// <summary>A rate or start check the pen FAILed by faulting on its start: the fault named, no window judged (nothing
        /// for the truth check: the verdict rests on the pen's own report of its fault).</summary>
        private Result FaultRow(PlanStep step, string id, string what, string limit, PenFaulted e, string more = "")
        {
            return Row(step, id, what, Verdict.Fail, "fault " + StartFaults.Label(e.Code),
                limit, "pen's telemetry (the state Fault and its fault code)", e.Message + more);
        }

        private static double CountedRate(List<Telemetry> tel)
        {
            if (tel.Count < 2) return 0;
            double dt = (tel[^1].PenMillis - tel[0].PenMillis) / 1000.0;
            return dt > 0 ? (tel[^1].Strokes - tel[0].Strokes) / dt : 0;
        }

        private void Start(PlanStep step)
        {
            if (!NeedService(step)) return;
            StopNeedles();
            _bench.Wait(0.8);
            double rate = step.Number("rateHz", 100), limitS = step.Number("limitS", 0.3), tol = step.Number("tolerancePercent", 2) / 100;
            double overLimit = step.Number("overshootPercent", 5) / 100, observe = step.Number("observeS", 1.5);
            long commanded = _bench.HostMicros;
            int telBefore;
            lock (_bench.Telemetry) telBefore = _bench.Telemetry.Count;
            StartNeedles(rate);

            // the motor's start on the pen's clock (StartTiming): the first line in the state Running, after the cartridge's
            // measurement when this is the pen's first start (not the motor's settling); then the whole observed window after it
            int started;
            string driveNote;
            try
            {
                started = WaitForDrive(step.Id + "-settle", telBefore, out driveNote) - telBefore;
            }
            catch (PenFaulted e)
            {
                StartFaultRows(step, rate, tol, limitS, overLimit, e);
                return;
            }

            List<Telemetry> tel = TelemetrySince(telBefore);
            long motorMillis = tel[started].PenMillis;
            for (int i = 0; i < 50 && tel[^1].PenMillis < motorMillis + (long)(observe * 1000) + 20; i++)
            {
                _bench.Wait(0.1);
                tel = TelemetrySince(telBefore);
            }

            // a fault after the drive's start within the observed window (a stall, an over-current): the start FAILs naming it
            int faulted = StartFaults.FirstFault(tel, started);
            if (faulted >= 0 && tel[faulted].PenMillis <= motorMillis + (long)(observe * 1000))
            {
                Exception e = StartFault(step.Id + "-settle", tel, faulted, "faulted " + (tel[faulted].PenMillis - motorMillis).ToString(CultureInfo.InvariantCulture) + " ms after its drive's start");
                if (e is BenchNotReadyException) throw e;
                StartFaultRows(step, rate, tol, limitS, overLimit, (PenFaulted)e);
                return;
            }

            long latencyMicros = tel[started].HostMicros - commanded;
            string latency = "the pen's first telemetry line as running arrived " + (latencyMicros / 1000.0).ToString("0", CultureInfo.InvariantCulture) + " ms after the host sent the command (host's clock; informative)" +
                             (driveNote.Length > 0 ? "; " + driveNote : "");
            string basis;
            var times = new List<double>(); // stroke completion times after the motor's start, s
            Result settleRow;
            if (_bench.HasReference)
            {
                List<long> all;
                lock (_bench.StrokeMicros) all = new List<long>(_bench.StrokeMicros);
                // the pen stood still for at least the 0.8 s above: its first stroke follows a quiet half second; when the pen
                // measured the cartridge before driving, the strokes it counted meanwhile are the measurement's, not the start's
                int first = StartTiming.FirstStroke(all, _bench.ToFixture(commanded) - 1_000_000, 500_000);
                long measurementStrokes = started > 0 ? tel[started - 1].Strokes - tel[0].Strokes : 0;
                first = StartTiming.FirstDriveStroke(all, first, measurementStrokes);
                List<long> strokes = first < 0 ? new List<long>() : all.GetRange(first, all.Count - first);
                List<Telemetry> fromRest = tel.GetRange(Math.Max(0, started - 1), tel.Count - Math.Max(0, started - 1));
                long t0;
                if (StartTiming.Align(fromRest, strokes, out long delta, out int matched, out string why))
                {
                    t0 = motorMillis * 1000 - delta;
                    basis = "reference instrument (the motor's start from the pen's telemetry, its clock aligned to the instrument's on " + matched + " strokes)";
                }
                else
                {
                    t0 = _bench.ToFixture(commanded);
                    basis = "reference instrument, from the host's command (the motor's start could not be placed on the instrument's clock: " + why + ")";
                }

                foreach (long f in strokes) if (f > t0 && f <= t0 + (long)(observe * 1e6)) times.Add((f - t0) / 1e6);
                double settle = StartTiming.Settle(times, rate, tol, out double peak);
                settleRow = SettleRow(step, rate, tol, limitS, settle, basis, latency);
                settleRow.FromFixtureMicros = t0;
                settleRow.ToFixtureMicros = t0 + (long)(observe * 1e6);
                settleRow.Strokes = strokes;
                Results.Add(settleRow);
                Results.Add(OvershootRow(step, rate, overLimit, times.Count > 1 ? peak / rate - 1 : double.NaN, basis));
            }
            else
            {
                // the pen's own per-tick rate estimate, each at its tick's time after the motor's start
                basis = "pen's own reading (its rate estimate at each tick after the motor's start)";
                var rates = new List<double>();
                var at = new List<double> { 0 };
                for (int i = started; i < tel.Count; i++)
                {
                    double s = (tel[i].PenMillis - motorMillis) / 1000.0;
                    if (tel[i].RateHz <= 0 || s <= 0 || s > observe) continue;
                    at.Add(s);
                    rates.Add(tel[i].RateHz);
                }

                double settle = double.NaN, peak = 0;
                for (int i = rates.Count - 1; i >= 0; i--)
                {
                    if (Math.Abs(rates[i] - rate) > tol * rate) break;
                    settle = at[i + 1];
                }

                foreach (double r in rates) peak = Math.Max(peak, r);
                Results.Add(SettleRow(step, rate, tol, limitS, settle, basis, latency));
                Results.Add(OvershootRow(step, rate, overLimit, rates.Count > 0 ? peak / rate - 1 : double.NaN, basis));
            }
        }

        private List<Telemetry> TelemetrySince(int index)
        {
            lock (_bench.Telemetry) return _bench.Telemetry.GetRange(index, _bench.Telemetry.Count - index);
        }

        private Result SettleRow(PlanStep step, double rate, double tol, double limitS, double settle, string basis, string detail)
        {
            string limit = "≤ " + (limitS * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms to ±" + (tol * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
            Result r = Row(step, step.Id + "-settle", "start from rest to " + rate + " strokes/s: within ±" + (tol * 100) + " % after the motor's start",
                !double.IsNaN(settle) && settle <= limitS ? Verdict.Pass : Verdict.Fail, double.IsNaN(settle) ? "never settled" : (settle * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms", limit, basis, detail);
            r.Target = rate;
            r.Tolerance = tol;
            r.LimitS = limitS;
            return r;
        }

        /// <summary>The start FAILed by a fault (<see cref="PenFaulted"/>): the settle row names it; the overshoot is not
        /// judged (the observation ended with the fault).</summary>
        private void StartFaultRows(PlanStep step, double rate, double tol, double limitS, double overLimit, PenFaulted e)
        {
            string limit = "≤ " + (limitS * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms to ±" + (tol * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
            Results.Add(FaultRow(step, step.Id + "-settle", "start from rest to " + rate + " strokes/s: within ±" + (tol * 100) + " % after the motor's start", limit, e));
            Results.Add(Row(step, step.Id + "-overshoot", "start from rest to " + rate + " strokes/s: overshoot", Verdict.NotRun, "", "≤ " + (overLimit * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %",
                "pen's telemetry", "not judged: the pen faulted on its start (" + step.Id + "-settle)"));
        }

        private Result OvershootRow(PlanStep step, double rate, double overLimit, double over, string basis)
        {
            return Row(step, step.Id + "-overshoot", "start from rest to " + rate + " strokes/s: overshoot", !double.IsNaN(over) && over <= overLimit ? Verdict.Pass : Verdict.Fail,
                double.IsNaN(over) ? "no strokes" : Percent(over), "≤ " + (overLimit * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %", basis);
        }

        // ------------------------------------------------------------------ depth

        private void Depth(PlanStep step)
        {
            StopNeedles();
            double tol = step.Number("toleranceMm", 0.05), settle = step.Number("settleS", 0.3);
            Plot.DepthToleranceMm = tol;
            foreach (double d in step.Numbers("detents", null))
            {
                int detent = (int)d;
                double nominal = detent * BoardConstants.DepthDetentStepMm;
                bool turned = false;
                if (_bench.HasReference)
                {
                    try
                    {
                        _bench.Fixture.Ask("RING " + detent);
                        turned = true;
                    }
                    catch (DeviceError) { }
                }

                if (!turned && !_askOperator("turn the depth ring to detent " + detent + " (" + nominal.ToString("0.00", CultureInfo.InvariantCulture) + " mm)"))
                    throw new InvalidOperationException("depth detent " + detent + ": no ring actuator on the fixture and nobody to turn the ring");
                _bench.Wait(settle);
                double pen = Field.Long(_bench.Pen.Ask("STATUS")[0], "depth_um") / 1000.0;
                string id = step.Id + "-d" + detent.ToString("00", CultureInfo.InvariantCulture);
                Result r;
                if (_bench.HasReference)
                {
                    string gauge = _bench.Fixture.Ask("GAUGE")[0];
                    double trueMm = Field.Long(gauge, "depth_um") / 1000.0;
                    r = Row(step, id, "depth reading at detent " + detent + " against the gauge", Math.Abs(pen - trueMm) <= tol + 1e-9 ? Verdict.Pass : Verdict.Fail,
                        Mm(pen) + " (gauge " + Mm(trueMm) + ", " + Signed(pen - trueMm) + ")", "gauge ±" + Mm(tol), "reference instrument");
                    r.FromFixtureMicros = r.ToFixtureMicros = Field.Long(gauge, "t_us");
                    Plot.GaugeDetent.Add(detent);
                    Plot.GaugeMm.Add(trueMm);
                    Plot.PenDepthMm.Add(pen);
                }
                else
                {
                    r = Row(step, id, "depth reading at detent " + detent + " against the detent's nominal depth", Math.Abs(pen - nominal) <= tol + 1e-9 ? Verdict.Pass : Verdict.Fail,
                        Mm(pen), Mm(nominal) + " ±" + Mm(tol), "pen's own reading", "no gauge: judged against the ring's nominal detent");
                    Plot.GaugeDetent.Add(detent);
                    Plot.GaugeMm.Add(nominal);
                    Plot.PenDepthMm.Add(pen);
                }

                r.Target = nominal;
                r.Tolerance = tol;
                Results.Add(r);
            }
        }

        // ------------------------------------------------------------------ factory calibration

        private double MeanRaw(string key, int reads)
        {
            double sum = 0;
            for (int i = 0; i < reads; i++)
            {
                sum += Field.Long(_bench.Pen.Ask("RAW")[0], key);
                _bench.Wait(0.012); // a new tick's conversion each time
            }

            return sum / reads;
        }

        private void NeedFixture(string what)
        {
            if (!_bench.HasReference) throw new InvalidOperationException(what + " needs the reference instrument (--fixture, or --sim)");
        }

        private bool Store(PlanStep step, string id, string what, string record)
        {
            try
            {
                List<string> answer = _bench.Pen.Ask("STORE " + record);
                Results.Add(Row(step, id, what, Verdict.Pass, record, "the pen stores it", "pen's answer", string.Join(" ", answer)));
                return true;
            }
            catch (DeviceError e)
            {
                Results.Add(Row(step, id, what, Verdict.Fail, record, "the pen stores it", "pen's answer", e.Line));
                return false;
            }
        }

        private void CalibrateAdc(PlanStep step)
        {
            if (!NeedService(step)) return;
            NeedFixture("the ADC calibration");
            StopNeedles();
            double low = step.Number("lowMv", 200), high = step.Number("highMv", 2200);
            int reads = (int)step.Number("reads", 16);
            foreach (string input in step.Strings("inputs", AdcLines.Names))
            {
                double[] codes = new double[2], mv = new double[2];
                for (int k = 0; k < 2; k++)
                {
                    _bench.Fixture.Ask("SOURCE " + input + " " + (k == 0 ? low : high).ToString("0.0", CultureInfo.InvariantCulture));
                    _bench.Wait(0.05);
                    codes[k] = MeanRaw(input, reads);
                    mv[k] = double.Parse(Field.Get(_bench.Fixture.Ask("METER")[0], "mv"), CultureInfo.InvariantCulture);
                }

                _bench.Fixture.Ask("SOURCE OFF");
                AdcCalibration cal = AdcCalibration.FromMeasured(input, (float)codes[0], (float)mv[0], (float)codes[1], (float)mv[1]);
                if (cal == null)
                {
                    Results.Add(Row(step, step.Id + "-" + input, "ADC two-point calibration of " + input, Verdict.Fail, "codes " + codes[0].ToString("0.0", CultureInfo.InvariantCulture) + ", " + codes[1].ToString("0.0", CultureInfo.InvariantCulture), "a line an ESP32 can have", "reference instrument"));
                    continue;
                }

                if (Store(step, step.Id + "-" + input, "ADC two-point calibration of " + input + " stored (read at the next power-up)", cal.ToRecord())) _storedAdc[input] = cal;
            }
        }

        private void CalibrateDepth(PlanStep step)
        {
            if (!NeedService(step)) return;
            NeedFixture("the depth calibration");
            StopNeedles();
            int reads = (int)step.Number("reads", 16);
            var codes = new float[Pen.Core.Limits.PenLimits.DepthDetentCount];
            var mm = new float[codes.Length];
            for (int i = 0; i < codes.Length; i++)
            {
                _bench.Fixture.Ask("RING " + i);
                _bench.Wait(0.1);
                codes[i] = (float)MeanRaw("depth", reads);
                mm[i] = Field.Long(_bench.Fixture.Ask("GAUGE")[0], "depth_um") / 1000f;
            }

            DepthCalibration table = DepthCalibration.FromMeasured(codes, mm);
            if (table == null) Results.Add(Row(step, step.Id, "depth calibration table", Verdict.Fail, string.Join(",", codes.Select(c => c.ToString("0", CultureInfo.InvariantCulture))), "a table the ring and sensor can have", "reference instrument"));
            else Store(step, step.Id, "depth calibration table stored (read at the next power-up)", table.ToRecord());
        }

        private void CalibrateSupply(PlanStep step)
        {
            if (!NeedService(step)) return;
            NeedFixture("the supply calibration");
            StopNeedles();
            double low = step.Number("lowMv", 3000), high = step.Number("highMv", 4200);
            int reads = (int)step.Number("reads", 16);
            double[] codes = new double[2], volts = new double[2];
            for (int k = 0; k < 2; k++)
            {
                _bench.Fixture.Ask("SUPPLY " + (k == 0 ? low : high).ToString("0", CultureInfo.InvariantCulture));
                _bench.Wait(0.1);
                codes[k] = MeanRaw("supply", reads);
                volts[k] = double.Parse(Field.Get(_bench.Fixture.Ask("METER")[0], "mv"), CultureInfo.InvariantCulture) / 1000;
            }

            _bench.Fixture.Ask("SUPPLY OFF");
            BoardVariant board = Identity.TryGetValue("board", out string b) && b == "RP-2" ? BoardVariant.Corded7V4() : BoardVariant.Battery1S();
            // the pen checks the record against the supply input's ADC line it booted with; the same line here (the ADCCAL
            // this run stored, once a power cycle has made the pen read it; else nominal)
            AdcLine line = _bootedAdc.TryGetValue("supply", out AdcCalibration booted) ? booted.Line : AdcLine.Nominal;
            SupplyCalibration cal = SupplyCalibration.FromMeasured((float)codes[0], (float)volts[0], (float)codes[1], (float)volts[1], board.Scale, line);
            if (cal == null) Results.Add(Row(step, step.Id, "supply calibration", Verdict.Fail, "codes " + codes[0].ToString("0.0", CultureInfo.InvariantCulture) + ", " + codes[1].ToString("0.0", CultureInfo.InvariantCulture), "a divider within its tolerance", "reference instrument"));
            else Store(step, step.Id, "supply two-point calibration stored (read at the next power-up)", cal.ToRecord());
        }

        // ------------------------------------------------------------------ power cycle and the records after it

        /// <summary>
        /// The bench supply off and on again (the fixture's POWER): the pen, on the supply in its cell's place, stops with
        /// its RAM and boots from its flash, reading the records stored before. Checks that it went silent (no telemetry, no
        /// answer), that it came back with its RAM state gone (no telemetry until asked, the service session closed), and
        /// sets the telemetry going again. The records' use is checked by the steps after it (identify, verify-*).
        /// </summary>
        private void PowerCycle(PlanStep step)
        {
            NeedFixture("a power cycle");
            StopNeedles();
            double off = step.Number("offS", 1.0), bootTimeout = step.Number("bootTimeoutS", 10);
            _bench.Fixture.Ask("POWER OFF");
            long cut = _bench.HostMicros;
            _bench.Wait(off);
            bool silent;
            try
            {
                _bench.Pen.Ask("ID", 0.5);
                silent = false;
            }
            catch (TimeoutException)
            {
                silent = true;
            }

            // lines already on their way when the power went are let through (0.1 s)
            int whileOff = _bench.TelemetryBetween(cut + 100_000, _bench.HostMicros).Count;
            silent &= whileOff == 0;
            Results.Add(Row(step, step.Id + "-off", "the pen is off while the bench supply is (no telemetry, no answer to ID)", silent ? Verdict.Pass : Verdict.Fail,
                whileOff + " telemetry lines, " + (silent || whileOff > 0 ? "no answer" : "it answered"), "none, no answer", "pen's answer", "supply off for " + off.ToString("0.0#", CultureInfo.InvariantCulture) + " s"));
            _bench.Fixture.Ask("POWER ON");
            long on = _bench.HostMicros;
            string id = null;
            while (id == null && _bench.HostMicros - on < bootTimeout * 1e6)
            {
                try { id = _bench.Pen.Ask("ID", 0.5)[0]; }
                catch (TimeoutException) { }
            }

            if (id == null)
            {
                Results.Add(Row(step, step.Id + "-boot", "the pen boots when the bench supply returns", Verdict.Fail, "no answer within " + bootTimeout + " s", "answers ID", "pen's answer"));
                return;
            }

            long answeredMs = (_bench.HostMicros - on) / 1000;
            // a booted pen has lost its RAM: no telemetry until asked again, and its service session closed
            int streamed = _bench.TelemetryBetween(on, _bench.HostMicros).Count;
            string service = _bench.Status()["service"];
            _bench.Pen.Ask("STREAM 10");
            bool restarted = streamed == 0 && service != "open";
            Results.Add(Row(step, step.Id + "-boot", "the pen boots when the bench supply returns (its RAM state gone: no telemetry until asked, service session closed)", restarted ? Verdict.Pass : Verdict.Fail,
                "answered " + answeredMs + " ms after; " + streamed + " telemetry lines before asked; service " + service, "no telemetry, service not open", "pen's answer", id));
            if (restarted) foreach (var kv in _storedAdc) _bootedAdc[kv.Key] = kv.Value;
        }

        /// <summary>
        /// Each ADC input read through the line the pen booted with (RAW's &lt;input&gt;_mv) against the voltmeter, with
        /// the source on the input's pad: the pen reads through its ADCCAL records.
        /// </summary>
        private void VerifyAdc(PlanStep step)
        {
            NeedFixture("the ADC check");
            StopNeedles();
            double mvSet = step.Number("mv", 1000), tol = step.Number("toleranceMv", 4);
            int reads = (int)step.Number("reads", 16);
            foreach (string input in step.Strings("inputs", AdcLines.Names))
            {
                _bench.Fixture.Ask("SOURCE " + input + " " + mvSet.ToString("0.0", CultureInfo.InvariantCulture));
                _bench.Wait(0.05);
                double pen = MeanRaw(input + "_mv", reads);
                double meter = double.Parse(Field.Get(_bench.Fixture.Ask("METER")[0], "mv"), CultureInfo.InvariantCulture);
                _bench.Fixture.Ask("SOURCE OFF");
                double err = pen - meter;
                Results.Add(Row(step, step.Id + "-" + input, "the pen's reading of " + input + " (through its booted calibration) against the voltmeter",
                    Math.Abs(err) <= tol ? Verdict.Pass : Verdict.Fail, pen.ToString("0.0", CultureInfo.InvariantCulture) + " mV (voltmeter " + meter.ToString("0.0", CultureInfo.InvariantCulture) + " mV, " + (err >= 0 ? "+" : "") + err.ToString("0.0", CultureInfo.InvariantCulture) + " mV)",
                    "voltmeter ±" + tol.ToString("0.#", CultureInfo.InvariantCulture) + " mV", "reference instrument", "mean of " + reads + " RAW reads"));
            }
        }

        /// <summary>The pen's supply reading (STATUS v_mV, through its SUPPLYCAL record) against the voltmeter at bench-supply voltages.</summary>
        private void VerifySupply(PlanStep step)
        {
            NeedFixture("the supply check");
            StopNeedles();
            double tol = step.Number("toleranceMv", 30);
            int reads = (int)step.Number("reads", 16);
            foreach (double mvSet in step.Numbers("mvs", new[] { 3200.0, 3700, 4100 }))
            {
                _bench.Fixture.Ask("SUPPLY " + mvSet.ToString("0", CultureInfo.InvariantCulture));
                _bench.Wait(0.1);
                double sum = 0;
                for (int i = 0; i < reads; i++)
                {
                    sum += Field.Long(_bench.Pen.Ask("STATUS")[0], "v_mV");
                    _bench.Wait(0.012);
                }

                double pen = sum / reads;
                double meter = double.Parse(Field.Get(_bench.Fixture.Ask("METER")[0], "mv"), CultureInfo.InvariantCulture);
                double err = pen - meter;
                Results.Add(Row(step, step.Id + "-" + mvSet.ToString("0", CultureInfo.InvariantCulture), "the pen's supply reading at " + mvSet.ToString("0", CultureInfo.InvariantCulture) + " mV (through its booted calibration) against the voltmeter",
                    Math.Abs(err) <= tol ? Verdict.Pass : Verdict.Fail, pen.ToString("0", CultureInfo.InvariantCulture) + " mV (voltmeter " + meter.ToString("0", CultureInfo.InvariantCulture) + " mV, " + (err >= 0 ? "+" : "") + err.ToString("0", CultureInfo.InvariantCulture) + " mV)",
                    "voltmeter ±" + tol.ToString("0", CultureInfo.InvariantCulture) + " mV", "reference instrument", "mean of " + reads + " STATUS reads"));
            }

            _bench.Fixture.Ask("SUPPLY OFF");
        }

        // ------------------------------------------------------------------ plot data, text

        private void CollectPlot()
        {
            List<Telemetry> tel;
            lock (_bench.Telemetry) tel = new List<Telemetry>(_bench.Telemetry);
            foreach (var t in tel)
            {
                Plot.TimeS.Add(RunS(t.HostMicros));
                Plot.SetpointHz.Add(t.SetpointHz);
                Plot.RateHz.Add(t.RateHz);
                Plot.CurrentA.Add(t.CurrentA);
                Plot.DepthMm.Add(t.DepthMm);
            }

            List<long> strokes;
            lock (_bench.StrokeMicros) strokes = new List<long>(_bench.StrokeMicros);
            for (int i = 1; i < strokes.Count; i++)
            {
                Plot.ReferenceTimeS.Add((strokes[i] - _bench.FixtureOffsetMicros) / 1e6);
                Plot.ReferenceRateHz.Add(1e6 / (strokes[i] - strokes[i - 1]));
            }
        }

        private static Verdict Judge(double measured, double target, double tol) => Math.Abs(measured - target) <= tol * target ? Verdict.Pass : Verdict.Fail;
        private static string Hz(double x) => x.ToString("0.00", CultureInfo.InvariantCulture) + " strokes/s";
        private static string Mm(double x) => x.ToString("0.000", CultureInfo.InvariantCulture) + " mm";
        private static string Signed(double x) => (x >= 0 ? "+" : "") + x.ToString("0.000", CultureInfo.InvariantCulture) + " mm";
        private static string Percent(double x) => (x >= 0 ? "+" : "") + (x * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
    }
}
