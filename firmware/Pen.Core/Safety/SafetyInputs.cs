using Pen.Core.Board;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Session;

namespace Pen.Core.Safety
{
    /// <summary>
    /// What every check reads, derived once per tick from the frame and the drive's last command, so each check
    /// stays a few lines: the duty applied since the last tick, the motor current with the ADC floor handled, the
    /// speed the back-EMF implies, Hall edges and the gap since the last one, and the temperature estimates.
    /// One instance, reused: no allocation.
    /// </summary>
    public sealed class SafetyInputs
    {
        private const float TwoPi = 6.2831853f;

        private readonly BoardVariant _board;
        private readonly float _windingHenry;
        private long _lastCount;
        private long _lastEdgeSampleMicros;
        private long _lastSampleMicros;
        private bool _countStarted;
        private bool _wasDriven;
        private long _drivenSinceMicros;
        private bool _wasEnabled;
        // the fast input (100 µs RC) reads zero within a tick of the bridge going off; k = 1/8 follows a unit's
        // offset within a few ticks, which the stall and over-current checks need from the first start
        private readonly CurrentZero _zero = new CurrentZero(0, 0.125f);

        public SafetyInputs(BoardVariant board)
        {
            _board = board;
            _windingHenry = board.BatteryPowered ? PenLimits.BatteryPenWindingHenry : PenLimits.CordedPenWindingHenry;
        }

        /// <summary>The board (battery or corded, motor constants).</summary>
        public BoardVariant Board => _board;
        /// <summary>This tick's inputs.</summary>
        public SensorFrame Frame;
        /// <summary>The drive, as it was left by the last tick (its command is what the plant had since).</summary>
        public StrokeDrive Drive;
        /// <summary>The treatment (active depth limit).</summary>
        public Treatment Treatment;

        /// <summary>Duty the drive applied since the last tick: its command in the LEDC's steps (Board/PwmDuty). Unit: fraction 0..1.</summary>
        public float Duty;
        /// <summary>Duty the driver really applied, from the drive-voltage input: V_drive / V_supply; 0 when the input's code is in the ADC's bend at the bottom (below <see cref="AdcLine.FloorCode"/>: under about 160 mV, which the line would read as up to 0.1 of duty) or the supply reads under 1 V. Unit: fraction 0..1 (above 1 only with sensing error).</summary>
        public float AppliedDuty;
        /// <summary>The motor is driven: drive running, enable requested, duty above <see cref="PenLimits.DrivenMinDuty"/>.</summary>
        public bool Driven;
        /// <summary>How long the motor has been driven without a break. Unit: µs (0 when not driven).</summary>
        public long DrivenForMicros;
        /// <summary>The drive is doing something (running or parking).</summary>
        public bool DriveActive;
        /// <summary>Average shunt current against the auto-zeroed code; 0 when the reading is at a rail. Unit: A.</summary>
        public float ShuntAmps;
        /// <summary>Motor current while driven (shunt / duty); 0 when not driven or in the floor. Unit: A.</summary>
        public float MotorAmps;
        /// <summary>The current reading is off both rails (a motor current is known).</summary>
        public bool CurrentKnown;
        /// <summary>Stroke rate the back-EMF implies, (D·V − I·R_hot)/(2π·k_e), when the current is known. Unit: strokes/s.</summary>
        public float BackEmfHz;
        /// <summary>The rate the motor should turn at: the drive's setpoint, at least the park crawl. Unit: strokes/s.</summary>
        public float ExpectedHz;
        /// <summary>Hall edges counted since the last tick.</summary>
        public long NewEdges;
        /// <summary>Time since the last Hall edge was seen, counted only while driven. Unit: µs.</summary>
        public long SinceEdgeMicros;
        /// <summary>A Hall edge came since the motor was last started (from rest or after a driver drop).</summary>
        public bool EdgeSinceDriven;
        /// <summary>Time between this tick's and the last tick's pulse-counter latch. Unit: µs.</summary>
        public long PulseIntervalMicros;
        /// <summary>The motor thermal model.</summary>
        public readonly WindingThermalModel Thermal = new WindingThermalModel();
        /// <summary>The NTC's reading with its lag undone.</summary>
        public readonly NtcLagCompensation Ntc = new NtcLagCompensation(PenLimits.NtcLagSeconds, PenLimits.NtcSmoothingSeconds, PenLimits.NtcLeadFilterSeconds);
        /// <summary>Housing temperature used by the checks: the hotter of the NTC with its lag undone (when plausible) and the model. Unit: °C.</summary>
        public float HousingC;
        /// <summary>Winding temperature estimate: the housing above plus the model's winding-to-housing rise. Unit: °C.</summary>
        public float WindingC;
        /// <summary>The NTC reading is plausible (not open, not shorted).</summary>
        public bool NtcPlausible;

        /// <summary>Derives this tick's quantities. Call once per tick before the checks.</summary>
        public void Update(SensorFrame frame, StrokeDrive drive, Treatment treatment)
        {
            Frame = frame;
            Drive = drive;
            Treatment = treatment;
            long now = frame.NowMicros;

            DriveActive = drive.Mode != DriveMode.Off;
            Duty = drive.EnableRequested ? drive.AppliedDuty : 0f;
            // the park crawls and brakes the cam to a stop on purpose, and the drive bounds it in time: stall and
            // Hall checks judge the running drive only (over-current and the rest watch the park too)
            // the identification drives the bare cam as the running drive does: judged the same way
            Driven = (drive.Mode == DriveMode.Running || drive.Mode == DriveMode.Identifying) && drive.EnableRequested && drive.Duty > PenLimits.DrivenMinDuty;
            // after a tick gap longer than the enable circuit's hold, the driver was off and the motor coasted:
            // judge it again as from a start
            if (frame.EnableLapsed) _wasDriven = false;
            if (Driven && !_wasDriven)
            {
                _drivenSinceMicros = now;
                EdgeSinceDriven = false;
            }

            _wasDriven = Driven;
            DrivenForMicros = Driven ? now - _drivenSinceMicros : 0;

            // a current code at a rail is a broken channel (AdcPlausibilityCheck), not a current
            CurrentKnown = frame.CurrentCode > PenLimits.CurrentCodeRailLow && frame.CurrentCode < PenLimits.CurrentCodeRailHigh;
            // auto-zero while the drive has been off since the last tick (Board/CurrentZero)
            _zero.Learn(frame.CurrentMillivolts, !drive.EnableRequested && !_wasEnabled, now);
            _wasEnabled = drive.EnableRequested;
            float shunt = _zero.ShuntAmps(frame.CurrentMillivolts);
            ShuntAmps = CurrentKnown && shunt > 0f ? shunt : 0f;
            float dutyForAmps = Duty > PenLimits.DrivenMinDuty ? Duty : PenLimits.DrivenMinDuty;
            MotorAmps = drive.EnableRequested ? ShuntAmps / dutyForAmps : 0f;

            // back-EMF speed: V_motor = D·V_bus − I·R  →  ω = V_motor / k_e
            float ohms = _board.MotorResistanceOhms * (1f + PenLimits.CopperTempcoPerKelvin * (WindingC - 22f)) + _board.DriveResistanceOhms;
            float motorVolts = Duty * frame.SupplyVolts - MotorAmps * ohms;
            BackEmfHz = motorVolts / (_board.MotorBackEmfVoltSecondsPerRad * TwoPi);

            // the drive input shares the supply's divider: their ratio is the duty the driver applied
            AppliedDuty = frame.DriveCode >= AdcLine.FloorCode && frame.SupplyVolts > 1f ? frame.DriveVolts / frame.SupplyVolts : 0f;

            ExpectedHz = drive.SetpointHz > PenLimits.HallLossSlowestHz ? drive.SetpointHz : PenLimits.HallLossSlowestHz;

            // Hall edges: the counter's latch time is the time base (a counter that is never latched never ages)
            if (!_countStarted)
            {
                _countStarted = true;
                _lastCount = frame.PulseCount;
                _lastEdgeSampleMicros = frame.PulseSampleMicros;
                PulseIntervalMicros = 0;
                NewEdges = 0;
            }
            else
            {
                PulseIntervalMicros = frame.PulseSampleMicros - _lastSampleMicros;
                NewEdges = frame.PulseCount - _lastCount;
                if (NewEdges < 0) NewEdges = 0;
                _lastCount = frame.PulseCount;
            }

            _lastSampleMicros = frame.PulseSampleMicros;
            if (NewEdges > 0) _lastEdgeSampleMicros = frame.PulseSampleMicros;
            if (NewEdges > 0 && Driven) EdgeSinceDriven = true;
            long since = frame.PulseSampleMicros - _lastEdgeSampleMicros;
            long drivenFor = DrivenForMicros;
            SinceEdgeMicros = Driven ? (since < drivenFor ? since : drivenFor) : 0;
            if (SinceEdgeMicros < 0) SinceEdgeMicros = 0;

            UpdateTemperatures(frame, ohms);
        }

        /// <summary>
        /// The temperature models run at their own slower rate: every <see cref="PenLimits.ThermalStepSeconds"/> of
        /// ticks, with the heat the ticks since brought in (their loss × length summed, so no heat is lost between
        /// steps). Their time constants are seconds (τ_w = 5.6 s, T_s = 1 s), so a 50 ms step changes nothing a check
        /// can see, and the tick does not pay for them every 10 ms.
        /// </summary>
        private void UpdateTemperatures(SensorFrame frame, float ohms)
        {
            int ntc = frame.NtcCode;
            NtcPlausible = ntc > PenLimits.NtcCodeShorted && ntc < PenLimits.NtcCodeOpen;
            if (!Thermal.Started)
            {
                Thermal.Start(NtcPlausible ? frame.HousingC : 25f);
                HousingC = Thermal.HousingC;
                WindingC = Thermal.WindingC;
            }

            // heat: copper loss I²R plus PWM ripple loss R·ΔI²/12 with ΔI ≈ V·D(1−D)/(L·f) (plant.md §4.6; the
            // linear form over-estimates, the safe side)
            float amps = MotorAmps;
            float ripple = frame.SupplyVolts * Duty * (1f - Duty) / (_windingHenry * BoardConstants.PwmFrequencyHz);
            float motorOhms = ohms - _board.DriveResistanceOhms;
            float loss = amps * amps * motorOhms + motorOhms * ripple * ripple / 12f;
            float dt = frame.TickIntervalMicros * 1e-6f;
            if (dt > PenLimits.ThermalStepMaxSeconds) dt = PenLimits.ThermalStepMaxSeconds;
            if (dt > 0f)
            {
                _heatJoules += loss * dt;
                _heatSeconds += dt;
            }

            if (!NtcPlausible) _ntcGap = true;
            if (_heatSeconds < PenLimits.ThermalStepSeconds && !(_ntcGap && NtcPlausible)) return;

            float span = _heatSeconds;
            float stepSpan = span;
            float meanLoss = span > 0f ? _heatJoules / span : 0f;
            _heatJoules = 0f;
            _heatSeconds = 0f;
            while (span > 0f)
            {
                float step = span > PenLimits.ThermalStepMaxSeconds ? PenLimits.ThermalStepMaxSeconds : span;
                Thermal.Step(meanLoss, step);
                span -= step;
            }

            // the model has no mechanical heat (a dragging cartridge's friction), which only the NTC sees
            if (NtcPlausible)
            {
                if (_ntcGap) Ntc.Restart();
                Ntc.Update(frame.HousingC, stepSpan);
            }

            _ntcGap = false;
            HousingC = Thermal.HousingC;
            if (NtcPlausible && Ntc.HousingC > HousingC) HousingC = Ntc.HousingC;
            WindingC = HousingC + (Thermal.WindingC - Thermal.HousingC);
        }

        private float _heatJoules;
        private float _heatSeconds;
        private bool _ntcGap = true;
    }
}
