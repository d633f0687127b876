namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// Cartridge removed while the motor runs (FM-11): the switch opens while the drive is running or parking.
    /// No persistence (the 20 ms bound leaves one tick); the flag stays up until a cartridge is seated again.
    /// </summary>
    public sealed class CartridgeCheck : ISafetyCheck
    {
        private bool _removedWhileActive;

        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            bool seated = s.Frame.CartridgeSeatedRaw;
            // the motor's identification turns the bare cam: no cartridge is what it needs
            if (!seated && s.DriveActive && s.Drive.Mode != Control.DriveMode.Identifying) _removedWhileActive = true;
            if (seated) _removedWhileActive = false;
            if (_removedWhileActive) flags.Raise(FaultCode.CartridgeRemoved);
        }
    }
}
