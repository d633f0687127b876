using System;
using Pen.Core.Ports;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>What an ADC pin is wired to: a function giving the pin voltage now. Unit: V.</summary>
    public delegate double PinVoltage();

    /// <summary>
    /// One ESP32 ADC1 channel at 11 dB as nanoFramework's <c>AdcChannel.ReadValue()</c> returns it: the pin
    /// voltage with this unit's offset and gain error, 2 LSB rms noise, quantised to 12 bits and clipped to
    /// 0..4095 (plant.md §4.3, §6.1). Faults replace the pin voltage (open: the board's pull level; short: 0 V or
    /// 3.3 V) or add an offset.
    /// </summary>
    public sealed class SimAdc : IAdcChannel
    {
        private readonly PlantParameters _p;
        private readonly PinVoltage _pin;
        private readonly double _openVolts;
        private readonly SplitMix _noise;
        private readonly double _offsetVolts;
        private readonly double _gain;

        /// <param name="openVolts">What the pin reads when its sensor is disconnected (the board's pull). Unit: V.</param>
        public SimAdc(PlantParameters p, PinVoltage pin, double openVolts, int seed, string name)
        {
            _p = p;
            _pin = pin;
            _openVolts = openVolts;
            _noise = SplitMix.For(seed, "adc-noise-" + name);
            SplitMix unit = SplitMix.For(seed, "adc-unit-" + name);
            _offsetVolts = unit.NextSigned() * p.AdcOffsetErrorMillivolts * 1e-3;
            _gain = 1 + unit.NextSigned() * p.AdcGainError;
            ExtraNoiseVolts = null;
        }

        /// <summary>Optional extra uniform noise, peak-to-peak, added at each conversion (PWM residue). Unit: V.</summary>
        public PinVoltage ExtraNoiseVolts;

        // fault state
        public bool Open;
        public bool Shorted;
        public bool ShortedToSupply;
        public double FaultOffsetVolts;

        /// <summary>The last code returned (for telemetry).</summary>
        public int LastCode { get; private set; }

        /// <summary>The voltage at the pin now, after faults. Unit: V.</summary>
        public double PinVolts
        {
            get
            {
                if (Shorted) return ShortedToSupply ? 3.3 : 0.0;
                if (Open) return _openVolts;
                return _pin() + FaultOffsetVolts;
            }
        }

        public int ReadRaw()
        {
            double volts = PinVolts;
            if (ExtraNoiseVolts != null) volts += 0.5 * ExtraNoiseVolts() * _noise.NextSigned();
            LastCode = ConvertAt(volts, _noise);
            return LastCode;
        }

        /// <summary>
        /// One conversion of a given pin voltage with this unit's gain and offset error, its noise drawn from
        /// <paramref name="noise"/>. ReadRaw converts the pin with the channel's own noise; a factory bench driving
        /// the input from a reference source passes its own stream, which leaves the pen's later readings as they
        /// would be without the bench.
        /// </summary>
        public int ConvertAt(double volts, SplitMix noise)
        {
            // code = (V·(1+gain error) + offset − V_zero) / LSB + noise, rounded and clipped
            double lsb = (_p.AdcFullScaleMillivolts - _p.AdcZeroMillivolts) * 1e-3 / 4095;
            double code = (volts * _gain + _offsetVolts - _p.AdcZeroMillivolts * 1e-3) / lsb + _p.AdcNoiseLsb * noise.NextGaussian();
            int c = (int)Math.Round(code);
            return c < 0 ? 0 : c > 4095 ? 4095 : c;
        }
    }
}
