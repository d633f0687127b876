using System;

namespace Pen.Simulation.Plant
{
    /// <summary>
    /// The cam Hall switch's output line at the ESP32 pin: its level transitions in time order. Open drain with a
    /// pull-up: high, and low while the cam's magnet is in the sensor's arc (a falling edge at the needle-retracted
    /// point, the rise 30° of cam later). On it, as a real line carries them:
    /// - EMI glitches while the bridge switches: short pulses against the line's level, at
    ///   <see cref="PlantParameters.HallGlitchRateHz"/>, widths log-uniform in
    ///   <see cref="PlantParameters.HallGlitchMinNanoseconds"/>..<see cref="PlantParameters.HallGlitchMaxNanoseconds"/> [E];
    /// - bounce at a falling edge: low, back high, low again, each part up to <see cref="PlantParameters.HallBounceMaxNanoseconds"/>,
    ///   at <see cref="PlantParameters.HallBounceProbability"/> of the edges [E];
    /// - faults: spurious pulses long enough to count (a chafed wire), dropped pulses, a dead sensor.
    /// The pulse counter (Peripherals/SimPcnt) reads the transitions through the PCNT's filter. Times in ns.
    /// </summary>
    public sealed class HallLine
    {
        private long[] _times = new long[512];
        private bool[] _levels = new bool[512];
        private int _head, _count;
        private bool _consumedLevel = true;

        /// <summary>A copy of the line with its pending transitions.</summary>
        public HallLine Copy()
        {
            var c = (HallLine)MemberwiseClone();
            c._times = (long[])_times.Clone();
            c._levels = (bool[])_levels.Clone();
            return c;
        }

        /// <summary>Transitions not yet consumed.</summary>
        public int Pending => _count;

        /// <summary>True falling edges put on the line (the sensor's own, not glitches). Truth, for tests.</summary>
        public long SensorFalls { get; private set; }

        /// <summary>Adds a transition at <paramref name="ns"/>, kept in time order.</summary>
        public void Add(long ns, bool level)
        {
            if (_count == _times.Length) Grow();
            int i = _count;
            // new transitions are nearly always the latest: shift back only past later ones
            while (i > 0 && At(i - 1) > ns)
            {
                Set(i, At(i - 1), LevelAtIndex(i - 1));
                i--;
            }

            Set(i, ns, level);
            _count++;
        }

        /// <summary>A falling edge of the sensor itself.</summary>
        public void SensorFall(long ns)
        {
            SensorFalls++;
            Add(ns, false);
        }

        /// <summary>The next transition at or before <paramref name="untilNs"/>; false when there is none.</summary>
        public bool Next(long untilNs, out long ns, out bool level)
        {
            if (_count == 0 || At(0) > untilNs)
            {
                ns = 0;
                level = _consumedLevel;
                return false;
            }

            ns = At(0);
            level = LevelAtIndex(0);
            _consumedLevel = level;
            _head = (_head + 1) % _times.Length;
            _count--;
            return true;
        }

        /// <summary>The line's level at <paramref name="ns"/> as far as the transitions added so far say.</summary>
        public bool LevelAt(long ns)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                if (At(i) <= ns) return LevelAtIndex(i);
            }

            return _consumedLevel;
        }

        /// <summary>Whether a transition lies within [<paramref name="fromNs"/>, <paramref name="toNs"/>].</summary>
        public bool Busy(long fromNs, long toNs)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                long t = At(i);
                if (t < fromNs) return false;
                if (t <= toNs) return true;
            }

            return false;
        }

        /// <summary>A pulse against the line's level at <paramref name="ns"/>, <paramref name="widthNs"/> long, unless it would meet another transition.</summary>
        public void Glitch(long ns, long widthNs)
        {
            if (Busy(ns - 1000, ns + widthNs + 1000)) return;
            bool level = LevelAt(ns);
            Add(ns, !level);
            Add(ns + widthNs, level);
        }

        private long At(int i) => _times[(_head + i) % _times.Length];
        private bool LevelAtIndex(int i) => _levels[(_head + i) % _times.Length];

        private void Set(int i, long ns, bool level)
        {
            int k = (_head + i) % _times.Length;
            _times[k] = ns;
            _levels[k] = level;
        }

        private void Grow()
        {
            var times = new long[_times.Length * 2];
            var levels = new bool[_times.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                times[i] = At(i);
                levels[i] = LevelAtIndex(i);
            }

            _times = times;
            _levels = levels;
            _head = 0;
        }
    }
}
