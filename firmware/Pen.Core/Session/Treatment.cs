using Pen.Core.Control;
using Pen.Core.Controls;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Core.Safety;

namespace Pen.Core.Session
{
    /// <summary>Where the treatment is. Numbers are stable (telemetry): append only.</summary>
    public enum TreatmentPhase
    {
        /// <summary>No cartridge seated.</summary>
        NoCartridge = 0,
        /// <summary>The seated cartridge has been used: change it.</summary>
        CartridgeUsed = 1,
        /// <summary>Stopped, a start (hold main) is possible.</summary>
        Ready = 2,
        /// <summary>The needles run.</summary>
        Running = 3,
        /// <summary>Stopped after 10 s off the skin; a hold of main resumes.</summary>
        Paused = 4,
        /// <summary>Waiting for the motor to park, then switching off.</summary>
        PoweringOff = 5,
        /// <summary>The power latch was released.</summary>
        Off = 6,
    }

    /// <summary>Why a start was refused (the last refusal). Numbers are stable: append only.</summary>
    public enum StartRefusal
    {
        None = 0,
        /// <summary>The supervisor holds a stop (fault or lockout).</summary>
        Fault = 1,
        NoCartridge = 2,
        /// <summary>The cartridge was used in a session: a new session needs a cartridge change.</summary>
        CartridgeUsed = 3,
        DepthImplausible = 4,
        /// <summary>The ring is deeper than the active limit (profile, clinic cap, device ceiling).</summary>
        DepthAboveLimit = 5,
        /// <summary>The battery's estimated charge cannot last the session cap at the selected speed.</summary>
        LowBattery = 6,
        /// <summary>The session reached its cap.</summary>
        CapReached = 7,
        /// <summary>A button is stuck closed (or main was already closed at power-up).</summary>
        ButtonStuck = 8,
        /// <summary>The session log refused the session's BEGIN record (store full or failed): a session that leaves no
        /// record could let its cartridge begin another one after a power cycle. Service: read the log off (bench serial, LOG) and check the flash.</summary>
        RecordsRefused = 9,
        /// <summary>A service session is open: only a QA run (bench rate set) may start; END closes the session first.</summary>
        ServiceSessionOpen = 10,
        /// <summary>The seated cartridge could not be measured (Commissioning/CartridgeIdentification, at every seating and at boot)
        /// while the start waited for it: its chain read a load (the needles on skin?) or did not pass in time. Lift the pen and hold
        /// main again.</summary>
        CartridgeNotMeasured = 11,
    }

    /// <summary>One-shot signals for the indicator. Numbers are stable: append only.</summary>
    public enum TreatmentCue
    {
        None = 0,
        /// <summary>Every 30 s of needling on an area: move on.</summary>
        Pacing = 1,
        /// <summary>Speed level changed.</summary>
        Level = 2,
        /// <summary>Profile changed (the indicator flashes the profile number).</summary>
        Profile = 3,
        /// <summary>A start was refused (<see cref="Treatment.LastRefusal"/> says why).</summary>
        Refused = 4,
        /// <summary>The session ended.</summary>
        SessionEnded = 5,
        /// <summary>A service session lifted or restored the clinic depth cap.</summary>
        Service = 6,
        /// <summary>A start was refused because the session log refused the session's record (<see cref="StartRefusal.RecordsRefused"/>): service.</summary>
        RecordsRefused = 7,
    }

    /// <summary>
    /// What the practitioner meets: the treatment profile (area), speed level, depth limit, the session and its
    /// timing, and the button gestures that drive them. It only ever asks for the needles to run
    /// (<see cref="RunRequested"/>); the supervisor's action overrides it, and it never starts them on its own.
    /// Rules (each has a timeline test, see Session/README.md):
    /// - start / resume: hold main 1 s with every precondition: no stop from the supervisor, main released since
    ///   power-up, no button stuck, a cartridge seated that has not been used in a session (or is this session's),
    ///   session below its cap, depth plausible and not above <see cref="ActiveDepthLimitMm"/>, and at the start
    ///   of a session a battery charge that lasts the cap at the selected speed;
    /// - stop: a short press of main; the ring turned past the limit; a button stuck; the supervisor;
    /// - plus / minus: speed level up / down (6 levels in the profile's speed range, slewed while running);
    ///   held 1 s while stopped: next / previous profile;
    /// - double press of main while stopped: power off;
    /// - session: begins when the needles first start with a fresh cartridge; ends on cartridge removal, at the
    ///   needling cap, at the cartridge's motor cap, or on power off (gesture, 5 min idle); pacing cue every 30 s of
    ///   needling on an area; 10 s with the needles off the skin pauses (hold to resume).
    /// </summary>
    public sealed class Treatment
    {
        private readonly SkinContact _skin = new SkinContact();
        private readonly BatteryGauge _battery = new BatteryGauge();
        private readonly SessionRecord _session = new SessionRecord();
        private PenRecords _records;
        // a start waiting for its records: the tickets of its first and last (0: none), whether it is a QA run, the session it begins
        private int _startTicket, _startFirstTicket, _startingSession, _beginTicket;
        // a start asked for before the seated cartridge was measured: since when (−1: none), and whether its chain has run
        private long _awaitSinceMicros = -1;
        private bool _seatedSinceBoot;   // the cartridge seated now was seated at boot (not seen out since)
        private bool _awaitSawChain;
        // the session's end record being built (its buffer, the next part; -1: none)
        private Records.RecordChars _endRecord;
        private int _endPart = -1;
        private bool _startIsQa;
        private bool _batteryPowered = true;

        private TreatmentPhase _phase = TreatmentPhase.NoCartridge;
        private bool _runRequested;
        private int _speedLevel = PenLimits.DefaultSpeedLevel;
        private float _levelHz = LevelToHz(PenLimits.DefaultProfileIndex, PenLimits.DefaultSpeedLevel);   // worked out when the profile or the level changes
        private int _profile = PenLimits.DefaultProfileIndex;
        private float _setpointHz;
        private bool _clinicCapLifted;
        private float _activeDepthLimitMm = DepthLimitFor(PenLimits.DefaultProfileIndex, false);
        private bool _sessionActive;
        private int _sessionCount;
        private long _strokeCount;
        private bool _cartridgeUsed;
        private bool _cartridgeSeated;
        private bool _cartridgeKnown;
        private long _cartridgeChangeSinceMicros;
        private long _cartridgeMotorMicros;
        private long _sessionCapMicros = PenLimits.DefaultSessionCapMicros;
        private long _pacingMicros = PenLimits.DefaultPacingCueMicros;
        private long _areaNeedlingMicros;
        private long _offSkinMicros;
        private long _lastActivityMicros;
        private long _lastStopPressMicros = long.MinValue / 2;
        private bool _mainArmed;
        private bool _firstUpdate = true;
        private SessionEnd _pendingEnd;
        private long _lastNowMicros;

        // ------------------------------------------------------------------ read-only state
        /// <summary>The needles should run.</summary>
        public bool RunRequested => _runRequested;

        /// <summary>
        /// The seated cartridge may be measured now (Commissioning/CartridgeIdentification turns the cam through a few strokes):
        /// no treatment running, main released since power-up (one held from power-up may be stuck), and the ring plausible and
        /// within the active limit, as for a start. A cartridge seated while the pen is on is measured by itself (seated by hand,
        /// it is off the skin); one seated since boot only while a start waits for it: the pen may have restarted on the skin (a
        /// brown-out), so its needles move at the practitioner's start only (Commissioning/README.md).
        /// </summary>
        public bool CartridgeMayBeMeasured(SensorFrame f)
        {
            return !_runRequested && _phase != TreatmentPhase.Running && _phase != TreatmentPhase.PoweringOff && _mainArmed
                   && f.DepthPlausible && f.DepthMm <= _activeDepthLimitMm && (!_seatedSinceBoot || _awaitSinceMicros >= 0);
        }
        /// <summary>Where the treatment is.</summary>
        public TreatmentPhase Phase => _phase;
        /// <summary>Speed level, 1..<see cref="PenLimits.SpeedLevelCount"/>.</summary>
        public int SpeedLevel => _speedLevel;
        /// <summary>Selected treatment profile (index into the PenLimits profile table).</summary>
        public int Profile => _profile;
        /// <summary>Name of the selected profile.</summary>
        public string ProfileName => PenLimits.ProfileNames[_profile];
        /// <summary>Stroke-rate setpoint, slewed toward the level's rate while running. Unit: strokes/s.</summary>
        public float SetpointHz => _setpointHz;
        /// <summary>The rate of the selected level in the selected profile. Unit: strokes/s.</summary>
        public float LevelHz => _levelHz;
        /// <summary>Lowest rate of the selected profile. Unit: strokes/s.</summary>
        public float ActiveMinRateHz => PenLimits.ProfileMinRateHz[_profile];
        /// <summary>Highest rate of the selected profile. Unit: strokes/s.</summary>
        public float ActiveMaxRateHz => PenLimits.ProfileMaxRateHz[_profile];
        /// <summary>The clinic depth cap is lifted (by a service session, for this power-on only).</summary>
        public bool ClinicCapLifted => _clinicCapLifted;

        /// <summary>A session is open.</summary>
        public bool SessionActive => _sessionActive;
        /// <summary>The open (or last) session's record.</summary>
        public SessionRecord Session => _session;
        /// <summary>Sessions logged so far (from the record store at boot, plus this power-on's).</summary>
        public int SessionCount => _sessionCount;
        /// <summary>The seated cartridge has been used in a session.</summary>
        public bool CartridgeUsed => _cartridgeUsed;
        /// <summary>Motor-on time of the seated cartridge. Unit: µs.</summary>
        public long CartridgeMotorMicros => _cartridgeMotorMicros;
        /// <summary>Needling-time cap of a session. Unit: µs.</summary>
        public long SessionCapMicros => _sessionCapMicros;
        /// <summary>Pacing cue interval. Unit: µs.</summary>
        public long PacingMicros => _pacingMicros;
        /// <summary>Skin contact from the motor current.</summary>
        public SkinContact Skin => _skin;
        /// <summary>Estimated battery charge.</summary>
        public BatteryGauge Battery => _battery;
        /// <summary>Why the last start was refused.</summary>
        public StartRefusal LastRefusal { get; private set; }
        /// <summary>The last cue and when it was given (µs).</summary>
        public TreatmentCue LastCue { get; private set; }
        public long LastCueMicros { get; private set; }
        /// <summary>How many cues of any kind were given (the indicator sees a new one when this changes).</summary>
        public int CueSerial { get; private set; }
        /// <summary>
        /// The estimated charge cannot last what is left of the session cap (a whole cap between sessions) at the
        /// selected speed: shown as low battery, and a new session is refused.
        /// </summary>
        public bool LowBattery => _batteryPowered && !BenchMode
            && _battery.StateOfCharge < BatteryGauge.SocNeeded(_sessionActive ? _sessionCapMicros - _session.NeedlingMicros : _sessionCapMicros, LevelHz);
        /// <summary>
        /// What the indicator shows: <see cref="LowBattery"/> as it was when the charge estimate last moved (every
        /// <see cref="PenLimits.BatteryGaugeStepMicros"/>, its own rate), not worked out every tick. The need it compares
        /// with moves by 0.1 s of needling between those; a level or session change shows up to that late.
        /// </summary>
        public bool LowBatteryShown => _lowBatteryShown;
        private bool _lowBatteryShown;
        /// <summary>The motor has stopped and the pen should switch off now.</summary>
        public bool PowerOffNow { get; private set; }
        /// <summary>
        /// QA bench rate in force (PenFirmware.SetBenchSetpoint, only in a service session): the battery gate is skipped
        /// so supply-sag tests can start at any charge; the supervisor's voltage limits still apply.
        /// </summary>
        public bool BenchMode;

        /// <summary>QA bench (PenFirmware.RequestBenchRun): start the needles this tick, as a hold of main would (set each tick).</summary>
        public bool BenchStartRequested;
        /// <summary>QA bench: stop the needles this tick, as a press of main would (set each tick).</summary>
        public bool BenchStopRequested;

        /// <summary>
        /// The needles run for the QA bench, not for a patient: no session began and the cartridge was not marked used
        /// (a QA run never counts as a patient session or uses up a cartridge).
        /// </summary>
        public bool BenchRunning => _benchRun;
        private bool _benchRun;

        /// <summary>
        /// A service session is open (Protocol/ServiceSession; set by PenFirmware each tick). The needles then run only as a
        /// QA run (a bench rate set: <see cref="BenchMode"/>); a patient's session does not begin until the service
        /// session is closed (<see cref="StartRefusal.ServiceSessionOpen"/>). The bench rate lives only inside the service
        /// session, so a QA run stops when it closes.
        /// </summary>
        public bool ServiceMode;

        /// <summary>
        /// The deepest setting allowed now: the selected profile's maximum, the clinic cap unless unlocked in service
        /// mode, and the device ceiling. The supervisor stops the needles when the ring is beyond it. Unit: mm.
        /// </summary>
        public float ActiveDepthLimitMm => _activeDepthLimitMm;

        /// <summary>The depth limit of <paramref name="profile"/> with the clinic cap kept or lifted (worked out when either changes, read every tick). Unit: mm.</summary>
        private static float DepthLimitFor(int profile, bool capLifted)
        {
            float limit = PenLimits.ProfileMaxDepthMm[profile];
            if (!capLifted && limit > PenLimits.ClinicDepthCapMm) limit = PenLimits.ClinicDepthCapMm;
            if (limit > PenLimits.MaxDepthMm) limit = PenLimits.MaxDepthMm;
            return limit;
        }

        /// <summary>Speed level 1..N mapped evenly onto a profile's stroke-rate range. Unit: strokes/s.</summary>
        public static float LevelToHz(int profile, int level)
        {
            float lo = PenLimits.ProfileMinRateHz[profile];
            float hi = PenLimits.ProfileMaxRateHz[profile];
            return lo + (hi - lo) * (level - 1) / (PenLimits.SpeedLevelCount - 1);
        }

        /// <summary>Speed level on the default profile (kept for callers of the first version). Unit: strokes/s.</summary>
        public static float LevelToHz(int level) { return LevelToHz(PenLimits.DefaultProfileIndex, level); }

        // ------------------------------------------------------------------ configuration
        /// <summary>Sets the session cap (clamped to 5..60 min) and the pacing interval (clamped to 10..120 s). Unit: µs.</summary>
        public void Configure(long sessionCapMicros, long pacingMicros)
        {
            _sessionCapMicros = Clamp(sessionCapMicros, PenLimits.MinSessionCapMicros, PenLimits.MaxSessionCapMicros);
            _pacingMicros = Clamp(pacingMicros, PenLimits.MinPacingCueMicros, PenLimits.MaxPacingCueMicros);
            _quiet = false;
        }

        /// <summary>A service session's CAP command: lifts (or restores) the clinic depth cap for this power-on.</summary>
        public void LiftClinicCap(bool lifted)
        {
            _clinicCapLifted = lifted;
            _activeDepthLimitMm = DepthLimitFor(_profile, lifted);
            _quiet = false;
            Cue(TreatmentCue.Service, _lastNowMicros);
        }

        /// <summary>
        /// Reads the durable records at boot (allocates; boot only): the seated cartridge's state and the session count
        /// (the cartridge record), and the configuration. A cartridge record that is absent or damaged leaves the seated
        /// cartridge in doubt, and a cartridge in doubt is used. A session still open in the record (power was lost during
        /// it) gets its end record now (end=power-lost) and the cartridge stays used.
        /// </summary>
        public void Boot(PenRecords records, bool batteryPowered, long nowMicros)
        {
            _records = records;
            _batteryPowered = batteryPowered;
            _lastActivityMicros = nowMicros;
            _lastNowMicros = nowMicros;
            if (records == null) return;
            string config = records.Value(PenRecords.ConfigSlot);
            if (config != null) ApplyConfig(config);

            string cart = records.Value(PenRecords.CartridgeSlot);
            int sessions, open;
            if (cart != null && ReadInt(cart, "sessions", out sessions))
            {
                _sessionCount = sessions;
                _cartridgeUsed = Board.RecordText.Field(cart, "used") != "0"; // anything but a clear "0" is used
                if (ReadInt(cart, "open", out open) && open > 0)
                {
                    _cartridgeUsed = true;
                    records.Append(SessionRecord.EndTag + " n=" + open.ToString() + " end=" + SessionRecord.EndName(SessionEnd.PowerLost)
                                   + " cart=seated note=power-lost-times-unknown");
                    records.WriteNow(PenRecords.CartridgeSlot, CartridgeRecord(true, _sessionCount, 0));
                }
            }
            else
            {
                _cartridgeUsed = true;
                _sessionCount = 0;
            }
        }

        /// <summary>
        /// The cartridge record: whether the seated cartridge has been used, the sessions so far, and the session open now
        /// (0: none), e.g. "CART used=1 sessions=12 open=12".
        /// </summary>
        public static string CartridgeRecord(bool used, int sessions, int openSession)
        {
            return CartridgeStateTag + " used=" + (used ? "1" : "0") + " sessions=" + sessions.ToString() + " open=" + openSession.ToString();
        }

        // the words of the tick's records, made once (a literal is a new string object per use on nanoCLR)
        private static readonly string CartUsed = CartridgeStateTag + " used=1 sessions=", CartFresh = CartridgeStateTag + " used=0 sessions=",
            CartOpen = " open=", CartSlot = PenRecords.CartridgeSlot, QaStart = QaTag + " start profile=", QaDepth = " depth_um=", Removed = SessionRecord.CartridgeTag + " removed after_n=";

        /// <summary>Queues the cartridge record (as <see cref="CartridgeRecord"/>) built in pieces, allocating nothing; the string's text when the store has no buffer free.</summary>
        private int QueueCartridgeRecord(bool used, int sessions, int openSession)
        {
            Records.RecordChars w = _records.TakeChars();
            if (w == null) return _records.QueueWrite(PenRecords.CartridgeSlot, CartridgeRecord(used, sessions, openSession));
            w.Append(used ? CartUsed : CartFresh); w.Append(sessions);
            w.Append(CartOpen); w.Append(openSession);
            return _records.QueueWrite(CartSlot, w);
        }

        /// <summary>First word of the log record of a QA run ("QA start profile=4 depth_um=1000").</summary>
        public const string QaTag = "QA";

        /// <summary>First word of the cartridge record (a durable record, not the log's "CARTRIDGE removed").</summary>
        public const string CartridgeStateTag = "CART";

        private static bool ReadInt(string record, string key, out int value)
        {
            string text = Board.RecordText.Field(record, key);
            value = 0;
            return text != null && int.TryParse(text, out value) && value >= 0;
        }

        private void ApplyConfig(string r)
        {
            int capS, pacingS;
            string cap = Board.RecordText.Field(r, "session_cap_s");
            string pacing = Board.RecordText.Field(r, "pacing_s");
            long capMicros = cap != null && int.TryParse(cap, out capS) ? capS * 1000000L : _sessionCapMicros;
            long pacingMicros = pacing != null && int.TryParse(pacing, out pacingS) ? pacingS * 1000000L : _pacingMicros;
            Configure(capMicros, pacingMicros);
        }

        /// <summary>Notes the supervisor's active fault for the session record (call each tick before Update).</summary>
        public void ObserveFault(FaultCode fault)
        {
            if (_sessionActive && fault != FaultCode.None) _session.Fault(fault);
        }

        // ------------------------------------------------------------------ the step
        /// <summary>One step on this tick's inputs, the supervisor's action and the drive's state.</summary>
        public void Update(SensorFrame f, SafetyAction action, StrokeDrive drive)
        {
            long now = f.NowMicros;
            long dt = now - _lastNowMicros;
            if (dt < 0 || dt > 200000) dt = 0; // a long pause is not needling time
            _lastNowMicros = now;
            if (_endPart >= 0) StepEndRecord();
            if (_phase == TreatmentPhase.Off) return;

            bool needling = drive.Mode == DriveMode.Running;
            if (_battery.Update(f, dt))
            {
                AccountQuietTicks();
                _lowBatteryShown = LowBattery;
            }

            _skin.Update(needling && _runRequested, _speedLevel, drive.MotorAmps, now, dt);
            if (_quiet && --_quietCountdown > 0 && needling && action < SafetyAction.ControlledStop && !BenchStartRequested
                && !BenchStopRequested && (BenchMode || !_benchRun) && f.ButtonsIdle && f.CartridgeSeatedRaw && f.DepthPlausible && f.DepthMm == _quietDepthMm
                && _quietNeedlingMicros + dt < _quietNeedlingLeftMicros)
            {
                // a quiet running tick: what the rest of this method would do on it, and nothing else (QuietTicks)
                bool onSkin = _skin.OnSkin;
                if (onSkin || !_quietOffSkinCounts || !_skin.Settled)
                {
                    _quietNeedlingMicros += dt;
                    if (onSkin)
                    {
                        _quietOnSkinMicros += dt;
                        long interval = f.TickIntervalMicros;
                        if (_offSkinMicros > 0) _offSkinMicros = _offSkinMicros > interval ? _offSkinMicros - interval : 0;
                    }

                    _lastActivityMicros = now;
                    return;
                }
            }

            _quiet = false;
            AccountQuietTicks();
            // strokes: the Hall edges, less those a retraction made backing the cam out (no needle went out for them);
            // read by the full tick only (a quiet one has no use for them)
            _strokeCount = f.PulseCount - drive.ReverseEdges;
            // with every button idle (released, settled, no gesture) and main armed, the buttons change nothing here
            if (_firstUpdate || !_mainArmed || !f.ButtonsIdle) TrackButtonsAndActivity(f, needling, now);
            TrackCartridge(f, now);
            Account(f, needling, dt);

            // the supervisor's stop wins; a new deliberate start is needed afterwards
            if (action >= SafetyAction.ControlledStop) _runRequested = false;
            if (_startTicket != 0) CompleteStart(action, now);
            if (_awaitSinceMicros >= 0) AwaitCartridge(f, action, drive, now);

            if (_phase == TreatmentPhase.PoweringOff)
            {
                _runRequested = false;
                if (drive.Stopped)
                {
                    if (_sessionActive) EndSession(_pendingEnd, now, _strokeCount);
                    PowerOffNow = true;
                    _phase = TreatmentPhase.Off;
                }

                return;
            }

            if (_runRequested) CheckWhileRunning(f, now);
            // the buttons act on their gestures only: a tick with none raised has nothing for them to do
            if (f.Main.AnyGesture || f.Plus.AnyGesture || f.Minus.AnyGesture) HandleButtons(f, action, drive, now);
            if (_benchRun || BenchStartRequested) HandleBenchRequests(f, action, drive, now);
            if (_runRequested || !drive.Stopped) _lastActivityMicros = now;
            if (!_runRequested && drive.Stopped && now - _lastActivityMicros >= PenLimits.IdlePowerOffMicros) BeginPowerOff(SessionEnd.IdlePowerOff);

            if (_runRequested) _phase = TreatmentPhase.Running;
            else if (_phase != TreatmentPhase.PoweringOff && _phase != TreatmentPhase.Paused) _phase = RestingPhase();
            SlewSetpoint(dt);
            BeginQuietTicks(f, needling);
        }

        // ------------------------------------------------------------------ quiet running ticks
        // While the needles run on the skin (or before the contact filters settle) at a steady setpoint with nothing
        // happening, this tick's work is the same every tick: the battery gauge and the skin-contact filters step, the
        // off-skin time leaks away, the needling time adds up. Such a tick (a quiet one) does only that, the needling
        // time held in two sums that the next full tick adds to the session's counters first (AccountQuietTicks), so
        // every count and every decision comes out as if each tick were full. A tick is quiet only when what the full
        // one checks cannot have changed since the last full tick: the drive still running, no stop from the supervisor,
        // every button idle, no bench request (a QA run's bench mode still on), the cartridge seated, the depth reading the
        // same and plausible, not off the skin once settled where the off-skin pause counts, and its needling time short of the next pacing cue and of
        // both caps. Every QuietTicks-th tick is full, so that what the bench reads of the session (needling time,
        // strokes) is never older than 0.1 s (the bucket of its averaged rate, Protocol/AveragedRate); the battery gauge's step adds the held time before it is read.
        private const int QuietTicks = 10;
        private bool _quiet;                    // the last full tick found the running state quiet
        private int _quietCountdown;            // ticks to the next full one
        private float _quietDepthMm;            // the depth the last full tick checked
        private bool _quietOffSkinCounts;       // and whether the off-skin pause counts there (CheckWhileRunning's contactObservable)
        private long _quietNeedlingMicros;      // needling time of the quiet ticks since the last full one. Unit: µs.
        private long _quietOnSkinMicros;        // of it, on the skin. Unit: µs.
        private long _quietNeedlingLeftMicros;  // needling time to the next pacing cue or cap, from the last full tick. Unit: µs.

        /// <summary>Adds the quiet ticks' needling time to the session's counters (as each tick's Account would have).</summary>
        private void AccountQuietTicks()
        {
            long needling = _quietNeedlingMicros;
            if (needling == 0) return;
            _quietNeedlingMicros = 0;
            if (_sessionActive)
            {
                _session.NeedlingMicros += needling;
                _cartridgeMotorMicros += needling;
                _areaNeedlingMicros += needling;
                _session.OnSkinMicros += _quietOnSkinMicros;
            }

            _quietOnSkinMicros = 0;
        }

        /// <summary>At the end of a full tick: whether the next ones may be quiet, and what they are measured against.</summary>
        private void BeginQuietTicks(SensorFrame f, bool needling)
        {
            if (!(_runRequested && needling && _phase == TreatmentPhase.Running && _startTicket == 0 && _endPart < 0
                  && _mainArmed && !_firstUpdate && _cartridgeSeated && _setpointHz == _levelHz && f.DepthPlausible && f.DepthMm <= _activeDepthLimitMm))
                return;
            long left = long.MaxValue;
            if (_sessionActive)
            {
                left = _pacingMicros - _areaNeedlingMicros;
                if (_sessionCapMicros - _session.NeedlingMicros < left) left = _sessionCapMicros - _session.NeedlingMicros;
                if (PenLimits.CartridgeMotorCapMicros - _cartridgeMotorMicros < left) left = PenLimits.CartridgeMotorCapMicros - _cartridgeMotorMicros;
            }

            _quiet = true;
            _quietCountdown = QuietTicks;
            _quietDepthMm = f.DepthMm;
            _quietOffSkinCounts = !_benchRun && f.DepthMm >= PenLimits.OffSkinPauseMinDepthMm - 0.05f;
            _quietNeedlingLeftMicros = left;
        }

        private void TrackButtonsAndActivity(SensorFrame f, bool needling, long now)
        {
            if (_firstUpdate)
            {
                // a main button already closed at power-up (the press that woke the pen, or stuck) is not a gesture
                _firstUpdate = false;
                _mainArmed = !f.MainPressedRaw;
                _lastActivityMicros = now;
            }

            if (!_mainArmed && !f.MainPressedRaw && !f.Main.IsPressed) _mainArmed = true;
            if (f.Main.Down || f.Plus.Down || f.Minus.Down) _lastActivityMicros = now;
        }

        private void TrackCartridge(SensorFrame f, long now)
        {
            bool raw = f.CartridgeSeatedRaw;
            if (!_cartridgeKnown)
            {
                _cartridgeKnown = true;
                _cartridgeSeated = raw;
                _seatedSinceBoot = raw;
                _cartridgeChangeSinceMicros = now;
                if (!raw && _cartridgeUsed)
                {
                    // taken out while the pen was off: whatever is seated next is fresh
                    _cartridgeUsed = false;
                    if (_records != null) QueueCartridgeRecord(false, _sessionCount, 0);
                }

                return;
            }

            if (raw == _cartridgeSeated)
            {
                _cartridgeChangeSinceMicros = now;
                return;
            }

            // removal counts at once (the needles must stop); an insertion once it has been seated for the debounce time
            if (raw && now - _cartridgeChangeSinceMicros < PenLimits.ButtonDebounceMicros) return;
            _cartridgeSeated = raw;
            _cartridgeChangeSinceMicros = now;
            _lastActivityMicros = now;
            if (!raw)
            {
                _seatedSinceBoot = false;
                _runRequested = false;
                if (_sessionActive)
                {
                    _session.CartridgeSeatedAtEnd = false;
                    EndSession(SessionEnd.CartridgeRemoved, now, _strokeCount);
                }
                else if (_cartridgeUsed && _records != null)
                {
                    Records.RecordChars w = _records.TakeChars();
                    if (w == null) _records.Queue(SessionRecord.CartridgeTag + " removed after_n=" + _sessionCount.ToString());
                    else
                    {
                        w.Append(Removed); w.Append(_sessionCount);
                        _records.Queue(w);
                    }

                    QueueCartridgeRecord(false, _sessionCount, 0);
                }

                // the next cartridge is presumed fresh: a used one put back cannot be told apart (hazard table)
                _cartridgeUsed = false;
                _cartridgeMotorMicros = 0;
                if (_phase == TreatmentPhase.Paused) _phase = TreatmentPhase.NoCartridge;
            }
        }

        private void Account(SensorFrame f, bool needling, long dt)
        {
            if (!_sessionActive) return;
            _session.ElapsedMicros = f.NowMicros - _session.StartMicros;
            _session.Strokes = _strokeCount - _session.StartPulseCount;
            if (!needling) return;
            _session.NeedlingMicros += dt;
            _cartridgeMotorMicros += dt;
            _areaNeedlingMicros += dt;
            if (_skin.OnSkin) _session.OnSkinMicros += dt;
            _session.Needling(f.DepthMm, _speedLevel);
            if (_areaNeedlingMicros >= _pacingMicros)
            {
                _areaNeedlingMicros -= _pacingMicros;
                _session.Cues++;
                Cue(TreatmentCue.Pacing, f.NowMicros);
            }

            if (_session.NeedlingMicros >= _sessionCapMicros) EndSession(SessionEnd.CapReached, f.NowMicros, _strokeCount);
            else if (_cartridgeMotorMicros >= PenLimits.CartridgeMotorCapMicros) EndSession(SessionEnd.CartridgeCap, f.NowMicros, _strokeCount);
        }

        private void CheckWhileRunning(SensorFrame f, long now)
        {
            if (!_cartridgeSeated) _runRequested = false;
            if (!f.DepthPlausible || f.DepthMm > _activeDepthLimitMm)
            {
                // the supervisor stops the needles (controlled, with park); the treatment asks for the stop too
                _runRequested = false;
                Refuse(f.DepthPlausible ? StartRefusal.DepthAboveLimit : StartRefusal.DepthImplausible, now);
                return;
            }

            // an idle button is released: only a button that is not can be stuck
            if (!f.ButtonsIdle
                && (f.Main.IsPressed && f.Main.DownForMicros(now) >= PenLimits.ButtonStuckMicros
                    || f.Plus.IsPressed && f.Plus.DownForMicros(now) >= PenLimits.ButtonStuckMicros
                    || f.Minus.IsPressed && f.Minus.DownForMicros(now) >= PenLimits.ButtonStuckMicros))
            {
                _runRequested = false;
                Refuse(StartRefusal.ButtonStuck, now);
                return;
            }

            // off-skin time leaks away while in the skin (a noise blip neither resets nor extends it much); below the
            // depth where skin contact shows in the motor current at all, there is no off-skin pause
            // a bench run turns in air on the fixture: no off-skin pause
            bool contactObservable = !_benchRun && f.DepthMm >= PenLimits.OffSkinPauseMinDepthMm - 0.05f;
            if (!contactObservable) _offSkinMicros = 0;
            else if (_skin.Settled && !_skin.OnSkin) _offSkinMicros += f.TickIntervalMicros;
            else if (_skin.OnSkin) _offSkinMicros = _offSkinMicros > f.TickIntervalMicros ? _offSkinMicros - f.TickIntervalMicros : 0;
            if (_offSkinMicros >= PenLimits.OffSkinPauseMicros)
            {
                _runRequested = false;
                _phase = TreatmentPhase.Paused;
                if (_sessionActive) _session.Pauses++;
            }
        }

        private void HandleButtons(SensorFrame f, SafetyAction action, StrokeDrive drive, long now)
        {
            bool mainOk = _mainArmed && !Stuck(f.Main, now);
            if (_runRequested)
            {
                if (mainOk && f.Main.ShortPress)
                {
                    _runRequested = false;
                    _lastStopPressMicros = now;
                }
            }
            else
            {
                if (mainOk && f.Main.HoldStarted) TryStart(f, action, drive, now);
                else if (f.Main.HoldStarted) Refuse(StartRefusal.ButtonStuck, now);
                // two short presses: a hold released is never half of one (an acknowledging press and a hold to restart
                // end 1.45 s apart, and a restart the pen refused left it stopped: that switched the pen off)
                if (mainOk && f.Main.DoublePress && f.Main.ShortPress && drive.Stopped && now - _lastStopPressMicros > PenLimits.ButtonDoublePressMicros + 200000)
                {
                    BeginPowerOff(SessionEnd.PowerOff);
                    return;
                }
            }

            bool plusOk = !Stuck(f.Plus, now);
            bool minusOk = !Stuck(f.Minus, now);
            if (plusOk && f.Plus.ShortPress && _speedLevel < PenLimits.SpeedLevelCount)
            {
                _speedLevel++;
                _levelHz = LevelToHz(_profile, _speedLevel);
                Cue(TreatmentCue.Level, now);
            }

            if (minusOk && f.Minus.ShortPress && _speedLevel > 1)
            {
                _speedLevel--;
                _levelHz = LevelToHz(_profile, _speedLevel);
                Cue(TreatmentCue.Level, now);
            }

            if (_runRequested) return;
            if (plusOk && f.Plus.HoldStarted && !f.Minus.IsPressed) SelectProfile(_profile + 1, now);
            if (minusOk && f.Minus.HoldStarted && !f.Plus.IsPressed) SelectProfile(_profile - 1, now);
        }

        private void HandleBenchRequests(SensorFrame f, SafetyAction action, StrokeDrive drive, long now)
        {
            if (BenchStopRequested && _runRequested && _benchRun) _runRequested = false;
            if (BenchStartRequested && BenchMode && !_runRequested) TryStart(f, action, drive, now);
            BenchStartRequested = false;
            BenchStopRequested = false;
            // a bench run ends with bench mode, and is over whenever the needles were asked to stop
            if (_benchRun && !BenchMode) _runRequested = false;
            if (!_runRequested) _benchRun = false;
        }

        private void SelectProfile(int profile, long now)
        {
            int count = PenLimits.ProfileNames.Length;
            _profile = (profile + count) % count;
            _activeDepthLimitMm = DepthLimitFor(_profile, _clinicCapLifted);
            _levelHz = LevelToHz(_profile, _speedLevel);
            _areaNeedlingMicros = 0;
            _skin.Forget();
            Cue(TreatmentCue.Profile, now);
        }

        /// <summary>
        /// A start that waits for the seated cartridge's chain: it goes on (TryStart, every check again) once the cartridge is
        /// measured and the drive has parked after it; it is refused (<see cref="StartRefusal.CartridgeNotMeasured"/>) when the
        /// chain ended without a result (a load read at its steady point, stopped) or has not passed within
        /// <see cref="PenLimits.StartAwaitsCartridgeMicros"/>; a stop from the supervisor or the cartridge taken out drops it.
        /// </summary>
        private void AwaitCartridge(SensorFrame f, SafetyAction action, StrokeDrive drive, long now)
        {
            CartridgeStatus status = drive.CartridgeStatus;
            if (status == CartridgeStatus.Identifying) _awaitSawChain = true;
            if (action >= SafetyAction.ControlledStop || !_cartridgeSeated || status == CartridgeStatus.Implausible)
            {
                _awaitSinceMicros = -1;
                return;
            }

            if (status == CartridgeStatus.Identified)
            {
                if (!drive.Stopped) return;
                _awaitSinceMicros = -1;
                TryStart(f, action, drive, now);
                return;
            }

            if (_awaitSawChain && status == CartridgeStatus.NotIdentified || now - _awaitSinceMicros >= PenLimits.StartAwaitsCartridgeMicros)
            {
                _awaitSinceMicros = -1;
                Refuse(StartRefusal.CartridgeNotMeasured, now);
            }
        }

        /// <summary>A start waits for the seated cartridge's chain (<see cref="AwaitCartridge"/>).</summary>
        public bool StartAwaitsCartridge => _awaitSinceMicros >= 0;

        private void TryStart(SensorFrame f, SafetyAction action, StrokeDrive drive, long now)
        {
            StartRefusal why = StartRefusal.None;
            if (action >= SafetyAction.ControlledStop) why = StartRefusal.Fault;
            else if (Stuck(f.Plus, now) || Stuck(f.Minus, now)) why = StartRefusal.ButtonStuck;
            else if (!_cartridgeSeated) why = StartRefusal.NoCartridge;
            else if (_cartridgeUsed && !_sessionActive && !BenchMode) why = StartRefusal.CartridgeUsed;
            else if (!f.DepthPlausible) why = StartRefusal.DepthImplausible;
            else if (f.DepthMm > ActiveDepthLimitMm) why = StartRefusal.DepthAboveLimit;
            else if (!_sessionActive && _batteryPowered && !BenchMode
                     && _battery.StateOfCharge < BatteryGauge.SocNeeded(_sessionCapMicros, LevelHz)) why = StartRefusal.LowBattery;

            if (why != StartRefusal.None)
            {
                Refuse(why, now);
                return;
            }

            // a cartridge not measured yet (seated while the pen is on, or since boot): the start waits for its chain (AwaitCartridge)
            if (drive.CartridgeStatus != CartridgeStatus.Identified || drive.MeasuringCartridge)
            {
                if (_awaitSinceMicros < 0)
                {
                    _awaitSinceMicros = now;
                    _awaitSawChain = false;
                }

                return;
            }

            if (!drive.Stopped) return; // still parking: the hold is ignored, not refused
            if (_startTicket != 0 || _endPart >= 0) return; // a start already waits for its records, or the last session's end record is still built
            if (BenchMode && !_sessionActive)
            {
                // a QA run: no session, the cartridge left as it was (BENCH is refused while a session is open); logged as
                // QA, not as a patient session, before the first stroke (the run starts once the record is on the flash)
                if (_records == null)
                {
                    StartRun(true);
                    return;
                }

                Records.RecordChars w = _records.TakeChars();
                int ticket = 0;
                if (w != null)
                {
                    w.Append(QaStart); w.Append(_profile);
                    w.Append(QaDepth); w.Append((int)(f.DepthMm * 1000f + 0.5f));
                    ticket = _records.Queue(w);
                }

                if (ticket == 0)
                {
                    LastRefusal = StartRefusal.RecordsRefused;
                    Cue(TreatmentCue.RecordsRefused, now);
                    return;
                }

                _startFirstTicket = ticket;
                _startTicket = ticket;
                _startIsQa = true;
                return;
            }

            if (!_sessionActive && ServiceMode)
            {
                // a service session is open: the needles run only as a QA run (a bench rate set), never a patient's session
                Refuse(StartRefusal.ServiceSessionOpen, now);
                return;
            }

            if (!_sessionActive)
            {
                if (!BeginSession(f, now))
                {
                    LastRefusal = StartRefusal.RecordsRefused;
                    Cue(TreatmentCue.RecordsRefused, now);
                }

                return; // the needles start once the session's records are on the flash (CompleteStart)
            }

            _session.UseProfile(_profile);
            StartRun(false);
        }

        /// <summary>
        /// A part of the session's end record (SessionRecord.EndPieces) in a buffer of the store's, one a tick; once whole it
        /// is queued, and the cartridge record (session closed) after it. No buffer free: a later tick.
        /// </summary>
        private void StepEndRecord()
        {
            if (_endRecord == null)
            {
                _endRecord = _records.TakeChars();
                if (_endRecord == null) return;
            }

            _session.EndPieces(_endRecord, _endPart++);
            if (_endPart < SessionRecord.EndParts) return;
            _records.Queue(_endRecord);
            _endRecord = null;
            _endPart = -1;
            QueueCartridgeRecord(_session.CartridgeSeatedAtEnd, _sessionCount, 0);
        }

        /// <summary>The session's end record is still being built (the pen powers off only once it and the store's queue are written).</summary>
        public bool RecordsPending => _endPart >= 0;

        private void StartRun(bool qa)
        {
            LastRefusal = StartRefusal.None;
            _runRequested = true;
            _benchRun = qa;
            _offSkinMicros = 0;
            _setpointHz = LevelHz;
        }

        /// <summary>
        /// A start waiting for its records (the cartridge record and BEGIN, or QA's): they are written a slice a tick
        /// (Records/PenRecords.Step); once done the needles start, or the start is refused when the flash refused one.
        /// </summary>
        private void CompleteStart(SafetyAction action, long now)
        {
            if (!_records.Written(_startTicket)) return;
            bool refused = _records.FailedSince(_startFirstTicket);
            bool qa = _startIsQa;
            _startTicket = 0;
            _startFirstTicket = 0;
            _startIsQa = false;
            if (refused)
            {
                if (!qa) _records.Cancel(_beginTicket); // no session began: its BEGIN must not reach the log
                LastRefusal = StartRefusal.RecordsRefused;
                Cue(TreatmentCue.RecordsRefused, now);
                return;
            }

            // a stop, a removed cartridge or a power-off while the records were written: begun on the flash, not run
            bool run = action < SafetyAction.ControlledStop && _cartridgeSeated && _phase != TreatmentPhase.PoweringOff;
            if (qa)
            {
                if (run && BenchMode) StartRun(true);
                return;
            }

            _sessionActive = true;
            _cartridgeUsed = true; // from the first stroke on, this cartridge cannot begin another session
            _sessionCount = _startingSession;
            _areaNeedlingMicros = 0;
            _skin.Forget();
            if (run) StartRun(false);
        }

        /// <summary>
        /// Begins a session: queues its records, or returns false (and begins nothing) when the store refuses them. The
        /// cartridge record (used, this session open) goes first and is on the flash before the first stroke: it is what
        /// tells every later boot that the seated cartridge was used. The needles start once it is written
        /// (<see cref="CompleteStart"/>), a slice a tick, so that no tick formats it whole. The BEGIN record is queued
        /// behind it and reaches the log at the first stop (nothing is written while the needles run): its append can
        /// erase a flash block (up to 0.4 s), which a start must not wait for; a power loss before that stop is still
        /// logged, by the next boot, from the cartridge record's open session.
        /// </summary>
        private bool BeginSession(SensorFrame f, long now)
        {
            int soc = (int)(_battery.StateOfCharge * 100f + 0.5f);
            int number = _sessionCount + 1;
            _session.Begin(number, now, _strokeCount, _profile, f.DepthMm, _speedLevel, soc);
            _startingSession = number;
            if (_records == null)
            {
                CompleteStartWithoutRecords();
                return true;
            }

            int cart = QueueCartridgeRecord(true, number, number);
            if (cart == 0) return false;
            Records.RecordChars w = _records.TakeChars();
            _beginTicket = 0;
            if (w != null)
            {
                _session.BeginPieces(w, _profile, f.DepthMm, _speedLevel);
                _beginTicket = _records.Queue(w);
            }

            if (_beginTicket == 0)
            {
                _records.Cancel(cart); // refused: the cartridge stays fresh
                return false;
            }

            _startFirstTicket = cart;
            _startTicket = cart;
            _startIsQa = false;
            return true;
        }

        private void CompleteStartWithoutRecords()
        {
            _sessionActive = true;
            _cartridgeUsed = true;
            _sessionCount = _startingSession;
            _areaNeedlingMicros = 0;
            _skin.Forget();
            StartRun(false);
        }

        private void EndSession(SessionEnd end, long now, long pulseCount)
        {
            _runRequested = false;
            _session.End = end;
            _session.ElapsedMicros = now - _session.StartMicros;
            _session.Strokes = pulseCount - _session.StartPulseCount;
            _session.CartridgeSeatedAtEnd = _cartridgeSeated && end != SessionEnd.CartridgeRemoved;
            _sessionActive = false;
            // the end record is built a part a tick from the next one (StepEndRecord), then queued with the cartridge record
            if (_records != null) _endPart = 0;

            Cue(TreatmentCue.SessionEnded, now);
        }

        /// <summary>
        /// The session's end record waits for the motor to park: strokes counted to the last one. (Cap and removal
        /// end it at once; the parking strokes after those are few and not needling.)
        /// </summary>
        private void BeginPowerOff(SessionEnd why)
        {
            _runRequested = false;
            _pendingEnd = why;
            _phase = TreatmentPhase.PoweringOff;
        }

        private TreatmentPhase RestingPhase()
        {
            if (!_cartridgeSeated) return TreatmentPhase.NoCartridge;
            if (_cartridgeUsed && !_sessionActive) return TreatmentPhase.CartridgeUsed;
            return TreatmentPhase.Ready;
        }

        private void Refuse(StartRefusal why, long now)
        {
            LastRefusal = why;
            Cue(TreatmentCue.Refused, now);
        }

        private void Cue(TreatmentCue cue, long now)
        {
            LastCue = cue;
            LastCueMicros = now;
            CueSerial++;
        }

        private void SlewSetpoint(long dt)
        {
            float target = _levelHz;
            if (!_runRequested)
            {
                _setpointHz = target;
                return;
            }

            // level change while running: the setpoint moves at a bounded rate, inside the profile's range
            if (_setpointHz == target) return;
            float step = PenLimits.LevelChangeSlewHzPerSecond * dt * 1e-6f;
            if (_setpointHz < target - step) _setpointHz += step;
            else if (_setpointHz > target + step) _setpointHz -= step;
            else _setpointHz = target;
        }

        private static bool Stuck(ButtonGestures b, long now)
        {
            return b.IsPressed && b.DownForMicros(now) >= PenLimits.ButtonStuckMicros;
        }

        private static long Clamp(long v, long lo, long hi) { return v < lo ? lo : v > hi ? hi : v; }
    }
}
