using System.Collections.Generic;

namespace Pen.Simulation.Scenarios
{
    /// <summary>
    /// A scenario: which plant, what is changed from its defaults, the seed, how long, the tick pattern, the
    /// initial conditions and a timeline of events. Parsed from JSON by <see cref="ScenarioParser"/>; the
    /// format is documented in hardware/Pen.Simulation/Scenarios/README.md.
    /// </summary>
    public sealed class Scenario
    {
        /// <summary>Free text, shown in reports. Default: the file name without extension.</summary>
        public string Name = "scenario";
        /// <summary>Reference plant: "RP-1" (battery) or "RP-2" (corded).</summary>
        public string Plant = "RP-1";
        /// <summary>The plant's true parameters where they differ from the reference plant's, by the parameter's JSON name
        /// (see PlantParameters). The firmware is not told them: what it is told is <see cref="Firmware"/>.</summary>
        public Dictionary<string, double> Overrides = new Dictionary<string, double>();
        /// <summary>What the firmware is told about its motor (its board variant's constants), apart from the truth.</summary>
        public FirmwareTold Firmware = new FirmwareTold();
        /// <summary>This unit's sensing chains where they are given exactly instead of drawn from the seed.</summary>
        public SensingTruth Sensing = new SensingTruth();
        /// <summary>Seed of every random draw (tolerances, noise, jitter, skin variability).</summary>
        public int Seed = 1;
        /// <summary>Simulated duration. Unit: s, &gt; 0.</summary>
        public double DurationS = 10;
        /// <summary>Firmware tick pattern at t = 0 (can change later with a "tick" event).</summary>
        public TickPattern Tick = new TickPattern();
        /// <summary>The interpreter timing preset (Running/InterpreterTiming: esp32, esp32-slow, instant); null: the process default (--interpreter, else esp32).</summary>
        public string Interpreter;
        /// <summary>Conditions at t = 0.</summary>
        public InitialConditions Initial = new InitialConditions();
        /// <summary>Events, sorted by time (stable: equal times keep file order).</summary>
        public List<ScenarioEvent> Events = new List<ScenarioEvent>();
    }

    /// <summary>How the firmware tick arrives: nominal period, jitter and occasional pauses.</summary>
    public sealed class TickPattern
    {
        /// <summary>Nominal period. Unit: ms, 1 to 100.</summary>
        public double PeriodMs = 10;
        /// <summary>Each interval is the period plus a uniform draw in ±JitterMs. Unit: ms, 0 to period/2.</summary>
        public double JitterMs = 0;
        /// <summary>Chance that an interval is a pause instead. Unit: probability per tick, 0 to 1.</summary>
        public double PauseProbability = 0;
        /// <summary>Shortest pause interval. Unit: ms.</summary>
        public double PauseMinMs = 20;
        /// <summary>Longest pause interval. Unit: ms, ≥ PauseMinMs.</summary>
        public double PauseMaxMs = 50;

        /// <summary>A copy.</summary>
        public TickPattern Clone() { return (TickPattern)MemberwiseClone(); }
    }

    /// <summary>The pen and its surroundings at t = 0.</summary>
    public sealed class InitialConditions
    {
        /// <summary>A cartridge is seated (fresh).</summary>
        public bool Cartridge = true;
        /// <summary>Needles in that cartridge: 1 to 64.</summary>
        public int Needles = 12;
        /// <summary>Depth-ring setting. Unit: mm, 0 to 2.5 (snaps to the 0.25 mm detents).</summary>
        public double DepthMm = 1.0;
        /// <summary>Battery state of charge (RP-1). Unit: fraction 0 to 1.</summary>
        public double StateOfCharge = 1.0;
        /// <summary>Ambient temperature; winding and housing start here. Unit: °C, -10 to 50.</summary>
        public double AmbientC = 23;
        /// <summary>Battery open-circuit voltage at the start (RP-1), instead of <see cref="StateOfCharge"/>; NaN: from the
        /// state of charge. Unit: V, 3.0 to 4.2.</summary>
        public double BatteryOcvVolts = double.NaN;
        /// <summary>The seated cartridge's mechanism and needles; NaN fields take the plant's.</summary>
        public CartridgeBuild CartridgeBuild = new CartridgeBuild();
        /// <summary>The pen left the factory with its ADC, depth and supply calibration records (false: freshly flashed, nominal scaling).</summary>
        public bool FactoryCalibrated = true;
        /// <summary>
        /// A planted fault: the factory read the depth sensor this many detents' worth of code off (a shifted reference),
        /// so the stored DEPTHCAL's codes are wrong by it while its gauge readings are right and it passes the record's
        /// checks. Unit: detents, -1 to 1 (0: a right calibration).
        /// </summary>
        public double DepthCalibrationOffsetDetents = 0;
        /// <summary>The pen left the factory with its motor identified (its MOTOR record: the firmware's own identification,
        /// run at the factory on the bare cam). false: the pen identifies its motor at first boot.</summary>
        public bool MotorIdentified = true;
        /// <summary>A planted fault: the MOTOR record the pen carries is of the plant variant's nominal motor (a motor replaced
        /// after the factory identified the one before), not of the motor it has. Only with <see cref="MotorIdentified"/>.</summary>
        public bool MotorRecordOfNominal;
        /// <summary>A CARTID record of the cartridge seated at power-on is on the flash (the firmware's own cartridge chain, run on a
        /// twin of this pen with this cartridge seated after power-on, Factory/CartridgeIdentificationBench). The firmware keeps it
        /// for diagnosis only: it measures a cartridge only when one is seated while it is on (Commissioning/README.md).</summary>
        public bool CartridgeIdentified;

        /// <summary>A copy (its cartridge build copied too).</summary>
        public InitialConditions Clone()
        {
            var c = (InitialConditions)MemberwiseClone();
            c.CartridgeBuild = CartridgeBuild.Clone();
            return c;
        }
    }

    /// <summary>How one cartridge is built: its return spring and its needles' puncture force (the needle count is
    /// <see cref="InitialConditions.Needles"/> or <see cref="CartridgeEvent.Needles"/>). NaN: the plant's parameter.</summary>
    public sealed class CartridgeBuild
    {
        /// <summary>Return spring force at the retracted point. Unit: N, 0 to 5.</summary>
        public double SpringPreloadN = double.NaN;
        /// <summary>Return spring rate. Unit: N/m, 0 to 2000.</summary>
        public double SpringRateNPerM = double.NaN;
        /// <summary>Puncture force per needle. Unit: N, 0 to 1.</summary>
        public double NeedleForceN = double.NaN;

        /// <summary>A copy.</summary>
        public CartridgeBuild Clone() { return (CartridgeBuild)MemberwiseClone(); }
    }

    /// <summary>What the firmware is told about its motor: the constants of its board variant (Pen.Core BoardVariant), which
    /// are the motor datasheet's unless given here. NaN: the variant's.</summary>
    public sealed class FirmwareTold
    {
        /// <summary>Back-EMF constant. Unit: V·s/rad.</summary>
        public double MotorBackEmfVoltSecondsPerRad = double.NaN;
        /// <summary>Motor terminal resistance at 22 °C. Unit: Ω.</summary>
        public double MotorResistanceOhms = double.NaN;
        /// <summary>No-load current. Unit: A.</summary>
        public double MotorNoLoadAmps = double.NaN;
        /// <summary>Rotor plus cam inertia. Unit: kg·m².</summary>
        public double RotorInertiaKgM2 = double.NaN;
    }

    /// <summary>
    /// A unit's sensing chains given exactly. Each chain's gain and offset are otherwise drawn from the seed within its
    /// parts' tolerances (Running/SimulatedPen); the ADC chip itself (reference, bends, noise) is always the seed's. NaN:
    /// drawn.
    /// </summary>
    public sealed class SensingTruth
    {
        /// <summary>Motor current chain (shunt and amplifier, both current inputs): gain against nominal. Unit: ×, 0.8 to 1.2.</summary>
        public double CurrentGain = double.NaN;
        /// <summary>Motor current chain: offset of the amplifier's zero (its REF level) from nominal. Unit: mV at the pin, -50 to 50.</summary>
        public double CurrentOffsetMv = double.NaN;
        /// <summary>Supply divider: gain against nominal. Unit: ×, 0.8 to 1.2.</summary>
        public double SupplyGain = double.NaN;
        /// <summary>Supply input: offset. Unit: mV at the pin, -50 to 50.</summary>
        public double SupplyOffsetMv = double.NaN;
        /// <summary>Drive-voltage divider: gain against nominal. Unit: ×, 0.8 to 1.2.</summary>
        public double DriveGain = double.NaN;
        /// <summary>Drive-voltage input: offset. Unit: mV at the pin, -50 to 50.</summary>
        public double DriveOffsetMv = double.NaN;
        /// <summary>Housing NTC: what it reads above the housing's true temperature. Unit: °C, -10 to 10.</summary>
        public double NtcOffsetC = double.NaN;
    }

    /// <summary>One timed event. <see cref="Line"/> is where it stands in the file, for error messages.</summary>
    public abstract class ScenarioEvent
    {
        /// <summary>When. Unit: s from the start, ≥ 0.</summary>
        public double AtS;
        /// <summary>1-based line of the event in the scenario file (0 when built in code).</summary>
        public int Line;
    }

    /// <summary>Which button.</summary>
    public enum ButtonId { Main, Plus, Minus }

    /// <summary>What the finger does.</summary>
    public enum ButtonAction
    {
        /// <summary>Press and release after <see cref="ButtonEvent.HoldS"/> (default 0.15 s).</summary>
        Press,
        /// <summary>Two presses of 0.12 s with 0.15 s between them.</summary>
        DoublePress,
        /// <summary>Press and keep it down for <see cref="ButtonEvent.HoldS"/> (default 2.5 s), then release.</summary>
        Hold,
        /// <summary>Press and keep it down until an "up" event.</summary>
        Down,
        /// <summary>Release.</summary>
        Up,
        /// <summary>A bouncing contact: <see cref="ButtonEvent.Bounces"/> short closures over 5 ms, then a press as for Press.</summary>
        Bounce,
        /// <summary>The contact is stuck closed (a fault) until an "up".</summary>
        Stuck,
    }

    /// <summary>"type": "button".</summary>
    public sealed class ButtonEvent : ScenarioEvent
    {
        public ButtonId Button;
        public ButtonAction Action;
        /// <summary>How long the button stays down for press/hold. Unit: s; NaN = the action's default.</summary>
        public double HoldS = double.NaN;
        /// <summary>Bounce count for "bounce". Default 4.</summary>
        public int Bounces = 4;
    }

    /// <summary>"type": "depth": the practitioner turns the depth ring.</summary>
    public sealed class DepthEvent : ScenarioEvent
    {
        /// <summary>New ring setting. Unit: mm, 0 to 2.5.</summary>
        public double DepthMm;
    }

    /// <summary>"type": "cartridge": insert or remove.</summary>
    public sealed class CartridgeEvent : ScenarioEvent
    {
        /// <summary>true = insert, false = remove.</summary>
        public bool Insert;
        /// <summary>Needles of an inserted cartridge, 1 to 64. Default 12.</summary>
        public int Needles = 12;
        /// <summary>The inserted cartridge is one that was used before (taken out and put back).</summary>
        public bool Used;
        /// <summary>How the inserted cartridge is built (spring, needle force); NaN fields take the plant's.</summary>
        public CartridgeBuild Build = new CartridgeBuild();
    }

    /// <summary>"type": "skin": the needles meet the skin (contact on) or are lifted (off).</summary>
    public sealed class SkinEvent : ScenarioEvent
    {
        public bool Contact;
        /// <summary>Multiplier on the nominal puncture force. Unit: ×, 0 to 5. Default 1.</summary>
        public double LoadScale = 1;
        /// <summary>The load ramps from its old to its new value over this time. Unit: ms, ≥ 0. Default 50.</summary>
        public double RampMs = 50;
        /// <summary>Hand pressure as the skin plane's offset into the cartridge tip. Unit: mm, -0.5 to 0.5. Default 0.</summary>
        public double PressureMm = 0;
    }

    /// <summary>"type": "bench": one line typed at the bench serial (Pen.Core.Protocol.BenchProtocol); the pen's answer
    /// goes to bench.txt.</summary>
    public sealed class BenchEvent : ScenarioEvent
    {
        /// <summary>The request line, as typed (the protocol itself answers a bad one with its ERR line).</summary>
        public string Command = "";
    }

    /// <summary>"type": "battery": set the state of charge (RP-1).</summary>
    public sealed class BatteryEvent : ScenarioEvent
    {
        /// <summary>State of charge. Unit: fraction 0 to 1.</summary>
        public double StateOfCharge;
    }

    /// <summary>"type": "ambient".</summary>
    public sealed class AmbientEvent : ScenarioEvent
    {
        /// <summary>Unit: °C, -10 to 50.</summary>
        public double Celsius;
    }

    /// <summary>"type": "tick": change the tick pattern from now on.</summary>
    public sealed class TickEvent : ScenarioEvent
    {
        public TickPattern Pattern = new TickPattern();
    }

    /// <summary>The kinds of injected fault.</summary>
    public enum FaultKind
    {
        /// <summary>The needle carrier seizes where it is: the cam stalls when it reaches it.</summary>
        Jam,
        /// <summary>The Hall switch gives no more edges.</summary>
        HallDead,
        /// <summary>The Hall line gets spurious edges (<see cref="FaultEvent.RateHz"/>) and drops real ones (<see cref="FaultEvent.DropProbability"/>).</summary>
        HallNoise,
        /// <summary>An ADC input is disconnected from its sensor (it reads the board's pull level).</summary>
        AdcOpen,
        /// <summary>An ADC input is shorted to ground or to 3.3 V (<see cref="FaultEvent.ToSupply"/>).</summary>
        AdcShort,
        /// <summary>An ADC input reads <see cref="FaultEvent.OffsetMv"/> off.</summary>
        AdcOffset,
        /// <summary>The firmware stops running (no ticks, outputs hold) for <see cref="FaultEvent.DurationMs"/>.</summary>
        Freeze,
        /// <summary>The firmware tick stops once for <see cref="FaultEvent.DurationMs"/> (a long GC pause), then goes on.</summary>
        Pause,
        /// <summary>The motor driver ignores the PWM and applies full duty while enabled (only the enable line stops it).</summary>
        DriverStuckOn,
        /// <summary>Extra friction torque <see cref="FaultEvent.TorqueMnm"/> on the cam (a binding cartridge, a partial jam).</summary>
        Drag,
        /// <summary>A gate input of the enable path (<see cref="FaultEvent.Pin"/>) is stuck at <see cref="FaultEvent.High"/> whatever the MCU drives.</summary>
        GpioStuck,
        /// <summary>OUT1's high-side transistor of the bridge is shorted.</summary>
        BridgeShort,
        /// <summary>The current-sense amplifier has failed: its output sits at its reference (both current inputs read zero current).</summary>
        AmplifierDead,
        /// <summary>The MCU's supply browns out: the MCU is held in reset for <see cref="FaultEvent.DurationMs"/> (its pins float), then boots; the motor's supply stays.</summary>
        BrownOut,
    }

    /// <summary>The gate inputs of the enable path a <see cref="FaultKind.GpioStuck"/> fault may stick.</summary>
    public enum GatePin { MotorPwm, MotorEnable, Heartbeat, MotorDirection }

    /// <summary>Which ADC channel a fault applies to.</summary>
    public enum AdcChannelId { MotorCurrent, SupplyVoltage, HousingNtc, DepthRing, MotorCurrentAveraged, DriveVoltage }

    /// <summary>"type": "fault": inject a fault. Active from AtS for DurationMs (NaN = to the end).</summary>
    public sealed class FaultEvent : ScenarioEvent
    {
        public FaultKind Kind;
        /// <summary>For ADC faults.</summary>
        public AdcChannelId Channel;
        /// <summary>How long. Unit: ms; NaN = until the end of the run. Required for freeze and pause.</summary>
        public double DurationMs = double.NaN;
        /// <summary>AdcOffset: the offset. Unit: mV, -2500 to 2500.</summary>
        public double OffsetMv;
        /// <summary>AdcShort: true = shorted to 3.3 V, false = to ground.</summary>
        public bool ToSupply;
        /// <summary>HallNoise: spurious edges. Unit: edges/s, 0 to 5000.</summary>
        public double RateHz;
        /// <summary>HallNoise: chance that a real edge is lost. Unit: probability 0 to 1.</summary>
        public double DropProbability;
        /// <summary>Drag: the extra friction torque on the cam. Unit: mN·m, &gt; 0 to 20.</summary>
        public double TorqueMnm;
        /// <summary>GpioStuck: which gate input.</summary>
        public GatePin Pin;
        /// <summary>GpioStuck: stuck high (true) or low (false).</summary>
        public bool High = true;
    }

    /// <summary>What happens to the pen's power.</summary>
    public enum PowerAction
    {
        /// <summary>Power is lost (battery pulled, cord out): every output drops, the firmware stops.</summary>
        Off,
        /// <summary>Power returns, or the main button wakes a pen that switched itself off: the firmware boots.</summary>
        On,
        /// <summary>Off, then on 100 ms later.</summary>
        Cycle,
    }

    /// <summary>"type": "power": the pen loses power, gets it back, or both.</summary>
    public sealed class PowerEvent : ScenarioEvent
    {
        public PowerAction Action;
    }
}
