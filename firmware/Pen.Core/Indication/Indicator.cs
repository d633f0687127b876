using Pen.Core.Ports;
using Pen.Core.Safety;
using Pen.Core.Session;

namespace Pen.Core.Indication
{
    /// <summary>
    /// Drives the LEDs and the buzzer from <see cref="IndicationTable"/>: the state's pattern repeats; a cue from
    /// the treatment (pacing, level, profile, refusal, session end, service) or a derating step plays once over it
    /// for 2 s (the profile cue: one green flash per profile number; the refusal cue: one amber flash per reason
    /// number, <see cref="Session.StartRefusal"/>); low battery adds its amber flash to ready and running. Faults show
    /// by the supervisor's action class, the needles that may be out above all; an alarm silences and drops any cue
    /// (IEC 60601-1-8: an alarm outranks an information signal). No allocation.
    /// </summary>
    public sealed class Indicator
    {
        /// <summary>Length of a cue. Unit: µs.</summary>
        public const long CueMicros = IndicationTable.SlotMicros * IndicationTable.Slots;
        /// <summary>Length of the profile cue (11 flashes of 250 ms) and of the refusal cue (up to 10). Unit: µs.</summary>
        public const long ProfileCueMicros = 3000000;

        private Indication _shown = Indication.Ready;
        private long _sinceMicros;
        private int _cueSerial;
        private Indication _cue;
        private bool _cueActive;
        private long _cueSinceMicros;
        private int _cueCount;

        /// <summary>The state's indication now.</summary>
        public Indication Shown => _shown;
        /// <summary>The cue playing, if <see cref="CuePlaying"/>.</summary>
        public Indication Cue => _cue;
        /// <summary>A cue is playing.</summary>
        public bool CuePlaying => _cueActive;

        /// <summary>State only (no treatment cues).</summary>
        public void Update(PenPorts io, PenState state, long nowMicros)
        {
            Update(io, state, SafetyAction.None, null, FaultCode.None, nowMicros);
        }

        /// <summary>One update without a fault code (the fault classes show their table pattern).</summary>
        public void Update(PenPorts io, PenState state, SafetyAction action, Treatment treatment, long nowMicros)
        {
            Update(io, state, action, treatment, FaultCode.None, nowMicros);
        }

        // what the outputs were last worked out from, and the first time they could change without a new input: the
        // patterns move only at slot (125 ms) and blink (200 ms) edges and at a cue's end (a steady one never), so between
        // those the tick skips the work (~250 IL instructions a tick on the interpreter, tools/Pen.TickBudget); same outputs
        private PenState _lastState;
        private SafetyAction _lastAction;
        private FaultCode _lastFault;
        private bool _lastLow;
        private bool _lastService;
        private Treatment _lastTreatment;
        private long _nextChangeMicros = long.MinValue;   // before the first evaluation: no time is before it
        private readonly RateDerating _derating;
        private readonly SafetySupervisor _supervisor;
        private int _derateSteps;

        /// <summary>An indicator with no rate derating and no supervisor to read (tests of the patterns: the fault shown says all).</summary>
        public Indicator() : this(null, null) { }

        /// <param name="derating">The pen's rate derating: each step it takes plays <see cref="Indication.DerateStepCue"/>; null: none.</param>
        /// <param name="supervisor">Read for <see cref="FaultCode.NeedlesMayBeOut"/> while another fault (a lockout) is the one shown; null: the fault shown only.</param>
        public Indicator(RateDerating derating, SafetySupervisor supervisor)
        {
            _derating = derating;
            _supervisor = supervisor;
        }

        /// <summary>
        /// One update: the state's pattern, the supervisor's class and the fault it shows (the needles that may be out
        /// above all, a lockout's cause too: the fault shown stays the cause), the treatment's cues, a derating step.
        /// Between pattern edges nothing can change but the inputs compared here; the needles said out under a lockout
        /// and a new derating step are read at the next edge (not compared every tick: the running tick's budget), and
        /// the patterns shown then change every 125 ms (a lockout) or 200 ms (a derating's blinks): seen within that.
        /// </summary>
        public void Update(PenPorts io, PenState state, SafetyAction action, Treatment treatment, FaultCode fault, long nowMicros)
        {
            if (nowMicros < _nextChangeMicros && state == _lastState && action == _lastAction && fault == _lastFault && treatment == _lastTreatment
                && (treatment == null || (treatment.LowBatteryShown == _lastLow && treatment.ServiceMode == _lastService && treatment.CueSerial == _cueSerial)))
                return;

            bool lowNow = treatment != null && treatment.LowBatteryShown;
            bool serviceNow = treatment != null && treatment.ServiceMode;
            _lastState = state;
            _lastAction = action;
            _lastFault = fault;
            _lastLow = lowNow;
            _lastService = serviceNow;
            _lastTreatment = treatment;
            // the needles that may be out show above all, under a lockout too (the fault named stays the lockout's cause)
            bool needlesOut = action >= SafetyAction.ImmediateStop
                              && (fault == FaultCode.NeedlesMayBeOut || (_supervisor != null && _supervisor.IsActive(FaultCode.NeedlesMayBeOut)));
            Indication now = needlesOut ? Indication.NeedlesMayBeOut : For(state, action, treatment);
            if (now != _shown)
            {
                _shown = now;
                _sinceMicros = nowMicros;
            }

            if (treatment != null && treatment.CueSerial != _cueSerial)
            {
                _cueSerial = treatment.CueSerial;
                _cue = ForCue(treatment.LastCue);
                _cueActive = _cue != _shown;
                _cueSinceMicros = nowMicros;
                _cueCount = _cue == Indication.RefusedCue ? (int)treatment.LastRefusal : treatment.Profile + 1;
            }

            // a warm pen slowed one more step: the low-priority alarm, once
            int derateSteps = _derating == null ? 0 : _derating.Steps;
            if (derateSteps > _derateSteps)
            {
                _cue = Indication.DerateStepCue;
                _cueActive = true;
                _cueSinceMicros = nowMicros;
            }

            _derateSteps = derateSteps;
            // an alarm outranks every cue: it plays alone
            if (IsAlarm(_shown)) _cueActive = false;

            long cueLength = _cue == Indication.ProfileCue || _cue == Indication.RefusedCue ? ProfileCueMicros : CueMicros;
            if (_cueActive && nowMicros - _cueSinceMicros >= cueLength) _cueActive = false;

            long since = nowMicros - _sinceMicros;
            long next = NextEdge(_sinceMicros, since, IndicationTable.SlotMicros);
            bool green = IndicationTable.On(IndicationTable.Green[(int)_shown], since);
            bool amber = IndicationTable.On(IndicationTable.Amber[(int)_shown], since);
            bool red = IndicationTable.On(IndicationTable.Red[(int)_shown], since);
            bool buzzer = IndicationTable.On(IndicationTable.Buzzer[(int)_shown], since);

            // which fault: its own colour and blink count (Safety/FaultIndication), so a practitioner or an engineer
            // can tell a stall from a sensor fault; the buzzer keeps the class's alarm burst
            bool faultShown = _shown == Indication.ControlledStopFault || _shown == Indication.ImmediateStopFault
                              || _shown == Indication.Warning || _shown == Indication.Derated;
            if (faultShown && FaultIndication.Blinks(fault) > 0)
            {
                long blinkEdge = NextEdge(_sinceMicros, since, FaultIndication.BlinkMicros);
                if (blinkEdge < next) next = blinkEdge;
                bool codeLit = FaultIndication.LitAt(fault, since, out _);
                if (FaultIndication.IsRed(fault)) red = codeLit;
                else amber = codeLit;
            }

            bool low = (_shown == Indication.Ready || _shown == Indication.Running) && lowNow;
            if (low) amber |= IndicationTable.On(IndicationTable.Amber[(int)Indication.LowBattery], since);

            if (_cueActive)
            {
                long c = nowMicros - _cueSinceMicros;
                int i = (int)_cue;
                if (_cue == Indication.ProfileCue)
                {
                    // one 125 ms flash every 250 ms, as many as the profile number; the state's green is off meanwhile
                    long slot = c / IndicationTable.SlotMicros;
                    green = slot % 2 == 0 && slot / 2 < _cueCount;
                }
                else if (_cue == Indication.RefusedCue)
                {
                    // one amber flash every 250 ms, as many as the refusal's number; the state's amber is off meanwhile
                    long slot = c / IndicationTable.SlotMicros;
                    amber = slot % 2 == 0 && slot / 2 < _cueCount;
                }
                else
                {
                    green |= IndicationTable.On(IndicationTable.Green[i], c);
                    if (IndicationTable.Amber[i] != 0) amber = IndicationTable.On(IndicationTable.Amber[i], c);
                    red |= IndicationTable.On(IndicationTable.Red[i], c);
                }

                buzzer |= IndicationTable.On(IndicationTable.Buzzer[i], c);
                long cueEdge = NextEdge(_cueSinceMicros, c, IndicationTable.SlotMicros);
                if (cueEdge < next) next = cueEdge;
                long cueEnd = _cueSinceMicros + cueLength;
                if (cueEnd < next) next = cueEnd;
            }

            // a steady indication (every output's pattern all on or all off, no cue, no blink code, no low-battery flash)
            // changes with nothing the time brings: it is evaluated again only when the state, action, fault or treatment
            // does (the test at the top). Only with no action: under one the supervisor's needles-out and the warm pen's
            // derating steps, which that test does not see, may change what shows
            if (action == SafetyAction.None && derateSteps == 0 && !_cueActive && !low && !faultShown
                && Steady(IndicationTable.Green[(int)_shown]) && Steady(IndicationTable.Amber[(int)_shown])
                && Steady(IndicationTable.Red[(int)_shown]) && Steady(IndicationTable.Buzzer[(int)_shown]))
                next = long.MaxValue;
            _nextChangeMicros = next;

            io.LedGreen.Write(green);
            io.LedAmber.Write(amber);
            io.LedRed.Write(red);
            io.Buzzer.Write(buzzer);
        }

        /// <summary>A slot mask that lights (or sounds) all the time or never.</summary>
        private static bool Steady(ushort mask)
        {
            return mask == 0 || mask == 0xFFFF;
        }

        /// <summary>The first edge of a pattern of <paramref name="periodMicros"/> steps that started at <paramref name="startMicros"/>, after <paramref name="sinceMicros"/> into it. Unit: µs.</summary>
        private static long NextEdge(long startMicros, long sinceMicros, long periodMicros)
        {
            if (sinceMicros < 0) return startMicros;
            return startMicros + (sinceMicros / periodMicros + 1) * periodMicros;
        }

        /// <summary>An alarm (a fault that stopped the needles, a lockout, the needles that may be out): no cue plays over it.</summary>
        public static bool IsAlarm(Indication shown)
        {
            return shown == Indication.ControlledStopFault || shown == Indication.ImmediateStopFault
                   || shown == Indication.LockedOut || shown == Indication.NeedlesMayBeOut;
        }

        /// <summary>The indication of a state (faults by the supervisor's action).</summary>
        public static Indication For(PenState state, SafetyAction action, Treatment treatment)
        {
            if (action == SafetyAction.Lockout) return Indication.LockedOut;
            if (action == SafetyAction.ImmediateStop) return Indication.ImmediateStopFault;
            if (action == SafetyAction.ControlledStop || state == PenState.Fault) return Indication.ControlledStopFault;
            // a service session shows whatever it does: never mistaken for a treatment
            if (treatment != null && treatment.ServiceMode)
            {
                if (state == PenState.Running) return Indication.QaRun;
                if (state != PenState.Stopping && state != PenState.PoweringOff) return Indication.ServiceMode;
            }

            switch (state)
            {
                case PenState.Running:
                    if (action == SafetyAction.Derate) return Indication.Derated;
                    if (action == SafetyAction.Warn) return Indication.Warning;
                    return Indication.Running;
                case PenState.Stopping: return Indication.Stopping;
                case PenState.Paused: return Indication.Paused;
                case PenState.CartridgeUsed: return Indication.CartridgeUsed;
                case PenState.NoCartridge: return Indication.NoCartridge;
                case PenState.MeasuringCartridge: return Indication.MeasuringCartridge;
                case PenState.PoweringOff: return Indication.PoweringOff;
                default: return action == SafetyAction.Warn || action == SafetyAction.Derate ? Indication.Warning : Indication.Ready;
            }
        }

        /// <summary>The indication of a treatment cue.</summary>
        public static Indication ForCue(TreatmentCue cue)
        {
            switch (cue)
            {
                case TreatmentCue.Pacing: return Indication.PacingCue;
                case TreatmentCue.Level: return Indication.LevelCue;
                case TreatmentCue.Profile: return Indication.ProfileCue;
                case TreatmentCue.Refused: return Indication.RefusedCue;
                case TreatmentCue.SessionEnded: return Indication.SessionEndedCue;
                case TreatmentCue.RecordsRefused: return Indication.RecordsRefusedCue;
                default: return Indication.ServiceCue;
            }
        }
    }
}
