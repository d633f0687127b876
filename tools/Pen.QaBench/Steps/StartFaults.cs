using System;
using System.Collections.Generic;
using System.Globalization;
using Pen.Core;
using Pen.Core.Safety;
using Pen.QaBench.Link;

namespace Pen.QaBench.Steps
{
    /// <summary>
    /// What a fault the pen reports on a start means for a rate or start check. The pen is in fault when its telemetry's
    /// state is Fault (4: its supervisor holds a controlled stop, an immediate stop or a lockout), and the line's fault code
    /// says which. Most codes say the pen tried to drive and a check of the drive, its sensing or its tick stopped it
    /// (a stall, an over-current, the Hall sensor lost, the needles not retracted...): the pen failed the requirement the
    /// check verifies, a FAIL naming the code. A few say the bench was not ready for the check (the cartridge broken or taken
    /// out, the battery low, the ring beyond the allowed depth, the pen not commissioned or needing service): the check could
    /// not run, an ERROR naming the code and what to put right (<see cref="BenchNotReady"/>).
    /// </summary>
    public static class StartFaults
    {
        /// <summary>
        /// The fault codes that say the bench's precondition for a drive check is unmet, with what to put right; every other
        /// code, one appended later included, is the pen's failure. Each code of <see cref="FaultCode"/> is decided here or in
        /// <see cref="PenFailure"/> (a test checks that every code is in exactly one).
        /// </summary>
        public static string BenchNotReady(int code)
        {
            switch ((FaultCode)code)
            {
                case FaultCode.BatteryTooLowToStart:
                case FaultCode.BatteryTooLowToContinue: return "charge the pen or raise the bench supply";
                case FaultCode.CartridgeRemoved: return "seat the cartridge and leave it seated";
                case FaultCode.DepthBeyondLimit: return "set the ring within the allowed depth";
                case FaultCode.ButtonStuckAtPowerUp: return "release the buttons and power the pen up again";
                case FaultCode.RecordsDamaged: return "service the pen (its records) before the QA run";
                case FaultCode.MotorNotIdentified: return "let the pen identify its motor (cartridge out) before the QA run";
                case FaultCode.CartridgeImplausible: return "the pen found the bench's cartridge broken or jammed: change the cartridge";
                default: return null;
            }
        }

        /// <summary>The codes that, raised on a start, are the pen's failure (listed so that a new code is decided, not defaulted).</summary>
        public static readonly int[] PenFailure =
        {
            (int)FaultCode.MotorStall, (int)FaultCode.OverCurrent, (int)FaultCode.HallSensorLost, (int)FaultCode.Overspeed,
            (int)FaultCode.WindingHot, (int)FaultCode.WindingOverTemperature, (int)FaultCode.HousingWarm, (int)FaultCode.HousingOverTemperature,
            (int)FaultCode.DepthSensorImplausible, (int)FaultCode.CurrentSenseImplausible, (int)FaultCode.SupplySenseImplausible,
            (int)FaultCode.NtcImplausible, (int)FaultCode.TickLate, (int)FaultCode.DriverIgnoresCommand, (int)FaultCode.DriveSenseImplausible,
            (int)FaultCode.RecordStoreFailing, (int)FaultCode.MotorImplausible, (int)FaultCode.NeedlesMayBeOut,
        };

        /// <summary>Index of the first line at or after <paramref name="fromIndex"/> in the state Fault, or −1.</summary>
        public static int FirstFault(List<Telemetry> tel, int fromIndex = 0)
        {
            for (int i = Math.Max(0, fromIndex); i < tel.Count; i++)
                if (tel[i].State == (int)PenState.Fault) return i;
            return -1;
        }

        /// <summary>"MotorStall (1)"; a number outside the list as "code 42".</summary>
        public static string Label(int code) => Enum.IsDefined(typeof(FaultCode), code)
            ? ((FaultCode)code).ToString() + " (" + code.ToString(CultureInfo.InvariantCulture) + ")"
            : "code " + code.ToString(CultureInfo.InvariantCulture);

        /// <summary>"MotorStall (1): motor stalled or cartridge jammed"; a number outside the list as "code 42".</summary>
        public static string Name(int code) => Enum.IsDefined(typeof(FaultCode), code) ? Label(code) + ": " + FaultText.Of((FaultCode)code) : Label(code);

        /// <summary>
        /// The fault the pen reported from <paramref name="faultIndex"/> of <paramref name="tel"/> (its lines since the
        /// check's command) on, as a row's detail: the first code, then any other code it showed while in fault (the most
        /// severe active fault is the one shown), and when, on the pen's clock.
        /// </summary>
        public static string Describe(List<Telemetry> tel, int faultIndex)
        {
            var codes = new List<int>();
            for (int i = faultIndex; i < tel.Count; i++)
                if (tel[i].State == (int)PenState.Fault && !codes.Contains(tel[i].Fault)) codes.Add(tel[i].Fault);
            string text = Name(codes[0]);
            for (int i = 1; i < codes.Count; i++) text += ", then " + Name(codes[i]);
            return text + (faultIndex == 0 ? " (in the state Fault already at the command, t_ms=" : " (state Fault from t_ms=") +
                   tel[faultIndex].PenMillis.ToString(CultureInfo.InvariantCulture) + ")";
        }
    }

    /// <summary>The pen faulted on a start with a code that is its own failure (<see cref="StartFaults"/>): the check FAILs.</summary>
    public sealed class PenFaulted : Exception
    {
        public readonly int Code;

        public PenFaulted(int code, string message) : base(message) => Code = code;
    }

    /// <summary>The pen faulted with a code that says the bench was not ready (<see cref="StartFaults.BenchNotReady"/>): an ERROR.</summary>
    public sealed class BenchNotReadyException : InvalidOperationException
    {
        public BenchNotReadyException(string message) : base(message) { }
    }
}
