namespace Pen.Core.Controls
{
    /// <summary>
    /// Gestures of one button, with the semantics of nanoFramework's Iot.Device.Button (ButtonBase) but with
    /// time passed in, so the device can feed it from GpioButton events or pin reads and the simulator from
    /// scripted presses:
    /// - debounce: a level counts only after it has been stable for the debounce time;
    /// - Down on press, Up and Release on every release (ButtonBase's "Press" fires on release, even after a hold);
    /// - ShortPress on a release before the hold time (what a deliberate tap is);
    /// - HoldStarted once when the button has been down for the hold time, HoldCompleted on its release;
    /// - DoublePress on the release that follows another release within the double-press time (ButtonBase:
    ///   the second release of a pair, and the pair is then forgotten).
    /// Each flag is true for the one update in which the gesture happened.
    /// </summary>
    public sealed class ButtonGestures
    {
        private readonly long _debounceMicros;
        private readonly long _holdMicros;
        private readonly long _doublePressMicros;

        private bool _stablePressed;
        private bool _rawPressed;
        private long _rawSinceMicros;
        private long _downSinceMicros;
        private bool _holding;
        private bool _hasLastRelease;
        private long _lastReleaseMicros;
        private bool _flagged;              // a gesture flag was raised by the last Update

        /// <param name="debounceMicros">Stable time before a level counts. Unit: µs, ≥ 0.</param>
        /// <param name="holdMicros">Down time that makes a hold. Unit: µs, &gt; debounce.</param>
        /// <param name="doublePressMicros">Longest time between two releases of a double press. Unit: µs.</param>
        public ButtonGestures(long debounceMicros, long holdMicros, long doublePressMicros)
        {
            _debounceMicros = debounceMicros;
            _holdMicros = holdMicros;
            _doublePressMicros = doublePressMicros;
        }

        /// <summary>The debounced state: true while the button is held down.</summary>
        public bool IsPressed => _stablePressed;
        /// <summary>A gesture flag (<see cref="Down"/> to <see cref="HoldCompleted"/>) is up this tick: without one, nothing asks the button anything but its level.</summary>
        public bool AnyGesture => _flagged;

        /// <summary>
        /// Released, settled and no flag up: a sample that reads it released changes nothing, so the caller need not
        /// make one (<see cref="Update"/> with pressed = false would leave every field as it is).
        /// </summary>
        public bool Idle = true;

        /// <summary>How long the button has been down (debounced); 0 when up. Unit: µs.</summary>
        public long DownForMicros(long nowMicros) { return _stablePressed ? nowMicros - _downSinceMicros : 0; }

        public bool Down { get; private set; }
        public bool Up { get; private set; }
        public bool Release { get; private set; }
        public bool ShortPress { get; private set; }
        public bool DoublePress { get; private set; }
        public bool HoldStarted { get; private set; }
        public bool HoldCompleted { get; private set; }

        /// <summary>Forgets the button's history and treats it as released (used at boot).</summary>
        public void Reset(bool pressed, long nowMicros)
        {
            _stablePressed = pressed;
            _rawPressed = pressed;
            _rawSinceMicros = nowMicros;
            _downSinceMicros = nowMicros;
            _holding = false;
            _hasLastRelease = false;
            ClearFlags();
            Idle = !pressed;
        }

        /// <summary>One sample of the button (true = pressed) at time now (µs).</summary>
        public void Update(bool pressed, long nowMicros)
        {
            // the flags last one tick; most ticks raise none, and then there is nothing to clear
            if (_flagged) ClearFlags();
            if (pressed != _rawPressed)
            {
                _rawPressed = pressed;
                _rawSinceMicros = nowMicros;
            }

            if (_rawPressed != _stablePressed && nowMicros - _rawSinceMicros >= _debounceMicros)
            {
                _flagged = true;
                _stablePressed = _rawPressed;
                if (_stablePressed)
                {
                    Down = true;
                    _downSinceMicros = _rawSinceMicros;
                }
                else
                {
                    Up = true;
                    Release = true;
                    if (_holding)
                    {
                        HoldCompleted = true;
                        _holding = false;
                    }
                    else
                    {
                        ShortPress = true;
                    }

                    if (_hasLastRelease && _rawSinceMicros - _lastReleaseMicros <= _doublePressMicros)
                    {
                        DoublePress = true;
                        _hasLastRelease = false;
                    }
                    else
                    {
                        _hasLastRelease = true;
                        _lastReleaseMicros = _rawSinceMicros;
                    }
                }
            }

            if (_stablePressed && !_holding && nowMicros - _downSinceMicros >= _holdMicros)
            {
                _holding = true;
                _flagged = true;
                HoldStarted = true;
            }

            Idle = !_flagged && !_rawPressed && !_stablePressed;
        }

        private void ClearFlags()
        {
            _flagged = false;
            Down = false;
            Up = false;
            Release = false;
            ShortPress = false;
            DoublePress = false;
            HoldStarted = false;
            HoldCompleted = false;
        }
    }
}
