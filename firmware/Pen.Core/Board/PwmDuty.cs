namespace Pen.Core.Board
{
    /// <summary>
    /// The duty the motor's LEDC channel really applies for a commanded one. nanoFramework stores a duty d as
    /// u = (uint)(d·10000) and sets 2^bits·u / 10000 steps of the timer, both divisions truncating, with the
    /// resolution it picks for the frequency (11 bits at nf.config's 38.9 kHz) (nf-interpreter@a3e8139
    /// targets/ESP32/_nanoCLR/System.Device.Pwm/sys_dev_pwm_native_System_Device_Pwm_PwmChannel.cpp:
    /// NativeSetActiveDutyCyclePercentage, CalculateDuty, GetOptimumResolution). So a command lands up to one step
    /// (1/2048) plus 1/10000 below itself, never above. No allocation.
    /// </summary>
    public static class PwmDuty
    {
        private const int Steps = 1 << BoardConstants.PwmResolutionBits;

        /// <summary>The duty applied for a command (clamped to 0..1 as the adapter does). Unit: fraction 0..1.</summary>
        public static float Applied(float duty)
        {
            if (!(duty > 0f)) return 0f;
            if (duty > 1f) duty = 1f;
            // PwmChannel.DutyCycle is a double: the float widens exactly, then the native side truncates twice
            uint stored = (uint)((double)duty * 10000.0);
            long steps = (long)Steps * stored / 10000;
            return steps / (float)Steps;
        }
    }
}
