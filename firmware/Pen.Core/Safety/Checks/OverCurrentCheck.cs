using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Sustained over-current: motor current (shunt average / the duty the driver applied, SafetyInputs.EffectiveDuty)
    /// at or above <see cref="PenLimits.OverCurrentAmps"/> on <see cref="PenLimits.OverCurrentSamples"/> consecutive
    /// ticks, or at or above <see cref="PenLimits.OverCurrentInstantAmps"/> on one.
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

            // the instant limit is above the sustained one: a current under the sustained limit clears the count and trips nothing
            float amps = s.MotorAmps;
            if (!judged || !(amps >= PenLimits.OverCurrentAmps))
            {
                _samples = 0;
                return;
            }

            int samples = _samples + 1;
            _samples = samples;
            if (samples >= PenLimits.OverCurrentSamples || amps >= PenLimits.OverCurrentInstantAmps) flags.Raise(FaultCode.OverCurrent);
        }
    }
}
