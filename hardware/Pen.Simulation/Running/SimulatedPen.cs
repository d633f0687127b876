using Pen.Core;
using Pen.Core.Board;
using Pen.Core.Ports;
using Pen.Core.Protocol;
using Pen.Core.Records;
using System.Collections.Generic;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Running
{
    /// <summary>
    /// A whole simulated pen: the plant, its peripherals wired as on the reference board (nf.config), and the
    /// portable firmware core driving them through the same ports the ESP32 adapters implement.
    /// </summary>
    public sealed class SimulatedPen
    {
        /// <param name="p">The plant's true parameters.</param>
        /// <param name="seed">Seed of this unit's part tolerances, noise and skin.</param>
        /// <param name="initial">The pen and its surroundings at t = 0.</param>
        /// <param name="timing">The interpreter's timing (default: the named default).</param>
        /// <param name="sensing">Sensing chains given exactly (null or NaN fields: drawn from the seed).</param>
        /// <param name="told">What the firmware is told about its motor (null or NaN fields: its board variant's datasheet values).</param>
        /// <summary>
        /// The core's static constructors, run before the firmware starts, as nanoCLR runs them: at assembly load, on its
        /// static-constructor thread, before the application's threads (nf-interpreter src/CLR/Core/Execution.cpp, the
        /// static constructor thread; nanoframework/Home#1330 describes it), so never inside a tick. Desktop .NET would run
        /// each at first use, inside the first tick that touches the class, and the tick meter would count its allocations there.
        /// </summary>
        private static void RunStaticConstructors()
        {
            if (s_staticsRun) return;
            foreach (System.Type t in typeof(PenFirmware).Assembly.GetTypes()) System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(t.TypeHandle);
            s_staticsRun = true;
        }

        private static volatile bool s_staticsRun;

        public SimulatedPen(PlantParameters p, int seed, InitialConditions initial, InterpreterTiming timing = null, SensingTruth sensing = null, FirmwareTold told = null)
        {
            Cpu = new SimCpu(timing ?? InterpreterTiming.ForName(InterpreterTiming.DefaultName));
            Parameters = p;
            sensing ??= new SensingTruth();
            double soc = double.IsNaN(initial.BatteryOcvVolts) ? initial.StateOfCharge : Supply.StateOfChargeAt(initial.BatteryOcvVolts);
            Plant = new PenPlant(p, seed, soc, initial.AmbientC);
            Ring = new DepthRing(p, seed);
            Ring.Set(initial.DepthMm);
            Plant.DepthMm = Ring.ActualMm;
            Plant.CartridgePresent = initial.Cartridge;
            SeatCartridge(initial.Needles, initial.CartridgeBuild);

            // each part's tolerance is drawn in this order whatever the scenario gives exactly, so that giving one
            // leaves every other draw of the seed as it was
            SplitMix unit = SplitMix.For(seed, "board-unit");
            double dividerRatio = p.DividerBottomOhms / (p.DividerTopOhms + p.DividerBottomOhms) * Given(sensing.SupplyGain, 1 + unit.NextSigned() * p.DividerTolerance);
            _ntcR25 = p.NtcR25Ohms * (1 + unit.NextSigned() * p.NtcTolerance);
            // the amplifier's gain error and the shunt's tolerance both scale the current-sense chain's gain
            double ampError = unit.NextSigned() * p.CurrentAmplifierGainError, shuntError = unit.NextSigned() * p.ShuntTolerance;
            CurrentSenseGainFactor = Given(sensing.CurrentGain, (1 + ampError) * (1 + shuntError));
            double reference = p.CurrentSenseReferenceMillivolts * 1e-3 * (1 + unit.NextSigned() * p.CurrentSenseReferenceTolerance);
            Plant.CurrentSenseReferenceVolts = double.IsNaN(sensing.CurrentOffsetMv) ? reference : (p.CurrentSenseReferenceMillivolts + sensing.CurrentOffsetMv) * 1e-3;
            _ntcBeta = p.NtcBetaKelvin * (1 + unit.NextSigned() * p.NtcBetaTolerance);
            _ntcPullUp = p.NtcPullUpOhms * (1 + unit.NextSigned() * p.NtcPullUpTolerance);
            _ntcSupplyVolts = p.NtcSupplyMillivolts * 1e-3 * (1 + unit.NextSigned() * p.NtcSupplyTolerance);
            if (!double.IsNaN(sensing.NtcOffsetC))
            {
                // an NTC that reads offsetC above the truth: the nominal parts at the truth plus the offset
                _ntcR25 = p.NtcR25Ohms;
                _ntcBeta = p.NtcBetaKelvin;
                _ntcPullUp = p.NtcPullUpOhms;
                _ntcSupplyVolts = p.NtcSupplyMillivolts * 1e-3;
                _ntcOffsetC = sensing.NtcOffsetC;
            }

            double ampGain = CurrentSenseGainFactor;
            double supplyOffsetVolts = Given(sensing.SupplyOffsetMv, 0) * 1e-3, driveOffsetVolts = Given(sensing.DriveOffsetMv, 0) * 1e-3;

            AdcChip = new Esp32Adc(p, seed);
            // a failed amplifier (AmplifierDead) sits at its reference: both inputs read zero current
            CurrentAdc = new SimAdc(p, AdcChip, () => Plant.CurrentSenseReferenceVolts + (AmplifierDead ? 0 : (Plant.CurrentSenseVolts - Plant.CurrentSenseReferenceVolts) * ampGain), 0.0, seed, "current");
            CurrentAdc.ExtraNoiseVolts = () => Plant.CurrentSenseRippleVolts;
            CurrentAveragedAdc = new SimAdc(p, AdcChip, () => Plant.CurrentSenseReferenceVolts + (AmplifierDead ? 0 : (Plant.CurrentSenseAveragedVolts - Plant.CurrentSenseReferenceVolts) * ampGain), 0.0, seed, "current-averaged");
            CurrentAveragedAdc.ExtraNoiseVolts = () => Plant.CurrentSenseRippleVolts * p.CurrentFilterMicros / p.AveragedCurrentFilterMicros;
            SupplyDividerRatio = dividerRatio;
            SupplyAdc = new SimAdc(p, AdcChip, () => Plant.BusVolts * dividerRatio + supplyOffsetVolts, 0.0, seed, "supply");
            // the drive input has its own divider (same values, its own tolerance)
            double driveDividerRatio = p.DividerBottomOhms / (p.DividerTopOhms + p.DividerBottomOhms) * Given(sensing.DriveGain, 1 + unit.NextSigned() * p.DividerTolerance);
            DriveAdc = new SimAdc(p, AdcChip, () => Plant.DriveSenseVolts * driveDividerRatio + driveOffsetVolts, 0.0, seed, "drive");
            NtcAdc = new SimAdc(p, AdcChip, () => NtcVolts(Plant.Thermal.NtcC), _ntcSupplyVolts, seed, "ntc");
            DepthAdc = new SimAdc(p, AdcChip, () => Ring.SensorVolts(Ring.ActualMm), 0.0, seed, "depth");
            foreach (SimAdc adc in new[] { CurrentAdc, CurrentAveragedAdc, SupplyAdc, DriveAdc, NtcAdc, DepthAdc }) adc.Moment = ConversionMoment;

            Circuit = new EnableCircuit(Plant, p.GatePullDowns != 0);
            Pwm = new SimPwm(Circuit, (int)p.PwmFrequencyHz, p.PwmDropsFirstDutyAfterZero);
            CamPulses = new SimPulseCounter(Plant, new SimPcnt(Plant.Hall, (int)p.PcntFilterNanoseconds, p));
            MotorEnable = new SimOutput(level => { Circuit.Enable.McuLevel = level; Circuit.Apply(); });
            MotorDirection = new SimOutput(level => { Circuit.Direction.McuLevel = level; Circuit.Apply(); });
            Heartbeat = new SimOutput(level => { Circuit.Heartbeat.McuLevel = level; Circuit.Apply(); });
            ButtonMain = new SimButton(true);
            ButtonPlus = new SimButton(true);
            ButtonMinus = new SimButton(true);
            CartridgeSwitch = new SimInput(!initial.Cartridge);

            Ports = new PenPorts
            {
                MotorPwm = new TimedPorts.Pwm(Pwm, Cpu),
                MotorEnable = new TimedPorts.Output(MotorEnable, Cpu),
                MotorDirection = new TimedPorts.Output(MotorDirection, Cpu),
                CamPulses = new TimedPorts.Counter(CamPulses, Cpu),
                CamHallLevel = new TimedPorts.PinInput(new SimLevelInput(() => Plant.HallLevelHigh), Cpu),
                MotorCurrent = new TimedPorts.Adc(CurrentAdc, Cpu),
                MotorCurrentAveraged = new TimedPorts.Adc(CurrentAveragedAdc, Cpu),
                DriveVoltage = new TimedPorts.Adc(DriveAdc, Cpu),
                SupplyVoltage = new TimedPorts.Adc(SupplyAdc, Cpu),
                HousingNtc = new TimedPorts.Adc(NtcAdc, Cpu),
                DepthRing = new TimedPorts.Adc(DepthAdc, Cpu),
                ButtonMain = new TimedPorts.ButtonInput(ButtonMain, Cpu),
                ButtonPlus = new TimedPorts.ButtonInput(ButtonPlus, Cpu),
                ButtonMinus = new TimedPorts.ButtonInput(ButtonMinus, Cpu),
                CartridgeSwitch = new TimedPorts.PinInput(CartridgeSwitch, Cpu),
                LedGreen = new TimedPorts.Output(LedGreen, Cpu),
                LedAmber = new TimedPorts.Output(LedAmber, Cpu),
                LedRed = new TimedPorts.Output(LedRed, Cpu),
                Buzzer = new TimedPorts.Output(Buzzer, Cpu),
                Heartbeat = new TimedPorts.Output(Heartbeat, Cpu),
                Flash = Flash,
                Power = PowerLatch,
                Random = new SimRandom(seed),
            };
            Clock = _clock = new SimClock(Plant);
            Board = p.SupplyIsBattery ? BoardVariant.Battery1S() : BoardVariant.Corded7V4();
            if (told != null)
                Board = Board.WithMotor((float)Given(told.MotorBackEmfVoltSecondsPerRad, 0), (float)Given(told.MotorResistanceOhms, 0),
                    (float)Given(told.MotorNoLoadAmps, 0), (float)Given(told.RotorInertiaKgM2, 0));
            DeviceId = Factory.FactoryRecords.DeviceIdFor(seed);
            // factory: each pen leaves with its identity and key, and its own ADC, depth and supply calibration in its records
            Factory.FactoryRecords.Provision(this);
            if (initial.FactoryCalibrated)
            {
                Factory.AdcCalibrationBench.CalibrateAndStore(this, seed);
                Factory.DepthCalibrationBench.CalibrateAndStore(this, initial.DepthCalibrationOffsetDetents);
                Factory.SupplyCalibrationBench.CalibrateAndStore(this, seed);
            }
            // the last factory step: the pen identifies its motor on the bare cam (a twin of this unit runs the firmware's chain)
            if (initial.MotorIdentified)
            {
                // a planted fault: the record of the variant's nominal motor, identified before this one was fitted
                PlantParameters identified = initial.MotorRecordOfNominal ? (p.SupplyIsBattery ? PlantParameters.Rp1() : PlantParameters.Rp2()) : p;
                string motor = Factory.MotorIdentificationBench.Record(identified, seed, Cpu.Timing, sensing, told);
                if (motor != null) Factory.FactoryRecords.StoreDurable(this, global::Pen.Core.Commissioning.MotorRecord.Slot, motor);
            }

            // the cartridge seated at power-on measured before it, on a twin of this pen with this cartridge
            if (initial.CartridgeIdentified && initial.Cartridge)
            {
                string cartridge = Factory.CartridgeIdentificationBench.Record(p, seed, Cpu.Timing, sensing, told, initial);
                if (cartridge != null) Factory.FactoryRecords.StoreDurable(this, global::Pen.Core.Commissioning.CartridgeRecord.Slot, cartridge);
            }
            RunStaticConstructors();
            Firmware = new PenFirmware(Ports, Board);
            Powered = true;
            // a flash write runs inside the interpreter's native call: inside the tick it is the tick's time, from another
            // thread (the bench serial's) it stops every thread; the instant preset takes no time for either
            Flash.Settle();
            if (!Cpu.Timing.Timed) Flash.Timing = FlashTiming.Instant();
            Flash.Now = () => Cpu.InTick ? Cpu.TickNowMicros : Plant.NowMicros;
            Flash.Busy = (start, micros) =>
            {
                if (Cpu.InTick) Cpu.Native(micros);
                else Cpu.PauseEverything(start, micros, "flash");
            };
        }

        /// <summary>The ESP32's CPU as the interpreter shares it: tick timing, other threads, flash writes, collections.</summary>
        public SimCpu Cpu { get; }

        /// <summary>
        /// What an ADC conversion's noise is keyed by (<see cref="SimAdc.Moment"/>): inside a firmware tick the tick's due
        /// time (odd), which the tick's own work (its interpreter time) does not move; outside one the plant's clock (even).
        /// </summary>
        private long ConversionMoment() => Cpu.InTick ? 2 * Cpu.LastTick.DueMicros + 1 : 2 * Plant.NowMicros;

        /// <summary>The pen's identity, as the factory provisioned it (its key: Factory/FactoryRecords.KeyOf).</summary>
        public string DeviceId { get; }

        /// <summary>The flash file system (durable records and the log); survives power cycles.</summary>
        public SimFlashFiles Flash { get; } = new SimFlashFiles();

        /// <summary>
        /// The QA bench tool at the bench serial: opens a service session if none is open (AUTH, and the answer computed
        /// with the key the factory gave this pen, as the technician's tool does), then sets the QA bench rate: a start is
        /// then a QA run at this rate. Called again, it keeps the session from closing idle. Unit: strokes/s.
        /// </summary>
        public void QaBench(float strokesPerSecond)
        {
            var bench = new BenchProtocol(Firmware, Board);
            if (!Firmware.Service.Open)
            {
                string challenge = bench.Handle("AUTH");
                if (!challenge.StartsWith("CHALLENGE ", System.StringComparison.Ordinal)) throw new System.InvalidOperationException("QA bench: " + challenge);
                string text = challenge.Substring(10, challenge.IndexOf('\n') - 10);
                string opened = bench.Handle("AUTH " + ServiceSession.Response(Factory.FactoryRecords.KeyOf(DeviceId), text));
                if (!opened.StartsWith("SERVICE open", System.StringComparison.Ordinal)) throw new System.InvalidOperationException("QA bench: " + opened);
            }

            Firmware.Service.Touch(Firmware.Frame.NowMicros);
            Firmware.SetBenchSetpoint(strokesPerSecond);
        }

        /// <summary>The records on the flash as the next boot would read them (a reader's view: writes nothing).</summary>
        public PenRecords ReadRecords()
        {
            var records = new PenRecords(Flash);
            records.Load();
            return records;
        }

        /// <summary>Every log record on the flash, oldest first (as the next boot would read them).</summary>
        public List<string> LogRecords()
        {
            PenRecords records = ReadRecords();
            var all = new List<string>();
            for (int i = 0; i < records.Count; i++) all.Add(records.Read(i));
            return all;
        }
        /// <summary>The soft power latch.</summary>
        public SimPowerLatch PowerLatch { get; } = new SimPowerLatch();
        /// <summary>The MCU has power and the firmware runs.</summary>
        public bool Powered { get; private set; }
        /// <summary>How often the firmware has booted (1 after construction and the first boot).</summary>
        public int Boots { get; private set; }

        /// <summary>
        /// Power lost, latch released, or the MCU's supply browned out: the MCU stops and its pins float as inputs; the
        /// enable path's pull-downs hold the gate inputs low (EnableCircuit), and the LEDs and buzzer go off. The plant
        /// keeps its state (the motor coasts).
        /// </summary>
        public void PowerDown()
        {
            Powered = false;
            Circuit.SetFloating(true);
            Pwm.SetDuty(0f);
            MotorEnable.Write(false);
            MotorDirection.Write(false);
            LedGreen.Write(false);
            LedAmber.Write(false);
            LedRed.Write(false);
            Buzzer.Write(false);
            // a flash write still running is cut where it got to
            Flash.PowerLoss(Plant.NowMicros);
        }

        /// <summary>Power back: a new firmware instance boots on the same ports and the same persistent records, its clock from 0.</summary>
        public void PowerUp(long nowMicros)
        {
            Powered = true;
            Circuit.SetFloating(false);
            PowerLatch.Released = false;
            // esp_timer starts again with the MCU: the firmware's clock counts from this power-up
            BootMicros = nowMicros;
            CamPulses.BootMicros = nowMicros;
            _clock.BootMicros = nowMicros;
            Firmware = new PenFirmware(Ports, Board);
            OpenButtons();
            Firmware.Boot(0);
            Boots++;
        }

        /// <summary>The current-sense amplifier has failed: its output sits at its reference.</summary>
        public bool AmplifierDead;

        /// <summary>A gate input of the enable path shorted to a level (a fault): the MCU's writes no longer reach the circuit.</summary>
        public void StickPin(GatePin pin, bool high)
        {
            Gate(pin).StuckAt = high;
            Circuit.Apply();
        }

        /// <summary>The short is gone.</summary>
        public void UnstickPin(GatePin pin)
        {
            Gate(pin).StuckAt = null;
            Circuit.Apply();
        }

        private GateInput Gate(GatePin pin)
        {
            switch (pin)
            {
                case GatePin.MotorPwm: return Circuit.Pwm;
                case GatePin.MotorEnable: return Circuit.Enable;
                case GatePin.Heartbeat: return Circuit.Heartbeat;
                default: return Circuit.Direction;
            }
        }

        private long _mainDownSinceMicros = -1;

        /// <summary>
        /// The push-button power controller (nf.config powerSwitch): main held for <see cref="PlantParameters.PowerOffHoldMs"/>
        /// switches the regulator off in hardware, whatever the firmware does; the pen stays off until main is released
        /// and pressed again. Call at every tick, frozen firmware or not.
        /// </summary>
        public void UpdatePowerSwitch(long nowMicros)
        {
            bool down = !ButtonMain.Level;
            if (!down)
            {
                _mainDownSinceMicros = -1;
                WaitsForRelease = false;
                return;
            }

            if (_mainDownSinceMicros < 0) _mainDownSinceMicros = nowMicros;
            if (!Powered || nowMicros - _mainDownSinceMicros < (long)(Parameters.PowerOffHoldMs * 1000)) return;
            PowerDown();
            PowerLatch.Released = true;
            WaitsForRelease = true;
            ForcedOffs++;
        }

        /// <summary>The power switch forced the pen off and waits for main to be released before a press can wake it.</summary>
        public bool WaitsForRelease { get; private set; }

        /// <summary>How often the power switch forced the pen off.</summary>
        public int ForcedOffs { get; private set; }

        /// <summary>First boot at t = 0.</summary>
        public void FirstBoot()
        {
            OpenButtons();
            Firmware.Boot(0);
            Boots = 1;
        }

        public PlantParameters Parameters { get; }
        public PenPlant Plant { get; }
        public DepthRing Ring { get; }
        /// <summary>The pen's ADC1 (one chip: its reference, offset and bends), shared by every channel.</summary>
        public Esp32Adc AdcChip { get; }
        /// <summary>This unit's current-sense gain against nominal: the amplifier's gain error times the shunt's tolerance. Unit: 1.</summary>
        public double CurrentSenseGainFactor { get; }
        public SimAdc CurrentAdc { get; }
        /// <summary>The averaged current input (10 ms RC): the speed loop's.</summary>
        public SimAdc CurrentAveragedAdc { get; }
        /// <summary>The drive-voltage input (motor terminal through the supply's divider, 1 ms RC).</summary>
        public SimAdc DriveAdc { get; }
        public SimAdc SupplyAdc { get; }
        /// <summary>This unit's supply divider, pin voltage over supply voltage (its resistors' tolerance included).</summary>
        public double SupplyDividerRatio { get; }
        public SimAdc NtcAdc { get; }
        public SimAdc DepthAdc { get; }
        public SimPwm Pwm { get; }
        /// <summary>The cam Hall counter (PCNT with nanoFramework's read).</summary>
        public SimPulseCounter CamPulses { get; }
        /// <summary>The enable path's gate inputs between the MCU and the bridge (pull-downs, floating pins, stuck pins).</summary>
        public EnableCircuit Circuit { get; }
        public SimOutput MotorEnable { get; }
        /// <summary>The bridge's PH input (high = reverse).</summary>
        public SimOutput MotorDirection { get; }
        public SimOutput Heartbeat { get; }
        public SimOutput LedGreen { get; } = new SimOutput();
        public SimOutput LedAmber { get; } = new SimOutput();
        public SimOutput LedRed { get; } = new SimOutput();
        public SimOutput Buzzer { get; } = new SimOutput();
        public SimButton ButtonMain { get; }
        public SimButton ButtonPlus { get; }
        public SimButton ButtonMinus { get; }
        public SimInput CartridgeSwitch { get; }
        public PenPorts Ports { get; }
        public IMicrosecondClock Clock { get; }
        private readonly SimClock _clock;

        /// <summary>
        /// When the MCU last powered up, on the plant's clock (0: the first boot at t = 0). The firmware's time (its ticks,
        /// the pulse counter's read time, <see cref="Clock"/>) is esp_timer's, µs since that power-up, as on the device;
        /// the plant, the bench and the truth logs keep the plant's clock. Unit: µs.
        /// </summary>
        public long BootMicros { get; private set; }

        /// <summary>A time on the plant's clock as the firmware's clock gives it (µs since the last power-up).</summary>
        public long FirmwareMicros(long plantMicros) => plantMicros - BootMicros;
        public BoardVariant Board { get; }
        public PenFirmware Firmware { get; private set; }

        /// <summary>The ADC channel for a fault target.</summary>
        public SimAdc Adc(AdcChannelId id)
        {
            switch (id)
            {
                case AdcChannelId.MotorCurrent: return CurrentAdc;
                case AdcChannelId.MotorCurrentAveraged: return CurrentAveragedAdc;
                case AdcChannelId.DriveVoltage: return DriveAdc;
                case AdcChannelId.SupplyVoltage: return SupplyAdc;
                case AdcChannelId.HousingNtc: return NtcAdc;
                default: return DepthAdc;
            }
        }

        /// <summary>The application opens the buttons' pins before the core boots (Pen.Firmware Program.Start).</summary>
        private void OpenButtons()
        {
            ButtonMain.Open();
            ButtonPlus.Open();
            ButtonMinus.Open();
        }

        /// <summary>Turns the depth ring.</summary>
        public void SetDepth(double mm)
        {
            Ring.Set(mm);
            Plant.DepthMm = Ring.ActualMm;
        }

        private readonly double _ntcR25, _ntcBeta, _ntcPullUp, _ntcSupplyVolts, _ntcOffsetC;

        /// <summary>
        /// The current-sense inputs' pin voltage for a steady average shunt current, with this unit's parts (reference,
        /// amplifier gain and shunt at their tolerance, the amplifier's input offset), as the plant's chain gives it. Unit: V.
        /// </summary>
        public double CurrentSensePinVolts(double shuntAmps)
        {
            double reference = Plant.CurrentSenseReferenceVolts;
            double senseIn = Parameters.CurrentAmplifierGain * (Parameters.ShuntOhms * shuntAmps + Parameters.CurrentAmplifierOffsetVolts) + reference;
            return reference + (senseIn - reference) * CurrentSenseGainFactor;
        }

        /// <summary>The value given, or the drawn one when the given is NaN.</summary>
        private static double Given(double given, double drawn) { return double.IsNaN(given) ? drawn : given; }

        /// <summary>
        /// A cartridge is seated: its needles, and its spring and needle force where given (NaN: the plant's parameters).
        /// </summary>
        public void SeatCartridge(int needles, CartridgeBuild build)
        {
            Plant.Needles = needles;
            Plant.SpringPreloadN = build == null ? Parameters.SpringPreloadN : Given(build.SpringPreloadN, Parameters.SpringPreloadN);
            Plant.SpringRateNPerM = build == null ? Parameters.SpringRateNPerM : Given(build.SpringRateNPerM, Parameters.SpringRateNPerM);
            Plant.NeedleForceN = build == null ? Parameters.PunctureForcePerNeedleN : Given(build.NeedleForceN, Parameters.PunctureForcePerNeedleN);
        }

        /// <summary>
        /// The NTC divider's pin voltage at a thermistor temperature, with this unit's parts (R25, beta, pull-up and the
        /// 3.3 V rail each at their tolerance). Unit: V.
        /// </summary>
        public double NtcVolts(double celsius)
        {
            // R = R25·exp(B·(1/T − 1/T25)); NTC to ground under a pull-up to the NTC supply (3.3 V)
            double kelvin = celsius + _ntcOffsetC + 273.15;
            double r = _ntcR25 * System.Math.Exp(_ntcBeta * (1 / kelvin - 1 / 298.15));
            return _ntcSupplyVolts * r / (r + _ntcPullUp);
        }
    }
}
