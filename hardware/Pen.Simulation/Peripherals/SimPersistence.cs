using System.Collections.Generic;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The flash file system's record store: records survive power loss and power cycles (the store belongs to
    /// the simulated pen, not to one firmware instance). Refuses what the device's store refuses: a record too long or
    /// not printable, more than <see cref="PenLimits.RecordStoreCapacity"/> records, everything once the flash failed.
    /// </summary>
    public sealed class SimRecordStore : IRecordStore
    {
        private readonly List<string> _records = new List<string>();

        /// <summary>The flash failed (a fault to inject): every Append and Replace is refused.</summary>
        public bool Failed { get; set; }

        public int Count => _records.Count;

        /// <summary>
        /// Told of each accepted write with the records it wrote: the simulated CPU turns it into a flash write that
        /// stops every managed thread (Running/SimCpu.PauseEverything).
        /// </summary>
        public System.Action<int> Wrote { get; set; }

        /// <summary>All records, oldest first (for reports and tests).</summary>
        public IReadOnlyList<string> All => _records;

        public bool Append(string record)
        {
            if (Failed || !RecordText.Storable(record) || _records.Count >= PenLimits.RecordStoreCapacity) return false;
            _records.Add(record);
            Wrote?.Invoke(1);
            return true;
        }

        public bool Replace(string[] records, int count, int replacing)
        {
            if (Failed || _records.Count != replacing || !RecordText.StorableAll(records, count)) return false;
            _records.Clear();
            for (int i = 0; i < count; i++) _records.Add(records[i]);
            Wrote?.Invoke(count);
            return true;
        }

        public string Read(int index)
        {
            return index >= 0 && index < _records.Count ? _records[index] : null;
        }
    }

    /// <summary>The soft power latch: remembers that the firmware switched the pen off.</summary>
    public sealed class SimPowerLatch : IPowerLatch
    {
        /// <summary>The firmware released the latch and has not been woken since.</summary>
        public bool Released;
        /// <summary>How often the firmware switched the pen off.</summary>
        public int PowerOffs;

        public void PowerOff()
        {
            Released = true;
            PowerOffs++;
        }
    }
}
