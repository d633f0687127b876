using System.Collections.Generic;
using Pen.Core.Ports;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The flash file system's record store: records survive power loss and power cycles (the store belongs to
    /// the simulated pen, not to one firmware instance). Refuses records the device would refuse.
    /// </summary>
    public sealed class SimRecordStore : IRecordStore
    {
        /// <summary>Largest record. Unit: characters.</summary>
        public const int MaxRecordLength = 512;

        private readonly List<string> _records = new List<string>();

        public int Count => _records.Count;

        /// <summary>All records, oldest first (for reports and tests).</summary>
        public IReadOnlyList<string> All => _records;

        public bool Append(string record)
        {
            if (record == null || record.Length > MaxRecordLength) return false;
            foreach (char c in record)
            {
                if (c < ' ' || c > '~') return false;
            }

            _records.Add(record);
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
