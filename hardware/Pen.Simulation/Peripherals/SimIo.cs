using System;
using Pen.Core.Controls;
using Pen.Core.Ports;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The LEDC PWM channel on the bridge's EN pin, as nanoFramework's <c>PwmChannel</c> drives it on the ESP32
    /// (nf-interpreter@a3e8139 targets/ESP32/_nanoCLR/System.Device.Pwm/sys_dev_pwm_native_System_Device_Pwm_PwmChannel.cpp):
    /// - the duty resolution follows from the frequency (GetOptimumResolution): the highest bit depth, 19 down to 1, whose
    ///   divider (APB 80 MHz &lt;&lt; 8) / f / 2^bits, in integers, is strictly above 256;
    /// - a duty d is stored as u = (uint)(d·10000) (NativeSetActiveDutyCyclePercentage) and applied as
    ///   2^bits·u / 10000 steps (CalculateDuty), both truncating;
    /// - images before nf-interpreter 18899f2b7 (PR #2874, nanoCLR 1.9.0.56) only stored a duty written while the stored
    ///   duty was 0, so the first duty after a zero never reached the pin (<see cref="PlantParameters.PwmDropsFirstDutyAfterZero"/>).
    /// The duty holds between writes, as the hardware does.
    /// </summary>
    public sealed class SimPwm : IMotorPwm
    {
        private const long ApbHz = 80000000;
        private readonly EnableCircuit _circuit;
        private readonly bool _dropsFirstAfterZero;
        private uint _stored;

        public SimPwm(EnableCircuit circuit, int frequencyHz, bool dropsFirstDutyAfterZero)
        {
            _circuit = circuit;
            ResolutionBits = OptimumResolution(frequencyHz);
            _dropsFirstAfterZero = dropsFirstDutyAfterZero;
        }

        /// <summary>The duty resolution nanoFramework picks for this frequency. Unit: bits.</summary>
        public int ResolutionBits { get; }

        /// <summary>The duty last written, before quantisation.</summary>
        public float Requested { get; private set; }

        /// <summary>nanoFramework's GetOptimumResolution: the highest bits with ((80 MHz &lt;&lt; 8) / f / 2^bits) &gt; 256. Unit: bits.</summary>
        public static int OptimumResolution(int frequencyHz)
        {
            for (int bits = 19; bits > 0; bits--)
            {
                long divider = (ApbHz << 8) / frequencyHz / (1L << bits);
                if (divider > 256) return bits;
            }

            return 1;
        }

        /// <summary>The LEDC steps a duty (0..1, as the double <c>PwmChannel.DutyCycle</c> gets it) is applied as.</summary>
        public static long Steps(double duty, int bits)
        {
            uint stored = (uint)(duty * 10000);
            return (1L << bits) * stored / 10000;
        }

        public void SetDuty(float dutyFraction)
        {
            float d = dutyFraction;
            if (!(d > 0f)) d = 0f; // also catches NaN (the adapter clamps, LedcMotorPwm)
            if (d > 1f) d = 1f;
            Requested = d;
            uint stored = (uint)((double)d * 10000);
            bool dropped = _dropsFirstAfterZero && _stored == 0;
            _stored = stored;
            if (dropped) return;
            _circuit.SetPwmDuty(Steps(d, ResolutionBits) / (double)(1L << ResolutionBits));
        }
    }

    /// <summary>A GPIO output: remembers its level and, optionally, tells someone about changes.</summary>
    public sealed class SimOutput : IDigitalOutput
    {
        private readonly Action<bool> _onChange;

        public SimOutput(Action<bool> onChange = null) { _onChange = onChange; }

        public bool Level { get; private set; }

        public void Write(bool high)
        {
            if (high == Level) return;
            Level = high;
            _onChange?.Invoke(high);
        }
    }

    /// <summary>
    /// A button as the device's port reports it (firmware/Pen.Firmware/Adapters/ButtonInput): the pin, whose level the
    /// scenario sets (<see cref="Level"/>, bounce and stuck contacts as they are); Iot.Device.Button's GpioButton on it,
    /// whose IsPressed starts false when the pin is opened and changes only on the pin's edges (nanoFramework.IoT.Device@122ebb1
    /// devices/Button/ButtonBase.cs, GpioButton.cs; debounce 0, as the adapter opens it; the CLR's event queue taken as
    /// instant); and the adapter's correction for a button held since the pin was opened (Pen.Core/Controls/BootHeldButton).
    /// </summary>
    public sealed class SimButton : IDigitalInput
    {
        private readonly BootHeldButton _boot = new BootHeldButton();
        private bool _level;

        public SimButton(bool level)
        {
            _level = level;
            Open();
        }

        /// <summary>The pin: true = high (up), false = low (down). A change is a pin event for GpioButton.</summary>
        public bool Level
        {
            get => _level;
            set
            {
                if (value == _level) return;
                _level = value;
                // GpioButton: Falling → HandleButtonPressed (sets IsPressed unless already set), Rising → HandleButtonReleased
                LibraryPressed = !value;
            }
        }

        /// <summary>GpioButton.IsPressed: false from the pin's opening until its first falling edge.</summary>
        public bool LibraryPressed { get; private set; }

        /// <summary>The application opens the pin (at each boot): GpioButton starts not pressed; the adapter reads the pin once.</summary>
        public void Open()
        {
            LibraryPressed = false;
            _boot.Open(!_level);
        }

        public bool Read()
        {
            // as the adapter: once the button has been up, the library's state is the level (no call into Level)
            if (!_boot.ReadsPin) return !LibraryPressed;
            return _boot.Level(_level, LibraryPressed);
        }
    }

    /// <summary>A GPIO input whose level the plant sets (the Hall switch's output read as a level).</summary>
    public sealed class SimLevelInput : IDigitalInput
    {
        private readonly Func<bool> _level;

        public SimLevelInput(Func<bool> level) { _level = level; }

        public bool Read() { return _level(); }
    }

    /// <summary>A GPIO input whose level the scenario sets. Raw: bounce and stuck contacts show as they are.</summary>
    public sealed class SimInput : IDigitalInput
    {
        public SimInput(bool level) { Level = level; }

        public bool Level;

        public bool Read() { return Level; }
    }

    /// <summary>
    /// The cam Hall counter as <c>GpioPulseCounter.Read()</c> gives it: the count of <see cref="SimPcnt"/> (filter,
    /// 15-bit wrap, the read's race with the overflow callback) and the read time in µs since boot (esp_timer).
    /// </summary>
    public sealed class SimPulseCounter : IPulseCounter
    {
        private readonly PenPlant _plant;

        /// <summary>When the MCU last powered up, on the plant's clock: esp_timer counts from there. Unit: µs.</summary>
        public long BootMicros;

        public SimPulseCounter(PenPlant plant, SimPcnt pcnt)
        {
            _plant = plant;
            Pcnt = pcnt;
        }

        /// <summary>The PCNT unit.</summary>
        public SimPcnt Pcnt { get; }

        public long ReadCount(out long sampleTimeMicros)
        {
            long now = _plant.NowMicros;
            sampleTimeMicros = now - BootMicros;
            return Pcnt.Read(now * 1000);
        }
    }

    /// <summary>The esp_timer clock: µs since the MCU last powered up (it restarts at every boot).</summary>
    public sealed class SimClock : IMicrosecondClock
    {
        private readonly PenPlant _plant;

        public SimClock(PenPlant plant) { _plant = plant; }

        /// <summary>When the MCU last powered up, on the plant's clock. Unit: µs.</summary>
        public long BootMicros;

        public long NowMicros => _plant.NowMicros - BootMicros;
    }
}
