using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Every ADC channel open, shorted or out of its plausible range, one sample (the 20 ms bound):
    /// - supply: outside the board's plausible voltage (open or shorted to ground reads ≈ 0.3 V, to 3.3 V far too high);
    /// - NTC: at the rails (shorted: code ≈ 0, ≥ 114 °C; open: code 4095, or a pen below 3 °C);
    /// - current: at the top rail (shorted to 3.3 V), or at the bottom rail (open or shorted to ground: the
    ///   amplifier's 0.3 V reference never reads there) unless the motor is braking its back-EMF through the
    ///   shunt (D·V below k_e·ω, during a slow-down), when a healthy channel can dip that low too; the same for the
    ///   averaged current input (10 ms RC) the speed loop reads, judged on the mean of its conversions and on its last
    ///   conversion alone: a fault that begins between the conversions ends at its rail, while their mean may sit
    ///   between the rails; a healthy input ends between the rails however long the read took;
    /// - drive voltage: at the top rail (shorted to 3.3 V: no supply reads there through the divider), or reading
    ///   under half the commanded duty while the bridge conducts (open or shorted to ground: the divider pulls it
    ///   to 0 V; a conducting bridge puts d·V on it). The bridge conducts when the shunt shows current, or when the
    ///   driven motor keeps turning (edges) with no tick gap that let the enable circuit drop it: a bridge that
    ///   floats its outputs (over-current retry, undervoltage) stops the motor, and the stall checks take that;
    /// - the current-sense amplifier answers: a motor that turns under drive (past <see cref="PenLimits.CurrentAliveArmMicros"/>,
    ///   at a duty of at least <see cref="PenLimits.CurrentAliveMinDuty"/>, Hall edges coming) draws at least its
    ///   friction current, so its stroke-mean current cannot stay under <see cref="PenLimits.CurrentAliveMinMotorAmps"/>
    ///   for <see cref="PenLimits.CurrentAliveTicks"/> ticks: an amplifier failed with its output at its reference
    ///   reads zero on both inputs, off both rails, and would blind the stall and over-current checks;
    /// - depth: <see cref="DepthCheck"/> (implausible depth sensor).
    /// </summary>
    public sealed class AdcPlausibilityCheck : ISafetyCheck
    {
        // how far below the zero-current voltage a braking motor's reading sinks before a rail reading may be one
        private const float BrakingDipMillivolts = 22f;
        private const float BrakingMarginVolts = 0.21f;
        // each current input's codes of the last two ticks
        private int _lastCurrentCode, _earlierCurrentCode;
        private int _lastAveragedCode, _earlierAveragedCode;
        private int _silentTicks;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            SensorFrame f = s.Frame;
            float v = f.SupplyVolts;
            if (v < s.SupplyLowestVolts || v > s.SupplyHighestVolts) flags.Raise(FaultCode.SupplySenseImplausible);

            if (!s.NtcPlausible) flags.Raise(FaultCode.NtcImplausible);

            // a code between the rails is plausible (the common tick: no call to find it out)
            int currentCode = f.CurrentCode, averagedCode = f.CurrentAveragedCode;
            if ((currentCode <= PenLimits.CurrentCodeRailLow || currentCode >= PenLimits.CurrentCodeRailHigh)
                && !CurrentPlausible(s, currentCode, _lastCurrentCode, _earlierCurrentCode, f.Adc.Current)) flags.Raise(FaultCode.CurrentSenseImplausible);
            if ((averagedCode <= PenLimits.CurrentCodeRailLow || averagedCode >= PenLimits.CurrentCodeRailHigh)
                && !CurrentPlausible(s, averagedCode, _lastAveragedCode, _earlierAveragedCode, f.Adc.CurrentAveraged)) flags.Raise(FaultCode.CurrentSenseImplausible);
            // the averaged input's last conversion at a rail: a fault that began between the conversions, whose mean may
            // sit between the rails (judged against the same ticks' history as the mean)
            int lastConversion = f.CurrentAveragedLastCode;
            if ((lastConversion <= PenLimits.CurrentCodeRailLow || lastConversion >= PenLimits.CurrentCodeRailHigh)
                && !CurrentPlausible(s, lastConversion, _lastAveragedCode, _earlierAveragedCode, f.Adc.CurrentAveraged)) flags.Raise(FaultCode.CurrentSenseImplausible);
            // a drive input off its top rail reading at least the low fraction of the duty is plausible (the common tick:
            // no call to find it out)
            if ((f.DriveCode >= PenLimits.DriveCodeRailHigh || (s.Duty >= PenLimits.DriveSenseMinDuty && s.AppliedDuty < PenLimits.DriveSenseLowFraction * s.Duty))
                && !DrivePlausible(s, f)) flags.Raise(FaultCode.DriveSenseImplausible);
            bool silent = s.Driven && s.Drive.StrokeMotorAmps < PenLimits.CurrentAliveMinMotorAmps && s.DrivenForMicros >= PenLimits.CurrentAliveArmMicros
                          && s.Duty >= PenLimits.CurrentAliveMinDuty && s.EdgeSinceDriven && s.SinceEdgeMicros < PenLimits.HallLossMinMicros;
            _silentTicks = silent ? _silentTicks + 1 : 0;
            if (_silentTicks >= PenLimits.CurrentAliveTicks) flags.Raise(FaultCode.CurrentSenseImplausible);
            _earlierCurrentCode = _lastCurrentCode;
            _earlierAveragedCode = _lastAveragedCode;
            _lastCurrentCode = currentCode;
            _lastAveragedCode = averagedCode;
        }

        /// <summary>The drive-voltage input is off the top rail, and reads the duty while the bridge conducts it.</summary>
        private static bool DrivePlausible(SafetyInputs s, SensorFrame f)
        {
            if (f.DriveCode >= PenLimits.DriveCodeRailHigh) return false;
            // a reading of at least the low fraction of the duty is plausible whatever else holds (the common tick)
            float duty = s.Duty;
            if (duty < PenLimits.DriveSenseMinDuty || !(s.AppliedDuty < PenLimits.DriveSenseLowFraction * duty)) return true;
            // in reverse (a retraction backing the cam out) OUT1 is the low side and reads nothing by design
            if (f.EnableLapsed || (!s.DriveRunning && s.Drive.Reverse)) return true;
            bool currentFlows = s.CurrentKnown && s.ShuntAmps >= PenLimits.DriveSenseConductingAmps;
            bool turning = s.Driven && s.EdgeSinceDriven && !HallLossCheck.NoEdgeTooLong(s);
            return !(currentFlows || turning);
        }

        /// <summary>
        /// A current input's code is plausible: off the top rail, and off the bottom one unless braking got it there.
        /// <paramref name="lastCode"/>, <paramref name="earlierCode"/>: its codes of the last two ticks.
        /// </summary>
        private static bool CurrentPlausible(SafetyInputs s, int code, int lastCode, int earlierCode, Board.AdcLine line)
        {
            if (code >= PenLimits.CurrentCodeRailHigh) return false;
            if (code > PenLimits.CurrentCodeRailLow) return true;
            // a braking dip sinks over several ticks (the speed loop moves the duty by at most 0.078 a tick, even
            // across a tick pause: SpeedController's slew limit); a jump from a normal reading to the rail within two
            // ticks is a broken channel. The higher of the last two codes: the averaged input's code is the mean of four
            // conversions, so a channel that opens between them reads part way down for one tick before it reads the rail
            int recent = lastCode > earlierCode ? lastCode : earlierCode;
            bool wasNormal = line.Millivolts(recent) >= Board.SensingScale.ZeroCurrentMillivolts - BrakingDipMillivolts;
            return !wasNormal && Regenerating(s);
        }

        /// <summary>The motor may be pushing current back through the shunt: driven, with D·V below the back-EMF of the measured rate.</summary>
        private static bool Regenerating(SafetyInputs s)
        {
            if (!s.Drive.EnableRequested || s.Duty <= 0f) return false;
            float backEmfVolts = s.Board.MotorBackEmfVoltSecondsPerRad * 6.2831853f * s.Drive.MeasuredRateHz;
            // pulling the 0.3 V reference down to the rail (≈ 0.14 V) takes d·(k_e·ω − d·V)/R ≥ 0.14 A, so
            // k_e·ω − d·V ≥ 0.14 A · 1.5 Ω / d ≥ 0.21 V: a smaller margin is no braking dip
            return backEmfVolts - s.Duty * s.Frame.SupplyVolts > BrakingMarginVolts;
        }
    }
}
