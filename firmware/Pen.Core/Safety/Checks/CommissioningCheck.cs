using Pen.Core.Control;

namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// What the pen knows of its motor (Control/StrokeDrive.MotorStatus, Commissioning/MotorIdentification). Implausible:
    /// the identification measured a motor outside its plausible range for this board (a wrong or damaged motor), so the
    /// pen does not treat until one passes. Not identified with a cartridge seated: the motor is measured on the bare cam,
    /// so the pen asks for the cartridge to come out (the identification runs once it is, and the flag clears). A cartridge
    /// whose measurement found it broken (Commissioning/CartridgeIdentification: spring missing or broken, jammed, binding)
    /// is refused until it is taken out.
    /// </summary>
    public sealed class CommissioningCheck : ISafetyCheck
    {
        public void Evaluate(SafetyInputs s, SafetyFlags flags)
        {
            MotorStatus status = s.Drive.MotorStatus;
            if (status == MotorStatus.Identified)
            {
                if (s.Drive.CartridgeStatus == CartridgeStatus.Implausible) flags.Raise(FaultCode.CartridgeImplausible);
                return;
            }

            if (status == MotorStatus.Implausible) flags.Raise(FaultCode.MotorImplausible);
            else if (status == MotorStatus.NotIdentified && s.Frame.CartridgeSeatedRaw) flags.Raise(FaultCode.MotorNotIdentified);
        }
    }
}
