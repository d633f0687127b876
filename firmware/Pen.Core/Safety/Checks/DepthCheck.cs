using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Depth (FM-3). Beyond the allowed depth: the ring reads more than the treatment's active limit plus
    /// <see cref="PenLimits.DepthLimitToleranceMm"/> while the drive runs or parks (refusing a start above the
    /// limit is the treatment's job). Implausible: the depth sensor's code is outside its span (open, shorted,
    /// broken), at any time, since then no depth can be trusted. One sample each (the 20 ms bound).
    /// </summary>
    public sealed class DepthCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (!s.Frame.DepthPlausible)
            {
                flags.Raise(FaultCode.DepthSensorImplausible);
                return;
            }

            if (s.DriveActive && s.Frame.DepthMm > s.Treatment.ActiveDepthLimitMm + PenLimits.DepthLimitToleranceMm)
            {
                flags.Raise(FaultCode.DepthBeyondLimit);
            }
        }
    }
}
