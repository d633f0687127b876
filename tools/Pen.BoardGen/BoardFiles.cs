using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Pen.BoardGen
{
    /// <summary>One generated file: where it goes (relative to the repository root) and what it must contain.</summary>
    public sealed class GeneratedFile
    {
        public GeneratedFile(string relativePath, string content)
        {
            RelativePath = relativePath;
            Content = content;
        }

        /// <summary>Path relative to the repository root, with '/' separators.</summary>
        public string RelativePath { get; }

        /// <summary>The whole expected text of the file.</summary>
        public string Content { get; }
    }

    /// <summary>
    /// Renders every file that is generated from nf.config. Pure: text in, text out; <see cref="Program"/> writes or
    /// checks them, and a test (tests/Pen.Device.Tests) fails when a committed file is not what this renders.
    /// </summary>
    public static class BoardFiles
    {
        public const string BoardConstantsPath = "firmware/Pen.Core/Board/BoardConstants.cs";
        public const string PinMapPath = "firmware/Pen.Firmware/Board/PinMap.cs";
        public const string HardwareReadmePath = "hardware/README.md";
        public const string PinTableBegin = "<!-- pin-map:begin (generated from nf.config by tools/Pen.BoardGen; do not edit by hand) -->";
        public const string PinTableEnd = "<!-- pin-map:end -->";
        public const string Regenerate = "dotnet run --project tools/Pen.BoardGen";

        /// <summary>ESP32 logical ADC channels 0-7 are ADC1 on these GPIOs (nanoframework.md §1.5).</summary>
        public static readonly int[] Adc1ChannelGpio = { 36, 37, 38, 39, 32, 33, 34, 35 };

        /// <summary>
        /// Strapping pins of the ESP32: each is latched through its internal pull at a system reset (power-on, RTC
        /// watchdog, brown-out) and is a plain GPIO after. ESP32 Series Datasheet (Espressif), "Strapping Pins" (§2.4,
        /// Table 3 in the v3 datasheets).
        /// </summary>
        public static readonly int[] StrappingPins = { 0, 2, 5, 12, 15 };

        /// <summary>What the level of strapping pin <paramref name="gpio"/> at reset selects, and so what it requires
        /// (same datasheet table; GPIO 5 and 15 matter only in download boot, Espressif on esp32.io t=297).</summary>
        public static string StrappingAtReset(int gpio)
        {
            switch (gpio)
            {
                case 0: return "strapping, pull-up: must be high at reset (low = download boot)";
                case 2: return "strapping, pull-down: low or floating at reset for download boot; don't care for flash boot";
                case 5: return "strapping, pull-up: at reset sets only the SDIO-slave timing of download boot; either level boots from flash";
                case 12: return "strapping, pull-down: must be low at reset (high = 1.8 V flash supply, the 3.3 V flash fails)";
                case 15: return "strapping, pull-up: low at reset only silences the ROM's boot log on COM1; either level boots from flash";
                default: return "";
            }
        }

        /// <summary>What each pin connects to on the reference board (for the README table).</summary>
        private static readonly Dictionary<string, string> s_connects = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["motorPwm"] = "DRV8838 EN (speed): LEDC PWM",
            ["motorEnable"] = "enable request into the heartbeat enable circuit → DRV8838 nSLEEP",
            ["heartbeat"] = "heartbeat line into the enable circuit (toggled every healthy tick)",
            ["camHall"] = "cam Hall switch (open drain, pull-up): one falling edge per stroke",
            ["motorCurrentAdc"] = "INA181A1 output (300 mV REF + shunt current × 1 V/A), RC 100 µs",
            ["motorCurrentAveragedAdc"] = "the same INA181A1 output through a 10 ms RC (speed loop's anti-alias filter)",
            ["supplyVoltageAdc"] = "battery / bus divider",
            ["housingNtcAdc"] = "housing NTC under a 10 kΩ pull-up to 3.3 V",
            ["depthRingAdc"] = "depth-ring linear Hall sensor (ratiometric)",
            ["buttonMain"] = "main button to ground (power, start/stop)",
            ["buttonPlus"] = "plus button to ground",
            ["buttonMinus"] = "minus button to ground",
            ["cartridgeSwitch"] = "cartridge-present switch to ground (closed = seated)",
            ["ledGreen"] = "green LED (high = on)",
            ["ledAmber"] = "amber LED (high = on)",
            ["ledRed"] = "red LED (high = on)",
            ["buzzer"] = "active buzzer through a transistor (high = sounding); its tone's fundamental 150–1,000 Hz (IEC 60601-1-8, docs/practitioners.md)",
            ["benchSerialRx"] = "bench serial COM2 RX (3.3 V UART)",
            ["benchSerialTx"] = "bench serial COM2 TX",
            ["powerLatch"] = "soft power latch: high holds the regulator on, low switches the pen off",
            ["driveVoltageAdc"] = "motor terminal DRV8838 OUT1 through the supply's divider and a 1 ms RC (applied duty × supply)",
            ["motorDirection"] = "DRV8838 PH (direction: low = forward; high only to back the cam out of a jam)",
            ["camHallLevel"] = "the cam Hall switch's output as a level (same open drain as GPIO 23): low = cam within ±15° of the retracted point",
        };

        /// <summary>Every generated file, rendered from <paramref name="config"/> and the current README text.</summary>
        public static IReadOnlyList<GeneratedFile> Render(NfConfig config, string currentHardwareReadme)
        {
            return new[]
            {
                new GeneratedFile(BoardConstantsPath, RenderBoardConstants(config)),
                new GeneratedFile(PinMapPath, RenderPinMap(config)),
                new GeneratedFile(HardwareReadmePath, ReplacePinTable(currentHardwareReadme, RenderPinTable(config))),
            };
        }

        /// <summary>Files under <paramref name="root"/> whose text differs from what nf.config renders (relative paths).</summary>
        public static IReadOnlyList<string> Stale(string root)
        {
            NfConfig config = NfConfig.Load(Path.Combine(root, "nf.config"));
            var stale = new List<string>();
            foreach (GeneratedFile f in Render(config, ReadOrEmpty(Path.Combine(root, HardwareReadmePath))))
            {
                string path = Path.Combine(root, f.RelativePath);
                if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != Normalize(f.Content)) stale.Add(f.RelativePath);
            }
            return stale;
        }

        /// <summary>Writes every generated file under <paramref name="root"/>; returns the ones that changed.</summary>
        public static IReadOnlyList<string> Write(string root)
        {
            NfConfig config = NfConfig.Load(Path.Combine(root, "nf.config"));
            var changed = new List<string>();
            foreach (GeneratedFile f in Render(config, ReadOrEmpty(Path.Combine(root, HardwareReadmePath))))
            {
                string path = Path.Combine(root, f.RelativePath);
                if (File.Exists(path) && Normalize(File.ReadAllText(path)) == Normalize(f.Content)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Content);
                changed.Add(f.RelativePath);
            }
            return changed;
        }

        // ------------------------------------------------------------------ BoardConstants.cs (core)

        private sealed class Constant
        {
            public Constant(string name, string key, bool isInt, string summary)
            {
                Name = name;
                Key = key;
                IsInt = isInt;
                Summary = summary;
            }

            public string Name { get; }
            public string Key { get; }
            public bool IsInt { get; }
            public string Summary { get; }
        }

        /// <summary>The core's board constants: name (public API of the core, keep), nf.config key, type, summary.</summary>
        private static readonly Constant[] s_constants =
        {
            new Constant("AdcCodeMax", "adc.codeMax", true, "ADC full-scale code (12-bit)."),
            new Constant("AdcAccurateLowMillivolts", "adc.accurateLowMillivolts", false, "Lower end of the range Espressif specifies the 12 dB accuracy for. Unit: mV."),
            new Constant("AdcAccurateHighMillivolts", "adc.accurateHighMillivolts", false, "Upper end of the range Espressif specifies the 12 dB accuracy for. Unit: mV."),
            new Constant("AdcDefaultVrefMillivolts", "adc.idfDefaultVrefMillivolts", false, "ESP32 ADC reference by design (ESP-IDF's default Vref; 1000-1200 mV from chip to chip). Unit: mV."),
            new Constant("AdcAttenScale", "adc.idfAttenScale", false, "ESP-IDF line-fitting scale of ADC1 at 12 dB: mV per code = Vref x scale / 4096 / 65536. Unit: 1."),
            new Constant("AdcAttenOffsetMillivolts", "adc.idfAttenOffsetMillivolts", false, "ESP-IDF line-fitting offset of ADC1 at 12 dB: the voltage of code 0 on the line. Unit: mV."),
            new Constant("AdcCalibrationLowMillivolts", "adc.calibrationLowMillivolts", false, "Lower reference the factory applies to each ADC input (ADCCAL). Unit: mV."),
            new Constant("AdcCalibrationHighMillivolts", "adc.calibrationHighMillivolts", false, "Upper reference the factory applies to each ADC input (ADCCAL). Unit: mV."),
            new Constant("CurrentShuntOhms", "motorCurrentSense.shuntOhms", false, "Motor-current shunt. Unit: Ω."),
            new Constant("CurrentAmplifierGain", "motorCurrentSense.amplifierGainVPerV", false, "Current-sense amplifier gain. Unit: V/V."),
            new Constant("CurrentAveragedFilterMicros", "motorCurrentSense.averagedFilterTimeConstantMicros", false, "RC time constant of the averaged current input (the speed loop's). Unit: µs."),
            new Constant("CurrentSenseReferenceMillivolts", "motorCurrentSense.referenceMillivolts", false, "Current-sense amplifier output at zero current (REF pin). Unit: mV."),
            new Constant("Battery1SDividerTopOhms", "supplyDivider.battery1S.topOhms", false, "Battery divider (RP-1), upper resistor. Unit: Ω."),
            new Constant("Battery1SDividerBottomOhms", "supplyDivider.battery1S.bottomOhms", false, "Battery divider (RP-1), lower resistor. Unit: Ω."),
            new Constant("Corded7V4DividerTopOhms", "supplyDivider.corded7V4.topOhms", false, "Supply divider (RP-2, corded), upper resistor. Unit: Ω."),
            new Constant("Corded7V4DividerBottomOhms", "supplyDivider.corded7V4.bottomOhms", false, "Supply divider (RP-2, corded), lower resistor. Unit: Ω."),
            new Constant("NtcR25Ohms", "housingNtc.r25Ohms", false, "Housing NTC resistance at 25 °C. Unit: Ω."),
            new Constant("NtcBetaKelvin", "housingNtc.betaKelvin", false, "Housing NTC beta. Unit: K."),
            new Constant("NtcPullUpOhms", "housingNtc.pullUpOhms", false, "Pull-up from 3.3 V to the NTC. Unit: Ω."),
            new Constant("NtcSupplyMillivolts", "housingNtc.supplyMillivolts", false, "Supply of the NTC divider. Unit: mV."),
            new Constant("DepthMillivoltsAtZero", "depthRing.millivoltsAtZeroMm", false, "Depth-ring sensor output at 0 mm, nominal. Unit: mV."),
            new Constant("DepthMillivoltsAtFull", "depthRing.millivoltsAtFullMm", false, "Depth-ring sensor output at full scale, nominal. Unit: mV."),
            new Constant("DepthFullScaleMm", "depthRing.fullScaleMm", false, "Depth-ring full scale. Unit: mm."),
            new Constant("DepthDetentStepMm", "depthRing.detentStepMm", false, "Depth-ring detent step. Unit: mm."),
            new Constant("DepthSensitivityTolerance", "depthRing.sensitivityToleranceFraction", false, "Depth-ring sensor sensitivity spread from unit to unit. Unit: fraction, ±."),
            new Constant("DepthNonlinearityMillivolts", "depthRing.nonlinearityMillivolts", false, "Depth-ring sensor bow over the travel (the magnet's field). Unit: mV."),
            new Constant("DepthDetentToleranceMm", "depthRing.detentToleranceMm", false, "Depth-ring detent position tolerance. Unit: mm, ±."),
            new Constant("SupplyDividerTolerance", "supplyDivider.toleranceFraction", false, "Supply divider ratio tolerance. Unit: fraction, ±."),
            new Constant("PwmFrequencyHz", "pwm.frequencyHz", true, "PWM frequency of the motor output. Unit: Hz."),
            new Constant("PwmResolutionBits", "pwm.resolutionBits", true, "Duty resolution the LEDC gives at that frequency. Unit: bits."),
            new Constant("HeartbeatHoldMillis", "heartbeat.holdMillis", true, "How long the enable circuit keeps the driver enabled after a heartbeat edge. Unit: ms."),
            new Constant("TickPeriodMicros", "tick.periodMicros", true, "Nominal firmware tick period. Unit: µs."),
        };

        /// <summary>The names of the core constants and their nf.config keys (for the consistency test).</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> BoardConstantKeys
        {
            get
            {
                var list = new List<KeyValuePair<string, string>>();
                foreach (Constant c in s_constants) list.Add(new KeyValuePair<string, string>(c.Name, c.Key));
                return list;
            }
        }

        public static string RenderBoardConstants(NfConfig config)
        {
            var b = new StringBuilder();
            b.Append("// <auto-generated>\n");
            b.Append("//   Generated from nf.config by tools/Pen.BoardGen. Do not edit: change nf.config, then run\n");
            b.Append("//   ").Append(Regenerate).Append(" (tests/Pen.Device.Tests fails while this file is not current).\n");
            b.Append("// </auto-generated>\n");
            b.Append("namespace Pen.Core.Board\n{\n");
            b.Append("    /// <summary>\n");
            b.Append("    /// Board values the core needs, generated from nf.config (the one source; a test fails when they disagree).\n");
            b.Append("    /// Units are in the names. Pin numbers are not here: only the device layer opens pins.\n");
            b.Append("    /// </summary>\n");
            b.Append("    public static class BoardConstants\n    {\n");
            for (int i = 0; i < s_constants.Length; i++)
            {
                Constant c = s_constants[i];
                if (i > 0) b.Append('\n');
                b.Append("        /// <summary>").Append(c.Summary).Append(" nf.config ").Append(c.Key).Append(".</summary>\n");
                if (c.IsInt) b.Append("        public const int ").Append(c.Name).Append(" = ").Append(config.Integer(c.Key).ToString(CultureInfo.InvariantCulture)).Append(";\n");
                else b.Append("        public const float ").Append(c.Name).Append(" = ").Append(NfConfig.FloatLiteral(config.Number(c.Key))).Append(";\n");
            }
            b.Append("    }\n}\n");
            return b.ToString();
        }

        // ------------------------------------------------------------------ PinMap.cs (device layer)

        public static string RenderPinMap(NfConfig config)
        {
            string polarity = config.Text("pulseCounter.polarity");
            if (polarity != "Falling" && polarity != "Rising")
                throw new NfConfigException(config.Source + ": \"pulseCounter.polarity\" must be \"Falling\" or \"Rising\" (one edge per stroke), not \"" + polarity + "\"");
            int filter = config.Integer("pulseCounter.glitchFilterNanoseconds");
            if (filter < 0 || filter > 12799)
                throw new NfConfigException(config.Source + ": \"pulseCounter.glitchFilterNanoseconds\" must be 0 to 12799 (GpioPulseCounter.FilterPulses is ESP-IDF's max_glitch_ns; above 12,799 ns ESP-IDF refuses it and the filter stays off), not " + filter);

            var b = new StringBuilder();
            b.Append("// <auto-generated>\n");
            b.Append("//   Generated from nf.config by tools/Pen.BoardGen. Do not edit: change nf.config, then run\n");
            b.Append("//   ").Append(Regenerate).Append(" (tests/Pen.Device.Tests fails while this file is not current).\n");
            b.Append("// </auto-generated>\n");
            b.Append("namespace Pen.Firmware\n{\n");
            b.Append("    /// <summary>\n");
            b.Append("    /// The reference board's pin map and peripheral set-up for the ESP32 adapters, generated from nf.config.\n");
            b.Append("    /// GPIO numbers are ESP32 GPIO numbers; ADC channels are nanoFramework's logical ESP32 channels\n");
            b.Append("    /// (0-7 = ADC1 on GPIO 36, 37, 38, 39, 32, 33, 34, 35).\n");
            b.Append("    /// </summary>\n");
            b.Append("    public static class PinMap\n    {\n");
            b.Append("        /// <summary>nanoFramework firmware target (nanoff --target). nf.config target.</summary>\n");
            b.Append("        public const string Target = \"").Append(config.Text("target")).Append("\";\n");
            var roles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in config.PinRoles) roles[r.Key] = r.Value;
            foreach (var pin in config.Pins)
            {
                roles.TryGetValue(pin.Key, out string? role);
                b.Append('\n');
                b.Append("        /// <summary>GPIO of ").Append(pin.Key).Append(" (").Append(role ?? "no role").Append("). nf.config pins.").Append(pin.Key).Append(".</summary>\n");
                b.Append("        public const int ").Append(Pascal(pin.Key)).Append(" = ").Append(pin.Value.ToString(CultureInfo.InvariantCulture)).Append(";\n");
            }
            foreach (var ch in config.AdcChannels)
            {
                b.Append('\n');
                b.Append("        /// <summary>Logical ADC channel of ").Append(ch.Key).Append(". nf.config adcChannels.").Append(ch.Key).Append(".</summary>\n");
                b.Append("        public const int ").Append(Pascal(ch.Key)).Append("AdcChannel = ").Append(ch.Value.ToString(CultureInfo.InvariantCulture)).Append(";\n");
            }
            b.Append('\n');
            b.Append("        /// <summary>Motor PWM frequency. Unit: Hz. nf.config pwm.frequencyHz.</summary>\n");
            b.Append("        public const int PwmFrequencyHz = ").Append(config.Integer("pwm.frequencyHz")).Append(";\n\n");
            b.Append("        /// <summary>Cam Hall pulse-counter glitch filter (GpioPulseCounter.FilterPulses = ESP-IDF max_glitch_ns). Unit: ns, 0 to 12799. nf.config pulseCounter.glitchFilterNanoseconds.</summary>\n");
            b.Append("        public const int CamHallGlitchFilterNanoseconds = ").Append(filter).Append(";\n\n");
            b.Append("        /// <summary>The cam Hall counter counts falling edges (else rising). nf.config pulseCounter.polarity.</summary>\n");
            b.Append("        public const bool CamHallCountsFallingEdges = ").Append(polarity == "Falling" ? "true" : "false").Append(";\n\n");
            b.Append("        /// <summary>Control period. Unit: µs. nf.config tick.periodMicros.</summary>\n");
            b.Append("        public const int TickPeriodMicros = ").Append(config.Integer("tick.periodMicros")).Append(";\n");
            b.Append("    }\n}\n");
            return b.ToString();
        }

        // ------------------------------------------------------------------ pin table in hardware/README.md

        public static string RenderPinTable(NfConfig config)
        {
            var roles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in config.PinRoles) roles[r.Key] = r.Value;
            var channelOf = new Dictionary<int, int>();
            foreach (var ch in config.AdcChannels) channelOf[Adc1ChannelGpio.Length > ch.Value && ch.Value >= 0 ? Adc1ChannelGpio[ch.Value] : -1] = ch.Value;

            var rows = new List<KeyValuePair<int, string>>();
            foreach (var pin in config.Pins)
            {
                roles.TryGetValue(pin.Key, out string? role);
                var notes = new List<string>();
                if (channelOf.TryGetValue(pin.Value, out int channel)) notes.Add("ADC1 ch " + channel);
                if (pin.Value >= 34 && pin.Value <= 39) notes.Add("input only");
                if (Array.IndexOf(StrappingPins, pin.Value) >= 0) notes.Add(StrappingAtReset(pin.Value));
                if (PulledDown(config, pin.Key)) notes.Add("external pull-down");
                s_connects.TryGetValue(pin.Key, out string? connects);
                rows.Add(new KeyValuePair<int, string>(pin.Value,
                    "| " + pin.Value + " | `" + pin.Key + "` | " + (role ?? "?") + " | " + string.Join(", ", notes) + " | " + (connects ?? "") + " |"));
            }
            rows.Sort((a, b) => a.Key.CompareTo(b.Key));

            var t = new StringBuilder();
            t.Append("| GPIO | nf.config name | role | ESP32 notes | connects to |\n");
            t.Append("|---|---|---|---|---|\n");
            foreach (var r in rows) t.Append(r.Value).Append('\n');
            var used = new List<string>();
            var free = new List<string>();
            foreach (int strap in StrappingPins)
            {
                string? user = null;
                foreach (var pin in config.Pins) if (pin.Value == strap) user = pin.Key;
                if (user != null) used.Add(strap + " (`" + user + "`)");
                else free.Add(strap.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            t.Append("\nTarget `").Append(config.Text("target")).Append("`. Left free on purpose: GPIO 1/3 (COM1, debugger and deployment), ");
            t.Append("6-11 (SPI flash)").Append(free.Count > 0 ? ", strapping pins " + string.Join(", ", free) : "").Append(".");
            if (used.Count > 0)
                t.Append(" Strapping pins in use: ").Append(string.Join(", ", used)).Append(": the ESP32 latches them only at reset, ")
                 .Append("through their pull-ups (their notes say what the level selects), and neither level changes the boot from flash, ")
                 .Append("which needs GPIO 0 high and GPIO 12 low at reset. Source: ESP32 Series Datasheet, \"Strapping Pins\" (§2.4, Table 3).");
            t.Append('\n');
            return t.ToString();
        }

        /// <summary>Replaces the text between the pin-table markers; appends a marked section when there are none.</summary>
        public static string ReplacePinTable(string readme, string table)
        {
            string n = Normalize(readme);
            int begin = n.IndexOf(PinTableBegin, StringComparison.Ordinal);
            int end = n.IndexOf(PinTableEnd, StringComparison.Ordinal);
            string block = PinTableBegin + "\n" + table + PinTableEnd;
            if (begin < 0 || end < begin)
                return n + (n.EndsWith("\n", StringComparison.Ordinal) ? "" : "\n") + "\n" + block + "\n";
            return n.Substring(0, begin) + block + n.Substring(end + PinTableEnd.Length);
        }

        /// <summary>The pin is in nf.config enablePath.pulledDownPins (an external pull-down holds it low while the MCU is in reset).</summary>
        public static bool PulledDown(NfConfig config, string pinKey)
        {
            if (!config.Has("enablePath.pulledDownPins")) return false;
            foreach (string name in config.TextList("enablePath.pulledDownPins")) if (name == pinKey) return true;
            return false;
        }

        private static string Pascal(string key) => char.ToUpperInvariant(key[0]) + key.Substring(1);

        private static string Normalize(string text) => text.Replace("\r\n", "\n");

        private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
