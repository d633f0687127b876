using Pen.Core.Records;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The records on the flash (Records/PenRecords), read when the check runs (a slow check: every tick while the drive
    /// does not run, every PenLimits.SlowCheckTicks-th while it runs; nothing else in the tick reads them). Damaged: a durable record was
    /// found damaged at a boot and the damage record latches it until a service session clears it; its conservative
    /// value is in use (a cartridge in doubt is used; a calibration in doubt is not trusted, so the pen will not treat).
    /// Failing: the flash refused the last write, or the log held damaged lines or files at boot (records may be
    /// missing: a warning the service can read).
    /// </summary>
    public sealed class RecordsCheck : ISafetyCheck
    {
        /// <summary>The pen's records; null: none to judge (a supervisor without a record store).</summary>
        public PenRecords Store;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            PenRecords records = Store;
            if (records == null) return;
            if (records.Damaged) flags.Raise(FaultCode.RecordsDamaged);
            if (records.Failing) flags.Raise(FaultCode.RecordStoreFailing);
        }
    }
}
