namespace Pen.Simulation.Plant
{
    /// <summary>
    /// One gate input of the enable path (nf.config enablePath): what the MCU pin does to it, and what the board makes
    /// of that. Driven, it is the pin's level; floating (the MCU in reset, browned out, booting or unpowered: its pins
    /// are inputs), its pull-down holds it low, and without one it is taken as high (the worst case: a floating CMOS
    /// input may read either); stuck (a fault: the pin or its trace shorted), the stuck level whatever the MCU does.
    /// </summary>
    public sealed class GateInput
    {
        /// <summary>The level the MCU drives.</summary>
        public bool McuLevel;
        /// <summary>The MCU does not drive the pin (in reset, browned out, unpowered).</summary>
        public bool Floating;
        /// <summary>The pin or its trace is shorted to this level (a fault); null when healthy.</summary>
        public bool? StuckAt;
        /// <summary>The board fits the pull-down (nf.config enablePath.pulledDownPins).</summary>
        public bool PulledDown = true;

        /// <summary>The level the enable circuit and the bridge see.</summary>
        public bool Level => StuckAt ?? (Floating ? !PulledDown : McuLevel);
    }

    /// <summary>
    /// The wires between the MCU and the bridge: the four gate inputs of the enable path (nf.config enablePath and
    /// heartbeat; hardware/README.md, "The heartbeat enable circuit") resolved to what reaches the plant. The enable
    /// request and the heartbeat go into the enable circuit (an AND of the request and a 45 ms retriggerable monostable
    /// on the heartbeat's edges, PenPlant), the PWM into DRV8838 EN, the direction into PH. A heartbeat that does not
    /// change level makes no edge, floating or stuck alike.
    /// </summary>
    public sealed class EnableCircuit
    {
        private readonly PenPlant _plant;
        private bool _heartbeatLevel;
        private double _pwmDuty;

        public EnableCircuit(PenPlant plant, bool pullDowns)
        {
            _plant = plant;
            Enable.PulledDown = Heartbeat.PulledDown = Pwm.PulledDown = Direction.PulledDown = pullDowns;
        }

        /// <summary>The enable request (GPIO 26).</summary>
        public readonly GateInput Enable = new GateInput();
        /// <summary>The heartbeat (GPIO 27).</summary>
        public readonly GateInput Heartbeat = new GateInput();
        /// <summary>DRV8838 EN (GPIO 25, the LEDC PWM): driven, the LEDC's duty.</summary>
        public readonly GateInput Pwm = new GateInput();
        /// <summary>DRV8838 PH (GPIO 12).</summary>
        public readonly GateInput Direction = new GateInput();

        /// <summary>The LEDC's duty on the EN pin while the MCU drives it. Unit: fraction 0..1.</summary>
        public void SetPwmDuty(double duty)
        {
            _pwmDuty = duty;
            Apply();
        }

        /// <summary>After any change of a gate input: hands the resolved levels to the plant (a heartbeat edge at the plant's time).</summary>
        public void Apply()
        {
            _plant.EnableRequest = Enable.Level;
            _plant.MotorReverse = Direction.Level;
            bool pwmDriven = Pwm.StuckAt == null && !Pwm.Floating;
            _plant.DutyCommand = pwmDriven ? _pwmDuty : Pwm.Level ? 1.0 : 0.0;
            bool beat = Heartbeat.Level;
            if (beat != _heartbeatLevel) _plant.LastHeartbeatEdgeMicros = _plant.NowMicros;
            _heartbeatLevel = beat;
        }

        /// <summary>The MCU stops driving every gate input (reset, brown-out, power off), or drives them again.</summary>
        public void SetFloating(bool floating)
        {
            Enable.Floating = Heartbeat.Floating = Pwm.Floating = Direction.Floating = floating;
            Apply();
        }
    }
}
