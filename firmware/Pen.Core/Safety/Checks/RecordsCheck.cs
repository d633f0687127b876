namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// The records on the flash (Records/PenRecords), as this tick's frame carries them. Damaged: a durable record was
    /// found damaged at a boot and the damage record latches it until a service session clears it; its conservative
    /// value is in use (a cartridge in doubt is used; a calibration in doubt is not trusted, so the pen will not treat).
    /// Failing: the flash refused the last write, or the log held damaged lines or files at boot (records may be
    /// missing: a warning the service can read).
    /// </summary>
    public sealed class RecordsCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            if (s.Frame.RecordsDamaged) flags.Raise(FaultCode.RecordsDamaged);
            if (s.Frame.RecordsFailing) flags.Raise(FaultCode.RecordStoreFailing);
        }
    }
}
