using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core;
using Pen.Core.Protocol;
using Pen.Core.Records;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Campaigns
{
    /// <summary>
    /// The bench protocol fuzzed on the simulated pen (`campaign fuzz --cases N`): N lines sent at the bench serial,
    /// one per tick, while the pen goes through its states (idle, a patient's session running, stopped, a fault, power
    /// cycles, the cartridge changed, a low cell). A line is random bytes through the serial's line input (CR, LF,
    /// backspace, any byte), a random printable line, or a line of the protocol's grammar with its arguments mutated
    /// (every command, valid and invalid records, AUTH with guessed answers: the unlock brute-forced). Nobody holds the
    /// pen's key, so after every answer: no service session is open, no bench rate is set, no QA run, the clinic cap is
    /// kept, and every record only a service session may change (configuration, calibrations, key) is as it was; every
    /// answer is well formed (lines, the last one OK or ERR) and nothing throws. Deterministic per seed.
    /// </summary>
    public static class BenchFuzz
    {
        /// <summary>What one campaign saw.</summary>
        public sealed class Result
        {
            public int Lines, GrammarLines, RandomLines, ByteLines;
            /// <summary>Lines the pen never answered: it lost power or restarted first (a host would send them again).</summary>
            public int Unanswered;
            /// <summary>The brute force: challenges given, challenges refused for the back-off's wait, answers sent, answers checked and found wrong.</summary>
            public int Challenges, ChallengesRefusedWaiting, AuthAnswers, AuthWrong, AuthOpened;
            public int Failures;
            public readonly List<string> FailureLines = new List<string>();
            public readonly SortedDictionary<string, int> Answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
            public readonly SortedDictionary<string, int> LinesByState = new SortedDictionary<string, int>(StringComparer.Ordinal);
            public int FinalFailures;
            public long FinalWaitS;
            public double SimulatedS;
        }

        /// <summary>The slots only a service session may write (STORE) or the factory (PROVISION on a pen without a key).</summary>
        public static readonly string[] ProtectedSlots = ProtectedSlotNames();

        private static string[] ProtectedSlotNames()
        {
            var names = new List<string> { PenRecords.ConfigSlot, PenRecords.KeySlot };
            foreach (string s in Pen.Core.Board.CalibrationKinds.SlotNames()) names.Add(s);
            return names.ToArray();
        }

        private static readonly string[] Commands =
        {
            "HELP", "ID", "STATUS", "LIMITS", "FAULTS", "LOG", "RAW", "BENCH", "STREAM", "ECHO", "STORE", "AUTH", "END", "CAP", "CLEAR", "PROVISION",
        };

        /// <summary>Runs <paramref name="lines"/> lines on the pen of <paramref name="seed"/>; <paramref name="progress"/> gets lines done.</summary>
        public static Result Run(int lines, int seed, Action<int> progress = null)
        {
            var result = new Result();
            var rnd = SplitMix.For(seed, "bench-fuzz");
            // a line takes about 0.1 s to answer on the interpreter's timing (STATUS, LOG pages); the run ends at the last answer
            double duration = 60 + lines * 0.5;
            var s = new Scenario { Name = "bench fuzz", Seed = seed, DurationS = duration };
            s.Tick.JitterMs = 2;
            AddStates(s, duration);
            var runner = new ScenarioRunner(s);
            SimulatedPen pen = runner.Pen;
            Dictionary<string, string> baseline = Protected(pen);
            var sink = new Sender(runner, rnd, lines, result, baseline, progress);
            runner.Run(sink);
            result.SimulatedS = pen.Plant.TimeS;
            // a last look after the run: a power cycle must not bring back what the fuzz could not do
            if (!pen.Powered) pen.PowerUp(pen.Plant.NowMicros);
            sink.Check("after the run", null);
            result.FinalFailures = pen.Firmware.Service.Failures;
            result.FinalWaitS = pen.Firmware.Service.WaitSeconds(pen.Firmware.Frame.NowMicros);
            return result;
        }

        /// <summary>
        /// The pen's states over the campaign, a 30 s cycle: a patient's session started at 1 s and stopped at 6 s, a
        /// current-sense fault at 8 s while running again, a power cycle at 14 s, the cartridge changed at 17 s, the cell
        /// low at 20–24 s, a power-off by the double press at 27 s (the main button wakes it at 29 s).
        /// </summary>
        private static void AddStates(Scenario s, double duration)
        {
            for (double c = 0; c + 30 <= duration + 30; c += 30)
            {
                Add(s, c + 1.0, new ButtonEvent { Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
                Add(s, c + 3.0, new SkinEvent { Contact = true, LoadScale = 1, RampMs = 50 });
                Add(s, c + 5.0, new SkinEvent { Contact = false, RampMs = 20 });
                Add(s, c + 6.0, new ButtonEvent { Button = ButtonId.Main, Action = ButtonAction.Press });
                Add(s, c + 7.0, new ButtonEvent { Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
                Add(s, c + 9.0, new FaultEvent { Kind = FaultKind.AdcOffset, Channel = AdcChannelId.MotorCurrent, OffsetMv = 900, DurationMs = 300 });
                Add(s, c + 14.0, new PowerEvent { Action = PowerAction.Cycle });
                Add(s, c + 17.0, new CartridgeEvent { Insert = false });
                Add(s, c + 17.5, new CartridgeEvent { Insert = true, Needles = 12 });
                Add(s, c + 20.0, new BatteryEvent { StateOfCharge = 0.01 });
                Add(s, c + 24.0, new BatteryEvent { StateOfCharge = 0.8 });
                Add(s, c + 27.0, new ButtonEvent { Button = ButtonId.Main, Action = ButtonAction.DoublePress });
                Add(s, c + 29.0, new ButtonEvent { Button = ButtonId.Main, Action = ButtonAction.Press });
            }

            s.Events.RemoveAll(e => e.AtS >= duration);
        }

        private static void Add(Scenario s, double atS, ScenarioEvent e)
        {
            e.AtS = atS;
            s.Events.Add(e);
        }

        private static Dictionary<string, string> Protected(SimulatedPen pen)
        {
            PenRecords r = pen.ReadRecords();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string slot in ProtectedSlots) values[slot] = r.Value(slot);
            return values;
        }

        private static string StateName(SimulatedPen pen)
        {
            if (!pen.Powered) return "off";
            PenFirmware fw = pen.Firmware;
            string s = fw.State.ToString().ToLowerInvariant();
            if (fw.Treatment.SessionActive) s += ", patient's session";
            return s;
        }

        /// <summary>Sends one line each tick and checks the pen after each answer.</summary>
        private sealed class Sender : ITickSink
        {
            private readonly ScenarioRunner _runner;
            private readonly SplitMix _rnd;
            private readonly int _lines;
            private readonly Result _result;
            private readonly Dictionary<string, string> _baseline;
            private readonly Action<int> _progress;
            private readonly BenchLineInput _input = new BenchLineInput();
            private readonly Queue<string> _pending = new Queue<string>();
            private double _nextS = 1.5;
            private bool _challenged;
            private bool _waiting;
            private PenFirmware _waitingFirmware;
            private double _sentS;
            private string _lastLine;
            private int _lastKind;
            private string _answer;
            /// <summary>How long a host waits for an answer. Unit: s.</summary>
            private const double NoAnswerS = 5;
            public int Answered;

            public Sender(ScenarioRunner runner, SplitMix rnd, int lines, Result result, Dictionary<string, string> baseline, Action<int> progress)
            {
                _runner = runner;
                _rnd = rnd;
                _lines = lines;
                _result = result;
                _baseline = baseline;
                _progress = progress;
            }

            public void OnTick(in TickRow row)
            {
                if (_answer != null)
                {
                    string text = _answer;
                    _answer = null;
                    _waiting = false;
                    Answered++;
                    Tally(text, _lastKind);
                    Check(_lastLine, text);
                    if (_result.Lines >= _lines) _runner.Stop();
                }

                // as a host does: the next line once the pen has answered the last (or restarted without answering)
                if (row.TimeS < _nextS || _result.Lines >= _lines) return;
                if (!_runner.Pen.Powered) return;   // a pen that is off does not answer: the host waits
                if (_waiting && _waitingFirmware == _runner.Pen.Firmware)
                {
                    if (row.TimeS - _sentS < NoAnswerS) return;
                    Fail(_lastLine, "no answer within " + NoAnswerS.ToString(CultureInfo.InvariantCulture) + " s, and the pen did not restart");
                }

                if (_waiting) _result.Unanswered++;
                _waiting = false;
                string line = NextLine();
                _result.Lines++;
                string state = StateName(_runner.Pen);
                _result.LinesByState.TryGetValue(state, out int n);
                _result.LinesByState[state] = n + 1;
                string auth = line.Trim().ToUpperInvariant();
                int kind = auth == "AUTH" ? 1 : auth.StartsWith("AUTH ", StringComparison.Ordinal) ? 2 : 0;
                _waiting = true;
                _waitingFirmware = _runner.Pen.Firmware;
                _sentS = row.TimeS;
                _lastLine = line;
                _lastKind = kind;
                // the answer is checked at the next tick, outside the bench thread's metered work
                _runner.SendBench(line, text => _answer = text);
                if (_progress != null && _result.Lines % 1000 == 0) _progress(_result.Lines);
                if (_result.Lines >= _lines) _nextS = double.MaxValue;
            }

            private void Tally(string text, int auth)
            {
                string last = LastLine(text);
                string key = last == null ? "(none)" : last.StartsWith("ERR ", StringComparison.Ordinal) ? last.Substring(0, last.IndexOf(' ', 4) < 0 ? last.Length : last.IndexOf(' ', 4)) : last;
                _result.Answers.TryGetValue(key, out int n);
                _result.Answers[key] = n + 1;
                if (auth == 1 && last == "OK") _result.Challenges++;
                if (auth == 1 && key == "ERR " + ((int)BenchError.Wait).ToString(CultureInfo.InvariantCulture)) _result.ChallengesRefusedWaiting++;
                if (auth == 2) _result.AuthAnswers++;
                if (auth == 2 && last != null && last.IndexOf("wrong answer", StringComparison.Ordinal) >= 0) _result.AuthWrong++;
            }

            private static string LastLine(string text)
            {
                if (text == null || text.Length == 0 || text[text.Length - 1] != '\n') return null;
                int start = text.LastIndexOf('\n', text.Length - 2) + 1;
                return text.Substring(start, text.Length - 1 - start);
            }

            /// <summary>After an answer (or at the end): the answer well formed, and nothing a service session guards changed.</summary>
            public void Check(string line, string answer)
            {
                SimulatedPen pen = _runner.Pen;
                if (answer != null)
                {
                    string last = LastLine(answer);
                    if (last == null || !(last == "OK" || last.StartsWith("ERR ", StringComparison.Ordinal)))
                        Fail(line, "answer not ending in OK or ERR: \"" + Clip(answer) + "\"");
                }

                if (!pen.Powered) return;
                PenFirmware fw = pen.Firmware;
                if (fw.Service.Open)
                {
                    _result.AuthOpened++;
                    Fail(line, "a service session opened without the key");
                }

                if (fw.BenchRequestedHz != 0f) Fail(line, "a bench rate is set: " + fw.BenchRequestedHz.ToString(CultureInfo.InvariantCulture));
                if (fw.Treatment.BenchRunning) Fail(line, "a QA run");
                if (fw.Treatment.ClinicCapLifted) Fail(line, "the clinic cap lifted");
                Dictionary<string, string> now = Protected(pen);
                foreach (var kv in _baseline)
                    if (now[kv.Key] != kv.Value) Fail(line, "record " + kv.Key + " changed: \"" + kv.Value + "\" -> \"" + now[kv.Key] + "\"");
            }

            private void Fail(string line, string what)
            {
                _result.Failures++;
                if (_result.FailureLines.Count < 20)
                    _result.FailureLines.Add(string.Format(CultureInfo.InvariantCulture, "t={0:F2} s, line {1} \"{2}\": {3}", _runner.Pen.Plant.TimeS, _result.Lines, Clip(line), what));
            }

            private static string Clip(string s)
            {
                if (s == null) return "(null)";
                var b = new StringBuilder();
                foreach (char c in s.Length > 80 ? s.Substring(0, 80) : s) b.Append(c >= ' ' && c <= '~' ? c : '?');
                return s.Length > 80 ? b + "..." : b.ToString();
            }

            // ------------------------------------------------------------------ lines
            private string NextLine()
            {
                if (_pending.Count > 0) return _pending.Dequeue();
                double p = _rnd.NextDouble();
                if (p < 0.1)
                {
                    // the brute force: a challenge and a guessed answer
                    _result.GrammarLines++;
                    _pending.Enqueue("AUTH " + Hex(64));
                    return "AUTH";
                }

                if (p < 0.25)
                {
                    _result.ByteLines++;
                    FromBytes();
                    if (_pending.Count > 0) return _pending.Dequeue();
                    return "";
                }

                if (p < 0.35)
                {
                    _result.RandomLines++;
                    return RandomPrintable(1 + (int)(_rnd.NextDouble() * 60));
                }

                _result.GrammarLines++;
                return Grammar();
            }

            /// <summary>Random bytes through the serial's line input: the lines it completes (or an overlong one's answer) go out.</summary>
            private void FromBytes()
            {
                int n = 1 + (int)(_rnd.NextDouble() * (_rnd.NextDouble() < 0.1 ? 1200 : 120));
                for (int i = 0; i <= n; i++)
                {
                    double k = _rnd.NextDouble();
                    byte b = i == n ? (byte)'\r' : k < 0.01 ? (byte)'\r' : k < 0.02 ? (byte)'\n' : k < 0.05 ? (byte)8 : k < 0.1 ? (byte)(_rnd.NextDouble() * 256) : (byte)(32 + _rnd.NextDouble() * 95);
                    if (_input.Add(b))
                    {
                        bool tooLong = _input.TooLong;
                        string line = _input.Line();
                        _pending.Enqueue(tooLong ? new string('X', BenchProtocol.MaxLineLength + 1) : line);
                    }
                }
            }

            private string RandomPrintable(int length)
            {
                var b = new StringBuilder(length);
                for (int i = 0; i < length; i++) b.Append((char)(32 + (int)(_rnd.NextDouble() * 95)));
                return b.ToString();
            }

            private string Pick(params string[] options) => options[(int)(_rnd.NextDouble() * options.Length) % options.Length];

            private string Number()
            {
                double k = _rnd.NextDouble();
                if (k < 0.5) return ((int)(_rnd.NextDouble() * 200)).ToString(CultureInfo.InvariantCulture);
                if (k < 0.6) return "-" + ((int)(_rnd.NextDouble() * 100)).ToString(CultureInfo.InvariantCulture);
                if (k < 0.7) return "99999999999999999999";
                if (k < 0.8) return "1e9";
                if (k < 0.9) return ((int)(_rnd.NextDouble() * 5000)).ToString(CultureInfo.InvariantCulture);
                return Pick("", "NaN", "0x10", "1.5", ",", "=", "--1");
            }

            private string Hex(int digits)
            {
                var b = new StringBuilder(digits);
                for (int i = 0; i < digits; i++) b.Append("0123456789abcdef"[(int)(_rnd.NextDouble() * 16) % 16]);
                return b.ToString();
            }

            private string Numbers(int count)
            {
                var b = new StringBuilder();
                for (int i = 0; i < count; i++) b.Append(i == 0 ? "" : ",").Append(Number());
                return b.ToString();
            }

            private string Record()
            {
                switch ((int)(_rnd.NextDouble() * 9))
                {
                    case 0: return "CONFIG session_cap_s=" + Number() + " pacing_s=" + Number();
                    case 1: return "SUPPLYCAL codes=" + Numbers(2) + " mv=" + Numbers(2);
                    case 2: return "DEPTHCAL codes=" + Numbers(11) + " um=" + Numbers(11);
                    case 3: return "ADCCAL in=" + Pick("current", "supply", "depth", "ntc", "drive", "current_avg", "x") + " codes=" + Numbers(2) + " mv=" + Numbers(2);
                    case 4: return "CART used=0 sessions=0 open=0";
                    case 5: return "KEY id=EVIL-1 key=" + Hex(64);
                    case 6: return "SESSION n=1 end=power-off cart=fresh";
                    case 7: return "DAMAGE slots=";
                    default: return Pick("LOCKOUT", "SERVICE boots=0 failures=0", "CONFIG", "DEPTHCAL", "") + " " + RandomPrintable((int)(_rnd.NextDouble() * 40));
                }
            }

            private string Grammar()
            {
                string command = Commands[(int)(_rnd.NextDouble() * Commands.Length) % Commands.Length];
                if (_rnd.NextDouble() < 0.1) command = command.ToLowerInvariant();
                string args;
                switch (command.ToUpperInvariant())
                {
                    case "BENCH": args = Pick("150", "50", "OFF", "START", "STOP", Number(), "120 120"); break;
                    case "STREAM": args = Pick("", "OFF", Number(), "10"); break;
                    case "ECHO": args = Pick("ON", "OFF", "", Number()); break;
                    case "LOG": args = Pick("", Number(), Number() + " " + Number(), "0 50", "0 0 0"); break;
                    case "STORE": args = Record(); break;
                    case "CAP": args = Pick("LIFT", "KEEP", "", Number()); break;
                    case "PROVISION": args = Pick("id=EVIL-1 key=" + Hex(64), "id=" + RandomPrintable(8) + " key=" + Hex(64), "id=X key=" + Hex((int)(_rnd.NextDouble() * 80)), ""); break;
                    case "AUTH":
                        // a challenge, then a guessed answer: the brute force
                        if (!_challenged || _rnd.NextDouble() < 0.3)
                        {
                            _challenged = true;
                            args = "";
                        }
                        else
                        {
                            _challenged = false;
                            args = Pick(Hex(64), Hex(64), Hex(64), Hex((int)(_rnd.NextDouble() * 70)), Hex(64).ToUpperInvariant());
                        }

                        break;
                    default: args = _rnd.NextDouble() < 0.8 ? "" : Number(); break;
                }

                string line = args.Length == 0 ? command : command + Pick(" ", " ", "  ") + args;
                return line.Length > BenchProtocol.MaxLineLength ? line.Substring(0, BenchProtocol.MaxLineLength) : line;
            }
        }

        /// <summary>The campaign's Markdown report.</summary>
        public static string Render(Result r, int seed)
        {
            var b = new StringBuilder();
            b.Append("# Bench protocol fuzz campaign\n\n");
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "{0:N0} lines ({1:N0} of the grammar, {2:N0} random printable, {3:N0} runs of random bytes through the line input, each giving the lines it completed) on the simulated pen of seed {4}, each sent once the last was answered, over {5:F0} s of its life; {6:N0} answers checked, {7:N0} lines lost to a power cycle before their answer.\n\n",
                r.Lines, r.GrammarLines, r.RandomLines, r.ByteLines, seed, r.SimulatedS, r.Lines - r.Unanswered, r.Unanswered));
            b.Append("Lines by the pen's state when sent:\n\n| state | lines |\n|---|---|\n");
            foreach (var kv in r.LinesByState) b.Append("| ").Append(kv.Key).Append(" | ").Append(kv.Value.ToString("N0", CultureInfo.InvariantCulture)).Append(" |\n");
            b.Append("\nAnswers by their last line:\n\n| last line | count |\n|---|---|\n");
            foreach (var kv in r.Answers) b.Append("| ").Append(kv.Key).Append(" | ").Append(kv.Value.ToString("N0", CultureInfo.InvariantCulture)).Append(" |\n");
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "\nThe unlock brute-forced: {0:N0} challenges given and {1:N0} refused for the back-off's wait; {2:N0} answers sent, {3:N0} of them checked and wrong (the rest without a live challenge), {4} sessions opened; the pen ends with {5} wrong answers in a row counted (durably) and a wait of {6:N0} s before its next challenge.\n\n",
                r.Challenges, r.ChallengesRefusedWaiting, r.AuthAnswers, r.AuthWrong, r.AuthOpened, r.FinalFailures, r.FinalWaitS));
            b.Append("Checked after every answer: no service session, no bench rate, no QA run, the clinic cap kept, the configuration, calibrations and key unchanged; every answer ends in OK or ERR; nothing throws.\n\n");
            if (r.Failures == 0) b.Append("Verdict: PASS, 0 failures\n");
            else
            {
                b.Append("Verdict: FAIL, ").Append(r.Failures).Append(" failures:\n\n");
                foreach (string f in r.FailureLines) b.Append("- ").Append(f).Append('\n');
            }

            return b.ToString();
        }
    }
}
