using System;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The motor PWM on one LEDC channel (IMotorPwm). The ESP32 needs the pin routed to a PWM function before
    /// <c>PwmChannel.CreateFromPin</c>, which returns null when the pin has none. nanoFramework picks the duty
    /// resolution from the frequency (GetOptimumResolution: 38.9 kHz → 11 bits; 39 kHz would give 10, nf.config pwm),
    /// stores the duty in 1/10000 units and truncates it to the timer's steps (the core knows the applied duty:
    /// Board/PwmDuty). An image before nanoCLR 1.9.0.56 dropped the first duty after a 0 (firmware README: the pinned image).
    /// </summary>
    public sealed class LedcMotorPwm : IMotorPwm
    {
        private readonly PwmChannel _channel;
        private float _duty = -1f;

        private LedcMotorPwm(PwmChannel channel)
        {
            _channel = channel;
        }

        /// <summary>
        /// Routes <paramref name="pin"/> to LEDC, opens the channel at <paramref name="frequencyHz"/> with duty 0 and
        /// starts it. Throws when the pin has no PWM function (the caller's safe stop keeps the motor off).
        /// </summary>
        public static LedcMotorPwm Open(int pin, int frequencyHz)
        {
            Configuration.SetPinFunction(pin, DeviceFunction.PWM1);
            PwmChannel channel = PwmChannel.CreateFromPin(pin, frequencyHz, 0.0);
            if (channel == null)
            {
                throw new InvalidOperationException("no PWM function on GPIO " + pin.ToString());
            }

            LedcMotorPwm pwm = new LedcMotorPwm(channel);
            pwm.SetDuty(0f);
            channel.Start();
            return pwm;
        }

        /// <summary>Duty 0..1; NaN and values below 0 give 0, above 1 give 1. Unchanged duties are not rewritten.</summary>
        public void SetDuty(float dutyFraction)
        {
            float d = dutyFraction;
            if (!(d > 0f)) d = 0f; // also NaN
            if (d > 1f) d = 1f;
            if (d == _duty) return; // each native call costs interpreter time (nanoframework.md §5)
            _duty = d;
            _channel.DutyCycle = d;
        }

        /// <summary>Safe stop: duty 0 and the channel stopped (the pin then idles low).</summary>
        public void Stop()
        {
            _duty = 0f;
            _channel.DutyCycle = 0.0;
            _channel.Stop();
        }
    }
}
