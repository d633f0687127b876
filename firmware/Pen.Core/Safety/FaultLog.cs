using Pen.Core.Limits;

namespace Pen.Core.Safety
{
    /// <summary>
    /// Ring buffer of the last <see cref="PenLimits.FaultLogCapacity"/> fault snapshots in RAM, read by the bench
    /// tool (oldest first). Preallocated: adding a snapshot reuses the oldest slot.
    /// </summary>
    public sealed class FaultLog
    {
        private readonly FaultSnapshot[] _slots = new FaultSnapshot[PenLimits.FaultLogCapacity];
        private int _next;
        private int _count;
        private int _sequence;

        public FaultLog()
        {
            for (int i = 0; i < _slots.Length; i++) _slots[i] = new FaultSnapshot();
        }

        /// <summary>Snapshots held, 0 to capacity.</summary>
        public int Count => _count;
        /// <summary>Faults recorded since power-up (including overwritten ones).</summary>
        public int Total => _sequence;

        /// <summary>Snapshot <paramref name="index"/>, 0 = oldest held; null outside 0..Count−1.</summary>
        public FaultSnapshot Get(int index)
        {
            if (index < 0 || index >= _count) return null;
            int start = _count < _slots.Length ? 0 : _next;
            return _slots[(start + index) % _slots.Length];
        }

        /// <summary>The most recent snapshot, or null.</summary>
        public FaultSnapshot Latest => _count == 0 ? null : _slots[(_next + _slots.Length - 1) % _slots.Length];

        /// <summary>Snapshots overwritten before they were written to the log (the ring wrapped while the needles ran).</summary>
        public int LostPending { get; private set; }

        /// <summary>The oldest snapshot still to be written to the log, or null.</summary>
        public FaultSnapshot OldestPending()
        {
            for (int i = 0; i < _count; i++)
            {
                FaultSnapshot s = Get(i);
                if (s.Pending) return s;
            }

            return null;
        }

        /// <summary>Takes the next slot (overwriting the oldest when full), numbered; the caller fills it.</summary>
        public FaultSnapshot Add()
        {
            FaultSnapshot s = _slots[_next];
            if (s.Pending) LostPending++;
            s.Pending = false;
            _next = (_next + 1) % _slots.Length;
            if (_count < _slots.Length) _count++;
            _sequence++;
            s.Sequence = _sequence;
            return s;
        }
    }
}
