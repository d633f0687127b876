using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// Turns the derating checks' factor (<see cref="SafetyFlags.RateFactor"/>, 1 = none, down to
    /// <see cref="PenLimits.DerateFloorFactor"/>) into a lower stroke rate, in steps the practitioner hears and sees:
    ///   asked = (1 − factor) / s,   rate = requested · (1 − n·s),   s = <see cref="PenLimits.DerateStepFraction"/>
    /// the n-th step taken once asked ≥ n − ½, given back once asked ≤ n − 1 (half a step of hysteresis, so a
    /// reading at a step's edge does not flap), never below <see cref="PenLimits.DerateRateFloorHz"/> (nor above the
    /// rate asked for). Lowering the rate lowers the heat the needles and a dragging cartridge make; the drive keeps
    /// its full duty range, so a derated pen never starves its motor into a stall. Time-free, no allocation.
    /// </summary>
    public sealed class RateDerating
    {
        private int _steps;

        /// <summary>Steps taken off the rate now (0 = none).</summary>
        public int Steps => _steps;

        /// <summary>
        /// The rate to drive at: <paramref name="requestedHz"/> lowered by the steps <paramref name="factor"/> asks for.
        /// Unit: strokes/s.
        /// </summary>
        /// <param name="requestedHz">The rate the treatment or the bench asks for. Unit: strokes/s.</param>
        /// <param name="factor">The derating factor this tick. Unit: fraction, 1 = none.</param>
        public float Apply(float requestedHz, float factor)
        {
            if (_steps == 0 && factor >= 1f) return requestedHz;   // a cool pen: nothing to work out
            float asked = (1f - factor) / PenLimits.DerateStepFraction;
            int wanted = (int)(asked + 0.5f);
            if (wanted > _steps) _steps = wanted;
            while (_steps > 0 && asked <= _steps - 1) _steps--;
            if (_steps == 0) return requestedHz;
            float hz = requestedHz * (1f - _steps * PenLimits.DerateStepFraction);
            float floor = requestedHz < PenLimits.DerateRateFloorHz ? requestedHz : PenLimits.DerateRateFloorHz;
            return hz < floor ? floor : hz;
        }
    }
}
