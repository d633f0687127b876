using Pen.Core.Ports;

namespace Pen.Core.Safety
{
    /// <summary>
    /// How each fault shows on the pen: which LED blinks how many times per cycle, one count for each thing the
    /// practitioner must do (docs/practitioners.md), so that a count never covers two different actions:
    ///   cycle = blinks × (200 ms on + 200 ms off) + 1 s dark.
    /// Red: the needles were stopped. Red 1 the cartridge jams or drags (change it); 2 the cartridge is out; 3 the
    /// ring is deeper than the area allows; 4 too hot (let it cool); 5 a sensor or the firmware's timing (press main;
    /// service if it returns); 6 the needles may be out. A lockout (the Hall sensor, an overspeed, the driver) shows red
    /// steady instead (switch off; service). Amber: 1 warm, running slower; 2 battery; 3 a button held or stuck; 4 the
    /// records or the motor need the service; 5 take the cartridge out so the pen can measure its motor; 6 the cartridge
    /// just seated failed its check (spring broken, jammed): change it before starting.
    /// The buzzer is the Indicator's: by alarm priority, not by code.
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
                case FaultCode.CartridgeImplausible:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>Blinks per cycle for a code, 1 to 6: one count per practitioner's action and colour.</summary>
        public static int Blinks(FaultCode code)
        {
            switch (code)
            {
                // red: the needles were stopped
                case FaultCode.MotorStall: return 1;                 // the cartridge jams or drags: change it
                case FaultCode.OverCurrent: return 1;
                case FaultCode.CartridgeRemoved: return 2;           // seat a cartridge (a fresh one: H-19)
                case FaultCode.DepthBeyondLimit: return 3;           // turn the ring back
                case FaultCode.WindingOverTemperature: return 4;     // let the pen cool
                case FaultCode.HousingOverTemperature: return 4;
                case FaultCode.DepthSensorImplausible: return 5;     // press main; service if it returns
                case FaultCode.CurrentSenseImplausible: return 5;
                case FaultCode.SupplySenseImplausible: return 5;
                case FaultCode.NtcImplausible: return 5;
                case FaultCode.DriveSenseImplausible: return 5;
                case FaultCode.TickLate: return 5;
                case FaultCode.NeedlesMayBeOut: return 6;            // lift the pen straight off; check the needles
                // lockouts show red steady: their counts are for the service's log reading only
                case FaultCode.HallSensorLost: return 6;
                case FaultCode.Overspeed: return 6;
                case FaultCode.DriverIgnoresCommand: return 6;
                // amber: a warning, a derating or a start refused
                case FaultCode.WindingHot: return 1;                 // warm: running slower
                case FaultCode.HousingWarm: return 1;
                case FaultCode.BatteryTooLowToStart: return 2;       // charge
                case FaultCode.BatteryTooLowToContinue: return 2;
                case FaultCode.ButtonStuckAtPowerUp: return 3;       // release the buttons
                case FaultCode.RecordsDamaged: return 4;             // service
                case FaultCode.RecordStoreFailing: return 4;
                case FaultCode.MotorImplausible: return 4;
                case FaultCode.MotorNotIdentified: return 5;         // take the cartridge out
                case FaultCode.CartridgeImplausible: return 6;       // change the cartridge: it failed its check
                default: return 0;
            }
        }

        /// <summary>The buzzer sounds for a code (the needles were stopped unexpectedly).</summary>
        public static bool Sounds(FaultCode code)
        {
            return IsRed(code) || code == FaultCode.BatteryTooLowToContinue;
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
