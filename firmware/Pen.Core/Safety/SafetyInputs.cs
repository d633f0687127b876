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

        // the shunt-plausibility bound's constants (ShuntBeyondCommand): 1/R_min (UseMotor's), and the supply range a reading is believed in
        private float _perMinOhms;
        /// <summary>The lowest supply reading this board's supply can plausibly give (below it the input is broken). Unit: V.</summary>
        public readonly float SupplyLowestVolts;
        /// <summary>The highest supply reading this board's supply can plausibly give. Unit: V.</summary>
        public readonly float SupplyHighestVolts;
        private float _hzPerVolt;                // 1/(2π·k_e) (UseMotor's)

        public SafetyInputs(BoardVariant board)
        {
            _board = board;
            // the board's datasheet motor until UseMotor gives this unit's (its R_L, 1/R_min and 1/(2π·k_e) below)
            _windingAtIdOhms = board.MotorResistanceOhms;
            _identifiedAtC = 22f;
            _datasheetWindingOhms = board.MotorResistanceOhms;
            _bridgeOhms = board.DriveResistanceOhms;
            _windingHenry = board.BatteryPowered ? PenLimits.BatteryPenWindingHenry : PenLimits.CordedPenWindingHenry;
            _perMinOhms = 1f / ((board.MotorResistanceOhms + board.DriveResistanceOhms) * PenLimits.ShuntPlausibleResistanceFraction);
            SupplyLowestVolts = board.BatteryPowered ? PenLimits.BatteryPlausibleMinVolts : PenLimits.BusPlausibleMinVolts;
            SupplyHighestVolts = board.BatteryPowered ? PenLimits.BatteryPlausibleMaxVolts : PenLimits.BusPlausibleMaxVolts;
            _hzPerVolt = 1f / (board.MotorBackEmfVoltSecondsPerRad * TwoPi);
            _rippleRmsDivisor = _windingHenry * BoardConstants.PwmFrequencyHz * 3.4641016f;   // L·f·√12
            HotResistance();
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
        /// <summary>
        /// The duty the motor had since the last tick, as far as the pen can tell: the command, unless the drive-voltage
        /// input reads more than <see cref="PenLimits.DriveExcessHoldDuty"/> above it (a driver that ignores the command:
        /// then the measured duty). The current and the back-EMF speed are computed with it, so neither goes wrong
        /// when the driver does. Unit: fraction 0..1.
        /// </summary>
        public float EffectiveDuty;
        /// <summary>
        /// The shunt carries more than a healthy bridge could drive at the commanded duty: the winding at stall draws
        /// I = D·V/R, so the shunt's on-time average is at most D²·V/R; above D²·V/R_min + a margin
        /// (<see cref="PenLimits.ShuntPlausibleResistanceFraction"/>, <see cref="PenLimits.ShuntPlausibleMarginAmps"/>)
        /// the driver applies more than it was told. The fast input (100 µs RC) shows it within a fraction of a
        /// millisecond, where the drive-voltage input (1 ms RC) may not yet.
        /// </summary>
        public bool ShuntBeyondCommand;
        /// <summary>The counter's latch time of the last Hall edge, whatever the drive did. Unit: µs since boot.</summary>
        public long LastEdgeSampleMicros => _lastEdgeSampleMicros;
        /// <summary>The drive holds the stroke rate (DriveMode.Running).</summary>
        public bool DriveRunning;
        /// <summary>The drive requested the bridge enabled over the last tick.</summary>
        public bool EnableRequested;
        /// <summary>The motor is driven: drive running, enable requested, duty above <see cref="PenLimits.DrivenMinDuty"/>.</summary>
        public bool Driven;
        /// <summary>How long the motor has been driven without a break. Unit: µs (0 when not driven).</summary>
        public long DrivenForMicros;
        /// <summary>The drive is doing something (running or parking).</summary>
        public bool DriveActive;
        /// <summary>Average shunt current against the auto-zeroed code; 0 when the reading is at a rail. Unit: A.</summary>
        public float ShuntAmps;
        /// <summary>Motor current while driven: shunt / <see cref="EffectiveDuty"/> (the shunt carries the on-time current only); 0 when not driven or in the floor. Unit: A.</summary>
        public float MotorAmps;
        /// <summary>The current reading is off both rails (a motor current is known).</summary>
        public bool CurrentKnown;
        /// <summary>Stroke rate the back-EMF implies, (D·V − I·R_hot)/(2π·k_e) with D = <see cref="EffectiveDuty"/>, when the current is known. Unit: strokes/s.</summary>
        public float BackEmfHz;
        /// <summary>The rate the motor should turn at: the drive's setpoint, at least the park crawl. Unit: strokes/s.</summary>
        public float ExpectedHz;
        /// <summary>No Hall edge for this long at <see cref="ExpectedHz"/> is a lost sensor or a stall, once an edge came since the start: max(<see cref="PenLimits.HallLossPeriods"/> / f_expected, <see cref="PenLimits.HallLossMinMicros"/>) (HallLossCheck). Unit: µs.</summary>
        public long HallLossLimitMicros = PenLimits.HallLossMinMicros;
        private float _hallLossLimitHz;
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
        /// <summary>
        /// The housing a stop now would lead to: <see cref="HousingC"/> plus the heat the winding holds above it, which
        /// flows into the housing once the drive stops: (C_w/C_h)·(T_w − T_h) of the model (<see cref="PenLimits.AfterStopHeatShare"/>;
        /// the housing's own loss to the room meanwhile left out, the safe side). What the housing check judges. Unit: °C.
        /// </summary>
        public float HousingAfterStopC;
        /// <summary>The NTC reading is plausible (not open, not shorted).</summary>
        public bool NtcPlausible;
        /// <summary>
        /// <see cref="HousingC"/> and <see cref="WindingC"/> were worked out this tick (the thermal models stepped, or
        /// started): between their steps they stand, and so does what the temperature checks make of them.
        /// </summary>
        public bool TemperaturesMoved;

        /// <summary>Derives this tick's quantities. Call once per tick before the checks.</summary>
        public void Update(SensorFrame frame, StrokeDrive drive, Treatment treatment)
        {
            Frame = frame;
            Drive = drive;
            Treatment = treatment;
            long now = frame.NowMicros;

            DriveMode mode = drive.Mode;
            bool enabled = drive.EnableRequested;
            DriveActive = mode != DriveMode.Off;
            DriveRunning = mode == DriveMode.Running;
            EnableRequested = enabled;
            float duty = enabled ? drive.AppliedDuty : 0f;
            Duty = duty;
            // the park crawls and brakes the cam to a stop on purpose, and the drive bounds it in time: stall and
            // Hall checks judge the running drive only (over-current and the rest watch the park too)
            // the identification drives the bare cam as the running drive does: judged the same way
            bool driven = (DriveRunning || mode == DriveMode.Identifying) && enabled && drive.Duty > PenLimits.DrivenMinDuty;
            Driven = driven;
            // after a tick gap longer than the enable circuit's hold, the driver was off and the motor coasted:
            // judge it again as from a start
            if (frame.EnableLapsed) _wasDriven = false;
            if (driven && !_wasDriven)
            {
                _drivenSinceMicros = now;
                EdgeSinceDriven = false;
            }

            _wasDriven = driven;
            long drivenFor = driven ? now - _drivenSinceMicros : 0;
            DrivenForMicros = drivenFor;

            // a current code at a rail is a broken channel (AdcPlausibilityCheck), not a current
            CurrentKnown = frame.CurrentCode > PenLimits.CurrentCodeRailLow && frame.CurrentCode < PenLimits.CurrentCodeRailHigh;
            // auto-zero while the drive has been off since the last tick (Board/CurrentZero; this input settles within
            // a tick, so its zero needs no call while the bridge is on)
            if (!enabled && !_wasEnabled) _zero.Learn(frame.CurrentMillivolts, true, now);
            _wasEnabled = enabled;
            float shunt = _zero.ShuntAmps(frame.CurrentMillivolts);
            float shuntAmps = CurrentKnown && shunt > 0f ? shunt : 0f;
            ShuntAmps = shuntAmps;

            // the drive input shares the supply's divider: their ratio is the duty the driver applied (in reverse OUT1
            // is the low side and reads 0, which is never taken for the duty: only an excess over the command is)
            float supplyVolts = frame.SupplyVolts;
            float applied = frame.DriveCode >= AdcLine.FloorCode && supplyVolts > 1f ? frame.DriveVolts / supplyVolts : 0f;
            AppliedDuty = applied;
            float effective = enabled && applied - duty > PenLimits.DriveExcessHoldDuty ? applied : duty;
            // a supply reading outside its plausible range (the input broken) bounds nothing: take the highest plausible
            float volts = supplyVolts < SupplyLowestVolts || supplyVolts > SupplyHighestVolts ? SupplyHighestVolts : supplyVolts;
            // the bound needs the winding's resistance, which the motor identification is measuring: a motor other than
            // the board's is the identification's to name (CommissioningCheck); a stuck driver shows on the drive input
            bool beyond = enabled && mode != DriveMode.Identifying && shuntAmps > duty * duty * volts * _perMinOhms + PenLimits.ShuntPlausibleMarginAmps;
            ShuntBeyondCommand = beyond;
            if (beyond)
            {
                // the least duty that drives this shunt current: D² ≥ I_shunt·R_min / V
                float fromShunt = (float)System.Math.Sqrt(shuntAmps / (volts * _perMinOhms));
                if (fromShunt > effective) effective = fromShunt > 1f ? 1f : fromShunt;
            }

            EffectiveDuty = effective;
            float dutyForAmps = effective > PenLimits.DrivenMinDuty ? effective : PenLimits.DrivenMinDuty;
            MotorAmps = enabled ? shuntAmps / dutyForAmps : 0f;

            // back-EMF speed: V_motor = D·V_bus − I·R  →  ω = V_motor / k_e (R at the winding's estimate: _loopOhms)
            float motorVolts = effective * supplyVolts - MotorAmps * _loopOhms;
            BackEmfHz = motorVolts * _hzPerVolt;

            float setpointHz = drive.SetpointHz;
            float expectedHz = setpointHz > PenLimits.HallLossSlowestHz ? setpointHz : PenLimits.HallLossSlowestHz;
            ExpectedHz = expectedHz;
            if (expectedHz != _hallLossLimitHz)
            {
                // the Hall-loss time at this rate (HallLossCheck), worked out when the rate changes
                _hallLossLimitHz = expectedHz;
                long limit = (long)(PenLimits.HallLossPeriods * 1e6f / expectedHz);
                HallLossLimitMicros = limit < PenLimits.HallLossMinMicros ? PenLimits.HallLossMinMicros : limit;
            }

            // Hall edges: the counter's latch time is the time base (a counter that is never latched never ages)
            long sample = frame.PulseSampleMicros;
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
                long count = frame.PulseCount;
                PulseIntervalMicros = sample - _lastSampleMicros;
                long edges = count - _lastCount;
                NewEdges = edges < 0 ? 0 : edges;
                _lastCount = count;
                if (edges > 0)
                {
                    _lastEdgeSampleMicros = sample;
                    if (driven) EdgeSinceDriven = true;
                }
            }

            _lastSampleMicros = sample;
            long since = sample - _lastEdgeSampleMicros;
            long sinceEdge = driven ? (since < drivenFor ? since : drivenFor) : 0;
            SinceEdgeMicros = sinceEdge < 0 ? 0 : sinceEdge;

            UpdateTemperatures(frame);
        }

        /// <summary>
        /// The temperature models run at their own slower rate: every <see cref="PenLimits.ThermalStepSeconds"/> of
        /// ticks, with the heat the ticks since brought in (their loss × length summed, so no heat is lost between
        /// steps). Their time constants are seconds (τ_w = 5.6 s, T_s = 1 s), so a 50 ms step changes nothing a check
        /// can see, and the tick does not pay for them every 10 ms: between steps it only adds its loss. The NTC's reading
        /// (a logarithm) is worked out at the steps only; the winding's hot resistance when the estimate moves.
        /// </summary>
        private void UpdateTemperatures(SensorFrame frame)
        {
            int ntc = frame.NtcCode;
            bool ntcPlausible = ntc > PenLimits.NtcCodeShorted && ntc < PenLimits.NtcCodeOpen;
            NtcPlausible = ntcPlausible;
            TemperaturesMoved = false;
            if (!_thermalStarted)
            {
                _thermalStarted = true;
                Thermal.Start(ntcPlausible ? frame.HousingC : 25f);
                HousingC = Thermal.HousingC;
                WindingC = Thermal.WindingC;
                HousingAfterStopC = HousingC;
                TemperaturesMoved = true;
                HotResistance();
            }

            // heat: copper loss I²R plus PWM ripple loss R·ΔI²/12 with ΔI ≈ V·D(1−D)/(L·f) (plant.md §4.6; the
            // linear form over-estimates, the safe side), ΔI/√12 being the ripple's rms; R: the winding's at the
            // estimate (without the bridge's)
            float amps = MotorAmps;
            float effective = EffectiveDuty;
            float rippleRms = frame.SupplyVolts * effective * (1f - effective) / _rippleRmsDivisor;
            float motorOhms = _windingOhms;
            float loss = amps * amps * motorOhms + motorOhms * rippleRms * rippleRms;
            // the tick's interval is never negative, and an interval of 0 adds nothing (the loss is finite)
            float dt = frame.TickIntervalMicros * 1e-6f;
            if (dt > PenLimits.ThermalStepMaxSeconds) dt = PenLimits.ThermalStepMaxSeconds;
            _heatJoules += loss * dt;
            _heatSeconds += dt;

            if (!ntcPlausible) _ntcGap = true;
            if (_heatSeconds < PenLimits.ThermalStepSeconds && !(_ntcGap && ntcPlausible)) return;

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
            if (ntcPlausible)
            {
                if (_ntcGap) Ntc.Restart();
                Ntc.Update(frame.HousingC, stepSpan);
            }

            _ntcGap = false;
            float modelHousing = Thermal.HousingC;
            float rise = Thermal.WindingC - modelHousing;
            float housing = ntcPlausible && Ntc.HousingC > modelHousing ? Ntc.HousingC : modelHousing;
            HousingC = housing;
            WindingC = housing + rise;
            HousingAfterStopC = housing + rise * PenLimits.AfterStopHeatShare;
            TemperaturesMoved = true;
            HotResistance();
        }

        /// <summary>
        /// The motor the checks judge: the drive's model of it (Control/MotorModel), this unit's identified k_e and loop
        /// resistance once it has them; the board's datasheet motor until then. A motor other than the datasheet's (a
        /// 1331 class at 0.59 of its loop) read with the datasheet's R_L shows a turning cam as standing, and its stall
        /// current at a modest duty as a driver that ignores the command. Call when the drive's model becomes this unit's
        /// (boot with a motor record, or an identification that succeeded); not on the running tick.
        /// </summary>
        public void UseMotor(MotorModel motor)
        {
            _windingAtIdOhms = motor.LoopOhms - _bridgeOhms;
            _identifiedAtC = motor.IdentifiedAtC;
            _hzPerVolt = 1f / motor.VoltsPerHz;
            _perMinOhms = 1f / (motor.LoopOhms * PenLimits.ShuntPlausibleResistanceFraction);
            HotResistance();
        }

        private float _windingAtIdOhms, _identifiedAtC;   // UseMotor's: the winding's R and the temperature it holds at
        private readonly float _datasheetWindingOhms, _bridgeOhms;   // the board's winding at 22 °C, and bridge and shunt

        /// <summary>
        /// The resistances at <see cref="WindingC"/> (copper's tempco), R_hot = R·(1 + α·(T − T_R)): the loop's, of this
        /// unit's motor (<see cref="UseMotor"/>: R at its identification temperature), for the back-EMF rate; the winding's
        /// heat, of the datasheet's (R at 22 °C), the thermal model's: a unit whose R is below the datasheet's has its heat over-estimated.
        /// </summary>
        private void HotResistance()
        {
            float winding = WindingC;
            _loopOhms = _windingAtIdOhms * (1f + PenLimits.CopperTempcoPerKelvin * (winding - _identifiedAtC)) + _bridgeOhms;
            _windingOhms = _datasheetWindingOhms * (1f + PenLimits.CopperTempcoPerKelvin * (winding - 22f));
        }

        private float _loopOhms, _windingOhms;      // HotResistance's, at WindingC
        private readonly float _rippleRmsDivisor;   // L·f·√12 of the ripple loss
        private float _heatJoules;
        private float _heatSeconds;
        private bool _ntcGap = true;
        private bool _thermalStarted;               // Thermal started (from the first tick's NTC reading)
    }
}
