using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace Pen.Simulation.Plant
{
    /// <summary>
    /// Marks a plant parameter with its unit, its evidence tag ([S] sourced, [D] derived, [E] estimated, as in
    /// ../shared/reference/plant.md) and where it comes from.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class ParamAttribute : Attribute
    {
        public ParamAttribute(string unit, string tag, string source)
        {
            Unit = unit;
            Tag = tag;
            Source = source;
        }

        public string Unit { get; }
        public string Tag { get; }
        public string Source { get; }
    }

    /// <summary>
    /// Every parameter of a reference plant in one place, with unit and source. RP-1 is the battery pen of
    /// plant.md §6 (Faulhaber 1524T003SR-class motor, 1S Li-ion, DRV8838-class bridge); RP-2 the corded pen of
    /// §6.6 (1524T006SR on a 7.4 V bus). A scenario overrides any of them by its JSON name (camelCase of the
    /// field name).
    /// </summary>
    public sealed class PlantParameters
    {
        // ---------------------------------------------------------------- supply
        [Param("-", "-", "true: 1S Li-ion battery (RP-1); false: regulated bus (RP-2)")]
        public bool SupplyIsBattery = true;
        [Param("V", "S", "plant.md §6.6: RP-2 bus 7.4 V (Exceed control unit 5.5-12 V)")]
        public double BusVolts = 7.4;
        [Param("Ohm", "E", "plant.md §6.1: cell ~0.08 Ohm plus protection and wiring")]
        public double SourceResistanceOhms = 0.15;
        [Param("mAh", "E", "plant.md §6.1: typical small pen cell")]
        public double BatteryCapacityMilliampHours = 800;
        [Param("A", "E", "ESP32 active with LEDs and sensors, not in a source")]
        public double QuiescentAmps = 0.06;

        // ---------------------------------------------------------------- driver
        [Param("Ohm", "S", "plant.md §4.5/§6.1: DRV8838 R_on high side + low side")]
        public double DriverOnResistanceOhms = 0.36;
        [Param("A", "S", "plant.md §4.5: DRV8838 over-current protection ~2.5 A")]
        public double DriverOcpAmps = 2.5;
        [Param("ms", "E", "OCP auto-retry time of DRV88xx-class drivers, not in the excerpts available")]
        public double DriverOcpRetryMs = 1.0;
        [Param("V", "S", "plant.md §4.5: DRV8838 UVLO 1.6 V")]
        public double DriverUvloVolts = 1.6;
        [Param("Hz", "S", "nf.config pwm.frequencyHz: LEDC 38.9 kHz; its duty resolution follows from it by nanoFramework's rule (Peripherals/SimPwm)")]
        public double PwmFrequencyHz = 38900;
        [Param("-", "S", "1: the nanoCLR image before nf-interpreter 18899f2b7 (PR #2874, 1.9.0.56) that drops the first duty written after a duty of 0; 0: the pinned image (firmware/Pen.Firmware/README.md)")]
        public bool PwmDropsFirstDutyAfterZero = false;
        [Param("ms", "E", "enable circuit hold after each heartbeat edge (nf.config heartbeat.holdMillis)")]
        public double HeartbeatHoldMs = 45;
        [Param("A", "D", "nf.config currentLimit.milliamps: the shunt comparator's cycle-by-cycle limit, no firmware in it")]
        public double CurrentLimitAmps = 2.3;
        [Param("ms", "D", "nf.config powerSwitch.forceOffMillis: main held this long switches the regulator off in hardware")]
        public double PowerOffHoldMs = 6000;
        [Param("-", "D", "nf.config enablePath.pulledDownPins: 1 = every gate input of the enable path has its pull-down (a floating input reads low); 0 = none (a floating input reads high, the worst case)")]
        public double GatePullDowns = 1;

        // ---------------------------------------------------------------- motor
        [Param("Ohm", "S", "plant.md §2.1/§6.2: 1524T003SR terminal resistance at 22 degC")]
        public double MotorResistanceOhms = 1.10;
        [Param("1/K", "S", "plant.md §6.2: copper temperature coefficient")]
        public double MotorResistanceTempco = 0.0039;
        [Param("H", "S", "plant.md §2.1: rotor inductance 22 uH")]
        public double MotorInductanceHenry = 22e-6;
        [Param("Nm/A", "S", "plant.md §2.1: kM 2.67 mNm/A")]
        public double TorqueConstantNmPerAmp = 2.67e-3;
        [Param("V s/rad", "S/D", "plant.md §2.1: kE 0.28 mV/rpm = 2.67 mV s/rad")]
        public double BackEmfVoltSecondsPerRad = 2.67e-3;
        [Param("kg m^2", "S", "plant.md §2.1: rotor inertia 0.53 g cm^2")]
        public double RotorInertiaKgM2 = 0.53e-7;
        [Param("Nm", "S", "plant.md §2.1/§6.2: friction torque MR 0.08 mNm")]
        public double CoulombFrictionNm = 0.08e-3;
        [Param("N m s/rad", "E", "plant.md §6.2: viscous friction, small")]
        public double ViscousFrictionNmsPerRad = 2e-9;
        [Param("rpm", "S", "plant.md §2.1: speed up to 13,000 rpm")]
        public double RatedMaxRpm = 13000;
        [Param("degC", "S", "plant.md §2.1: max winding temperature +125 degC")]
        public double WindingMaxC = 125;

        // ---------------------------------------------------------------- thermal
        [Param("K/W", "S", "plant.md §2.1: Rth1 winding-housing 10 K/W")]
        public double ThermalResistanceWindingHousingKPerW = 10;
        [Param("K/W", "S/E", "plant.md §2.1/§6.2: Rth2 29 K/W x1.5 enclosed in a pen body")]
        public double ThermalResistanceHousingAmbientKPerW = 43.5;
        [Param("J/K", "D", "plant.md §6.2: tau_w1/Rth1 = 5.6 s / 10 K/W")]
        public double WindingHeatCapacityJPerK = 0.56;
        [Param("J/K", "D", "plant.md §6.2: tau_w2/Rth2 = 220 s / 29 K/W")]
        public double HousingHeatCapacityJPerK = 7.6;
        [Param("s", "S/E", "plant.md §4.4/§6.1: NTC response in air 5-15 s; 8 s")]
        public double NtcLagSeconds = 8;

        // ---------------------------------------------------------------- mechanism
        [Param("m", "E", "plant.md §3.3/§6.3: eccentricity 1.5 mm (stroke 3.0 mm)")]
        public double CamEccentricityM = 1.5e-3;
        [Param("kg m^2", "E", "plant.md §3.3: cam and coupling 0.15 g cm^2")]
        public double CamInertiaKgM2 = 0.15e-7;
        [Param("kg", "E", "plant.md §3.3: plunger, needles, pusher 0.6 g")]
        public double ReciprocatingMassKg = 0.6e-3;
        [Param("N", "E", "plant.md §3.3: return spring preload 0.3 N at TDC")]
        public double SpringPreloadN = 0.3;
        [Param("N/m", "E", "plant.md §3.3: return spring rate 150 N/m")]
        public double SpringRateNPerM = 150;
        [Param("N", "E", "plant.md §3.3: membrane/seal Coulomb friction 0.05 N")]
        public double SealFrictionN = 0.05;
        [Param("deg", "E", "Hall switch active window, centred on the retracted point (the output falls entering it: half the window before TDC going forward); the level reads low at rest anywhere within it")]
        public double HallArcDeg = 30;
        [Param("Nm", "E", "reverse motor torque that frees a jam wedged by the cam (a jammed carrier holds the cam where it stalled; about the peak return-spring torque, plant.md §3.3: 0.75 N x 1.5 mm)")]
        public double JamReleaseTorqueNm = 1.0e-3;

        // ---------------------------------------------------------------- skin load
        [Param("N", "S-range/E", "plant.md §3.2/§6.3: puncture force per needle 0.08 N (0.02-0.3 N)")]
        public double PunctureForcePerNeedleN = 0.08;
        [Param("m", "E", "plant.md §3.2: tenting before puncture 0.3 mm")]
        public double TentingDepthM = 0.3e-3;
        [Param("x F_p", "E", "plant.md §3.2: cutting + friction after puncture 0.25 F_p")]
        public double CuttingForceFraction = 0.25;
        [Param("x F_p", "E", "plant.md §3.2: withdrawal friction 0.1 F_p")]
        public double WithdrawalForceFraction = 0.1;
        [Param("+-", "E", "plant.md §3.2/§6.3: per-stroke variability x(1 +- 0.2)")]
        public double StrokeVariability = 0.2;
        [Param("x", "S-range", "plant.md §3.2/§6.3: vibratory force reduction 0.3-1.0")]
        public double VibrationForceFactor = 1.0;

        // ---------------------------------------------------------------- sensing
        [Param("Ohm", "S", "nf.config motorCurrentSense.shuntOhms")]
        public double ShuntOhms = 0.05;
        [Param("+-", "E", "current-sense resistor tolerance (a 0.5 % part)")]
        public double ShuntTolerance = 0.005;
        [Param("V/V", "S/D", "nf.config motorCurrentSense.amplifierGainVPerV (INA181A1)")]
        public double CurrentAmplifierGain = 20;
        [Param("+-", "S", "plant.md §4.2: INA181 gain error +-1 %")]
        public double CurrentAmplifierGainError = 0.01;
        [Param("V", "S", "plant.md §4.2: INA181 offset +-150 uV at the input")]
        public double CurrentAmplifierOffsetVolts = 150e-6;
        [Param("mV", "D", "nf.config motorCurrentSense.referenceMillivolts: INA181 REF pin, zero current inside the ADC range")]
        public double CurrentSenseReferenceMillivolts = 300;
        [Param("+-", "E", "REF divider tolerance (1 % resistors on 3.3 V)")]
        public double CurrentSenseReferenceTolerance = 0.02;
        [Param("us", "E", "plant.md §4.2/§6.1: RC filter 100 us")]
        public double CurrentFilterMicros = 100;
        [Param("us", "D", "nf.config motorCurrentSense.averagedFilterTimeConstantMicros: 10 ms anti-alias RC on the second current input, for the 100 Hz speed loop")]
        public double AveragedCurrentFilterMicros = 10000;
        [Param("us", "D", "nf.config driveVoltageSense.filterTimeConstantMicros: 1 ms RC on the motor-terminal input")]
        public double DriveSenseFilterMicros = 1000;
        [Param("Ohm", "E", "nf.config supplyDivider (RP-1 100k/100k; RP-2 100k/39k)")]
        public double DividerTopOhms = 100000;
        [Param("Ohm", "E", "nf.config supplyDivider")]
        public double DividerBottomOhms = 100000;
        [Param("+-", "E", "nf.config supplyDivider.toleranceFraction: 1 % resistors")]
        public double DividerTolerance = 0.01;
        [Param("mV", "S", "ESP32 ADC reference by design, 1100 mV (esp-idf@1021229 docs/en/api-reference/peripherals/adc/adc_calibration.rst; default_vref of adc_cali_line_fitting.c)")]
        public double AdcDefaultVrefMillivolts = 1100;
        [Param("mV", "S", "the true reference 'can range from 1000 mV to 1200 mV among different chips' (esp-idf@1021229 adc_calibration.rst): each unit draws its own, uniform")]
        public double AdcVrefSpreadMillivolts = 100;
        [Param("-", "S", "esp-idf@1021229 components/esp_adc/esp32/adc_cali_line_fitting.c adc1_vref_atten_scale[ADC_ATTEN_DB_12]: mV per code = Vref x 196602 / 4096 / 65536")]
        public double AdcAttenScale = 196602;
        [Param("mV", "S", "esp-idf@1021229 adc_cali_line_fitting.c adc1_vref_atten_offset[ADC_ATTEN_DB_12]: the line's voltage at code 0")]
        public double AdcAttenOffsetMillivolts = 142;
        [Param("mV", "E", "per-chip spread of that offset, uniform; ESP-IDF's fixed 142 mV hides it, its two-point eFuse scheme measures it")]
        public double AdcInterceptSpreadMillivolts = 15;
        [Param("mV", "E", "per-channel offset of the multiplexed inputs, uniform")]
        public double AdcChannelOffsetMillivolts = 3;
        [Param("mV", "E", "width of the bend at the bottom: the code rises from 0 through a soft knee around the line's 142 mV, linear from about 200 mV (the 150 mV lower end of Espressif's accurate range, plant.md §4.3)")]
        public double AdcKneeMillivolts = 10;
        [Param("LSB", "E", "integral non-linearity of the linear part: a bow of up to this amplitude, each chip its own (the ESP32-S3 datasheet gives INL +-8 LSB, esp32.com t=46533)")]
        public double AdcInlLsb = 8;
        [Param("LSB rms", "E", "plant.md §6.1: add 2 LSB rms noise")]
        public double AdcNoiseLsb = 2;
        [Param("Ohm", "S", "plant.md §4.4: NTC 10 kOhm at 25 degC")]
        public double NtcR25Ohms = 10000;
        [Param("K", "S", "plant.md §4.4/§6.1: B = 3950 K")]
        public double NtcBetaKelvin = 3950;
        [Param("+-", "S", "plant.md §4.4: NTC +-0.5-2 degC, taken as +-1 % resistance")]
        public double NtcTolerance = 0.01;
        [Param("+-", "E", "NTC beta tolerance, +-1 % (the common grade of 10 kOhm B3950 parts)")]
        public double NtcBetaTolerance = 0.01;
        [Param("Ohm", "E", "nf.config housingNtc.pullUpOhms")]
        public double NtcPullUpOhms = 10000;
        [Param("+-", "E", "1 % pull-up resistor")]
        public double NtcPullUpTolerance = 0.01;
        [Param("mV", "D", "nf.config housingNtc.supplyMillivolts: the NTC divider's supply (also what an open NTC input reads)")]
        public double NtcSupplyMillivolts = 3300;
        [Param("+-", "E", "3.3 V regulator output tolerance (a 1 % LDO); the NTC divider is ratiometric to it, the ADC is not")]
        public double NtcSupplyTolerance = 0.01;
        [Param("mV", "E", "nf.config depthRing.millivoltsAtZeroMm")]
        public double DepthMillivoltsAtZero = 500;
        [Param("mV", "E", "nf.config depthRing.millivoltsAtFullMm")]
        public double DepthMillivoltsAtFull = 2100;
        [Param("mV", "E", "nf.config depthRing.nonlinearityMillivolts: bow of the magnet's field over the ring travel (why the pen needs a calibration table)")]
        public double DepthNonlinearityMillivolts = 60;
        [Param("+-", "E", "nf.config depthRing.sensitivityToleranceFraction: per-unit spread of the linear Hall sensitivity")]
        public double DepthSensitivityTolerance = 0.03;
        [Param("mm", "S", "nf.config depthRing.detentToleranceMm; plant.md §6.3: detent position tolerance +-0.15 mm (Exceed scale); taken as +-0.03 mm of the ring itself")]
        public double DepthDetentToleranceMm = 0.03;
        [Param("us", "S", "plant.md §4.1/§6.1: Hall edge-time jitter uniform 0-16.7 us (DRV5021 sampling)")]
        public double HallJitterMicros = 16.7;
        [Param("1/s", "E", "EMI glitches on the Hall line while the bridge switches (PWM edges, brush arcing), pulses against the line's level")]
        public double HallGlitchRateHz = 200;
        [Param("ns", "E", "shortest EMI glitch (ringing of a PWM edge)")]
        public double HallGlitchMinNanoseconds = 20;
        [Param("ns", "E", "longest EMI glitch (a brush arc); widths log-uniform between")]
        public double HallGlitchMaxNanoseconds = 3000;
        [Param("-", "E", "share of the Hall's falling edges that bounce (low, high, low again as the open-drain edge rings on the cable)")]
        public double HallBounceProbability = 0.02;
        [Param("ns", "E", "longest part of a bounce; each part uniform from 100 ns")]
        public double HallBounceMaxNanoseconds = 5000;
        [Param("ns", "S", "nf.config pulseCounter.glitchFilterNanoseconds: GpioPulseCounter.FilterPulses, ESP-IDF's max_glitch_ns")]
        public double PcntFilterNanoseconds = 12500;
        [Param("ns", "E", "time between pcnt_unit_get_count and the read of nanoFramework's overflow counter in one GpioPulseCounter.Read")]
        public double PcntReadSkewNanoseconds = 1000;
        [Param("ns", "E", "from the PCNT reaching its limit to nanoFramework's watch-point callback raising the overflow counter")]
        public double PcntIsrLatencyNanoseconds = 2000;

        // ---------------------------------------------------------------- numerics
        [Param("us", "E", "plant.md §6.5: averaged electrical model, exact RL per step; 100 us = 5.4 deg of cam at 150 Hz (default fidelity); 20 us for high fidelity")]
        public double StepMicros = 100;

        /// <summary>RP-1, the battery pen (plant.md §6.1–§6.4).</summary>
        public static PlantParameters Rp1() { return new PlantParameters(); }

        /// <summary>RP-2, the corded pen (plant.md §6.6): 1524T006SR on a regulated 7.4 V bus.</summary>
        public static PlantParameters Rp2()
        {
            PlantParameters p = new PlantParameters();
            p.SupplyIsBattery = false;
            p.BusVolts = 7.4;
            p.SourceResistanceOhms = 0.05;     // [E] regulated supply and cord
            p.MotorResistanceOhms = 5.1;       // [S] §2.1 1524T006SR
            p.MotorInductanceHenry = 110e-6;   // [S]
            p.TorqueConstantNmPerAmp = 6.0e-3; // [S]
            p.BackEmfVoltSecondsPerRad = 6.0e-3; // [S/D] 0.628 mV/rpm
            p.RotorInertiaKgM2 = 0.58e-7;      // [S]
            p.CoulombFrictionNm = 0.08e-3;     // [S]
            p.DividerTopOhms = 100000;         // nf.config corded7V4
            p.DividerBottomOhms = 33000;
            return p;
        }

        /// <summary>RP-1 or RP-2 by name; null when the name is neither.</summary>
        public static PlantParameters ForName(string name)
        {
            if (name == "RP-1") return Rp1();
            if (name == "RP-2") return Rp2();
            return null;
        }

        /// <summary>The JSON names of all parameters, in declaration order.</summary>
        public static string[] ParameterNames
        {
            get
            {
                List<string> names = new List<string>();
                foreach (FieldInfo f in Fields()) names.Add(JsonName(f));
                return names.ToArray();
            }
        }

        /// <summary>Sets a parameter by JSON name. Returns false when there is no such parameter.</summary>
        public bool TrySet(string jsonName, double value)
        {
            foreach (FieldInfo f in Fields())
            {
                if (JsonName(f) != jsonName) continue;
                if (f.FieldType == typeof(bool)) f.SetValue(this, value != 0);
                else f.SetValue(this, value);
                return true;
            }

            return false;
        }

        /// <summary>Every parameter as (name, value, unit, tag, source) rows, for reports.</summary>
        public List<string[]> Describe()
        {
            List<string[]> rows = new List<string[]>();
            foreach (FieldInfo f in Fields())
            {
                ParamAttribute a = f.GetCustomAttribute<ParamAttribute>();
                object v = f.GetValue(this);
                string text = v is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : v.ToString();
                rows.Add(new[] { JsonName(f), text, a.Unit, a.Tag, a.Source });
            }

            return rows;
        }

        /// <summary>A copy.</summary>
        public PlantParameters Clone() { return (PlantParameters)MemberwiseClone(); }

        private static IEnumerable<FieldInfo> Fields()
        {
            foreach (FieldInfo f in typeof(PlantParameters).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (f.GetCustomAttribute<ParamAttribute>() != null) yield return f;
            }
        }

        private static string JsonName(FieldInfo f)
        {
            return char.ToLowerInvariant(f.Name[0]) + f.Name.Substring(1);
        }
    }
}
