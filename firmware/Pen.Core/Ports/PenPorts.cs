namespace Pen.Core.Ports
{
    /// <summary>
    /// Every port the core uses, in one place. The device layer fills it with ESP32 adapters, the simulator
    /// with simulated peripherals. Pin numbers and electrical scaling are in nf.config, not here.
    /// </summary>
    public sealed class PenPorts
    {
        /// <summary>Motor PWM duty, 0.0 to 1.0.</summary>
        public IMotorPwm MotorPwm;

        /// <summary>Motor driver enable request (DRV8838 nSLEEP through the heartbeat enable circuit). High = enable requested.</summary>
        public IDigitalOutput MotorEnable;

        /// <summary>Motor direction (DRV8838 PH). Low = forward (the stroke direction); high = reverse, only to back the cam out of a jam. Its pull-down holds it low (forward) while the MCU is in reset.</summary>
        public IDigitalOutput MotorDirection;

        /// <summary>Cam Hall switch on the pulse counter: one pulse per stroke at the needle-retracted point.</summary>
        public IPulseCounter CamPulses;

        /// <summary>The same Hall switch read as a level. Low = the cam within the Hall arc (30° after the retracted point): the needles are inside the cartridge.</summary>
        public IDigitalInput CamHallLevel;

        /// <summary>Motor current: low-side shunt and current-sense amplifier, 100 µs RC (fast: the safety checks'). ADC code 0 to 4095.</summary>
        public IAdcChannel MotorCurrent;

        /// <summary>The same amplifier through a 10 ms RC: the speed loop's anti-alias filter. ADC code 0 to 4095.</summary>
        public IAdcChannel MotorCurrentAveraged;

        /// <summary>Voltage the driver applies to the motor (terminal OUT1 through the supply's divider, 1 ms RC): applied duty × supply. ADC code 0 to 4095.</summary>
        public IAdcChannel DriveVoltage;

        /// <summary>Battery (or supply) voltage through a resistive divider. ADC code 0 to 4095.</summary>
        public IAdcChannel SupplyVoltage;

        /// <summary>Housing NTC thermistor against a fixed pull-up. ADC code 0 to 4095; higher temperature, lower code.</summary>
        public IAdcChannel HousingNtc;

        /// <summary>Depth-ring position, linear Hall sensor (ratiometric). ADC code 0 to 4095.</summary>
        public IAdcChannel DepthRing;

        /// <summary>Main button (power, start/stop). Low = pressed.</summary>
        public IDigitalInput ButtonMain;

        /// <summary>Plus button (speed up). Low = pressed.</summary>
        public IDigitalInput ButtonPlus;

        /// <summary>Minus button (speed down). Low = pressed.</summary>
        public IDigitalInput ButtonMinus;

        /// <summary>Cartridge-present switch. Low = cartridge seated.</summary>
        public IDigitalInput CartridgeSwitch;

        /// <summary>Green LED (ready, running). High = on.</summary>
        public IDigitalOutput LedGreen;

        /// <summary>Amber LED (warnings, paused, low battery). High = on.</summary>
        public IDigitalOutput LedAmber;

        /// <summary>Red LED (faults, lockout). High = on.</summary>
        public IDigitalOutput LedRed;

        /// <summary>Buzzer (active buzzer, fixed tone). High = sounding.</summary>
        public IDigitalOutput Buzzer;

        /// <summary>Heartbeat line to the enable circuit: toggled once per healthy tick. The driver is enabled only while it keeps toggling.</summary>
        public IDigitalOutput Heartbeat;

        /// <summary>The flash file system: durable records (cartridge state, calibrations, configuration, service state) and the log (Records/PenRecords).</summary>
        public IFlashFiles Flash;

        /// <summary>The soft power latch.</summary>
        public IPowerLatch Power;

        /// <summary>Random bytes for the service session's challenges.</summary>
        public IRandomSource Random;
    }
}
