using System;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// When the firmware tick runs, as nanoFramework delivers it on an ESP32: a nominal 10 ms period
    /// (FreeRTOS tick), each interval jittered uniformly by ±jitter, and now and then a pause of tens of ms
    /// (garbage collection, event dispatch; nanoframework.md §5).
    /// </summary>
    public sealed class TickScheduler
    {
        private readonly SplitMix _random;
        private TickPattern _pattern;

        public TickScheduler(TickPattern pattern, int seed)
        {
            _pattern = pattern.Clone();
            _random = SplitMix.For(seed, "tick");
        }

        public TickPattern Pattern
        {
            get => _pattern;
            set => _pattern = value.Clone();
        }

        /// <summary>Whether the interval just drawn was a pause.</summary>
        public bool LastWasPause { get; private set; }

        /// <summary>The next interval. Unit: µs, ≥ 1.</summary>
        public long NextIntervalMicros()
        {
            double ms;
            LastWasPause = _pattern.PauseProbability > 0 && _random.NextDouble() < _pattern.PauseProbability;
            if (LastWasPause)
            {
                ms = _pattern.PauseMinMs + _random.NextDouble() * (_pattern.PauseMaxMs - _pattern.PauseMinMs);
            }
            else
            {
                ms = _pattern.PeriodMs + _pattern.JitterMs * _random.NextSigned();
            }

            return Math.Max(1, (long)Math.Round(ms * 1000));
        }
    }
}
