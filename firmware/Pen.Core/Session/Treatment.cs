using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Safety;

namespace Pen.Core.Session
{
    /// <summary>
    /// What the practitioner meets: when the needles may run, at which speed level. Starts on a held main
    /// button with a cartridge seated, stops on a short press or when the cartridge leaves. The treatment issue
    /// adds profiles, depth limits, session timing and the single-use cartridge rule.
    /// </summary>
    public sealed class Treatment
    {
        private bool _runRequested;
        private int _speedLevel = PenLimits.DefaultSpeedLevel;

        /// <summary>The needles should run.</summary>
        public bool RunRequested => _runRequested;
        /// <summary>Speed level, 1..<see cref="PenLimits.SpeedLevelCount"/>.</summary>
        public int SpeedLevel => _speedLevel;
        /// <summary>The stroke rate for the level. Unit: strokes/s.</summary>
        public float SetpointHz => LevelToHz(_speedLevel);

        /// <summary>
        /// The deepest setting allowed now (selected profile, clinic cap, device ceiling). The safety supervisor
        /// stops the needles when the ring is beyond it. Unit: mm.
        /// </summary>
        public float ActiveDepthLimitMm => PenLimits.MaxDepthMm;

        /// <summary>Speed level 1..N mapped evenly onto the device's stroke-rate range. Unit: strokes/s.</summary>
        public static float LevelToHz(int level)
        {
            float span = PenLimits.MaxStrokeRateHz - PenLimits.MinStrokeRateHz;
            return PenLimits.MinStrokeRateHz + span * (level - 1) / (PenLimits.SpeedLevelCount - 1);
        }

        /// <summary>One step on this tick's inputs, the supervisor's action and the drive's state.</summary>
        public void Update(SensorFrame f, SafetyAction action, StrokeDrive drive)
        {
            if (action >= SafetyAction.ControlledStop)
            {
                _runRequested = false;
                return;
            }

            if (!_runRequested)
            {
                if (f.Main.HoldStarted && f.CartridgeSeatedRaw && drive.Stopped) _runRequested = true;
                return;
            }

            if (f.Plus.ShortPress && _speedLevel < PenLimits.SpeedLevelCount) _speedLevel++;
            if (f.Minus.ShortPress && _speedLevel > 1) _speedLevel--;
            if (f.Main.ShortPress || !f.CartridgeSeatedRaw) _runRequested = false;
        }
    }
}
