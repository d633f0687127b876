namespace Pen.Core.Board
{
    /// <summary>
    /// The zero of one current-sense input, learnt while the bridge is off: the shunt then carries nothing, so the
    /// code is this unit's zero (amplifier reference and ADC offset, up to about ±120 codes, plant.md §6.1).
    ///   z ← z + (code − z)·k   after the bridge has been off for the input's settling time,
    /// and only for codes near the nominal zero: an open or shorted input (at a rail) is never learnt as zero.
    /// </summary>
    public sealed class CurrentZero
    {
        // the zero may sit this far from nominal (±60 mV ADC offset, ±2 % reference ≈ ±120 codes)
        private const int WindowCodes = 150;
        private readonly long _settleMicros;
        private readonly float _learnShare;
        private float _zeroCode = SensingScale.ZeroCurrentCode;
        private bool _wasOff;
        private long _offSinceMicros;

        /// <param name="settleMicros">How long the bridge must have been off before the input reads zero (its RC). Unit: µs.</param>
        /// <param name="learnShare">k: share of each reading taken into the zero, 0..1 (smaller: steadier, slower).</param>
        public CurrentZero(long settleMicros, float learnShare)
        {
            _settleMicros = settleMicros;
            _learnShare = learnShare;
        }

        /// <summary>The learnt zero-current code. Unit: ADC code.</summary>
        public float ZeroCode => _zeroCode;

        /// <summary>One reading: <paramref name="bridgeOff"/> = the driver was disabled over the last tick.</summary>
        public void Learn(int code, bool bridgeOff, long nowMicros)
        {
            if (!bridgeOff)
            {
                _wasOff = false;
                return;
            }

            if (!_wasOff)
            {
                _wasOff = true;
                _offSinceMicros = nowMicros;
            }

            int nominal = SensingScale.ZeroCurrentCode;
            if (nowMicros - _offSinceMicros >= _settleMicros && code > nominal - WindowCodes && code < nominal + WindowCodes)
            {
                _zeroCode += (code - _zeroCode) * _learnShare;
            }
        }

        /// <summary>Average shunt current for a code, against the learnt zero. Unit: A.</summary>
        public float ShuntAmps(int code)
        {
            return SensingScale.CodeToShuntAmps(code, _zeroCode);
        }
    }
}
