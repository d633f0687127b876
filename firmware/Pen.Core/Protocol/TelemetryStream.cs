namespace Pen.Core.Protocol
{
    /// <summary>
    /// STREAM: telemetry lines on the bench UART while it is on, one sample each <see cref="PeriodMillis"/> (10 ms, every
    /// tick, by default: 100 lines/s at the nominal tick, never fewer than 50/s while ticks come at least every 20 ms).
    /// The tick captures a sample into a ring of <see cref="Slots"/> fixed slots (<see cref="Capture"/>: a few integer
    /// stores, no allocation, the same work every tick); the bench thread formats the slots it has not sent into a byte
    /// buffer (<see cref="Drain"/>: no allocation) and writes them out. A line is
    ///   TEL t_ms,state,fault,sp_cHz,rate_cHz,duty_pm,i_mA,v_mV,depth_um,strokes,bench_cHz
    /// (the fields in <see cref="Fields"/>'s order, integers with the protocol's units; about 50 characters, so 100
    /// lines/s fill under half of 115,200 baud). Samples the bench thread could not send before the ring wrapped are
    /// counted in <see cref="Dropped"/> and skipped, never sent torn.
    /// </summary>
    public sealed class TelemetryStream
    {
        /// <summary>The line's fields, in order (the STREAM answer states them).</summary>
        public const string Fields = "t_ms,state,fault,sp_cHz,rate_cHz,duty_pm,i_mA,v_mV,depth_um,strokes,bench_cHz";
        /// <summary>Fields per sample.</summary>
        public const int FieldCount = 11;
        /// <summary>Samples the ring holds: 320 ms at the default period.</summary>
        public const int Slots = 32;
        /// <summary>The period's range and default. Unit: ms.</summary>
        public const int MinPeriodMillis = 10, MaxPeriodMillis = 1000, DefaultPeriodMillis = 10;
        /// <summary>Longest line <see cref="Drain"/> writes, its LF included. Unit: bytes.</summary>
        public const int MaxLineBytes = 4 + FieldCount * 12;

        private readonly int[] _ring = new int[Slots * FieldCount];
        private int _written;      // samples captured (tick only)
        private int _sent;         // samples formatted (bench thread only)
        private int _dropped;
        private bool _on;
        private int _startSerial, _startSeen;
        private long _periodMicros = DefaultPeriodMillis * 1000L;
        private long _nextDue;

        /// <summary>Streaming is on.</summary>
        public bool On => _on;
        /// <summary>The period in force. Unit: ms.</summary>
        public int PeriodMillis => (int)(_periodMicros / 1000);
        /// <summary>Samples skipped because the bench thread fell more than the ring behind (since the last start).</summary>
        public int Dropped => _dropped;

        /// <summary>Starts (or restarts) the stream at a period (clamped to its range); from the bench thread.</summary>
        public void Start(int periodMillis)
        {
            if (periodMillis < MinPeriodMillis) periodMillis = MinPeriodMillis;
            if (periodMillis > MaxPeriodMillis) periodMillis = MaxPeriodMillis;
            _periodMicros = periodMillis * 1000L;
            _sent = _written;
            _dropped = 0;
            _startSerial++;
            _on = true;
        }

        /// <summary>Stops the stream; from the bench thread.</summary>
        public void Stop() { _on = false; }

        /// <summary>
        /// The tick's part: stores one sample when one is due (the first tick at or after each period's mark). Every
        /// argument in its protocol unit, already an integer.
        /// </summary>
        public void Capture(long nowMicros, int state, int fault, int setpointCentiHz, int rateCentiHz, int dutyPerMille,
                            int milliamps, int millivolts, int depthMicrons, int strokes, int benchCentiHz)
        {
            if (!_on) return;
            if (_startSeen != _startSerial)
            {
                _startSeen = _startSerial;
                _nextDue = nowMicros;
            }

            if (nowMicros < _nextDue) return;
            _nextDue += _periodMicros;
            if (_nextDue <= nowMicros) _nextDue = nowMicros + _periodMicros; // late by a whole period: the grid restarts
            int k = (_written % Slots) * FieldCount;
            _ring[k] = (int)(nowMicros / 1000);
            _ring[k + 1] = state;
            _ring[k + 2] = fault;
            _ring[k + 3] = setpointCentiHz;
            _ring[k + 4] = rateCentiHz;
            _ring[k + 5] = dutyPerMille;
            _ring[k + 6] = milliamps;
            _ring[k + 7] = millivolts;
            _ring[k + 8] = depthMicrons;
            _ring[k + 9] = strokes;
            _ring[k + 10] = benchCentiHz;
            _written++;
        }

        /// <summary>
        /// The bench thread's part: formats the samples not yet sent into <paramref name="buffer"/>, as many whole lines as
        /// fit, and returns the bytes written (0: nothing new, or streaming is off).
        /// </summary>
        public int Drain(byte[] buffer)
        {
            if (!_on) return 0;
            int length = 0;
            while (_sent != _written && length + MaxLineBytes <= buffer.Length)
            {
                if (_written - _sent > Slots - 1)
                {
                    // the tick may be writing the oldest slot: skip to half a ring behind
                    int skip = _written - _sent - Slots / 2;
                    _dropped += skip;
                    _sent += skip;
                }

                int k = (_sent % Slots) * FieldCount;
                int start = length;
                buffer[length++] = (byte)'T';
                buffer[length++] = (byte)'E';
                buffer[length++] = (byte)'L';
                buffer[length++] = (byte)' ';
                for (int i = 0; i < FieldCount; i++)
                {
                    if (i > 0) buffer[length++] = (byte)',';
                    length = Digits(buffer, length, _ring[k + i]);
                }

                buffer[length++] = (byte)'\n';
                if (_written - _sent > Slots - 1)
                {
                    length = start; // overwritten while formatted: dropped, not sent torn
                    continue;
                }

                _sent++;
            }

            return length;
        }

        /// <summary>Writes an integer's decimal digits at <paramref name="at"/>; returns the position after them.</summary>
        private static int Digits(byte[] buffer, int at, int value)
        {
            long v = value;
            if (v < 0)
            {
                buffer[at++] = (byte)'-';
                v = -v;
            }

            long scale = 1;
            while (scale * 10 <= v) scale *= 10;
            while (scale > 0)
            {
                buffer[at++] = (byte)('0' + (int)(v / scale));
                v %= scale;
                scale /= 10;
            }

            return at;
        }
    }
}
