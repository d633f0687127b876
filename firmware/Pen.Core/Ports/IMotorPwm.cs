namespace Pen.Core.Ports
{
    /// <summary>
    /// The motor's PWM output: one LEDC channel on the ESP32 (nanoFramework <c>PwmChannel.DutyCycle</c>),
    /// feeding the H-bridge's speed input. Frequency and resolution are fixed at start-up by the device layer
    /// (nf.config); the core only sets the duty.
    /// </summary>
    public interface IMotorPwm
    {
        /// <summary>
        /// Sets the duty cycle. Unit: fraction of the PWM period, range 0.0 (off) to 1.0 (always on).
        /// Values outside the range are clamped by the adapter, never passed on. The output holds its last
        /// value when the firmware stops calling (LEDC is hardware); the heartbeat enable circuit covers that.
        /// </summary>
        void SetDuty(float dutyFraction);
    }
}
