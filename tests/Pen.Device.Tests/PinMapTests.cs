using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.BoardGen;

namespace Pen.Device.Tests
{
    /// <summary>
    /// The pin map of nf.config obeys the ESP32's rules (ESP32 datasheet §2.2 and strapping pins; nanoframework.md §1.5,
    /// §1.9). Each rule is a function over the config, so a test can also show it catching a bad map.
    /// </summary>
    [TestClass]
    public sealed class PinMapTests
    {
        private static readonly string[] s_roles = { "output", "latch", "input", "pulse", "adc", "uartRx", "uartTx" };

        [TestMethod]
        public void Every_pin_has_a_known_role_and_every_role_a_pin() => Assert.AreEqual("", RoleErrors(Repo.Config()));

        [TestMethod]
        public void Analog_inputs_are_on_ADC1_pins_32_to_39_on_their_logical_channel() => Assert.AreEqual("", AdcErrors(Repo.Config()));

        [TestMethod]
        public void No_strapping_pin_drives_an_output() => Assert.AreEqual("", StrappingErrors(Repo.Config()));

        [TestMethod]
        public void Input_only_pins_34_to_39_are_used_only_as_inputs() => Assert.AreEqual("", InputOnlyErrors(Repo.Config()));

        [TestMethod]
        public void No_pin_is_used_twice() => Assert.AreEqual("", DuplicateErrors(Repo.Config()));

        [TestMethod]
        public void COM1_pins_1_and_3_and_the_flash_pins_are_left_alone() => Assert.AreEqual("", ReservedErrors(Repo.Config()));

        [TestMethod]
        public void A_bad_pin_map_breaks_every_rule()
        {
            NfConfig bad = NfConfig.Parse(@"{
              ""pins"": { ""motorPwm"": 12, ""led"": 36, ""current"": 25, ""depth"": 12, ""tx"": 1, ""extra"": 4, ""tx2"": 2, ""tx3"": 5 },
              ""pinRoles"": { ""motorPwm"": ""output"", ""led"": ""output"", ""current"": ""adc"", ""depth"": ""adc"", ""tx"": ""uartTx"", ""ghost"": ""input"", ""tx2"": ""uartTx"", ""tx3"": ""uartTx"" },
              ""adcChannels"": { ""current"": 0, ""depth"": 9 } }", "bad.json");
            StringAssert.Contains(RoleErrors(bad), "extra");
            StringAssert.Contains(RoleErrors(bad), "ghost");
            StringAssert.Contains(AdcErrors(bad), "current");
            StringAssert.Contains(AdcErrors(bad), "depth");
            StringAssert.Contains(StrappingErrors(bad), "motorPwm");
            StringAssert.Contains(StrappingErrors(bad), "tx2");
            Assert.IsFalse(StrappingErrors(bad).Contains("tx3"), "UART TX on GPIO 5 idles high, its boot level");
            StringAssert.Contains(InputOnlyErrors(bad), "led");
            StringAssert.Contains(DuplicateErrors(bad), "GPIO 12");
            StringAssert.Contains(ReservedErrors(bad), "tx");
        }

        [TestMethod]
        public void An_output_on_a_strap_that_boots_low_needs_an_external_pull_down()
        {
            const string pins = @"""pins"": { ""motorDirection"": 12, ""led"": 0 }, ""pinRoles"": { ""motorDirection"": ""output"", ""led"": ""output"" }";
            NfConfig without = NfConfig.Parse("{ " + pins + " }", "without.json");
            NfConfig with = NfConfig.Parse("{ " + pins + @", ""enablePath"": { ""pulledDownPins"": [""motorDirection"", ""led""] } }", "with.json");
            StringAssert.Contains(StrappingErrors(without), "motorDirection");
            Assert.IsFalse(StrappingErrors(with).Contains("motorDirection"), "GPIO 12 held low at reset reads what MTDI must: 3.3 V flash");
            StringAssert.Contains(StrappingErrors(with), "led", "GPIO 0 must be high at boot: a pull-down there selects download mode");
        }

        // ------------------------------------------------------------------ the rules

        internal static string RoleErrors(NfConfig c)
        {
            var errors = new List<string>();
            var roles = RoleMap(c);
            foreach (var pin in c.Pins)
            {
                if (!roles.TryGetValue(pin.Key, out string? role)) errors.Add(pin.Key + " has no pinRoles entry");
                else if (Array.IndexOf(s_roles, role) < 0) errors.Add(pin.Key + " has unknown role " + role);
            }
            var pins = PinMap(c);
            foreach (var r in c.PinRoles)
            {
                if (!pins.ContainsKey(r.Key)) errors.Add("pinRoles." + r.Key + " names no pin (ghost entry)");
            }
            return string.Join("; ", errors);
        }

        internal static string AdcErrors(NfConfig c)
        {
            var errors = new List<string>();
            var roles = RoleMap(c);
            var pins = PinMap(c);
            foreach (var pin in c.Pins)
            {
                if (!roles.TryGetValue(pin.Key, out string? role) || role != "adc") continue;
                if (pin.Value < 32 || pin.Value > 39) errors.Add(pin.Key + " on GPIO " + pin.Value + " is not an ADC1 pin (32-39; ADC2 is lost while the radio is on)");
            }
            foreach (var ch in c.AdcChannels)
            {
                string pinKey = pins.ContainsKey(ch.Key + "Adc") ? ch.Key + "Adc" : ch.Key;
                if (ch.Value < 0 || ch.Value >= BoardFiles.Adc1ChannelGpio.Length) { errors.Add("adcChannels." + ch.Key + " = " + ch.Value + " is not an ADC1 channel (0-7)"); continue; }
                if (!pins.TryGetValue(pinKey, out int gpio)) { errors.Add("adcChannels." + ch.Key + " has no pin " + pinKey); continue; }
                int expected = BoardFiles.Adc1ChannelGpio[ch.Value];
                if (gpio != expected) errors.Add("adcChannels." + ch.Key + " = " + ch.Value + " reads GPIO " + expected + " but the pin is GPIO " + gpio);
            }
            foreach (var pin in c.Pins)
            {
                if (roles.TryGetValue(pin.Key, out string? role) && role == "adc" && !HasChannel(c, pin.Key)) errors.Add(pin.Key + " has no adcChannels entry");
            }
            return string.Join("; ", errors);
        }

        /// <summary>Strapping pins pulled up at reset (ESP32 Series Datasheet, "Strapping Pins", §2.4): a UART TX there
        /// idles high and leaves them at their default (GPIO 0 must be high for flash boot; GPIO 5 and 15 may be either).</summary>
        private static readonly int[] StrapsWantingHigh = { 0, 5, 15 };

        /// <summary>Strapping pins whose level at boot should be low (ESP32 datasheet §2.4: GPIO 2 for download mode, GPIO 12 (MTDI) for 3.3 V flash).</summary>
        private static readonly int[] StrapsWantingLow = { 2, 12 };

        internal static string StrappingErrors(NfConfig c)
        {
            var errors = new List<string>();
            var roles = RoleMap(c);
            foreach (var pin in c.Pins)
            {
                if (Array.IndexOf(BoardFiles.StrappingPins, pin.Value) < 0) continue;
                if (!roles.TryGetValue(pin.Key, out string? role) || !IsOutput(role)) continue;
                // a UART TX idles high, the pull-up level GPIO 0, 5 and 15 have at reset: allowed there; on GPIO 2 or
                // 12 (pulled down; 12 high selects 1.8 V flash) it is not
                if (role == "uartTx" && Array.IndexOf(StrapsWantingHigh, pin.Value) >= 0) continue;
                // an output held low at reset by an external pull-down, on a strap whose boot level is low (GPIO 2:
                // download mode; GPIO 12: 3.3 V flash): the strap reads what it must
                if (role == "output" && Array.IndexOf(StrapsWantingLow, pin.Value) >= 0 && BoardFiles.PulledDown(c, pin.Key)) continue;
                errors.Add(pin.Key + " (" + role + ") on strapping pin GPIO " + pin.Value + ": its load can change the boot mode, and it may not be low at boot");
            }
            return string.Join("; ", errors);
        }

        internal static string InputOnlyErrors(NfConfig c)
        {
            var errors = new List<string>();
            var roles = RoleMap(c);
            foreach (var pin in c.Pins)
            {
                if (pin.Value < 34 || pin.Value > 39) continue;
                if (!roles.TryGetValue(pin.Key, out string? role) || IsOutput(role)) errors.Add(pin.Key + " on input-only GPIO " + pin.Value + " is used as " + (role ?? "?"));
            }
            return string.Join("; ", errors);
        }

        internal static string DuplicateErrors(NfConfig c)
        {
            var errors = new List<string>();
            var seen = new Dictionary<int, string>();
            foreach (var pin in c.Pins)
            {
                if (seen.TryGetValue(pin.Value, out string? first)) errors.Add("GPIO " + pin.Value + " used by " + first + " and " + pin.Key);
                else seen[pin.Value] = pin.Key;
            }
            return string.Join("; ", errors);
        }

        internal static string ReservedErrors(NfConfig c)
        {
            var errors = new List<string>();
            foreach (var pin in c.Pins)
            {
                if (pin.Value == 1 || pin.Value == 3) errors.Add(pin.Key + " on GPIO " + pin.Value + ": COM1 belongs to the debugger and deployment");
                if (pin.Value >= 6 && pin.Value <= 11) errors.Add(pin.Key + " on GPIO " + pin.Value + ": SPI flash pin");
                if (pin.Value < 0 || pin.Value > 39 || pin.Value == 20 || pin.Value == 24 || (pin.Value >= 28 && pin.Value <= 31))
                    errors.Add(pin.Key + " on GPIO " + pin.Value + ": no such pin on the ESP32");
            }
            return string.Join("; ", errors);
        }

        private static bool IsOutput(string? role) => role == "output" || role == "latch" || role == "uartTx";

        private static bool HasChannel(NfConfig c, string pinKey)
        {
            foreach (var ch in c.AdcChannels)
            {
                if (ch.Key == pinKey || ch.Key + "Adc" == pinKey) return true;
            }
            return false;
        }

        private static Dictionary<string, string> RoleMap(NfConfig c)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in c.PinRoles) map[r.Key] = r.Value;
            return map;
        }

        private static Dictionary<string, int> PinMap(NfConfig c)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in c.Pins) map[p.Key] = p.Value;
            return map;
        }
    }
}
