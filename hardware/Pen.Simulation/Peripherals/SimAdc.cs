using System;
using Pen.Core.Ports;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>What an ADC pin is wired to: a function giving the pin voltage now. Unit: V.</summary>
    public delegate double PinVoltage();

    /// <summary>
    /// One ESP32 ADC1 channel at 12 dB as nanoFramework's <c>AdcChannel.ReadValue()</c> returns it: the raw code of the
    /// pen's ADC (<see cref="Esp32Adc"/>: the chip's reference, offset, bends and noise) for the pin voltage plus this
    /// channel's own offset. Faults replace the pin voltage (open: the board's pull level; short: 0 V or 3.3 V) or add
    /// an offset.
    /// </summary>
    public sealed class SimAdc : IAdcChannel
    {
        private readonly Esp32Adc _chip;
        private readonly PinVoltage _pin;
        private readonly double _openVolts;
        private readonly SplitMix _noise;
        private readonly ulong _noiseKey, _rippleKey;
        private long _lastMoment = long.MinValue;
        private ulong _momentNoiseKey, _momentRippleKey; // the keys of the draws of _lastMoment's conversions
        private ulong _readsThisMoment;
        private readonly double _offsetMillivolts;

        /// <param name="chip">The pen's ADC (one per unit, shared by its channels).</param>
        /// <param name="openVolts">What the pin reads when its sensor is disconnected (the board's pull). Unit: V.</param>
        public SimAdc(PlantParameters p, Esp32Adc chip, PinVoltage pin, double openVolts, int seed, string name)
        {
            _chip = chip;
            _pin = pin;
            _openVolts = openVolts;
            _noise = SplitMix.For(seed, "adc-noise-" + name);
            _noiseKey = SplitMix.KeyFor(seed, "adc-noise-at-" + name);
            _rippleKey = SplitMix.KeyFor(seed, "adc-ripple-at-" + name);
            _offsetMillivolts = SplitMix.For(seed, "adc-unit-" + name).NextSigned() * p.AdcChannelOffsetMillivolts;
            ExtraNoiseVolts = null;
        }

        /// <summary>A channel on a chip of its own, drawn for <paramref name="seed"/> (tests of one channel).</summary>
        public SimAdc(PlantParameters p, PinVoltage pin, double openVolts, int seed, string name)
            : this(p, new Esp32Adc(p, seed), pin, openVolts, seed, name)
        {
        }

        /// <summary>The chip this channel converts on.</summary>
        public Esp32Adc Chip => _chip;

        /// <summary>
        /// The moment a conversion is made (a count of µs, as the pen keys it), or null. With it each conversion's noise
        /// is drawn by its moment and its order within that moment (<see cref="SplitMix.KeyAt"/>), so the readings
        /// the firmware takes before (a cartridge chain at boot, a longer zeroing) leave the noise of the readings at a
        /// later moment as they were; without it (one channel in a test, a bench) the channel's own stream, conversion
        /// by conversion.
        /// </summary>
        public Func<long> Moment;

        /// <summary>Optional extra uniform noise, peak-to-peak, added at each conversion (PWM residue). Unit: V.</summary>
        public PinVoltage ExtraNoiseVolts;

        // fault state
        public bool Open;
        public bool Shorted;
        public bool ShortedToSupply;
        public double FaultOffsetVolts;

        /// <summary>
        /// A calibration source drives the input's test pad (the QA fixture's SOURCE): the pin is at this voltage, the
        /// sensor's signal and ripple overridden; null: the sensor drives it. Unit: V.
        /// </summary>
        public double? PadVolts;

        /// <summary>The last code returned (for telemetry).</summary>
        public int LastCode { get; private set; }

        /// <summary>The voltage at the pin now, after faults. Unit: V.</summary>
        public double PinVolts
        {
            get
            {
                if (PadVolts.HasValue) return PadVolts.Value;
                if (Shorted) return ShortedToSupply ? 3.3 : 0.0;
                if (Open) return _openVolts;
                return _pin() + FaultOffsetVolts;
            }
        }

        public int ReadRaw()
        {
            double volts = PinVolts;
            if (Moment == null)
            {
                if (ExtraNoiseVolts != null && !PadVolts.HasValue) volts += 0.5 * ExtraNoiseVolts() * _noise.NextSigned();
                LastCode = ConvertAt(volts, _noise);
                return LastCode;
            }

            long now = Moment();
            if (now != _lastMoment)
            {
                _lastMoment = now;
                _readsThisMoment = 0;
                _momentNoiseKey = SplitMix.KeyAt(_noiseKey, (ulong)Math.Max(0, now));
                _momentRippleKey = SplitMix.KeyAt(_rippleKey, (ulong)Math.Max(0, now));
            }
            else _readsThisMoment++;

            if (ExtraNoiseVolts != null && !PadVolts.HasValue) volts += 0.5 * ExtraNoiseVolts() * (2 * SplitMix.UniformAt(_momentRippleKey, _readsThisMoment) - 1);
            LastCode = _chip.ConvertWith(volts * 1000 + _offsetMillivolts, SplitMix.GaussianAt(_momentNoiseKey, _readsThisMoment));
            return LastCode;
        }

        /// <summary>
        /// One conversion of a given pin voltage with this channel's offset on its chip, its noise drawn from
        /// <paramref name="noise"/>. ReadRaw converts the pin with the channel's own noise; a factory bench driving
        /// the input from a reference source passes its own stream, which leaves the pen's later readings as they
        /// would be without the bench.
        /// </summary>
        public int ConvertAt(double volts, SplitMix noise)
        {
            return _chip.Convert(volts * 1000 + _offsetMillivolts, noise);
        }
    }
}
