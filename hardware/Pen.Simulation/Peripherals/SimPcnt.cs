using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The ESP32 PCNT unit on the cam Hall pin as nanoFramework's <c>GpioPulseCounter</c> sets it up and reads it
    /// (nf-interpreter@a3e8139 targets/ESP32/_nanoCLR/nanoFramework.Hardware.ESP32/
    /// nanoFramework_hardware_esp32_native_System_Device_Gpio_GpioPulseCounter.cpp), modelled from the sources:
    /// - glitch filter: <c>FilterPulses</c> goes to ESP-IDF as <c>max_glitch_ns</c> (NativeStart), which sets
    ///   80·ns/1000 APB cycles and refuses more than 1023, leaving the filter off (esp-idf@1021229
    ///   components/esp_driver_pcnt/src/pulse_cnt.c pcnt_unit_set_glitch_filter, PCNT_LL_MAX_GLITCH_WIDTH; the error
    ///   is not checked by nanoFramework); the filter passes a level only once it has held that many cycles (ESP32 TRM:
    ///   pulses shorter than the threshold are ignored), so the count sees a falling edge that long after the line's;
    /// - counting: falling edges of the filtered line, into a 15-bit count that restarts at 0 on reaching 32,767
    ///   (high_limit MAX_COUNTER_VALUE) and raises a watch-point interrupt whose callback adds 32,767 to nanoFramework's
    ///   64-bit overflow counter (pcnt_callback_handler);
    /// - the read (NativeRead): the hardware count, then, <see cref="PlantParameters.PcntReadSkewNanoseconds"/> later,
    ///   the overflow counter, with no lock: a read falling after a wrap but before its callback
    ///   (<see cref="PlantParameters.PcntIsrLatencyNanoseconds"/> after it) is 32,767 low for that one read.
    /// </summary>
    public sealed class SimPcnt
    {
        /// <summary>The hardware count's limit, nanoFramework's MAX_COUNTER_VALUE.</summary>
        public const long Limit = 32767;

        private readonly HallLine _line;
        private readonly long _filterNs;
        private readonly long _skewNs, _isrNs;
        private long _start;
        private bool _filtered = true;          // the pull-up: high
        private bool _hasCandidate;
        private bool _candidateLevel;
        private long _candidateSinceNs;
        private long _edges;
        private long _lastWrapNs = long.MinValue;

        /// <param name="line">The Hall line.</param>
        /// <param name="filterNanoseconds">GpioPulseCounter.FilterPulses (max_glitch_ns).</param>
        /// <param name="startCount">Edges the counter holds at start (0 on the pen; tests start near a wrap).</param>
        public SimPcnt(HallLine line, int filterNanoseconds, PlantParameters p, long startCount = 0)
        {
            _line = line;
            int cycles = FilterCycles(filterNanoseconds);
            _filterNs = cycles < 0 ? 0 : (long)(cycles * 12.5);
            _skewNs = (long)p.PcntReadSkewNanoseconds;
            _isrNs = (long)p.PcntIsrLatencyNanoseconds;
            _start = startCount;
        }

        /// <summary>
        /// The filter ESP-IDF sets for a max_glitch_ns: 80 MHz / 1e6 × ns / 1000 APB cycles, integer; −1 when it refuses
        /// (more than 1023 cycles: the filter stays off). Unit: APB cycles (12.5 ns).
        /// </summary>
        public static int FilterCycles(int maxGlitchNanoseconds)
        {
            long cycles = 80L * maxGlitchNanoseconds / 1000;
            return cycles > 1023 ? -1 : (int)cycles;
        }

        /// <summary>Makes the counter hold <paramref name="edges"/> before its next edge (tests: to reach a wrap soon).</summary>
        public void Preload(long edges)
        {
            _start = edges - _edges;
        }

        /// <summary>The shortest level the counter sees (0: no filter). Unit: ns.</summary>
        public long FilterNanoseconds => _filterNs;

        /// <summary>Falling edges counted so far (truth, after the filter).</summary>
        public long Edges => _edges;

        /// <summary>What <c>GpioPulseCounter.Read()</c> returns as its Count at <paramref name="nowNs"/>.</summary>
        public long Read(long nowNs)
        {
            Advance(nowNs);
            long value = _start + _edges;
            // the count restarted at the wrap, but the callback that adds its 32,767 has not run when the overflow is read
            if (_lastWrapNs <= nowNs && _lastWrapNs + _isrNs > nowNs + _skewNs) value -= Limit;
            return value;
        }

        private void Advance(long nowNs)
        {
            while (_line.Next(nowNs, out long ns, out bool level)) Feed(ns, level);
            CommitIfHeld(nowNs);
        }

        private void Feed(long ns, bool level)
        {
            CommitIfHeld(ns);
            if (_filterNs == 0)
            {
                Apply(ns, level);
                return;
            }

            if (level == _filtered)
            {
                _hasCandidate = false;      // back before the filter let it through: a glitch
                return;
            }

            if (!_hasCandidate)
            {
                _hasCandidate = true;
                _candidateLevel = level;
                _candidateSinceNs = ns;
            }
        }

        private void CommitIfHeld(long nowNs)
        {
            if (_hasCandidate && nowNs - _candidateSinceNs >= _filterNs)
            {
                _hasCandidate = false;
                Apply(_candidateSinceNs + _filterNs, _candidateLevel);
            }
        }

        private void Apply(long ns, bool level)
        {
            if (level == _filtered) return;
            _filtered = level;
            if (level) return;
            _edges++;
            if ((_start + _edges) % Limit == 0) _lastWrapNs = ns;
        }
    }
}
