using System;
using Pen.Core.Board;
using Pen.Core.Protocol;
using Pen.Core.Records;
using Pen.Core.Security;
using Pen.Core.Session;
using Pen.Simulation.Running;

namespace Pen.Simulation.Factory
{
    /// <summary>
    /// What the factory writes into a new pen's flash: its identity and service key (docs/security.md: the key is the
    /// HMAC-SHA-256 of the identity under the manufacturer's master key, which never leaves the manufacturer), the
    /// cartridge record of a pen that has seen no cartridge (fresh, no session), then each calibration the benches
    /// measure, each in its own durable record as the firmware reads it.
    /// </summary>
    public static class FactoryRecords
    {
        /// <summary>The simulated manufacturer's master key: a simulation's, public, never a real pen's.</summary>
        public static readonly byte[] SimulatedMasterKey = Hex.Ascii("simulated pens only: not a real master key");

        /// <summary>The identity of the simulated pen of a seed.</summary>
        public static string DeviceIdFor(int seed) => "SIM-" + seed.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A pen's service key: HMAC-SHA-256(master key, identity) (what the service portal computes to answer for it).</summary>
        public static byte[] KeyOf(string deviceId) => HmacSha256.Compute(SimulatedMasterKey, Hex.Ascii(deviceId));

        /// <summary>The state a pen leaves the factory in, before its calibrations: its key and a fresh cartridge record.</summary>
        public static void Provision(SimulatedPen pen)
        {
            var records = new PenRecords(pen.Flash);
            records.Load();
            if (!records.WriteNow(PenRecords.KeySlot, ServiceSession.KeyRecord(pen.DeviceId, KeyOf(pen.DeviceId))))
                throw new InvalidOperationException("factory: the pen's flash refused its key");
            if (!records.WriteNow(PenRecords.CartridgeSlot, Treatment.CartridgeRecord(false, 0, 0)))
                throw new InvalidOperationException("factory: the pen's flash refused its cartridge record");
        }

        /// <summary>Stores a record in a durable slot of the pen's flash (the identified motor).</summary>
        public static void StoreDurable(SimulatedPen pen, string slot, string record)
        {
            var records = new PenRecords(pen.Flash);
            records.Load();
            if (!records.WriteNow(slot, record))
                throw new InvalidOperationException("factory: the pen's flash refused " + slot);
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
