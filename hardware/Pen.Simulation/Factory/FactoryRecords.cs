using System;
using Pen.Core.Board;
using Pen.Core.Records;
using Pen.Core.Session;
using Pen.Simulation.Running;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// What the factory writes into a new pen's flash: the cartridge record of a pen that has seen no cartridge (fresh, no
    /// session), then each calibration the benches measure, each in its own durable record as the firmware reads it.
    /// </summary>
    public static class FactoryRecords
    {
        /// <summary>The state a pen leaves the factory in, before its calibrations.</summary>
        public static void Provision(SimulatedPen pen)
        {
            var records = new PenRecords(pen.Flash);
            records.Load();
            if (!records.WriteNow(PenRecords.CartridgeSlot, Treatment.CartridgeRecord(false, 0, 0)))
                throw new InvalidOperationException("factory: the pen's flash refused its cartridge record");
        }

        /// <summary>Stores one calibration record in its durable record.</summary>
        public static void Store(SimulatedPen pen, string calibration)
        {
            string slot = CalibrationKinds.SlotOf(calibration) ?? throw new ArgumentException("not a calibration record: " + calibration);
            var records = new PenRecords(pen.Flash);
            records.Load();
            if (!records.WriteNow(slot, calibration))
                throw new InvalidOperationException("factory: the pen's flash refused " + slot);
        }
    }
}
