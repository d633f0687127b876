namespace Pen.Core.Safety
{
    /// <summary>
    /// Fault codes: a closed, append-only list with stable numbers (telemetry, bench protocol, session log,
    /// docs/hazards.md). Never renumber, never reuse a number; add new codes at the end, with
    /// <see cref="FaultText.Of"/> text, a rule in <see cref="SafetySupervisor"/>, a pattern in
    /// <see cref="FaultIndication"/> and a row in docs/hazards.md (a test checks all four).
    /// </summary>
    public enum FaultCode
    {
        /// <summary>No fault.</summary>
        None = 0,
        /// <summary>Cartridge jam or motor stall: driven, no Hall edge, current of a stopped motor.</summary>
        MotorStall = 1,
        /// <summary>Motor current above the limit for consecutive ticks.</summary>
        OverCurrent = 2,
        /// <summary>No Hall edge while the motor turns (current of a turning motor): a sensor fault, not a stall.</summary>
        HallSensorLost = 3,
        /// <summary>Stroke rate above the overspeed limit.</summary>
        Overspeed = 4,
        /// <summary>Estimated winding temperature high: the stroke rate derated.</summary>
        WindingHot = 5,
        /// <summary>Estimated winding temperature at its stop threshold.</summary>
        WindingOverTemperature = 6,
        /// <summary>Housing temperature high: the stroke rate derated.</summary>
        HousingWarm = 7,
        /// <summary>Housing temperature at its stop threshold (43 °C applied-part limit with margin).</summary>
        HousingOverTemperature = 8,
        /// <summary>Battery too low to start a treatment.</summary>
        BatteryTooLowToStart = 9,
        /// <summary>Battery too low to continue: needles parked and stopped.</summary>
        BatteryTooLowToContinue = 10,
        /// <summary>Cartridge removed while the motor ran.</summary>
        CartridgeRemoved = 11,
        /// <summary>Depth ring beyond the allowed depth while running.</summary>
        DepthBeyondLimit = 12,
        /// <summary>Depth sensor reading implausible (open, shorted, out of its span).</summary>
        DepthSensorImplausible = 13,
        /// <summary>Motor-current sense channel implausible (shorted to 3.3 V).</summary>
        CurrentSenseImplausible = 14,
        /// <summary>Supply-voltage channel implausible (open, shorted or out of range).</summary>
        SupplySenseImplausible = 15,
        /// <summary>Housing NTC channel implausible (open or shorted).</summary>
        NtcImplausible = 16,
        /// <summary>The firmware tick came late or was missing.</summary>
        TickLate = 17,
        /// <summary>A button was held from power-up (stuck contact): the pen will not start from it.</summary>
        ButtonStuckAtPowerUp = 18,
        /// <summary>The motor driver applies more duty than commanded (stuck on): the motor runs up toward overspeed.</summary>
        DriverIgnoresCommand = 19,
        /// <summary>Drive-voltage channel implausible (open, shorted).</summary>
        DriveSenseImplausible = 20,
        /// <summary>A durable record (the cartridge's state, a calibration, the configuration, the service state) was found damaged at a boot: its conservative value is in use and the pen will not treat until a service session clears it (Records/PenRecords).</summary>
        RecordsDamaged = 21,
        /// <summary>The flash refused a write (volume full even after the log gave way, or failing), or the log held damaged lines or files at boot: records may be missing.</summary>
        RecordStoreFailing = 22,
        /// <summary>The pen's identification of its motor measured values outside their plausible range: a wrong or damaged motor.</summary>
        MotorImplausible = 23,
        /// <summary>The pen has no identified motor yet and a cartridge is seated: it identifies the motor with the cartridge out.</summary>
        MotorNotIdentified = 24,
        /// <summary>After a stop the pen could not bring the needles back in (the cam would not reach the retracted point in either direction), or was not allowed to drive them in (the bridge or the Hall sensor failed): the needles may stand out.</summary>
        NeedlesMayBeOut = 25,
        /// <summary>The pen's measurement of the cartridge just seated found it broken: its return spring missing or broken, or the cartridge jammed or binding (Commissioning/CartridgeIdentification). The pen will not treat with it.</summary>
        CartridgeImplausible = 26,
    }

    /// <summary>Text for each fault code (nanoFramework's Enum.ToString gives only the number).</summary>
    public static class FaultText
    {
        /// <summary>Highest code in the list (for tables sized by code).</summary>
        public const int MaxCode = 26;

        /// <summary>Short English text for a code; "unknown fault N" for a number not in the list.</summary>
        public static string Of(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.None: return "no fault";
                case FaultCode.MotorStall: return "motor stalled or cartridge jammed";
                case FaultCode.OverCurrent: return "motor over-current";
                case FaultCode.HallSensorLost: return "stroke sensor lost (sensor fault)";
                case FaultCode.Overspeed: return "overspeed";
                case FaultCode.WindingHot: return "motor hot: power reduced";
                case FaultCode.WindingOverTemperature: return "motor over-temperature";
                case FaultCode.HousingWarm: return "handpiece warm: power reduced";
                case FaultCode.HousingOverTemperature: return "handpiece over-temperature";
                case FaultCode.BatteryTooLowToStart: return "battery too low to start";
                case FaultCode.BatteryTooLowToContinue: return "battery too low to continue";
                case FaultCode.CartridgeRemoved: return "cartridge removed while running";
                case FaultCode.DepthBeyondLimit: return "depth beyond the allowed depth";
                case FaultCode.DepthSensorImplausible: return "depth sensor implausible";
                case FaultCode.CurrentSenseImplausible: return "current sensing implausible";
                case FaultCode.SupplySenseImplausible: return "supply sensing implausible";
                case FaultCode.NtcImplausible: return "temperature sensor implausible";
                case FaultCode.TickLate: return "firmware tick late or missing";
                case FaultCode.ButtonStuckAtPowerUp: return "button stuck at power-up";
                case FaultCode.DriverIgnoresCommand: return "motor driver fault: drives harder than commanded";
                case FaultCode.DriveSenseImplausible: return "drive voltage sensing implausible";
                case FaultCode.RecordsDamaged: return "records damaged: service needed";
                case FaultCode.RecordStoreFailing: return "record store failing: records may be missing";
                case FaultCode.MotorImplausible: return "motor identification implausible: wrong or damaged motor, service needed";
                case FaultCode.MotorNotIdentified: return "motor not identified yet: remove the cartridge so the pen can measure its motor";
                case FaultCode.NeedlesMayBeOut: return "needles may be out: not retracted";
                case FaultCode.CartridgeImplausible: return "cartridge broken (spring missing or broken, or jammed): change the cartridge";
                default: return "unknown fault " + ((int)code).ToString();
            }
        }
    }
}
