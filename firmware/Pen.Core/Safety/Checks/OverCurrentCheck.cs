using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Sustained over-current: motor current (shunt average / applied duty) at or above
    /// <see cref="PenLimits.OverCurrentAmps"/> on <see cref="PenLimits.OverCurrentSamples"/> consecutive ticks,
    /// or at or above <see cref="PenLimits.OverCurrentInstantAmps"/> on one.
    /// A driver that ignores the duty (stuck on) shows here at once: the shunt then carries far more than the
    /// commanded duty allows.
    /// </summary>
    public sealed class OverCurrentCheck : ISafetyCheck
    {
        private int _samples;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (s.Drive.EnableRequested && s.CurrentKnown && s.MotorAmps >= PenLimits.OverCurrentAmps) _samples++;
            else _samples = 0;
            bool instant = s.Drive.EnableRequested && s.CurrentKnown && s.MotorAmps >= PenLimits.OverCurrentInstantAmps;
            if (_samples >= PenLimits.OverCurrentSamples || instant) flags.Raise(FaultCode.OverCurrent);
        }
    }
}
