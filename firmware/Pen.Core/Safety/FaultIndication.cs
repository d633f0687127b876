using Pen.Core.Ports;

namespace Pen.Core.Safety
{
    /// <summary>
    /// How each fault shows on the pen: which LED blinks how many times per cycle, and whether the buzzer sounds
    /// with the first cycles. One table, by code; the Indicator calls <see cref="Write"/> while a fault is shown.
    ///   cycle = blinks × (200 ms on + 200 ms off) + 1 s dark;  buzzer with the blinks of the first 2 cycles.
    /// Red: the needles were stopped. Amber: a warning or derating while running, or a start refused.
    /// </summary>
    public static class FaultIndication
    {
        /// <summary>Blink on and off time. Unit: µs.</summary>
        public const long BlinkMicros = 200000;
        /// <summary>Dark time between cycles. Unit: µs.</summary>
        public const long GapMicros = 1000000;
        /// <summary>Cycles with the buzzer (for faults that sound it).</summary>
        public const int BuzzerCycles = 2;

        /// <summary>The LED for a code: true = red, false = amber.</summary>
        public static bool IsRed(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.WindingHot:
                case FaultCode.HousingWarm:
                case FaultCode.BatteryTooLowToStart:
                case FaultCode.BatteryTooLowToContinue:
                case FaultCode.ButtonStuckAtPowerUp:
                case FaultCode.RecordsDamaged:
                case FaultCode.RecordStoreFailing:
                case FaultCode.MotorImplausible:
                case FaultCode.MotorNotIdentified:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>Blinks per cycle for a code, 1 to 6 (codes that share a count share a LED colour or the buzzer rule differs).</summary>
        public static int Blinks(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.MotorStall: return 1;
                case FaultCode.OverCurrent: return 2;
                case FaultCode.Overspeed: return 3;
                case FaultCode.HallSensorLost: return 4;
                case FaultCode.WindingOverTemperature: return 5;
                case FaultCode.HousingOverTemperature: return 6;
                case FaultCode.CartridgeRemoved: return 2;
                case FaultCode.DepthBeyondLimit: return 3;
                case FaultCode.DepthSensorImplausible: return 4;
                case FaultCode.CurrentSenseImplausible: return 5;
                case FaultCode.SupplySenseImplausible: return 5;
                case FaultCode.NtcImplausible: return 5;
                case FaultCode.TickLate: return 6;
                case FaultCode.WindingHot: return 1;
                case FaultCode.HousingWarm: return 2;
                case FaultCode.BatteryTooLowToStart: return 3;
                case FaultCode.BatteryTooLowToContinue: return 4;
                case FaultCode.ButtonStuckAtPowerUp: return 5;
                case FaultCode.DriverIgnoresCommand: return 3;
                case FaultCode.DriveSenseImplausible: return 5;
                case FaultCode.RecordsDamaged: return 6;
                case FaultCode.RecordStoreFailing: return 6;
                case FaultCode.MotorImplausible: return 6;
                case FaultCode.MotorNotIdentified: return 1;
                case FaultCode.NeedlesMayBeOut: return 6;
                default: return 0;
            }
        }

        /// <summary>The buzzer sounds for a code (the needles were stopped unexpectedly).</summary>
        public static bool Sounds(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.MotorStall:
                case FaultCode.OverCurrent:
                case FaultCode.Overspeed:
                case FaultCode.HallSensorLost:
                case FaultCode.WindingOverTemperature:
                case FaultCode.HousingOverTemperature:
                case FaultCode.CartridgeRemoved:
                case FaultCode.DepthBeyondLimit:
                case FaultCode.DepthSensorImplausible:
                case FaultCode.CurrentSenseImplausible:
                case FaultCode.SupplySenseImplausible:
                case FaultCode.NtcImplausible:
                case FaultCode.TickLate:
                case FaultCode.BatteryTooLowToContinue:
                case FaultCode.DriverIgnoresCommand:
                case FaultCode.DriveSenseImplausible:
                case FaultCode.NeedlesMayBeOut:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether the fault's LED is lit <paramref name="shownForMicros"/> after the fault began to show
        /// (<paramref name="buzzer"/>: whether the buzzer sounds then).
        /// </summary>
        public static bool LitAt(FaultCode code, long shownForMicros, out bool buzzer)
        {
            buzzer = false;
            int blinks = Blinks(code);
            if (blinks <= 0 || shownForMicros < 0) return false;
            long cycle = blinks * 2 * BlinkMicros + GapMicros;
            long inCycle = shownForMicros % cycle;
            bool lit = inCycle < blinks * 2 * BlinkMicros && (inCycle / BlinkMicros) % 2 == 0;
            buzzer = lit && Sounds(code) && shownForMicros / cycle < BuzzerCycles;
            return lit;
        }

        /// <summary>Writes the fault's pattern to the LEDs and the buzzer (green off).</summary>
        public static void Write(PenPorts io, FaultCode code, long shownForMicros)
        {
            bool buzzer;
            bool lit = LitAt(code, shownForMicros, out buzzer);
            bool red = IsRed(code);
            io.LedGreen.Write(false);
            io.LedRed.Write(lit && red);
            io.LedAmber.Write(lit && !red);
            io.Buzzer.Write(buzzer);
        }
    }
}
