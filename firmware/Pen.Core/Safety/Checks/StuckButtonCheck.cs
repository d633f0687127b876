using Pen.Core.Limits;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// A button held from power-up: a stuck contact (or a hand still on the wake-up press) must not start the
    /// needles. A button pressed at the first tick and never released since raises the flag once it has been
    /// down for <see cref="PenLimits.ButtonStuckAtBootMicros"/> (before the 1 s start hold), until it is released.
    /// </summary>
    public sealed class StuckButtonCheck : ISafetyCheck
    {
        private bool _started;
        private long _bootMicros;
        private bool _mainSinceBoot, _plusSinceBoot, _minusSinceBoot;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            SensorFrame f = s.Frame;
            if (!_started)
            {
                _started = true;
                _bootMicros = f.NowMicros;
                _mainSinceBoot = f.MainPressedRaw;
                _plusSinceBoot = f.PlusPressedRaw;
                _minusSinceBoot = f.MinusPressedRaw;
            }

            // a button released once since boot is not held from power-up again: nothing left to watch (the common tick)
            if (!(_mainSinceBoot || _plusSinceBoot || _minusSinceBoot)) return;
            _mainSinceBoot &= f.MainPressedRaw;
            _plusSinceBoot &= f.PlusPressedRaw;
            _minusSinceBoot &= f.MinusPressedRaw;
            bool held = _mainSinceBoot || _plusSinceBoot || _minusSinceBoot;
            if (held && f.NowMicros - _bootMicros >= PenLimits.ButtonStuckAtBootMicros) flags.Raise(FaultCode.ButtonStuckAtPowerUp);
        }
    }
}
