// Facade of nanoFramework.System.Device.Pwm 1.1.23. Compile-only; declared members and why:
//   PwmChannel.CreateFromPin(int, int, double)   LedcMotorPwm opens the LEDC channel on the motor pin (null: no PWM function)
//   PwmChannel.DutyCycle                         the duty, 0.0 to 1.0
//   PwmChannel.Start() / Stop()                  start at duty 0; Stop in the safe stop
// Return types, parameter types and defaults are those of data/nanoframework/signatures.md §1.2.
using System;

namespace System.Device.Pwm
{
    public sealed class PwmChannel
    {
        private PwmChannel() { }
        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) { throw new NotSupportedException(Facade.Message); }
        public double DutyCycle { get { throw new NotSupportedException(Facade.Message); } set { } }
        public void Start() { throw new NotSupportedException(Facade.Message); }
        public void Stop() { throw new NotSupportedException(Facade.Message); }
    }
}
