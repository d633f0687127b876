using System;
using System.Threading;
using Pen.Core.Ports;
using Pen.Firmware.Adapters;

namespace Pen.Firmware.Running
{
    /// <summary>
    /// Where every unhandled exception ends: duty 0, PWM stopped, driver enable low, red LED on, buzzer off, and the
    /// control loop ends, so the heartbeat stops and the enable circuit drops the driver within its 45 ms hold even if
    /// a write here fails. Safe to call from any thread and more than once; it never throws.
    /// </summary>
    public static class SafeStop
    {
        private static int s_engaged;
        private static LedcMotorPwm s_pwm;
        private static IDigitalOutput s_enable;
        private static IDigitalOutput s_red;
        private static IDigitalOutput s_buzzer;

        /// <summary>True once a safe stop happened; the control loop stops ticking.</summary>
        public static bool Engaged
        {
            get { return s_engaged != 0; }
        }

        /// <summary>The motor outputs, known as soon as they are open (first thing at boot).</summary>
        public static void ArmMotor(LedcMotorPwm pwm, IDigitalOutput enable)
        {
            s_pwm = pwm;
            s_enable = enable;
        }

        /// <summary>The indication outputs, once open.</summary>
        public static void ArmIndication(IDigitalOutput red, IDigitalOutput buzzer)
        {
            s_red = red;
            s_buzzer = buzzer;
        }

        /// <summary>Stops the motor and the control loop. <paramref name="reason"/> goes to the debugger output.</summary>
        public static void Engage(string reason)
        {
            Interlocked.Exchange(ref s_engaged, 1);
            ApplyOutputs();
            try
            {
                Console.WriteLine("SAFE STOP: " + reason);
            }
            catch (Exception)
            {
                // nothing more to do: the outputs are already safe
            }
        }

        /// <summary>Drives every output it knows to its safe level; each write on its own, so one failure stops none of the others.</summary>
        public static void ApplyOutputs()
        {
            try { if (s_enable != null) s_enable.Write(false); } catch (Exception) { }
            try { if (s_pwm != null) s_pwm.Stop(); } catch (Exception) { }
            try { if (s_buzzer != null) s_buzzer.Write(false); } catch (Exception) { }
            try { if (s_red != null) s_red.Write(true); } catch (Exception) { }
        }
    }
}
