using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Cartridge jam or motor stall (plant.md §7 items 1 and 6: the 3.7 V stall current is below the driver's
    /// trip, so the firmware must catch it). A stalled motor draws the current of zero back-EMF, I = D·V/R, so
    /// the speed the back-EMF implies collapses the moment the cam stops; a turning motor never shows it. The flag
    /// rises when, while driven and past spin-up, <see cref="PenLimits.StallSamples"/> consecutive ticks (one when
    /// f_bemf is below <see cref="PenLimits.StallDeepBackEmfFraction"/>·f_expected) see
    ///   no new Hall edge,  I ≥ <see cref="PenLimits.StallMinAmps"/>,  f_bemf &lt; <see cref="PenLimits.StallBackEmfFraction"/>·f_expected
    /// (a deep sample counts even with an edge in its tick: the cam passed it and then stopped),
    /// or when no edge came for the Hall-loss time and the current says the motor is not turning (the time-out
    /// path, shared with <see cref="HallLossCheck"/>, which takes the case of a turning motor).
    /// </summary>
    public sealed class StallCheck : ISafetyCheck
    {
        private int _samples;

        /// <summary>
        /// The deep test: the motor draws current (≥ <see cref="PenLimits.StallMinAmps"/>) while its back-EMF says
        /// it turns at under <see cref="PenLimits.StallDeepBackEmfFraction"/> of the expected rate: it stands.
        /// Also what the drive's park asks before it crawls (Control/StrokeDrive).
        /// </summary>
        /// <param name="motorAmps">Motor current. Unit: A.</param>
        /// <param name="backEmfHz">Rate the back-EMF implies. Unit: strokes/s.</param>
        /// <param name="expectedHz">Rate the drive is after. Unit: strokes/s.</param>
        public static bool StandingUnderCurrent(float motorAmps, float backEmfHz, float expectedHz)
        {
            return motorAmps >= PenLimits.StallMinAmps && backEmfHz < PenLimits.StallDeepBackEmfFraction * expectedHz;
        }

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            // the common tick ends at the first test that fails: not driven past spin-up, or not stopped by the current
            // (no current known, under StallMinAmps, or a back-EMF of at least StallBackEmfFraction·f_expected); each
            // clears the count, and with the count clear and no stop by current none of the tests below can raise the flag
            if (!s.Driven || s.DrivenForMicros < PenLimits.StallArmMicros || !s.CurrentKnown || !(s.MotorAmps >= PenLimits.StallMinAmps)
                || !(s.BackEmfHz < PenLimits.StallBackEmfFraction * s.ExpectedHz))
            {
                _samples = 0;
                return;
            }

            // stopped by current. A heavy cartridge at a low rate labours through each puncture: one low sample is not
            // yet a stall; a deep one is the first sample even with an edge in the tick (the edge came before the cam
            // stopped). The current bound of StandingUnderCurrent holds here already.
            bool deep = s.BackEmfHz < PenLimits.StallDeepBackEmfFraction * s.ExpectedHz;
            bool noEdge = s.NewEdges == 0;
            int samples = noEdge || deep ? _samples + 1 : 0;
            _samples = samples;
            if (samples >= PenLimits.StallSamples || (deep && noEdge) || HallLossCheck.NoEdgeTooLong(s)) flags.Raise(FaultCode.MotorStall);
        }
    }
}
