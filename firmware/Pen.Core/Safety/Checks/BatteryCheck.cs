using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Battery (RP-1 only; the corded pen has a regulated bus). Too low to start: below
    /// <see cref="PenLimits.BatteryStartMinVolts"/> while the drive is off, and until the reading is
    /// <see cref="PenLimits.BatteryStartHysteresisVolts"/> above it again (a cell resting at the threshold does not flap). Too low to continue: below
    /// <see cref="PenLimits.BatteryContinueMinVolts"/> for <see cref="PenLimits.BatteryLowMicros"/> while it
    /// runs; the supervisor then parks the needles (a controlled stop, never a cut with needles out, FM-7).
    /// An implausible supply reading is not a battery level: <see cref="AdcPlausibilityCheck"/> takes it.
    /// </summary>
    public sealed class BatteryCheck : ISafetyCheck
    {
        private long _lowSinceMicros = -1;
        private bool _tooLowToStart;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (!s.Board.BatteryPowered) return;
            float v = s.Frame.SupplyVolts;
            if (v < PenLimits.BatteryPlausibleMinVolts || v > PenLimits.BatteryPlausibleMaxVolts) return;
            long now = s.Frame.NowMicros;

            if (!s.DriveActive)
            {
                if (v < PenLimits.BatteryStartMinVolts) _tooLowToStart = true;
                else if (v >= PenLimits.BatteryStartMinVolts + PenLimits.BatteryStartHysteresisVolts) _tooLowToStart = false;
                if (_tooLowToStart) flags.Raise(FaultCode.BatteryTooLowToStart);
            }

            if (s.DriveActive && v < PenLimits.BatteryContinueMinVolts)
            {
                if (_lowSinceMicros < 0) _lowSinceMicros = now;
                if (now - _lowSinceMicros >= PenLimits.BatteryLowMicros) flags.Raise(FaultCode.BatteryTooLowToContinue);
            }
            else
            {
                _lowSinceMicros = -1;
            }
        }
    }
}
