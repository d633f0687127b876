using Pen.Core.Board;
using Pen.Core.Controls;
using Pen.Core.Ports;

namespace Pen.Core
{
    /// <summary>
    /// Everything the firmware read in one tick, raw and scaled, filled once at the start of the tick and read by
    /// every part after it (drive, safety, treatment). One instance, reused: no allocation.
    /// </summary>
    public sealed class SensorFrame
    {
        // Timing of the controls: PenLimits (TREATMENT region).
        private const long DebounceMicros = Limits.PenLimits.ButtonDebounceMicros;
        private const long HoldMicros = Limits.PenLimits.ButtonHoldMicros;
        private const long DoublePressMicros = Limits.PenLimits.ButtonDoublePressMicros;

        /// <summary>Time of this tick. Unit: µs since boot.</summary>
        public long NowMicros;
        /// <summary>Time since the previous tick. Unit: µs, ≥ 0 (0 on the first tick).</summary>
        public long TickIntervalMicros;
        /// <summary>
        /// The flash was written since the previous tick (Records/PenRecords: only while the drive was off). A write
        /// stalls the interpreter for its duration (an erase up to 0.4 s), so this interval's length is the flash's doing.
        /// </summary>
        public bool FlashWrittenSinceLastTick;

        /// <summary>
        /// This tick ends an interval longer than the enable circuit's hold (a pause of the firmware): the circuit
        /// took the driver away for the end of it and the motor coasted, whatever the firmware had asked for.
        /// </summary>
        public bool EnableLapsed;

        /// <summary>Pulse counter: edges since start, as <see cref="PulseGuard"/> accepted them (a read at a wrap of the hardware count is not taken).</summary>
        public long PulseCount;
        /// <summary>Pulse counter: when <see cref="PulseCount"/> was latched. Unit: µs since boot.</summary>
        public long PulseSampleMicros;

        /// <summary>Raw ADC codes, 0..4095, as read.</summary>
        public int CurrentCode, SupplyCode, NtcCode, DepthCode;
        /// <summary>Code of the averaged (10 ms RC) current input, 0..4095: the speed loop's. The mean of
        /// <see cref="CurrentAveragedConversions"/> conversions in a row, rounded.</summary>
        public int CurrentAveragedCode;

        /// <summary>
        /// Conversions of the averaged current input per tick. The speed loop differentiates this input to undo its
        /// RC (τ·Δy/Δt, StrokeDrive), which carries the ADC's noise (2 LSB rms per conversion, plant.md §6.1: 1.6 mV at
        /// the ESP32's 0.8 mV per code, about 5 mA of motor current at 30 % duty) into the back-EMF speed and the feed-forward's load current; a
        /// one-tick error of that size was enough to step the load current and make a stroke 2–3 % off. The mean of
        /// four halves that noise if it is independent from one conversion to the next, as the simulated pen draws
        /// it; esp-idf advises multisampling against the ESP32 ADC's noise (ADC calibration driver, "Minimize
        /// Noise"). Cost on the pen: three more native calls per tick (nanoframework.md §5: a GPIO write loop runs
        /// at 1.5–1.7 kHz, so a native call takes up to about 0.3 ms; to be measured on the pen). The input's RC
        /// (10 ms) barely moves while they run. [E], report control summed over seeds: see the Control README.
        /// </summary>
        public const int CurrentAveragedConversions = 4;
        /// <summary>
        /// The averaged current input's last conversion of this tick, 0..4095: a fault that begins between the conversions
        /// reads at its rail here while their mean may sit between the rails (AdcPlausibilityCheck).
        /// </summary>
        public int CurrentAveragedLastCode;
        /// <summary>Raw code of the drive-voltage input (motor terminal, 1 ms RC), 0..4095.</summary>
        public int DriveCode;

        /// <summary>
        /// This pen's ADC transfer of each input (code → pin voltage): the factory's ADCCAL line, or the nominal one.
        /// Set at boot (<see cref="AdcLines.Load"/>).
        /// </summary>
        public readonly AdcLines Adc = new AdcLines();

        /// <summary>Pin voltage of the fast current input. Unit: mV.</summary>
        public float CurrentMillivolts;
        /// <summary>Pin voltage of the averaged current input, from the mean of its conversions. Unit: mV.</summary>
        public float CurrentAveragedMillivolts;

        /// <summary>Supply voltage: the factory's SUPPLYCAL line, else the supply input's ADC line through the nominal divider. Unit: V.</summary>
        public float SupplyVolts;
        /// <summary>Average voltage the driver applies to the motor (the supply's scaling): applied duty × supply. Unit: V.</summary>
        public float DriveVolts;
        /// <summary>Average shunt current (= duty × motor current with slow decay) against the nominal zero, from the fast input; worked out when read (the battery gauge's, at its own rate). Unit: A.</summary>
        public float ShuntAmps => SensingScale.ShuntAmps(CurrentMillivolts, SensingScale.ZeroCurrentMillivolts);
        /// <summary>
        /// Housing temperature from this tick's NTC code; −273.15 when the NTC reads open or shorted. Unit: °C. Worked out
        /// when read (a logarithm): the thermal models read it at their own rate (Safety/SafetyInputs), not every tick.
        /// </summary>
        public float HousingC => SensingScale.HousingCelsius(Adc.Ntc.Millivolts(NtcCode));

        /// <summary>
        /// Depth-ring setting from the depth sensor. Unit: mm, 0 to 2.5. Computed by <see cref="DepthGauge"/>
        /// (calibration table, detents, hysteresis); the treatment issue owns that conversion.
        /// </summary>
        public float DepthMm;
        /// <summary>The depth reading is plausible (inside the sensor's calibrated span, not open or shorted).</summary>
        public bool DepthPlausible;

        /// <summary>Turns the depth sensor's code into millimetres. Replaceable (per-unit calibration).</summary>
        public DepthGauge DepthGauge = new DepthGauge();

        /// <summary>This unit's supply-reading calibration (factory, two points); null: the nominal divider scaling.</summary>
        public SupplyCalibration SupplyCalibration;

        /// <summary>Raw button levels turned into "pressed" (buttons pull low when pressed).</summary>
        public bool MainPressedRaw, PlusPressedRaw, MinusPressedRaw;
        /// <summary>Cartridge switch closed (cartridge seated), raw.</summary>
        public bool CartridgeSeatedRaw;
        /// <summary>The cam rests within the Hall arc (the Hall level reads low): the needles are inside the cartridge.</summary>
        public bool CamInArc;

        /// <summary>All three buttons are idle after this tick's update (ButtonGestures.Idle: released, settled, no gesture raised).</summary>
        public bool ButtonsIdle = true;

        /// <summary>Gestures of the three buttons, updated from the raw levels each tick.</summary>
        public readonly ButtonGestures Main = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);
        public readonly ButtonGestures Plus = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);
        public readonly ButtonGestures Minus = new ButtonGestures(DebounceMicros, HoldMicros, DoublePressMicros);

        private long _lastNowMicros = -1;
        private long _pulseReadMicros;

        /// <summary>The pulse counter's reads, guarded against a read that jumps at a wrap of its hardware count.</summary>
        public readonly PulseCountGuard PulseGuard = new PulseCountGuard();

        /// <summary>Forgets button history (used at boot, with the levels present at power-up).</summary>
        public void ResetButtons(long nowMicros)
        {
            Main.Reset(false, nowMicros);
            Plus.Reset(false, nowMicros);
            Minus.Reset(false, nowMicros);
        }

        /// <summary>Reads every input port once.</summary>
        public void Read(PenPorts io, SensingScale scale, long nowMicros)
        {
            long interval = _lastNowMicros < 0 ? 0 : nowMicros - _lastNowMicros;
            TickIntervalMicros = interval;
            EnableLapsed = interval > BoardConstants.HeartbeatHoldMillis * 1000L;
            _lastNowMicros = nowMicros;
            NowMicros = nowMicros;

            long pulses = io.CamPulses.ReadCount(out _pulseReadMicros);
            // an accepted read is the guarded count (the common tick); a corrected or rejected one, the guard's
            if (PulseGuard.Update(pulses, _pulseReadMicros))
            {
                PulseCount = pulses;
                PulseSampleMicros = _pulseReadMicros;
            }
            else
            {
                PulseCount = PulseGuard.Count;
                PulseSampleMicros = PulseGuard.SampleMicros;
            }

            CurrentCode = io.MotorCurrent.ReadRaw();
            // the averaged input's conversions in a row, written out (CurrentAveragedConversions of them: no loop to
            // count); the last kept on its own
            IAdcChannel averaged = io.MotorCurrentAveraged;
            int lastAveraged;
            int averagedSum = averaged.ReadRaw() + averaged.ReadRaw() + averaged.ReadRaw() + (lastAveraged = averaged.ReadRaw());
            CurrentAveragedLastCode = lastAveraged;
            CurrentAveragedCode = (averagedSum + CurrentAveragedConversions / 2) / CurrentAveragedConversions;
            DriveCode = io.DriveVoltage.ReadRaw();
            SupplyCode = io.SupplyVoltage.ReadRaw();
            NtcCode = io.HousingNtc.ReadRaw();
            DepthCode = io.DepthRing.ReadRaw();
            CurrentMillivolts = Adc.Current.Millivolts(CurrentCode);
            CurrentAveragedMillivolts = Adc.CurrentAveraged.Millivolts(averagedSum / (float)CurrentAveragedConversions);
            SupplyVolts = SupplyCalibration != null ? SupplyCalibration.Volts(SupplyCode) : scale.SupplyVolts(Adc.Supply.Millivolts(SupplyCode));
            DriveVolts = scale.SupplyVolts(Adc.Drive.Millivolts(DriveCode));
            // the gauge's result is copied only when it may have moved (most ticks it stands)
            if (DepthGauge.Update(DepthCode))
            {
                DepthMm = DepthGauge.DepthMm;
                DepthPlausible = DepthGauge.Plausible;
            }

            MainPressedRaw = !io.ButtonMain.Read();
            PlusPressedRaw = !io.ButtonPlus.Read();
            MinusPressedRaw = !io.ButtonMinus.Read();
            CartridgeSeatedRaw = !io.CartridgeSwitch.Read();
            CamInArc = !io.CamHallLevel.Read();
            // a released button that is idle gives nothing to update (the common tick), and stays idle
            bool idle = true;
            if (MainPressedRaw || !Main.Idle)
            {
                Main.Update(MainPressedRaw, nowMicros);
                idle = Main.Idle;
            }

            if (PlusPressedRaw || !Plus.Idle)
            {
                Plus.Update(PlusPressedRaw, nowMicros);
                idle = idle && Plus.Idle;
            }

            if (MinusPressedRaw || !Minus.Idle)
            {
                Minus.Update(MinusPressedRaw, nowMicros);
                idle = idle && Minus.Idle;
            }

            ButtonsIdle = idle;
        }
    }
}
