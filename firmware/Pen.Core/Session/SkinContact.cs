using Pen.Core.Limits;

namespace Pen.Core.Session
{
    /// <summary>
    /// Needles in the skin or not, told by the motor current alone (the drive's estimate from the shunt channel):
    /// puncturing adds load torque, so at a held stroke rate the current rises above its off-skin level. That
    /// level differs between units, speed levels and with the winding's temperature, so it is learned, per speed
    /// level, as a floor that follows a falling current within a filter constant and a rising one only slowly
    /// (<see cref="PenLimits.SkinBaselineFallMicros"/>, <see cref="PenLimits.SkinBaselineRiseMicros"/>). Contact = filtered current above the floor by
    /// <see cref="PenLimits.SkinContactRiseAmps"/>.
    ///   filter:   y ← y + (x − y)·dt/(τ + dt)
    ///   floor:    b ← b + (y − b)·dt/(τ_fall + dt) if y &lt; b, else b ← b + (y − b)·dt/(τ_rise + dt)
    /// Limitation (README): a run started with the needles already in the skin learns the on-skin level as its
    /// floor, so it reads "off the skin" until the first lift-off; the pause it may cause is the safe direction.
    /// </summary>
    public sealed class SkinContact
    {
        private const int Levels = PenLimits.SpeedLevelCount + 1;
        private readonly float[] _floor = new float[Levels];
        private readonly bool[] _hasFloor = new bool[Levels];
        private float _filtered;
        private bool _running;
        private int _level;
        private long _settledAtMicros;
        private long _learnUntilMicros;
        private float _ampMicros;       // Σ current × tick length since the filters' last step. Unit: A·µs.
        private long _stepMicros;       // Σ tick length since then. Unit: µs.
        private bool _stepping;         // settled, its floor learnt, same run and level: the filters step at their own rate

        /// <summary>Needles in the skin now (false while stopped).</summary>
        public bool OnSkin { get; private set; }
        /// <summary>Filtered motor current. Unit: A.</summary>
        public float FilteredAmps => _filtered;
        /// <summary>Off-skin floor at the current level. Unit: A (0 before it is learned).</summary>
        public float FloorAmps => _hasFloor[_level] ? _floor[_level] : 0f;
        /// <summary>The estimate has settled after a start or a level change (contact is judged).</summary>
        public bool Settled { get; private set; }

        /// <summary>Forgets every learned floor (new profile or new session).</summary>
        public void Forget()
        {
            for (int i = 0; i < Levels; i++) _hasFloor[i] = false;
        }

        /// <summary>One step. <paramref name="running"/>: the drive holds the needles at a setpoint.</summary>
        public void Update(bool running, int level, float motorAmps, long nowMicros, long dtMicros)
        {
            // the common running tick, between the filters' steps (below): its current summed, nothing else
            if (_stepping && running && level == _level)
            {
                _ampMicros += motorAmps * dtMicros;
                _stepMicros += dtMicros;
                if (_stepMicros < PenLimits.SkinContactStepMicros) return;
            }

            if (level < 0) level = 0;
            if (level >= Levels) level = Levels - 1;
            if (!running)
            {
                _running = false;
                _stepping = false;
                OnSkin = false;
                Settled = false;
                return;
            }

            if (!_running || level != _level)
            {
                _running = true;
                _stepping = false;
                _level = level;
                _filtered = motorAmps;
                Settled = false;
                _settledAtMicros = nowMicros + PenLimits.SkinBaselineSettleMicros;
                _ampMicros = 0f;
                _stepMicros = 0;
            }

            // once settled and its floor learnt, the filters move at their own rate (PenLimits.SkinContactStepMicros) with
            // the mean current since their last step: their constants are 1 s and more, so a 50 ms step changes nothing the
            // contact is used for. Until then every tick: the floor is taken from the filter as it settles after the start
            if (_stepping)
            {
                // summed above
                motorAmps = _ampMicros / _stepMicros;
                dtMicros = _stepMicros;
                _ampMicros = 0f;
                _stepMicros = 0;
            }
            else if (Settled && nowMicros >= _learnUntilMicros)
            {
                _stepping = true;
                _ampMicros += motorAmps * dtMicros;
                _stepMicros += dtMicros;
                if (_stepMicros < PenLimits.SkinContactStepMicros) return;
                motorAmps = _ampMicros / _stepMicros;
                dtMicros = _stepMicros;
                _ampMicros = 0f;
                _stepMicros = 0;
            }

            float dt = dtMicros;
            // while the rate settles the filter runs five times faster, so it starts from the settled current
            long tau = nowMicros < _settledAtMicros ? PenLimits.SkinCurrentFilterMicros / 5 : PenLimits.SkinCurrentFilterMicros;
            _filtered += (motorAmps - _filtered) * dt / (tau + dt);
            if (nowMicros < _settledAtMicros) return;
            Settled = true;

            if (!_hasFloor[level] || nowMicros < _learnUntilMicros)
            {
                // a new level's floor: the filtered current over its first filter constant
                if (!_hasFloor[level])
                {
                    _learnUntilMicros = nowMicros + PenLimits.SkinCurrentFilterMicros;
                    _stepping = false;   // every tick again while the new floor is learnt
                }

                _floor[level] = _filtered;
                _hasFloor[level] = true;
            }
            else if (_filtered < _floor[level])
            {
                _floor[level] += (_filtered - _floor[level]) * dt / (PenLimits.SkinBaselineFallMicros + dt);
            }
            else
            {
                _floor[level] += (_filtered - _floor[level]) * dt / (PenLimits.SkinBaselineRiseMicros + dt);
            }

            OnSkin = _filtered > _floor[level] + PenLimits.SkinContactRiseAmps;
        }
    }
}
