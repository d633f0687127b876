using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The driver does what the firmware commands. The drive-voltage input reads the average voltage on the motor
    /// terminal, d·V, so d_applied = V_drive / V_supply is the duty the driver really applied since the last tick,
    /// and the drive's command over the same time is known:
    ///   d_applied − d_commanded ≥ <see cref="PenLimits.DriveExcessDuty"/>, then ≥ <see cref="PenLimits.DriveExcessHoldDuty"/>
    ///   on the following ticks, <see cref="PenLimits.DriveExcessSamples"/> ticks in all
    ///   → <see cref="FaultCode.DriverIgnoresCommand"/> (a driver stuck on: the motor runs up toward its no-load speed).
    /// The lower second threshold is because the speed loop answers a stuck driver by raising its command: the
    /// back-EMF speed it computes from the commanded duty collapses, and the current jumps like a load (campaign seed
    /// 5654: 0.13 excess, then 0.076 at a command of 0.89).
    /// The Hall count needs a window of 1/(f − f_o) to prove a rate above f_o (OverspeedCheck); this sees the cause
    /// on the first tick after it. Only an excess is judged: a driver that applies less (its over-current retry, its
    /// undervoltage lockout, the enable circuit) floats its outputs, and the stall, Hall and battery checks take
    /// those cases.
    /// </summary>
    public sealed class DriveOutputCheck : ISafetyCheck
    {
        private int _samples;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            float threshold = _samples > 0 ? PenLimits.DriveExcessHoldDuty : PenLimits.DriveExcessDuty;
            bool excess = s.AppliedDuty - s.Duty >= threshold;
            _samples = excess ? _samples + 1 : 0;
            if (_samples >= PenLimits.DriveExcessSamples) flags.Raise(FaultCode.DriverIgnoresCommand);
        }
    }
}
