namespace Pen.Core.Board
{
    /// <summary>
    /// The zero of one current-sense input, learnt while the bridge is off: the shunt then carries nothing, so the
    /// pin voltage is this unit's zero (amplifier reference and offset, what is left of the ADC's after its line, up
    /// to about ±20 mV, plant.md §6.1).
    ///   z ← z + (V − z)·k   after the bridge has been off for the input's settling time,
    /// and only for voltages near the nominal zero: an open or shorted input (at a rail) is never learnt as zero.
    /// </summary>
    public sealed class CurrentZero
    {
        // the zero may sit this far from nominal: REF divider ±2 % (±6 mV), amplifier offset ±3 mV, the nominal ADC
        // line's error at 300 mV on an uncalibrated chip (±30 mV), with margin
        private const float WindowMillivolts = 100f;
        private readonly long _settleMicros;
        private readonly float _learnShare;
        private float _zeroMillivolts = SensingScale.ZeroCurrentMillivolts;
        private bool _wasOff;
        private long _offSinceMicros;

        /// <param name="settleMicros">How long the bridge must have been off before the input reads zero (its RC). Unit: µs.</param>
        /// <param name="learnShare">k: share of each reading taken into the zero, 0..1 (smaller: steadier, slower).</param>
        public CurrentZero(long settleMicros, float learnShare)
        {
            _settleMicros = settleMicros;
            _learnShare = learnShare;
        }

        /// <summary>The learnt zero-current pin voltage. Unit: mV.</summary>
        public float ZeroMillivolts => _zeroMillivolts;

        /// <summary>The driver was enabled over the last tick: nothing to learn; the next bridge-off time starts anew (what
        /// <see cref="Learn"/> does with bridgeOff false, without its reading: the running tick's call).</summary>
        public void BridgeOn()
        {
            _wasOff = false;
        }

        /// <summary>One reading (pin voltage, mV): <paramref name="bridgeOff"/> = the driver was disabled over the last tick.</summary>
        public void Learn(float millivolts, bool bridgeOff, long nowMicros)
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

            float nominal = SensingScale.ZeroCurrentMillivolts;
            if (nowMicros - _offSinceMicros >= _settleMicros && millivolts > nominal - WindowMillivolts && millivolts < nominal + WindowMillivolts)
            {
                _zeroMillivolts += (millivolts - _zeroMillivolts) * _learnShare;
            }
        }

        /// <summary>Average shunt current for a pin voltage (mV), against the learnt zero. Unit: A.</summary>
        public float ShuntAmps(float millivolts)
        {
            return SensingScale.ShuntAmps(millivolts, _zeroMillivolts);
        }
    }
}
