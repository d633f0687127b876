namespace Pen.Core.Board
{
    /// <summary>
    /// The cam Hall count as the core uses it, guarded against a read that jumps either way. nanoFramework builds the
    /// 64-bit count from the PCNT's 15-bit count and an overflow counter that a watch-point interrupt raises by 32,767
    /// each time the hardware count reaches its limit and restarts at 0; the read takes the hardware count, then adds
    /// the overflow counter, with no lock between (nf-interpreter@a3e8139 targets/ESP32/_nanoCLR/
    /// nanoFramework.Hardware.ESP32/nanoFramework_hardware_esp32_native_System_Device_Gpio_GpioPulseCounter.cpp:
    /// pcnt_callback_handler, NativeRead; ESP-IDF's own driver names the same race for its accumulating mode,
    /// esp-idf@1021229 pulse_cnt.c pcnt_unit_get_count, "DIG-683"). A read right at a wrap (every 218 s at 150
    /// strokes/s) can therefore be 32,767 low (count already restarted, interrupt not yet run) or 32,767 high.
    ///   accept   0 ≤ read − last accepted &lt; <see cref="MaxJump"/>   (counts never fall; no pen makes 16,384 edges between reads)
    ///   correct  0 ≤ read ± <see cref="WrapEdges"/> − last accepted &lt; <see cref="MaxJump"/>: a read at a wrap, taken as the
    ///            count it would have been (the race may outlast a tick when the interrupt is late, so waiting for a
    ///            consistent read is not enough: two racing reads in a row agreed with each other and re-based the count)
    ///   reject   otherwise: the count and its time stay as they were; the next read, consistent again, is accepted
    ///   re-base  two rejected reads in a row that agree with each other (the counter really restarted)
    /// No allocation, no struct values.
    /// </summary>
    public sealed class PulseCountGuard
    {
        /// <summary>The jump a racing read makes: the PCNT limit nanoFramework sets (MAX_COUNTER_VALUE). Unit: edges.</summary>
        public const long WrapEdges = 32767;

        /// <summary>A read this far above the last accepted one, or any below it, is not a count. Unit: edges. [D] half of <see cref="WrapEdges"/>.</summary>
        public const long MaxJump = WrapEdges / 2 + 1;

        private bool _started;
        private bool _lastRejected;
        private long _rejectedRead;

        private long _count, _sampleMicros;

        /// <summary>The guarded count: edges since the counter started, never falling. Unit: edges.</summary>
        public long Count => _count;

        /// <summary>When <see cref="Count"/> was latched. Unit: µs since boot.</summary>
        public long SampleMicros => _sampleMicros;

        /// <summary>Reads rejected or corrected since boot (diagnosis).</summary>
        public int Rejected { get; private set; }

        /// <summary>
        /// One read of the counter and its latch time. True: the read was taken as it is (<see cref="Count"/> and
        /// <see cref="SampleMicros"/> are the read and its time); false: rejected or corrected.
        /// </summary>
        public bool Update(long read, long sampleMicros)
        {
            long jump = read - _count;
            if (!_started || (jump >= 0 && jump < MaxJump))
            {
                // Accept, written out: every tick takes this way
                _started = true;
                _lastRejected = false;
                _count = read;
                _sampleMicros = sampleMicros;
                return true;
            }

            long corrected = jump < 0 ? read + WrapEdges : read - WrapEdges;
            long correctedJump = corrected - _count;
            if (correctedJump >= 0 && correctedJump < MaxJump)
            {
                Rejected++;
                Accept(corrected, sampleMicros);
                return false;
            }

            long sinceRejected = read - _rejectedRead;
            if (_lastRejected && sinceRejected >= 0 && sinceRejected < MaxJump)
            {
                Accept(read, sampleMicros);
                return true;
            }

            _lastRejected = true;
            _rejectedRead = read;
            Rejected++;
            return false;
        }

        private void Accept(long read, long sampleMicros)
        {
            _started = true;
            _lastRejected = false;
            _count = read;
            _sampleMicros = sampleMicros;
        }
    }
}
