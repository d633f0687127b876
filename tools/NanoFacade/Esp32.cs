// Facade of nanoFramework.Hardware.Esp32 1.6.40. Compile-only; declared members and why:
//   Configuration.SetPinFunction(int, DeviceFunction)   route the motor pin to LEDC before PwmChannel.CreateFromPin
//   DeviceFunction.PWM1                                 the LEDC channel the motor uses (the facade's numeric value is
//                                                       not the real one; the device build compiles against the real enum)
//   DeviceFunction.COM2_RX, COM2_TX                     route the bench serial's pins to UART 2 (BenchSerial)
//   HighResTimer.GetCurrent()                           the µs clock (esp_timer) for the tick and its pacing
// Return types and parameter types are those of data/nanoframework/signatures.md §1.4.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        private Configuration() { }
        public static void SetPinFunction(int pin, DeviceFunction value) { throw new NotSupportedException(Facade.Message); }
    }

    public enum DeviceFunction
    {
        PWM1,
        COM2_RX,
        COM2_TX,
    }

    public class HighResTimer
    {
        private HighResTimer() { }
        public static ulong GetCurrent() { throw new NotSupportedException(Facade.Message); }
    }
}
