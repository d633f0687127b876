using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Core.Safety;
using Pen.Core.Session;

namespace Pen.Core.Protocol
{
    /// <summary>
    /// The bench serial protocol: what QA and device engineers type (or script) at the pen's bench UART, one line per
    /// command, and what the pen answers. Plain ASCII lines so a terminal, a script and the simulator speak it alike.
    ///
    ///   request   one line, at most <see cref="MaxLineLength"/> printable ASCII characters; the command word in any case
    ///   response  zero or more data lines, then exactly one last line: "OK" or "ERR &lt;code&gt; &lt;message&gt;"
    ///             (<see cref="BenchError"/>); the message names the command, the argument and what it must be
    ///   numbers   integers with their unit in the key (sp_cHz = centi-strokes/s, duty_pm = per mille, i_mA, v_mV,
    ///             hous_dC = deci-°C, depth_um), as in the fault records: no float formatting, no culture
    ///
    /// Reading commands (HELP, ID, STATUS, LIMITS, FAULTS, LOG, RAW, STREAM, ECHO) work at any time and change nothing
    /// about treatment. Everything that changes how the pen treats a patient (BENCH, STORE, CAP, CLEAR) needs a service
    /// session, opened by challenge and response with the pen's own key (AUTH; <see cref="ServiceSession"/>), and is
    /// logged as a service action. PROVISION gives a pen its key once, at the factory. The answers of LOG, FAULTS,
    /// LIMITS and HELP are built in one fixed buffer (<see cref="ResponseBuffer"/>): LOG pages as many records as fit.
    ///
    /// Threads: on the device <see cref="Handle"/> runs on the serial thread, beside the control tick. It reads the
    /// firmware's state (single words, each read whole), writes durable records and the log through PenRecords (which
    /// locks, and holds writes while the needles run) and hands BENCH over through
    /// <see cref="PenFirmware.SetBenchSetpoint"/>, which the next tick applies. It allocates (strings), so it never runs
    /// inside the tick.
    /// </summary>
    public sealed class BenchProtocol
    {
        /// <summary>Protocol version reported by ID; raised when a command or a field changes meaning.</summary>
        public const int Version = 2;

        /// <summary>Longest request line: "STORE " and the longest record. Unit: characters.</summary>
        public const int MaxLineLength = 6 + PenLimits.RecordMaxLength;

        /// <summary>Most records one LOG command returns (a 115,200 baud line carries about 20 per 100 ms).</summary>
        public const int MaxLogRecordsPerRequest = 50;

        private static readonly string[] StateNames =
            { "boot", "idle", "running", "stopping", "fault", "paused", "cartridge-used", "no-cartridge", "powering-off" };

        private static readonly string[] Help =
        {
            "HELP                      this list",
            "ID                        firmware version and build, protocol, board, unit, calibration state, records",
            "STATUS                    state, fault, rate (and its 1 s mean), duty, current, supply, depth, session, cartridge",
            "STREAM [<period ms>]      telemetry lines (TEL ...) every period (10 to 1000 ms, default 10) until STREAM OFF",
            "STREAM OFF                stop the telemetry lines",
            "ECHO ON | OFF             write back each character typed (for a terminal without local echo)",
            "LIMITS                    the device's ceilings and the limits of each treatment area",
            "FAULTS                    the fault snapshots held since power-up, oldest first",
            "LOG                       how many records the log holds",
            "LOG <first> [<count>]     records first.. (count 1 to 50, default 20), oldest is 0",
            "RAW                       the last tick's ADC codes, pulse count, and each code in mV",
            "AUTH                      a challenge for a service session",
            "AUTH <answer>             HMAC-SHA-256 of the challenge under the pen's key, 64 hex digits: opens the session",
            "END                       closes the service session (and ends any bench rate)",
            "BENCH <strokes/s> | OFF   service: a QA run's rate (50 to 150)",
            "BENCH START | STOP        service, bench rate set: start or stop the needles (a QA run: no session, cartridge kept)",
            "STORE <record>            service, stopped: an ADCCAL, SUPPLYCAL, DEPTHCAL or CONFIG record (read at next power-up)",
            "CAP LIFT | KEEP           service: lift or restore the clinic depth cap (this power-on only)",
            "CLEAR                     service, stopped: clear the records' damage latch",
            "PROVISION id=<id> key=<hex>   factory, once: the pen's identity and service key",
        };

        private readonly PenFirmware _firmware;
        private readonly PenRecords _records;
        private readonly ServiceSession _service;
        private readonly BoardVariant _board;
        private readonly ResponseBuffer _out = new ResponseBuffer();

        /// <summary>ECHO: the serial layer writes back each character it takes (<see cref="BenchLineInput.Echo"/>).</summary>
        public bool Echo { get; private set; }

        /// <param name="firmware">The running firmware (its records: <see cref="PenFirmware.Records"/>).</param>
        /// <param name="board">The board variant (for the supply calibration's check).</param>
        public BenchProtocol(PenFirmware firmware, BoardVariant board)
        {
            Slices = new SliceBudget(null);
            _firmware = firmware;
            _records = firmware.Records;
            _service = firmware.Service;
            _board = board;
        }

        /// <summary>
        /// The bench thread's slices (docs/scheduler.md): long answers (the log's pages, an answer's text, an AUTH answer's
        /// HMAC) report their work to it, and the thread yields after each slice. The device's bench serial sets one that
        /// sleeps 0; by default it only counts.
        /// </summary>
        public SliceBudget Slices
        {
            get { return _slices; }
            set
            {
                _slices = value;
                _out.Slices = value;
            }
        }

        private SliceBudget _slices;

        /// <summary>The answer to a line longer than a request may be (<see cref="BenchLineInput.TooLong"/>), of <paramref name="length"/> characters.</summary>
        public static string Overlong(int length)
        {
            return Error(BenchError.BadLine, "line of " + length.ToString() + " characters: at most " + MaxLineLength.ToString());
        }

        /// <summary>
        /// Answers one request line (without its line break). Returns the response: its lines, each ending in "\n",
        /// the last one "OK" or "ERR ...". Never throws for any input.
        /// </summary>
        public string Handle(string line)
        {
            _out.Clear();
            if (line == null) line = "";
            if (line.Length > MaxLineLength) return Overlong(line.Length);

            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c < ' ' || c > '~')
                {
                    return Error(BenchError.BadLine, "character " + (i + 1).ToString() + " (code " + ((int)c).ToString() + ") is not printable ASCII");
                }
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0) return Error(BenchError.UnknownCommand, "empty line: HELP lists the commands");
            int space = trimmed.IndexOf(' ');
            string command = (space < 0 ? trimmed : trimmed.Substring(0, space)).ToUpper();
            string rest = space < 0 ? "" : trimmed.Substring(space + 1).Trim();
            string[] args = Words(rest);

            if (command == "HELP") return NoArguments(command, args) ?? HelpText();
            if (command == "ID") return NoArguments(command, args) ?? Id();
            if (command == "STATUS") return NoArguments(command, args) ?? Status();
            if (command == "LIMITS") return NoArguments(command, args) ?? LimitsText();
            if (command == "FAULTS") return NoArguments(command, args) ?? Faults();
            if (command == "LOG") return Log(args);
            if (command == "RAW") return NoArguments(command, args) ?? Raw();
            if (command == "BENCH") return Bench(args);
            if (command == "STREAM") return Stream(args);
            if (command == "ECHO") return EchoCommand(args);
            if (command == "STORE") return Store(rest);
            if (command == "AUTH") return Auth(args);
            if (command == "END") return NoArguments(command, args) ?? End();
            if (command == "CAP") return Cap(args);
            if (command == "CLEAR") return NoArguments(command, args) ?? Clear();
            if (command == "PROVISION") return Provision(rest);
            return Error(BenchError.UnknownCommand, "\"" + Clip(command) + "\" is no command: HELP lists them");
        }

        private long Now => _firmware.Frame.NowMicros;

        // ------------------------------------------------------------------ reading commands

        private string Id()
        {
            PenFirmware f = _firmware;
            string unit = RecordText.Field(_records.Value(PenRecords.KeySlot), "id");
            return "ID pen firmware=" + FirmwareIdentity.Version + " build=" + FirmwareIdentity.Build + " protocol=" + Version.ToString()
                   + " board=" + _board.Name + " unit=" + (unit == null ? "none" : Clip(unit))
                   + " adccal=" + f.Frame.Adc.Calibrated.ToString() + "/" + AdcLines.Names.Length.ToString()
                   + " depthcal=" + (f.DepthCalibrated ? "stored" : "nominal")
                   + " supplycal=" + (f.Frame.SupplyCalibration != null ? "stored" : "nominal")
                   + " records=" + _records.Count.ToString() + " record_capacity=" + PenLimits.RecordStoreCapacity.ToString() + "\nOK\n";
        }

        private string Status()
        {
            PenFirmware f = _firmware;
            Treatment t = f.Treatment;
            SensorFrame frame = f.Frame;
            int state = (int)f.State;
            string stateName = state >= 0 && state < StateNames.Length ? StateNames[state] : "unknown";
            FaultCode fault = f.Fault;
            return "STATUS t_ms=" + (frame.NowMicros / 1000).ToString()
                   + " state=" + state.ToString() + " state_name=" + stateName
                   + " fault=" + ((int)fault).ToString() + " action=" + ((int)f.SafetyAction).ToString()
                   + " level=" + t.SpeedLevel.ToString() + " profile=" + t.Profile.ToString() + " profile_name=" + Token(t.ProfileName)
                   + " sp_cHz=" + RecordText.Rounded(f.SetpointHz * 100f) + " rate_cHz=" + RecordText.Rounded(f.MeasuredRateHz * 100f)
                   + " rate_avg_cHz=" + RecordText.Rounded(f.AveragedRate.MeanHz * 100f) + " rate_count_cHz=" + RecordText.Rounded(f.AveragedRate.CountedHz * 100f)
                   + " rate_window_ms=" + f.AveragedRate.CoveredMillis.ToString() + " strokes=" + frame.PulseCount.ToString()
                   + " duty_pm=" + RecordText.Rounded(f.Duty * 1000f) + " i_mA=" + RecordText.Rounded(f.MotorAmps * 1000f)
                   + " v_mV=" + RecordText.Rounded(f.SupplyVolts * 1000f) + " hous_dC=" + RecordText.Rounded(f.HousingC * 10f)
                   + " depth_um=" + RecordText.Rounded(frame.DepthMm * 1000f) + " depth_limit_um=" + RecordText.Rounded(t.ActiveDepthLimitMm * 1000f)
                   + " sessions=" + t.SessionCount.ToString() + " session=" + (t.SessionActive ? "active" : "none")
                   + " cartridge=" + (t.CartridgeUsed ? "used" : "fresh")
                   + " bench_cHz=" + RecordText.Rounded(f.BenchSetpointHz * 100f) + " bench_run=" + (t.BenchRunning ? "1" : "0")
                   + " refusal=" + ((int)t.LastRefusal).ToString() + " service=" + (_service.Open ? "open" : "closed")
                   + " cap=" + (t.ClinicCapLifted ? "lifted" : "kept")
                   + " records=" + (_records.Damaged ? "damaged" : _records.Failing ? "failing" : "ok") + (_records.Damaged ? " damaged=" + _records.DamagedNames : "")
                   + "\nfault_text=" + FaultText.Of(fault) + "\nOK\n";
        }

        private string LimitsText()
        {
            _out.Line("LIMITS rate_cHz=" + RecordText.Rounded(PenLimits.MinStrokeRateHz * 100f) + "-" + RecordText.Rounded(PenLimits.MaxStrokeRateHz * 100f)
                      + " motor_rpm_max=" + RecordText.Rounded(PenLimits.MotorRatedMaxRpm)
                      + " overcurrent_mA=" + RecordText.Rounded(PenLimits.OverCurrentAmps * 1000f)
                      + " depth_um_max=" + RecordText.Rounded(PenLimits.MaxDepthMm * 1000f)
                      + " clinic_depth_cap_um=" + RecordText.Rounded(PenLimits.ClinicDepthCapMm * 1000f)
                      + " session_cap_s=" + (PenLimits.MinSessionCapMicros / 1000000).ToString() + "-" + (PenLimits.MaxSessionCapMicros / 1000000).ToString()
                      + " session_cap_default_s=" + (PenLimits.DefaultSessionCapMicros / 1000000).ToString()
                      + " speed_levels=" + PenLimits.SpeedLevelCount.ToString());
            for (int i = 0; i < PenLimits.ProfileNames.Length; i++)
            {
                _out.Line("PROFILE " + i.ToString() + " name=" + Token(PenLimits.ProfileNames[i])
                          + " rate_cHz=" + RecordText.Rounded(PenLimits.ProfileMinRateHz[i] * 100f) + "-" + RecordText.Rounded(PenLimits.ProfileMaxRateHz[i] * 100f)
                          + " depth_um=" + RecordText.Rounded(PenLimits.ProfileMinDepthMm[i] * 1000f) + "-" + RecordText.Rounded(PenLimits.ProfileMaxDepthMm[i] * 1000f));
            }

            return Ok();
        }

        private string Faults()
        {
            FaultLog log = _firmware.Supervisor.Log;
            int held = log.Count;
            _out.Line("FAULTS held=" + held.ToString() + " total=" + log.Total.ToString());
            for (int i = 0; i < held; i++)
            {
                FaultSnapshot snap = log.Get(i);
                if (snap == null) continue;
                // the tick may overwrite this slot while it is read (a new fault): read it again until it holds still
                string text = null;
                for (int attempt = 0; attempt < 3 && text == null; attempt++)
                {
                    int before = snap.Sequence;
                    string candidate = snap.ToRecord() + " text=" + FaultText.Of(snap.Code);
                    if (snap.Sequence == before) text = candidate;
                }

                if (!_out.Line(text ?? "fault changing while read")) break;
            }

            return Ok();
        }

        private string Log(string[] args)
        {
            int count = _records.Count;
            if (args.Length == 0)
            {
                _out.Line("LOG count=" + count.ToString() + " capacity=" + PenLimits.RecordStoreCapacity.ToString()
                          + " next_seq=" + _records.NextSequence.ToString());
                return Ok();
            }

            if (args.Length > 2) return Error(BenchError.BadArgument, "LOG takes at most 2 arguments (first, count), not " + args.Length.ToString());
            int first;
            if (!int.TryParse(args[0], out first) || first < 0)
            {
                return Error(BenchError.BadArgument, "LOG argument 1 \"" + Clip(args[0]) + "\": the first record, a whole number from 0");
            }

            int wanted = 20;
            if (args.Length == 2 && (!int.TryParse(args[1], out wanted) || wanted < 1 || wanted > MaxLogRecordsPerRequest))
            {
                return Error(BenchError.BadArgument, "LOG argument 2 \"" + Clip(args[1]) + "\": how many records, 1 to " + MaxLogRecordsPerRequest.ToString());
            }

            // records go into the one answer while they fit; the rest is for the next LOG (MORE says from where); each read
            // in pieces and copied in pieces, the thread yielding between them (Slices)
            const int moreRoom = 24;
            for (int i = first; i < first + wanted && i < count; i++)
            {
                long sequence;
                int textLength = _records.ReadLine(i, Slices, out sequence);
                if (textLength < 0) break;
                string head = "REC " + i.ToString() + " ";
                if (head.Length + textLength + 1 > _out.Room - moreRoom - 3)
                {
                    _out.Line("MORE first=" + i.ToString());
                    break;
                }

                _out.Add(head);
                _out.Add(_records.PageLine, textLength);
                _out.Line("");
            }

            return Ok();
        }

        private string Raw()
        {
            SensorFrame f = _firmware.Frame;
            return "RAW t_us=" + f.NowMicros.ToString() + " current=" + f.CurrentCode.ToString() + " current_avg=" + f.CurrentAveragedCode.ToString()
                   + " drive=" + f.DriveCode.ToString() + " supply=" + f.SupplyCode.ToString() + " ntc=" + f.NtcCode.ToString()
                   + " depth=" + f.DepthCode.ToString() + " pulses=" + f.PulseCount.ToString() + " pulse_t_us=" + f.PulseSampleMicros.ToString()
                   + " current_mv=" + Millivolts(f.Adc.Current, f.CurrentCode) + " current_avg_mv=" + Millivolts(f.Adc.CurrentAveraged, f.CurrentAveragedCode)
                   + " drive_mv=" + Millivolts(f.Adc.Drive, f.DriveCode) + " supply_mv=" + Millivolts(f.Adc.Supply, f.SupplyCode)
                   + " ntc_mv=" + Millivolts(f.Adc.Ntc, f.NtcCode) + " depth_mv=" + Millivolts(f.Adc.Depth, f.DepthCode)
                   + "\nOK\n";
        }

        /// <summary>A code in mV through the line the pen booted with (its ADCCAL record, else nominal), to the nearest mV.</summary>
        private static string Millivolts(AdcLine line, int code)
        {
            float mv = line.Millivolts(code);
            return ((int)(mv >= 0f ? mv + 0.5f : mv - 0.5f)).ToString();
        }

        // ------------------------------------------------------------------ service commands
        // ------------------------------------------------------------------ the service session

        private string Auth(string[] args)
        {
            if (args.Length > 1) return Error(BenchError.BadArgument, "AUTH takes no argument (a challenge) or 1 (the answer), not " + args.Length.ToString());
            bool patient = _firmware.Treatment.SessionActive;
            string refusal;
            if (args.Length == 0)
            {
                string challenge = _service.Challenge(Now, patient, out refusal);
                if (challenge == null)
                {
                    if (_service.WaitSeconds(Now) > 0 && _service.Provisioned) return Error(BenchError.Wait, "AUTH: " + refusal);
                    return Error(patient ? BenchError.Busy : BenchError.NotProvisioned, "AUTH: " + refusal);
                }

                return "CHALLENGE " + challenge + "\nOK\n";
            }

            if (_service.Answer(args[0], Now, patient, Slices, out refusal))
            {
                _records.Append(ServiceSession.ServiceTag + " open device=" + _service.DeviceId);
                return "SERVICE open idle_s=" + (PenLimits.ServiceIdleMicros / 1000000).ToString() + "\nOK\n";
            }

            if (refusal.IndexOf("wrong") == 0) _records.Append(ServiceSession.ServiceTag + " auth=failed failures=" + _service.Failures.ToString());
            return Error(BenchError.AuthFailed, "AUTH: " + refusal);
        }

        private string End()
        {
            if (_service.Close()) _records.Append(ServiceSession.ServiceTag + " end why=command");
            _firmware.SetBenchSetpoint(0f);
            return "SERVICE closed\nOK\n";
        }

        /// <summary>The refusal of a service command without an open session, or null (and the session's idle time restarts).</summary>
        private string Locked(string command)
        {
            if (!_service.Open) return Error(BenchError.ServiceLocked, command + " needs a service session: AUTH, then AUTH <answer>");
            _service.Touch(Now);
            return null;
        }


        private string Stream(string[] args)
        {
            TelemetryStream stream = _firmware.Stream;
            if (args.Length > 1) return Error(BenchError.BadArgument, "STREAM takes at most 1 argument (the period in ms, or OFF), not " + args.Length.ToString());
            if (args.Length == 1 && args[0].ToUpper() == "OFF")
            {
                stream.Stop();
                return "STREAM off dropped=" + stream.Dropped.ToString() + "\nOK\n";
            }

            int period = TelemetryStream.DefaultPeriodMillis;
            if (args.Length == 1 && (!int.TryParse(args[0], out period) || period < TelemetryStream.MinPeriodMillis || period > TelemetryStream.MaxPeriodMillis))
            {
                return Error(BenchError.BadArgument, "STREAM argument 1 \"" + Clip(args[0]) + "\": the period in ms, a whole number "
                                                     + TelemetryStream.MinPeriodMillis.ToString() + " to " + TelemetryStream.MaxPeriodMillis.ToString() + ", or OFF");
            }

            stream.Start(period);
            return "STREAM period_ms=" + period.ToString() + " fields=" + TelemetryStream.Fields + "\nOK\n";
        }

        private string EchoCommand(string[] args)
        {
            string word = args.Length == 1 ? args[0].ToUpper() : "";
            if (word != "ON" && word != "OFF") return Error(BenchError.BadArgument, "ECHO takes 1 argument, ON or OFF");
            Echo = word == "ON";
            return "ECHO " + (Echo ? "on" : "off") + "\nOK\n";
        }

        private string Bench(string[] args)
        {
            if (args.Length != 1)
            {
                return Error(BenchError.BadArgument, "BENCH takes 1 argument (strokes/s, 50 to 150, OFF, START or STOP), not " + args.Length.ToString());
            }

            string word = args[0].ToUpper();
            if (word == "START" || word == "STOP") return BenchRun(word == "START");
            int hz = 0;
            bool off = word == "OFF";
            if (!off && (!int.TryParse(args[0], out hz) || hz < (int)PenLimits.MinStrokeRateHz || hz > (int)PenLimits.MaxStrokeRateHz))
            {
                return Error(BenchError.BadArgument, "BENCH argument 1 \"" + Clip(args[0]) + "\": strokes/s, a whole number "
                                                     + ((int)PenLimits.MinStrokeRateHz).ToString() + " to " + ((int)PenLimits.MaxStrokeRateHz).ToString() + ", OFF, START or STOP");
            }

            Treatment t = _firmware.Treatment;
            string locked = Locked("BENCH");
            if (locked != null) return locked;
            // a treatment's session runs at its area's limits: the bench rate may not take it over
            if (t.SessionActive && !t.BenchMode && !off) return Error(BenchError.Busy, "BENCH: a treatment session is active; end it first");
            _firmware.SetBenchSetpoint(off ? 0f : hz);
            _records.Append(ServiceSession.ServiceTag + " bench sp_cHz=" + (hz * 100).ToString());
            return "BENCH sp_cHz=" + (hz * 100).ToString() + "\nOK\n";
        }

        private string BenchRun(bool start)
        {
            Treatment t = _firmware.Treatment;
            string command = start ? "BENCH START" : "BENCH STOP";
            string locked = Locked(command);
            if (locked != null) return locked;
            if (start && _firmware.BenchRequestedHz <= 0f) return Error(BenchError.Busy, "BENCH START: set a bench rate first (BENCH <strokes/s>)");
            if (start && t.SessionActive) return Error(BenchError.Busy, "BENCH START: a treatment session is active; end it first");
            _firmware.RequestBenchRun(start);
            return (start ? "BENCH starting" : "BENCH stopping") + " (STATUS state and refusal say how it went)\nOK\n";
        }

        private string Store(string record)
        {
            if (record.Length == 0) return Error(BenchError.BadArgument, "STORE takes a record: ADCCAL ..., SUPPLYCAL ..., DEPTHCAL ... or CONFIG ...");
            string locked = Locked("STORE");
            if (locked != null) return locked;
            if (_firmware.Drive.Mode != DriveMode.Off) return Error(BenchError.Busy, "STORE: not while the needles run");
            string why = RecordProblem(record);
            if (why != null) return Error(BenchError.BadRecord, "STORE: " + why);
            string slot = CalibrationKinds.SlotOf(record) ?? PenRecords.ConfigSlot;
            if (!_records.Write(slot, record))
            {
                return Error(BenchError.StoreRefused, "STORE: the flash refused it (full or failed)");
            }

            _records.Append(ServiceSession.ServiceTag + " store slot=" + slot);
            return "STORED " + slot + " read at the next power-up\nOK\n";
        }

        private string Cap(string[] args)
        {
            string word = args.Length == 1 ? args[0].ToUpper() : "";
            if (word != "LIFT" && word != "KEEP") return Error(BenchError.BadArgument, "CAP takes 1 argument: LIFT or KEEP");
            string locked = Locked("CAP");
            if (locked != null) return locked;
            bool lift = word == "LIFT";
            _firmware.Treatment.LiftClinicCap(lift);
            _records.Append(ServiceSession.ServiceTag + " cap " + (lift ? "lifted" : "kept"));
            return "CAP " + (lift ? "lifted" : "kept") + " depth_limit_um=" + RecordText.Rounded(_firmware.Treatment.ActiveDepthLimitMm * 1000f) + "\nOK\n";
        }

        private string Clear()
        {
            string locked = Locked("CLEAR");
            if (locked != null) return locked;
            if (_firmware.Drive.Mode != DriveMode.Off) return Error(BenchError.Busy, "CLEAR: not while the needles run");
            // a cartridge record in doubt is written as what it was taken for: used
            if (_records.StateOf(PenRecords.CartridgeSlot) == SlotState.Damaged)
            {
                _records.WriteNow(PenRecords.CartridgeSlot, Treatment.CartridgeRecord(true, _firmware.Treatment.SessionCount, 0));
            }

            string refusal;
            if (!_records.ClearLockout(out refusal)) return Error(BenchError.StoreRefused, "CLEAR: " + refusal);
            _records.Append(ServiceSession.ServiceTag + " clear");
            return "CLEARED\nOK\n";
        }

        private string Provision(string rest)
        {
            if (_firmware.Drive.Mode != DriveMode.Off) return Error(BenchError.Busy, "PROVISION: not while the needles run");
            string id = RecordText.Field(rest, "id");
            string key = RecordText.Field(rest, "key");
            if (id == null || key == null) return Error(BenchError.BadArgument, "PROVISION wants id=<device id> key=<64 hex digits>");
            string refusal;
            if (!_service.Provision(id, key, out refusal)) return Error(BenchError.NotProvisioned, "PROVISION: " + refusal);
            _records.Append(ServiceSession.ServiceTag + " provisioned id=" + id);
            return "PROVISIONED device=" + id + "\nOK\n";
        }

        /// <summary>Why a record may not be stored by STORE, or null when it may.</summary>
        private string RecordProblem(string record)
        {
            if (!RecordText.Storable(record)) return "not a storable record (printable ASCII, at most " + PenLimits.RecordMaxLength.ToString() + " characters)";
            if (CalibrationKinds.TagOf(record) != null) return CalibrationKinds.Problem(record, _board, _firmware.Frame.Adc);

            if (record.StartsWith(SessionRecord.ConfigTag + " "))
            {
                string cap = ConfigProblem(record, "session_cap_s", PenLimits.MinSessionCapMicros, PenLimits.MaxSessionCapMicros);
                return cap ?? ConfigProblem(record, "pacing_s", PenLimits.MinPacingCueMicros, PenLimits.MaxPacingCueMicros);
            }

            return "only ADCCAL, SUPPLYCAL, DEPTHCAL and CONFIG records may be stored from the bench (the session log is the pen's own)";
        }

        private static string ConfigProblem(string record, string key, long minMicros, long maxMicros)
        {
            string text = RecordText.Field(record, key);
            int seconds;
            long min = minMicros / 1000000, max = maxMicros / 1000000;
            if (text == null || !int.TryParse(text, out seconds) || seconds < min || seconds > max)
            {
                return "CONFIG " + key + "=" + (text == null ? "(missing)" : Clip(text)) + ": seconds, " + min.ToString() + " to " + max.ToString();
            }

            return null;
        }

        // ------------------------------------------------------------------ text

        private static string NoArguments(string command, string[] args)
        {
            return args.Length == 0 ? null : Error(BenchError.BadArgument, command + " takes no argument, got \"" + Clip(args[0]) + "\"");
        }

        private static string Error(BenchError code, string message)
        {
            return "ERR " + ((int)code).ToString() + " " + message + "\n";
        }

        private string HelpText()
        {
            _out.Clear();
            for (int i = 0; i < Help.Length; i++) _out.Line(Help[i]);
            return Ok();
        }

        private string Ok()
        {
            _out.Line("OK");
            return _out.ToString();
        }

        private static string[] Words(string text)
        {
            if (text.Length == 0) return new string[0];
            string[] parts = text.Split(new char[] { ' ' });
            int n = 0;
            for (int i = 0; i < parts.Length; i++) if (parts[i].Length > 0) n++;
            string[] words = new string[n];
            n = 0;
            for (int i = 0; i < parts.Length; i++) if (parts[i].Length > 0) words[n++] = parts[i];
            return words;
        }

        /// <summary>An echoed argument, cut to 24 characters so an error line stays one line.</summary>
        private static string Clip(string text)
        {
            return text.Length <= 24 ? text : text.Substring(0, 24) + "...";
        }

        /// <summary>A name as one key=value token: its spaces as '-' ("cheeks and chin" → "cheeks-and-chin").</summary>
        private static string Token(string name)
        {
            string[] words = Words(name);
            string s = "";
            for (int i = 0; i < words.Length; i++) s += (i > 0 ? "-" : "") + words[i];
            return s;
        }

    }
}
