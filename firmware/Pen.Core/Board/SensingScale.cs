namespace Pen.Core.Board
{
    /// <summary>
    /// Turns pin voltages (from the ADC's codes through each input's <see cref="AdcLine"/>) into physical units with
    /// the nominal scaling of each sensing chain (nf.config). Pure functions: no state, no allocation. Deciding
    /// whether a reading is plausible is the safety checks' job, not this class's.
    /// </summary>
    public sealed class SensingScale
    {
        private readonly float _supplyVoltsPerMillivolt;

        /// <summary>Scale for a supply divider of the given resistors (Ω).</summary>
        public SensingScale(float dividerTopOhms, float dividerBottomOhms)
        {
            // V_supply = V_adc · (R_top + R_bottom) / R_bottom
            _supplyVoltsPerMillivolt = (dividerTopOhms + dividerBottomOhms) / dividerBottomOhms / 1000f;
        }

        /// <summary>The current-sense amplifier's output at zero current (its REF pin), nominally. Unit: mV.</summary>
        public const float ZeroCurrentMillivolts = BoardConstants.CurrentSenseReferenceMillivolts;

        /// <summary>
        /// Average current in the shunt for a pin voltage, against a zero-current voltage (nominal or learnt: Board/
        /// CurrentZero). Unit: A. The shunt is in the driver's ground return, so with slow decay this is duty × motor
        /// current.
        /// </summary>
        public static float ShuntAmps(float millivolts, float zeroMillivolts)
        {
            // I = (V_adc − V_zero) / (R_shunt · G)
            return (millivolts - zeroMillivolts) / 1000f / (BoardConstants.CurrentShuntOhms * BoardConstants.CurrentAmplifierGain);
        }

        /// <summary>Supply (battery or bus) voltage for a pin voltage of the supply's divider. Unit: V.</summary>
        public float SupplyVolts(float millivolts)
        {
            return millivolts * _supplyVoltsPerMillivolt;
        }

        /// <summary>The pin voltage the divider gives for a supply voltage, the inverse of <see cref="SupplyVolts"/>. Unit: mV.</summary>
        public float SupplyPinMillivolts(float supplyVolts)
        {
            return supplyVolts / _supplyVoltsPerMillivolt;
        }

        /// <summary>
        /// Housing temperature from the NTC divider's pin voltage. Unit: °C. Returns -273.15 when the voltage means an
        /// open or shorted thermistor (no finite resistance).
        /// </summary>
        public static float HousingCelsius(float millivolts)
        {
            // R_ntc = R_pu · V / (V_s − V);   1/T = 1/T25 + ln(R_ntc / R25) / B   (Beta equation, plant.md §4.4)
            float headroom = BoardConstants.NtcSupplyMillivolts - millivolts;
            if (millivolts <= 0f || headroom <= 0f)
            {
                return -273.15f;
            }

            float ohms = BoardConstants.NtcPullUpOhms * millivolts / headroom;
            double inverseKelvin = 1.0 / 298.15 + System.Math.Log(ohms / BoardConstants.NtcR25Ohms) / BoardConstants.NtcBetaKelvin;
            return (float)(1.0 / inverseKelvin) - 273.15f;
        }
    }
}
