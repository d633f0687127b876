using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Sustained over-current: motor current (shunt average / the duty the driver applied, SafetyInputs.EffectiveDuty)
    /// at or above <see cref="PenLimits.OverCurrentCountAmps"/> on <see cref="PenLimits.OverCurrentSamples"/> consecutive
    /// ticks, the last at or above <see cref="PenLimits.OverCurrentAmps"/>; or at or above
    /// <see cref="PenLimits.OverCurrentInstantAmps"/> on one.
    /// The count level sits below the trip by the sensing margin the trip keeps below the hazard: a current that crossed
    /// the hazard and fell back to between the trip and the hazard may read under the trip, and that tick still counts, so
    /// the cut comes on the second tick after the crossing where the current is at the hazard then, whether or not it
    /// receded between (the budget: PenLimits.OverCurrentSamples). Only a reading at the trip trips: a current whose
    /// readings stay under it (the start's floor, a heavy load) never trips, as before.
    /// While a retraction crawls the limit is its own, <see cref="PenLimits.RetractMaxAmps"/> plus
    /// <see cref="PenLimits.RetractCurrentMarginFraction"/>: it turns a cam held by a drag on purpose, for a bounded
    /// time, and its duty cap already bounds the current; this check bounds it again on the reading.
    /// A driver that ignores the command is the drive-output check's to name: with the applied duty in the estimate
    /// the current here is the motor's own.
    /// </summary>
    public sealed class OverCurrentCheck : ISafetyCheck
    {
        private int _samples;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            bool judged = s.EnableRequested && s.CurrentKnown;
            if (!s.DriveRunning && s.Drive.Retraction.Crawling)
            {
                // the crawl turns against a drag on purpose: its own bound, sustained only
                if (judged && s.MotorAmps >= PenLimits.RetractMaxAmps * (1f + PenLimits.RetractCurrentMarginFraction)) _samples++;
                else _samples = 0;
                if (_samples >= PenLimits.OverCurrentSamples) flags.Raise(FaultCode.OverCurrent);
                return;
            }

            // the trip and the instant limit are above the count level: a current under it clears the count and trips nothing
            float amps = s.MotorAmps;
            if (!judged || !(amps >= PenLimits.OverCurrentCountAmps))
            {
                _samples = 0;
                return;
            }

            int samples = _samples + 1;
            _samples = samples;
            if (amps >= PenLimits.OverCurrentAmps && (samples >= PenLimits.OverCurrentSamples || amps >= PenLimits.OverCurrentInstantAmps)) flags.Raise(FaultCode.OverCurrent);
        }
    }
}
