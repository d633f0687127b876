using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Pen.BoardGen
{
    /// <summary>Bad nf.config: the message names the file and the key path.</summary>
    public sealed class NfConfigException : Exception
    {
        public NfConfigException(string message) : base(message) { }
    }

    /// <summary>
    /// nf.config, read: the one source of the device target, the pin map, the PWM set-up and the scaling of every
    /// sensing chain. Keys starting with '_' are comments. Every accessor names the key path in its error.
    /// </summary>
    public sealed class NfConfig
    {
        private readonly JsonElement _root;

        private NfConfig(JsonElement root, string source)
        {
            _root = root;
            Source = source;
        }

        /// <summary>Where the text came from (file path), for messages.</summary>
        public string Source { get; }

        /// <summary>Reads and parses a file. Throws <see cref="NfConfigException"/> for a missing file or bad JSON.</summary>
        public static NfConfig Load(string path)
        {
            if (!File.Exists(path)) throw new NfConfigException(path + ": file not found");
            return Parse(File.ReadAllText(path), path);
        }

        /// <summary>Parses text. Throws <see cref="NfConfigException"/> naming line and position of a JSON error.</summary>
        public static NfConfig Parse(string json, string source)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new NfConfigException(source + ": the top level must be an object");
                return new NfConfig(doc.RootElement.Clone(), source);
            }
            catch (JsonException e)
            {
                throw new NfConfigException(source + ":" + ((e.LineNumber ?? 0) + 1) + ": not valid JSON (" + e.Message + ")");
            }
        }

        /// <summary>A number at a dotted key path, e.g. "motorCurrentSense.shuntOhms".</summary>
        public double Number(string path)
        {
            JsonElement e = At(path);
            if (e.ValueKind != JsonValueKind.Number) throw new NfConfigException(Source + ": \"" + path + "\" must be a number");
            return e.GetDouble();
        }

        /// <summary>A whole number at a dotted key path.</summary>
        public int Integer(string path)
        {
            JsonElement e = At(path);
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v)) throw new NfConfigException(Source + ": \"" + path + "\" must be a whole number");
            return v;
        }

        /// <summary>A string at a dotted key path.</summary>
        public string Text(string path)
        {
            JsonElement e = At(path);
            if (e.ValueKind != JsonValueKind.String) throw new NfConfigException(Source + ": \"" + path + "\" must be a string");
            return e.GetString()!;
        }

        /// <summary>A list of strings at a dotted key path.</summary>
        public IReadOnlyList<string> TextList(string path)
        {
            JsonElement e = At(path);
            if (e.ValueKind != JsonValueKind.Array) throw new NfConfigException(Source + ": \"" + path + "\" must be a list of names");
            var list = new List<string>();
            foreach (JsonElement item in e.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) throw new NfConfigException(Source + ": \"" + path + "\" must be a list of names");
                list.Add(item.GetString()!);
            }
            return list;
        }

        /// <summary>The non-comment members of an object, in file order, as (key, element).</summary>
        public IReadOnlyList<KeyValuePair<string, JsonElement>> Members(string path)
        {
            JsonElement e = At(path);
            if (e.ValueKind != JsonValueKind.Object) throw new NfConfigException(Source + ": \"" + path + "\" must be an object");
            var list = new List<KeyValuePair<string, JsonElement>>();
            foreach (JsonProperty p in e.EnumerateObject())
            {
                if (p.Name.StartsWith("_", StringComparison.Ordinal)) continue;
                list.Add(new KeyValuePair<string, JsonElement>(p.Name, p.Value));
            }
            return list;
        }

        /// <summary>The pin map ("pins"): (name, GPIO number), file order.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Pins => WholeNumbers("pins");

        /// <summary>Logical ADC channels ("adcChannels"): (name, channel), file order.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> AdcChannels => WholeNumbers("adcChannels");

        /// <summary>The role of every pin ("pinRoles"): (name, role), file order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> PinRoles
        {
            get
            {
                var list = new List<KeyValuePair<string, string>>();
                foreach (var m in Members("pinRoles"))
                {
                    if (m.Value.ValueKind != JsonValueKind.String) throw new NfConfigException(Source + ": \"pinRoles." + m.Key + "\" must be a string");
                    list.Add(new KeyValuePair<string, string>(m.Key, m.Value.GetString()!));
                }
                return list;
            }
        }

        /// <summary>True when the dotted key path exists.</summary>
        public bool Has(string path) => TryAt(path, out _);

        private IReadOnlyList<KeyValuePair<string, int>> WholeNumbers(string section)
        {
            var list = new List<KeyValuePair<string, int>>();
            foreach (var m in Members(section))
            {
                if (m.Value.ValueKind != JsonValueKind.Number || !m.Value.TryGetInt32(out int v))
                    throw new NfConfigException(Source + ": \"" + section + "." + m.Key + "\" must be a whole number");
                list.Add(new KeyValuePair<string, int>(m.Key, v));
            }
            return list;
        }

        private JsonElement At(string path)
        {
            if (!TryAt(path, out JsonElement e)) throw new NfConfigException(Source + ": \"" + path + "\" is missing");
            return e;
        }

        private bool TryAt(string path, out JsonElement element)
        {
            element = _root;
            foreach (string part in path.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out JsonElement next))
                {
                    element = default;
                    return false;
                }
                element = next;
            }
            return true;
        }

        /// <summary>A C# float literal for a value: shortest round-trip text plus 'f'.</summary>
        public static string FloatLiteral(double value)
        {
            string s = ((float)value).ToString("R", CultureInfo.InvariantCulture);
            if (s.IndexOf('E') >= 0 || s.IndexOf('e') >= 0) s = ((float)value).ToString("0.0###########", CultureInfo.InvariantCulture);
            return s + "f";
        }
    }
}
