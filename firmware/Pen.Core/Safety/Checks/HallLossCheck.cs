using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Hall sensor lost while the motor turns (plant.md §7 item 6: no edges with low current is sensor loss, no
    /// edges with high current is a stall). The flag rises when, while driven, no edge came for
    ///   max(<see cref="PenLimits.HallLossPeriods"/> / f_expected, <see cref="PenLimits.HallLossMinMicros"/>)
    /// and the current does not show a stopped motor (that case is <see cref="StallCheck"/>'s).
    /// </summary>
    public sealed class HallLossCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            // NoEdgeTooLong's limit is at least HallLossLimitMicros: a gap within it ends the common tick without the call
            if (!s.Driven || s.SinceEdgeMicros <= s.HallLossLimitMicros || !NoEdgeTooLong(s)) return;
            bool stoppedByCurrent = s.CurrentKnown && s.MotorAmps >= PenLimits.StallMinAmps
                                    && s.BackEmfHz < PenLimits.StallBackEmfFraction * s.ExpectedHz;
            if (!stoppedByCurrent) flags.Raise(FaultCode.HallSensorLost);
        }

        /// <summary>No Hall edge for the Hall-loss time at the expected rate (counted while driven only).</summary>
        public static bool NoEdgeTooLong(SafetyInputs s)
        {
            long limit = s.HallLossLimitMicros;
            if (!s.EdgeSinceDriven && limit < PenLimits.HallLossFirstEdgeMicros) limit = PenLimits.HallLossFirstEdgeMicros;
            return s.SinceEdgeMicros > limit;
        }
    }
}
