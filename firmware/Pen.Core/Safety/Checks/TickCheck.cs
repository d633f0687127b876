using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The firmware tick late or missing: an interval longer than <see cref="PenLimits.TickLateMicros"/>. By then
    /// the enable circuit has dropped the driver on its own (45 ms without a heartbeat edge); this flag makes the
    /// firmware park and wait for the user instead of driving on as if nothing happened.
    /// </summary>
    public sealed class TickCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (s.Frame.TickIntervalMicros > PenLimits.TickLateMicros) flags.Raise(FaultCode.TickLate);
        }
    }
}
