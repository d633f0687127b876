using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The driver does what the firmware commands. The drive-voltage input reads the average voltage on the motor
    /// terminal, d·V, so d_applied = V_drive / V_supply is the duty the driver really applied since the last tick,
    /// and the drive's command over the same time is known. While the bridge is enabled:
    ///   d_applied − d_commanded ≥ <see cref="PenLimits.DriveExcessDuty"/>, then ≥ <see cref="PenLimits.DriveExcessHoldDuty"/>
    ///   on the following ticks, <see cref="PenLimits.DriveExcessSamples"/> ticks in all, or
    ///   d_applied − d_commanded ≥ <see cref="PenLimits.DriveExcessInstantDuty"/> on one tick, or
    ///   a shunt current the commanded duty cannot drive (SafetyInputs.ShuntBeyondCommand) on one tick
    ///   → <see cref="FaultCode.DriverIgnoresCommand"/> (a driver stuck on: the motor runs up toward its no-load speed).
    /// The lower second threshold is because the speed loop answers a stuck driver by raising its command (campaign
    /// seed 5654: 0.13 excess, then 0.076 at a command of 0.89). The one-tick tests are what make a stuck driver a
    /// lockout whatever else it trips: its acceleration current passes the over-current trip in the same tick, and
    /// once the drive is cut the input reads nothing more; an over-current shown alone was acknowledged with a short
    /// press and the stuck bridge driven again. The fast current input shows the stuck driver within 0.3 ms, where
    /// the drive-voltage input's 1 ms RC may not yet.
    /// While the bridge is asleep, only once the cam has rested a while (a coasting motor's back-EMF reaches OUT1
    /// through the other output's body diode): a reading of <see cref="PenLimits.DriveAsleepHighFraction"/> of the
    /// supply or more, on two ticks, is OUT1's high side shorted, which would drive the motor at full duty the moment
    /// the bridge woke: a lockout before the bridge is ever woken, at power-up too.
    /// After a stop, with the bridge asleep, the drive's count of stops it could not confirm the needles in
    /// (<see cref="Control.StrokeDrive.UnconfirmedStops"/>: a retraction that reached the retracted point in neither
    /// direction, a cut the supervisor allowed no retraction after, a cam found resting outside the Hall window) raises
    /// <see cref="FaultCode.NeedlesMayBeOut"/> when it changes: the pen says so, logs it, and waits for the practitioner
    /// (the count only changes while the bridge sleeps, so the running tick does not pay for it).
    /// Only an excess is judged: a driver that applies less (its over-current retry, its undervoltage lockout, the
    /// enable circuit, the shunt comparator's limit) stops the motor, and the stall, Hall and battery checks take
    /// those cases.
    /// </summary>
    public sealed class DriveOutputCheck : ISafetyCheck
    {
        private int _samples;
        private int _asleepSamples;
        private long _awakeMicros;      // the last tick the bridge was enabled
        private int _unconfirmedSeen;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            // a drive input at its top rail is broken (AdcPlausibilityCheck names it): its reading is no excess
            bool topRail = s.Frame.DriveCode >= PenLimits.DriveCodeRailHigh;
            if (!s.EnableRequested)
            {
                long now = s.Frame.NowMicros;
                _samples = 0;
                long sinceEdge = s.Frame.PulseSampleMicros - s.LastEdgeSampleMicros;
                bool atRest = now - _awakeMicros >= PenLimits.DriveAsleepJudgedAfterMicros && sinceEdge >= PenLimits.DriveAsleepJudgedAfterMicros;
                _asleepSamples = atRest && !topRail && s.AppliedDuty >= PenLimits.DriveAsleepHighFraction ? _asleepSamples + 1 : 0;
                if (_asleepSamples >= PenLimits.DriveExcessSamples) flags.Raise(FaultCode.DriverIgnoresCommand);
                // a stop after which the drive could not confirm the needles in (counted as the bridge goes to sleep)
                int unconfirmed = s.Drive.UnconfirmedStops;
                if (unconfirmed != _unconfirmedSeen)
                {
                    _unconfirmedSeen = unconfirmed;
                    flags.Raise(FaultCode.NeedlesMayBeOut);
                }

                return;
            }

            // (the asleep count needs no reset here: it restarts at 0 while the bridge has not slept long enough)
            _awakeMicros = s.Frame.NowMicros;
            float excess = topRail ? 0f : s.AppliedDuty - s.Duty;
            // the common tick: an excess under the hold threshold (the lower of the two, and below the instant one)
            // clears the count, and only the shunt's test is left
            if (!(excess >= PenLimits.DriveExcessHoldDuty))
            {
                _samples = 0;
                if (s.ShuntBeyondCommand) flags.Raise(FaultCode.DriverIgnoresCommand);
                return;
            }

            int samples = _samples;
            float threshold = samples > 0 ? PenLimits.DriveExcessHoldDuty : PenLimits.DriveExcessDuty;
            samples = excess >= threshold ? samples + 1 : 0;
            _samples = samples;
            if (samples >= PenLimits.DriveExcessSamples || excess >= PenLimits.DriveExcessInstantDuty || s.ShuntBeyondCommand) flags.Raise(FaultCode.DriverIgnoresCommand);
        }
    }
}
