using System;
using System.Collections.Generic;
using Pen.Core;
using Pen.Core.Control;
using Pen.Core.Limits;
using Pen.Core.Safety;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>How a fault is caused in the simulated pen.</summary>
    public enum SafetyFaultKind
    {
        /// <summary>The needle carrier seizes (scenario fault "jam").</summary>
        Jam,
        /// <summary>Extra friction on the cam (scenario fault "drag"): over-current.</summary>
        Drag,
        /// <summary>The driver applies full duty whatever the PWM (scenario fault "driverStuckOn"): overspeed.</summary>
        DriverStuckOn,
        /// <summary>The Hall switch dies (scenario fault "hallDead").</summary>
        HallDead,
        /// <summary>The cartridge is pulled out.</summary>
        CartridgeRemoved,
        /// <summary>The depth reading jumps beyond the active limit (an ADC offset on the depth channel).</summary>
        DepthBeyondLimit,
        /// <summary>An ADC input disconnected.</summary>
        AdcOpen,
        /// <summary>An ADC input shorted to ground.</summary>
        AdcShortGround,
        /// <summary>An ADC input shorted to 3.3 V.</summary>
        AdcShortSupply,
        /// <summary>The firmware stops running (scenario fault "freeze"): only the enable circuit can stop the motor.</summary>
        Freeze,
    }

    /// <summary>One fault of the safety report: how to cause it, its bound, and which codes may report it.</summary>
    public sealed class SafetyFault
    {
        public string Name;
        public SafetyFaultKind Kind;
        public AdcChannelId Channel;
        /// <summary>Longest allowed time from the fault's physical start to driver disabled or duty 0. Unit: ms.</summary>
        public double BoundMs;
        /// <summary>Codes that correctly report it (empty: no code needed, the hardware acts).</summary>
        public FaultCode[] Codes = new FaultCode[0];
        /// <summary>Where the bound comes from (issue text).</summary>
        public string BoundName;

        /// <summary>Every fault the report and the campaign inject, with the bounds.</summary>
        public static SafetyFault[] All()
        {
            var list = new List<SafetyFault>
            {
                new SafetyFault { Name = "jam", Kind = SafetyFaultKind.Jam, BoundMs = 40, BoundName = "jam or stall", Codes = new[] { FaultCode.MotorStall, FaultCode.OverCurrent } },
                new SafetyFault { Name = "over-current (drag 4 mN·m)", Kind = SafetyFaultKind.Drag, BoundMs = 30, BoundName = "over-current", Codes = new[] { FaultCode.OverCurrent, FaultCode.MotorStall } },
                new SafetyFault { Name = "overspeed (driver stuck on)", Kind = SafetyFaultKind.DriverStuckOn, BoundMs = 30, BoundName = "overspeed", Codes = new[] { FaultCode.DriverIgnoresCommand, FaultCode.Overspeed, FaultCode.OverCurrent, FaultCode.MotorStall } },
                new SafetyFault { Name = "Hall sensor dead", Kind = SafetyFaultKind.HallDead, BoundMs = 100, BoundName = "Hall sensor lost", Codes = new[] { FaultCode.HallSensorLost } },
                new SafetyFault { Name = "cartridge removed", Kind = SafetyFaultKind.CartridgeRemoved, BoundMs = 20, BoundName = "cartridge removed", Codes = new[] { FaultCode.CartridgeRemoved } },
                new SafetyFault { Name = "depth beyond limit", Kind = SafetyFaultKind.DepthBeyondLimit, BoundMs = 20, BoundName = "depth beyond the allowed depth", Codes = new[] { FaultCode.DepthBeyondLimit } },
                new SafetyFault { Name = "firmware frozen", Kind = SafetyFaultKind.Freeze, BoundMs = 50, BoundName = "firmware frozen (enable circuit)" },
            };
            AdcChannelId[] channels = { AdcChannelId.MotorCurrent, AdcChannelId.MotorCurrentAveraged, AdcChannelId.SupplyVoltage, AdcChannelId.HousingNtc, AdcChannelId.DepthRing, AdcChannelId.DriveVoltage };
            FaultCode[] codes = { FaultCode.CurrentSenseImplausible, FaultCode.CurrentSenseImplausible, FaultCode.SupplySenseImplausible, FaultCode.NtcImplausible, FaultCode.DepthSensorImplausible, FaultCode.DriveSenseImplausible };
            string[] names = { "current", "averaged current", "supply", "NTC", "depth", "drive voltage" };
            for (int i = 0; i < channels.Length; i++)
            {
                list.Add(new SafetyFault { Name = "ADC " + names[i] + " open", Kind = SafetyFaultKind.AdcOpen, Channel = channels[i], BoundMs = 20, BoundName = "ADC open or shorted", Codes = new[] { codes[i] } });
                list.Add(new SafetyFault { Name = "ADC " + names[i] + " to ground", Kind = SafetyFaultKind.AdcShortGround, Channel = channels[i], BoundMs = 20, BoundName = "ADC open or shorted", Codes = new[] { codes[i] } });
                list.Add(new SafetyFault { Name = "ADC " + names[i] + " to 3.3 V", Kind = SafetyFaultKind.AdcShortSupply, Channel = channels[i], BoundMs = 20, BoundName = "ADC open or shorted", Codes = new[] { codes[i] } });
            }

            return list.ToArray();
        }

        public bool Accepts(FaultCode code)
        {
            if (Codes.Length == 0) return true;
            foreach (FaultCode c in Codes) if (c == code) return true;
            return false;
        }
    }

    /// <summary>The conditions of one trial.</summary>
    public sealed class TrialSetup
    {
        public string Plant = "RP-1";
        public int Seed = 1;
        /// <summary>Bench setpoint. Unit: strokes/s.</summary>
        public double RateHz = 100;
        public bool Skin;
        /// <summary>When the skin contact begins (with <see cref="Skin"/>), after power-on. Unit: s.</summary>
        public double SkinAtS = 1.45;
        public double LoadScale = 1;
        public int Needles = 12;
        /// <summary>Where in the stroke the fault starts: 0 = just after the retracted point, toward 1. Unit: strokes.</summary>
        public double Moment;
        public double JitterMs = 3;
        public double PauseProbability;
        public double StateOfCharge = 0.8;
        public double DepthMm = 1.0;
        /// <summary>Earliest time of the injection (the fault starts at the next stroke plus <see cref="Moment"/>). Unit: s.</summary>
        public double ArmAtS = 1.9;
        /// <summary>How long the run goes on after the injection: the stop (the campaign's slowest cut-off bound is under
        /// 0.1 s), then the requirement's time for the needles to be back in or said to be out
        /// (<see cref="PenLimits.NeedlesInOrSaidMaxMicros"/>, H-31), not the firmware's own bound: a retraction that ran
        /// longer is judged as needles left out unsaid. Unit: s.</summary>
        public double AfterS = RetractionWindowS;

        /// <summary>The default <see cref="AfterS"/>: <see cref="PenLimits.NeedlesInOrSaidMaxMicros"/> and 0.1 s for the stop. Unit: s.</summary>
        public const double RetractionWindowS = PenLimits.NeedlesInOrSaidMaxMicros * 1e-6 + 0.1;
        /// <summary>When the cartridge is seated, after power-on (the firmware measures it then, its chain before the start); NaN:
        /// seated at boot, as the campaign's pens (measured at the first start, the trial's timeline held back while the start
        /// waits for the chain). Unit: s.</summary>
        public double CartridgeSeatedAtS = double.NaN;
        /// <summary>Drag fault torque. Unit: mN·m.</summary>
        public double DragMnm = 4;
        /// <summary>Depth fault: how far beyond the active limit the reading jumps. Unit: mm.</summary>
        public double DepthOvershootMm = 0.5;
        /// <summary>Freeze fault duration. Unit: ms.</summary>
        public double FreezeMs = 300;
        /// <summary>A second fault, or null.</summary>
        public SafetyFault Second;
        /// <summary>Delay of the second fault after the first. Unit: ms.</summary>
        public double SecondDelayMs;
        /// <summary>No fault at all: the whole run is a fault-free segment.</summary>
        public bool FaultFree;
        /// <summary>Called with the plant after every step (the report's plots), or null.</summary>
        public Action<PenPlant> Trace;
        /// <summary>The interpreter's timing preset (InterpreterTiming: esp32, esp32-slow, instant); null: the process's default.</summary>
        public string Interpreter;
    }

    /// <summary>What one trial measured (truth at the plant's step).</summary>
    public sealed class TrialResult
    {
        public SafetyFault Fault;
        public TrialSetup Setup;
        /// <summary>When the fault physically began (NaN: never). Unit: s.</summary>
        public double OnsetS = double.NaN;
        /// <summary>When the injection was made. Unit: s.</summary>
        public double InjectedS = double.NaN;
        /// <summary>First plant step at or after the onset with the driver disabled or duty 0 (NaN: never). Unit: s.</summary>
        public double CutS = double.NaN;
        /// <summary>First tick after the onset that reported a fault (NaN: none). Unit: s.</summary>
        public double DetectedS = double.NaN;
        /// <summary>The first code reported after the onset.</summary>
        public FaultCode Code;
        /// <summary>A fault reported before the onset (a false trip in the fault-free segment), or None.</summary>
        public FaultCode FalseTrip;
        /// <summary>Steps where the motor was driven while an immediate stop or lockout was in force, or ran while a controlled stop was.</summary>
        public int InvariantViolations;
        public string FirstViolation;
        public double MaxWindingC;
        public double MaxHousingC;
        /// <summary>The motor was running (driven) when the fault began.</summary>
        public bool WasRunning;
        /// <summary>Truth at the end of the run: how far the needle tips stand out of the cartridge. Unit: mm.</summary>
        public double NeedleAtRestMm;
        /// <summary>Truth at the end of the run: the cam stands still (|shaft| under 0.5 rev/s) and the driver does not drive it.</summary>
        public bool AtRest;
        /// <summary>The pen said the needles may be out (<see cref="FaultCode.NeedlesMayBeOut"/> raised after the onset).</summary>
        public bool DeclaredNeedlesOut;
        /// <summary>When the pen first said the needles may be out after the onset (NaN: never). Unit: s.</summary>
        public double SaidS = double.NaN;
        /// <summary>The first plant step after the onset at which a retraction was under way (NaN: none ran). Unit: s.</summary>
        public double FirstRetractingS = double.NaN;
        /// <summary>The last plant step after the onset at which a retraction was still under way (NaN: none ran). Unit: s.</summary>
        public double LastRetractingS = double.NaN;
        /// <summary>From the stop (the first retraction's start; the cut where none ran) to the needles in or said to be out
        /// (H-31, <see cref="PenLimits.NeedlesInOrSaidMaxMicros"/>): to the pen's saying so where it did, else to the end of
        /// the last retraction (NaN: no stop, or nothing ran and nothing was said). Unit: s.</summary>
        public double InOrSaidAfterStopS
        {
            get
            {
                double stop = !double.IsNaN(FirstRetractingS) ? FirstRetractingS : CutS;
                return !double.IsNaN(SaidS) ? SaidS - stop : LastRetractingS - stop;
            }
        }

        /// <summary>Why the needles could not be brought in, when physics or the rules say they could not (null: they could).</summary>
        public string ImpossibleBecause;
        /// <summary>The most mean current the shunt comparator let the winding draw forward while it chopped and the cam stood
        /// after the onset (truth: the plant's limit in those steps), or NaN when it never did. Unit: A.</summary>
        public double StalledComparatorForwardAmps = double.NaN;
        /// <summary>As <see cref="StalledComparatorForwardAmps"/>, in reverse. Unit: A.</summary>
        public double StalledComparatorReverseAmps = double.NaN;
        /// <summary>The most mean current the shunt comparator lets a stalled winding draw with the winding as the cut left it
        /// (PenPlant.ComparatorStallMeanAmps at the cut), or NaN when there was no cut. Unit: A.</summary>
        public double ComparatorAtCutAmps = double.NaN;
        /// <summary>
        /// A freeze short enough to be a pause: the tick interval across it stayed within <see cref="PenLimits.TickLateMicros"/>,
        /// no fault was raised, and at the end the pen is running again (the enable circuit dropped the driver for the end of
        /// the freeze and the drive made up the coast, as after any pause the control issue allows). Nothing stopped, so no
        /// needles are at rest to judge.
        /// </summary>
        public bool ResumedAfterPause;

        /// <summary>Needles out of the cartridge at rest, beyond what the tip position can be read to (0.01 mm).</summary>
        public bool NeedlesLeftOut => NeedleAtRestMm > NeedleRestToleranceMm;

        /// <summary>Needles at rest meet the 0 mm bound, or the case is one where retraction is impossible and the pen said so.</summary>
        public bool NeedlesAccountedFor => Fault == null || ResumedAfterPause || (AtRest && (!NeedlesLeftOut || (ImpossibleBecause != null && DeclaredNeedlesOut)));

        /// <summary>How far out counts as out. Unit: mm.</summary>
        public const double NeedleRestToleranceMm = 0.01;

        /// <summary>Cut-off time from the onset. Unit: ms (NaN: never cut).</summary>
        public double CutMs => (CutS - OnsetS) * 1000;
        /// <summary>Detection time from the onset. Unit: ms.</summary>
        public double DetectMs => (DetectedS - OnsetS) * 1000;
        /// <summary>The cut met the bound.</summary>
        public bool WithinBound => Fault == null || (!double.IsNaN(CutS) && CutMs <= Fault.BoundMs + 1e-6);
        /// <summary>The code reported is one that names this fault.</summary>
        public bool CodeCorrect => Fault == null || Fault.Accepts(Code);
    }

    /// <summary>
    /// Runs one fault-injection trial on the simulated pen: start a treatment at the bench setpoint, wait for a
    /// stroke, inject the fault at the chosen moment of the stroke, and measure at every plant step (100 µs) when
    /// the driver is disabled or the duty is 0. Checks the invariants at every step on the way.
    /// </summary>
    public static class SafetyTrial
    {
        /// <param name="fault">The fault to inject (ignored for a fault-free setup).</param>
        /// <param name="setup">The conditions.</param>
        /// <param name="extra">A further sink for every tick's row, or null.</param>
        /// <param name="prepare">Called with the runner before it runs (inspection in tests and diagnostics), or null.</param>
        public static TrialResult Run(SafetyFault fault, TrialSetup setup, ITickSink extra = null, Action<ScenarioRunner> prepare = null)
        {
            var result = new TrialResult { Fault = setup.FaultFree ? null : fault, Setup = setup, MaxWindingC = double.MinValue, MaxHousingC = double.MinValue };
            var s = new Scenario { Name = "safety trial", Plant = setup.Plant, Seed = setup.Seed, DurationS = setup.ArmAtS + 0.1 + setup.AfterS, Interpreter = setup.Interpreter };
            s.Tick = new TickPattern { JitterMs = setup.JitterMs, PauseProbability = setup.PauseProbability, PauseMinMs = 20, PauseMaxMs = 50 };
            if (setup.Plant == "RP-1") s.Initial.StateOfCharge = setup.StateOfCharge;
            s.Initial.Needles = setup.Needles;
            s.Initial.DepthMm = setup.DepthMm;
            if (!double.IsNaN(setup.CartridgeSeatedAtS))
            {
                s.Initial.Cartridge = false;
                s.Events.Add(new CartridgeEvent { AtS = setup.CartridgeSeatedAtS, Insert = true, Needles = setup.Needles });
            }

            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            if (setup.Skin) s.Events.Add(new SkinEvent { AtS = setup.SkinAtS, Contact = true, LoadScale = setup.LoadScale, RampMs = 50 });
            if (!setup.FaultFree && fault.Kind == SafetyFaultKind.Freeze)
            {
                // the freeze is a runner event: place it by time (moment × period after the arm time)
                s.Events.Add(new FaultEvent { AtS = setup.ArmAtS + setup.Moment / setup.RateHz, Kind = FaultKind.Freeze, DurationMs = setup.FreezeMs });
            }

            var runner = new ScenarioRunner(s);
            runner.Schedule(0.05, p => p.QaBench((float)setup.RateHz));
            var probe = new Probe(runner, setup.FaultFree ? null : fault, setup, result);
            runner.Pen.Plant.StepObserver = probe.Step;
            if (setup.Trace != null) runner.Pen.Plant.StepObserver += setup.Trace;
            prepare?.Invoke(runner);
            if (extra == null) runner.Run(probe);
            else runner.Run(probe, extra);
            PenPlant plant = runner.Pen.Plant;
            result.NeedleAtRestMm = plant.NeedleMm;
            result.AtRest = Math.Abs(plant.ShaftHz) < 0.5 && !(plant.DriverEnabled && plant.AppliedDuty > 0);
            result.ImpossibleBecause = ImpossibleBecause(runner.Pen, setup, ReachAtCut(result.StalledComparatorForwardAmps, result.ComparatorAtCutAmps),
                ReachAtCut(result.StalledComparatorReverseAmps, result.ComparatorAtCutAmps));
            var fw = runner.Pen.Firmware;
            result.ResumedAfterPause = fault != null && !setup.FaultFree && fault.Kind == SafetyFaultKind.Freeze && probe.LongestTickIntervalMicros <= PenLimits.TickLateMicros
                                       && probe.FaultsRaised == 0 && fw.Fault == FaultCode.None && fw.Drive.Mode == DriveMode.Running && plant.DriverEnabled;
            return result;
        }

        /// <summary>
        /// Why the needles cannot be brought in after this trial's stop, from the physics and the supervisor's rules, or
        /// null. Physics: a drag beyond what the motor turns at stall at this supply, k_t·V/R (less the return spring's
        /// peak torque); a dead Hall sensor (nothing shows the retracted point). The retraction's current cap
        /// (PenLimits.RetractMaxAmps): a cam held where it rests by more than k_t·I_max (PenPlant.TorqueToTurnFromRestNm:
        /// a drag, the skin's withdrawal force, a jam blocking the way out), or by more than the shunt comparator lets a
        /// stalled winding draw (PenPlant.ComparatorStallMeanAmps, below I_max). Two faults: a drag while the supply input
        /// is broken (the crawl's duty sized for the highest supply turns less than the motor could). Rules: a fault in the
        /// bridge, or in the Hall sensor a retraction needs, forbids the bridge (RetractionRule.BridgeReleased and
        /// Unconfirmable); then only the return spring brings the needles in, and not from within a few degrees of the
        /// bottom of the stroke.
        /// </summary>
        public static string ImpossibleBecause(SimulatedPen pen, TrialSetup setup, double forwardComparatorAmps = double.NaN, double reverseComparatorAmps = double.NaN)
        {
            PenPlant plant = pen.Plant;
            PlantParameters p = plant.Parameters;
            double stallNm = p.TorqueConstantNmPerAmp * plant.BusVolts / (p.MotorResistanceOhms + p.DriverOnResistanceOhms + p.ShuntOhms);
            double springNm = (p.SpringPreloadN + p.SpringRateNPerM * 2 * p.CamEccentricityM) * p.CamEccentricityM;
            if (plant.DragTorqueNm + springNm >= stallNm)
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, "drag {0:F1} mN·m: the motor stalls at {1:F1} mN·m", plant.DragTorqueNm * 1e3, stallNm * 1e3);
            // the rules: a retraction drives the winding to at most PenLimits.RetractMaxAmps; a cam held harder than
            // that turns (a drag, and the skin's withdrawal force on 42 needles, with a jam blocking the way out) stays.
            // Physics: the shunt comparator holds a stalled winding's mean current below its peak limit by half the
            // ripple (about 1.8 A on RP-1), below the rule's 2.0 A: the lower of the two is what turns the cam
            double capNm = p.TorqueConstantNmPerAmp * PenLimits.RetractMaxAmps;
            // the comparator's stall mean each way as the caller gives it (Run: the retraction's reach, ReachAtCut), or its
            // formula at the end where there is none
            double endAmps = plant.ComparatorStallMeanAmps();
            double forwardAmps = double.IsNaN(forwardComparatorAmps) ? endAmps : forwardComparatorAmps;
            double reverseAmps = double.IsNaN(reverseComparatorAmps) ? endAmps : reverseComparatorAmps;
            // each against the whole way in, not only where the cam rests: the need changes on the way (the spring's force and
            // lever, the skin's friction on the needles until they leave it), and a torque that starts the cam but is less
            // than the need further on stops it short with the needles out (PenPlant.TorqueTurnsNeedlesIn)
            plant.TorqueToTurnFromRestNm(out double forwardNm, out double backwardNm);
            double tol = TrialResult.NeedleRestToleranceMm;
            bool heldOut = plant.NeedleMm > tol;
            if (heldOut && !plant.TorqueTurnsNeedlesIn(capNm, true, tol) && !plant.TorqueTurnsNeedlesIn(capNm, false, tol))
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, "held by {0:F1} mN·m forward, {1:F1} backward where it rests, or more on the way in: the retraction's {2:F1} A turns {3:F1} mN·m",
                    forwardNm * 1e3, backwardNm * 1e3, PenLimits.RetractMaxAmps, capNm * 1e3);
            if (heldOut && !plant.TorqueTurnsNeedlesIn(p.TorqueConstantNmPerAmp * forwardAmps, true, tol) && !plant.TorqueTurnsNeedlesIn(p.TorqueConstantNmPerAmp * reverseAmps, false, tol))
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, "held by {0:F2} mN·m forward, {1:F2} backward where it rests, or more on the way in: the shunt comparator holds a stalled winding to {2:F3} A forward, {3:F3} A in reverse",
                    forwardNm * 1e3, backwardNm * 1e3, forwardAmps, reverseAmps);
            if (plant.HallDead) return "the Hall sensor is dead: nothing shows where the retracted point is";
            // the rule (SafetySupervisor, CurrentSenseImplausible): a retraction crawls on the other current input and gives
            // up, saying so, when both have failed: it can neither see nor bound the motor current
            if (Failed(pen.CurrentAdc) && Failed(pen.CurrentAveragedAdc))
                return "both current inputs failed: a retraction can neither see nor bound the motor current";
            SimAdc supply = pen.SupplyAdc;
            if (plant.DragTorqueNm > 0 && (supply.Open || supply.Shorted))
                return "a drag with the supply input failed: the crawl's duty is sized for the highest plausible supply";
                        SafetySupervisor sup = pen.Firmware.Supervisor;
            for (int c = 1; c <= FaultText.MaxCode; c++)
            {
                if (sup.IsActive((FaultCode)c) && sup.RetractionFor((FaultCode)c) >= RetractionRule.BridgeReleased)
                    return "no drive: " + FaultText.Of((FaultCode)c) + " (the return spring alone)";
            }

            return null;
        }

        private static bool Failed(SimAdc adc) => adc.Open || adc.Shorted;

        // the retraction's reach one way (a rule, as PenLimits.RetractMaxAmps is): what the shunt comparator lets the stalled
        // winding draw as the cut left it, no more than it let the winding draw while the crawl pushed that way. The crawl's
        // own current warms the winding and raises the comparator's mean (a hotter winding stalls at a higher duty, where
        // the PWM ripple is smaller) by 1-3 % over a retraction; a cam only that warming turns starts as late as the warming
        // reaches its need, at the end of whatever time a pass has, and is not counted within the reach
        private static double ReachAtCut(double pushedAmps, double atCutAmps)
        {
            if (double.IsNaN(atCutAmps)) return pushedAmps;
            return double.IsNaN(pushedAmps) ? atCutAmps : Math.Min(pushedAmps, atCutAmps);
        }

        private sealed class Probe : ITickSink
        {
            /// <summary>The longest interval between two firmware ticks after the arm time. Unit: µs.</summary>
            public long LongestTickIntervalMicros;
            /// <summary>Ticks after the arm time that reported a fault.</summary>
            public int FaultsRaised;
            private readonly ScenarioRunner _runner;
            private readonly SafetyFault _fault;
            private readonly TrialSetup _setup;
            private readonly TrialResult _r;
            private int _phase;            // 0 wait for arm, 1 wait for a stroke, 2 wait for the moment, 3 injected, 4 onset
            private long _strokesAtArm;
            private double _injectAt;
            private double _secondAt = double.NaN;
            private bool _secondInjected;
            private double _stuckDrivenSince = double.NaN;
            private const double OverspeedBoundS = 0.030;

            public Probe(ScenarioRunner runner, SafetyFault fault, TrialSetup setup, TrialResult r)
            {
                _runner = runner;
                _fault = fault;
                _setup = setup;
                _r = r;
            }

            public void Step(PenPlant plant)
            {
                double t = plant.TimeS;
                SimulatedPen pen = _runner.Pen;
                if (plant.WindingC > _r.MaxWindingC) _r.MaxWindingC = plant.WindingC;
                // the most the shunt comparator let a stalled winding draw each way after the onset (ImpossibleBecause)
                if (_phase == 4 && plant.ChoppedThisStep && Math.Abs(plant.ShaftHz) < 0.5)
                {
                    double amps = plant.ComparatorLimitMeanAmps;
                    if (plant.MotorReverse) { if (!(amps <= _r.StalledComparatorReverseAmps)) _r.StalledComparatorReverseAmps = amps; }
                    else if (!(amps <= _r.StalledComparatorForwardAmps)) _r.StalledComparatorForwardAmps = amps;
                }
                if (plant.HousingC > _r.MaxHousingC) _r.MaxHousingC = plant.HousingC;
                CheckInvariants(pen, plant, t);
                if (_phase == 4 && pen.Powered && !pen.Cpu.InTick)
                {
                    if (pen.Firmware.Supervisor.IsActive(FaultCode.NeedlesMayBeOut))
                    {
                        _r.DeclaredNeedlesOut = true;
                        if (double.IsNaN(_r.SaidS)) _r.SaidS = t;
                    }

                    if (pen.Firmware.Drive.Retraction.Active)
                    {
                        if (double.IsNaN(_r.FirstRetractingS)) _r.FirstRetractingS = t;
                        _r.LastRetractingS = t;
                    }
                }
                if (_fault == null) return;

                switch (_phase)
                {
                    case 0:
                        // the scenario's time: a start that waited for the cartridge's chain held the timeline back (ScenarioRunner.HeldS)
                        if (_runner.ScenarioTimeS(t) >= _setup.ArmAtS)
                        {
                            _strokesAtArm = plant.Strokes;
                            _phase = 1;
                            if (_fault.Kind == SafetyFaultKind.Freeze) { _injectAt = _setup.ArmAtS + _runner.HeldS + _setup.Moment / _setup.RateHz; _phase = 2; }
                        }

                        break;
                    case 1:
                        if (plant.Strokes > _strokesAtArm || _runner.ScenarioTimeS(t) > _setup.ArmAtS + 0.1)
                        {
                            _injectAt = t + _setup.Moment / _setup.RateHz;
                            _phase = 2;
                        }

                        break;
                    case 2:
                        if (t + 1e-9 >= _injectAt)
                        {
                            _r.WasRunning = pen.Firmware.Drive.Mode == DriveMode.Running && plant.DriverEnabled;
                            _r.InjectedS = t;
                            Inject(_fault, pen, plant);
                            _phase = 3;
                            if (_setup.Second != null) _secondAt = t + _setup.SecondDelayMs * 1e-3;
                            // a drag begins to harm when the current crosses the limit or the cam stalls, a jam when the cam
                            // meets it (on the carrier's way out: where the jam finds the carrier on its way in, at the next stroke)
                            if (_fault.Kind != SafetyFaultKind.Drag && _fault.Kind != SafetyFaultKind.Jam) Onset(t);
                        }

                        break;
                    case 3:
                        // over-current begins when the current crosses the limit, or when the drag stalls the cam; a jam when
                        // the cam meets it
                        if (_fault.Kind == SafetyFaultKind.Jam ? plant.JamBlocking
                            : Math.Abs(plant.MotorCurrentA) >= PenLimits.OverCurrentHazardAmps || plant.JamBlocking || Math.Abs(plant.ShaftHz) < 1) Onset(t);
                        else if (!plant.DriverEnabled || plant.AppliedDuty == 0)
                        {
                            // cut before the current ever crossed the limit: caught before it was an over-current
                            Onset(t);
                        }

                        break;
                }

                if (!double.IsNaN(_secondAt) && t + 1e-9 >= _secondAt)
                {
                    Inject(_setup.Second, pen, plant);
                    _secondAt = double.NaN;
                    _secondInjected = true;
                }

                if (_phase == 4 && double.IsNaN(_r.CutS) && (!plant.DriverEnabled || plant.AppliedDuty == 0))
                {
                    _r.CutS = t;
                    _r.ComparatorAtCutAmps = plant.ComparatorStallMeanAmps();
                }
            }

            private void Onset(double t)
            {
                _r.OnsetS = t;
                _phase = 4;
            }

            private void CheckInvariants(SimulatedPen pen, PenPlant plant, double t)
            {
                // inside a tick the action is decided before its outputs are written (at their own instants, the
                // duty near the end): the outputs are judged once the tick's work has ended
                if (!pen.Powered || pen.Cpu.InTick) return;
                SafetyAction action = pen.Firmware.SafetyAction;
                bool driven = plant.DriverEnabled && plant.AppliedDuty > 0;
                // after an immediate stop the drive may bring the needles in, when no active fault forbids the bridge
                bool retracting = pen.Firmware.Drive.Mode == DriveMode.Retracting && pen.Firmware.Supervisor.RetractionAllowed;
                string broken = null;
                if (action >= SafetyAction.ImmediateStop && driven && !plant.DriverStuckOn && !retracting) broken = "driven during " + action;
                // a driver that sticks while a retraction drives it must be cut as fast as one that sticks while running
                if (action >= SafetyAction.ImmediateStop && plant.DriverEnabled && plant.DriverStuckOn)
                {
                    if (double.IsNaN(_stuckDrivenSince)) _stuckDrivenSince = t;
                    if (!retracting || t - _stuckDrivenSince > OverspeedBoundS) broken = "stuck driver enabled during " + action;
                }
                else _stuckDrivenSince = double.NaN;
                if (action == SafetyAction.ControlledStop && pen.Firmware.Drive.Mode == DriveMode.Running) broken = "running during a controlled stop";
                if (broken == null) return;
                _r.InvariantViolations++;
                if (_r.FirstViolation == null) _r.FirstViolation = broken + string.Format(System.Globalization.CultureInfo.InvariantCulture, " at {0:F4} s", t);
            }

            public void OnTick(in TickRow row)
            {
                if (_runner.ScenarioTimeS(row.TimeS) >= _setup.ArmAtS)
                {
                    if (row.Fault != 0) FaultsRaised++;
                    // the interval the firmware's own tick check judged (read after the tick, never inside one)
                    if (row.FirmwareRan) LongestTickIntervalMicros = Math.Max(LongestTickIntervalMicros, _runner.Pen.Firmware.Frame.TickIntervalMicros);
                }

                if (row.Fault == 0) return;
                // the firmware caught a drag before the current crossed the limit: count from the injection; once a
                // second fault is in, a code that does not name the drag is the second fault's (its own code or a
                // neighbour's, e.g. an offset depth reading beyond the sensor's span), and the drag's onset stays physical
                if (_phase == 3 && _fault.Accepts((FaultCode)row.Fault)) Onset(_r.InjectedS);
                else if (_phase == 3 && _secondInjected) return;
                if (_phase < 4 || row.TimeS < _r.OnsetS)
                {
                    if (_r.FalseTrip == FaultCode.None) _r.FalseTrip = (FaultCode)row.Fault;
                    return;
                }

                if (double.IsNaN(_r.DetectedS))
                {
                    _r.DetectedS = row.TimeS;
                    _r.Code = (FaultCode)row.Fault;
                }
            }

            private void Inject(SafetyFault f, SimulatedPen pen, PenPlant plant)
            {
                switch (f.Kind)
                {
                    case SafetyFaultKind.Jam: plant.Jammed = true; break;
                    case SafetyFaultKind.Drag: plant.DragTorqueNm = _setup.DragMnm * 1e-3; break;
                    case SafetyFaultKind.DriverStuckOn: plant.DriverStuckOn = true; break;
                    case SafetyFaultKind.HallDead: plant.HallDead = true; break;
                    case SafetyFaultKind.CartridgeRemoved:
                        plant.CartridgePresent = false;
                        pen.CartridgeSwitch.Level = true;
                        break;
                    case SafetyFaultKind.DepthBeyondLimit:
                    {
                        // lift the reading to the active limit plus the overshoot (≈ 640 mV/mm on the nominal line)
                        double limit = pen.Firmware.Treatment.ActiveDepthLimitMm;
                        double reading = pen.Firmware.Frame.DepthMm;
                        pen.DepthAdc.FaultOffsetVolts = (limit + _setup.DepthOvershootMm - reading) * 0.64;
                        break;
                    }
                    case SafetyFaultKind.AdcOpen: pen.Adc(f.Channel).Open = true; break;
                    case SafetyFaultKind.AdcShortGround: pen.Adc(f.Channel).Shorted = true; pen.Adc(f.Channel).ShortedToSupply = false; break;
                    case SafetyFaultKind.AdcShortSupply: pen.Adc(f.Channel).Shorted = true; pen.Adc(f.Channel).ShortedToSupply = true; break;
                    case SafetyFaultKind.Freeze: break; // a scenario event (see Run)
                }
            }
        }
    }
}
