using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The firmware tick late or missing: an interval longer than <see cref="PenLimits.TickLateMicros"/>. By then
    /// the enable circuit has dropped the driver on its own (45 ms without a heartbeat edge); this flag makes the
    /// firmware park and wait for the user instead of driving on as if nothing happened. An interval that held a flash
    /// write made while the drive was off is the records' doing, not a stuck firmware (Records/PenRecords writes nothing
    /// while the needles run), and is excused.
    /// </summary>
    public sealed class TickCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (s.Frame.TickIntervalMicros <= PenLimits.TickLateMicros) return;
            if (s.Frame.FlashWrittenSinceLastTick && !s.DriveActive) return;
            flags.Raise(FaultCode.TickLate);
        }
    }
}
