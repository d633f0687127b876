using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Pen.QaBench.Plans
{
    /// <summary>A test plan: named steps, each verifying a requirement (docs/requirements.md). Format: README.md, "Plans".</summary>
    public sealed class Plan
    {
        public string Name;
        public string Source;
        public List<PlanStep> Steps = new List<PlanStep>();
    }

    /// <summary>One step: what it does (kind and its parameters) and which requirement it verifies.</summary>
    public sealed class PlanStep
    {
        public string Id, Kind, Requirement, Title;
        /// <summary>Parameters by name (numbers as double, arrays as double[] or string[], objects as string→string).</summary>
        public readonly Dictionary<string, object> Values = new Dictionary<string, object>();

        public double Number(string key, double fallback) => Values.TryGetValue(key, out object v) ? (double)v : fallback;
        public double[] Numbers(string key, double[] fallback) => Values.TryGetValue(key, out object v) ? (double[])v : fallback;
        public string[] Strings(string key, string[] fallback) => Values.TryGetValue(key, out object v) ? (string[])v : fallback;
        public Dictionary<string, string> Map(string key) => Values.TryGetValue(key, out object v) ? (Dictionary<string, string>)v : new Dictionary<string, string>();
    }

    /// <summary>A plan file that cannot be used: the file, the field's path and what is wrong.</summary>
    public sealed class PlanException : Exception
    {
        public PlanException(string message) : base(message) { }
    }

    /// <summary>Reads a plan strictly: unknown kinds and keys, wrong types and values out of range are errors naming where.</summary>
    public static class PlanReader
    {
        private enum T { Number, Numbers, Strings, Map }

        private sealed class Param
        {
            public string Name; public T Type; public double Min, Max; public bool Required;
            public Param(string name, T type, double min = double.MinValue, double max = double.MaxValue, bool required = false)
            { Name = name; Type = type; Min = min; Max = max; Required = required; }
        }

        /// <summary>Every step kind and its parameters (README.md, "Plans", says what each does).</summary>
        private static readonly Dictionary<string, Param[]> Kinds = new Dictionary<string, Param[]>
        {
            ["identify"] = new[] { new Param("expect", T.Map) },
            ["limits"] = new[] { new Param("expect", T.Map, required: true) },
            ["service"] = new[] { new Param("timeoutS", T.Number, 1, 120) },
            ["rate"] = new[] { new Param("ratesHz", T.Numbers, 50, 150, true), new Param("settleS", T.Number, 0.2, 10), new Param("windowS", T.Number, 0.5, 60), new Param("tolerancePercent", T.Number, 0.1, 20) },
            ["start"] = new[] { new Param("rateHz", T.Number, 50, 150, true), new Param("limitS", T.Number, 0.05, 5, true), new Param("tolerancePercent", T.Number, 0.1, 20), new Param("overshootPercent", T.Number, 0, 50), new Param("observeS", T.Number, 0.5, 10) },
            ["depth"] = new[] { new Param("detents", T.Numbers, 0, 10, true), new Param("toleranceMm", T.Number, 0.005, 1), new Param("settleS", T.Number, 0.05, 5) },
            ["logs"] = Array.Empty<Param>(),
            ["no-session"] = Array.Empty<Param>(),
            ["stream"] = new[] { new Param("minHz", T.Number, 1, 1000) },
            ["calibrate-adc"] = new[] { new Param("inputs", T.Strings), new Param("lowMv", T.Number, 100, 3000), new Param("highMv", T.Number, 100, 3000), new Param("reads", T.Number, 1, 256) },
            ["calibrate-depth"] = new[] { new Param("reads", T.Number, 1, 256) },
            ["calibrate-supply"] = new[] { new Param("lowMv", T.Number, 2500, 9000), new Param("highMv", T.Number, 2500, 9000), new Param("reads", T.Number, 1, 256) },
            ["power-cycle"] = new[] { new Param("offS", T.Number, 0.1, 60), new Param("bootTimeoutS", T.Number, 1, 120) },
            ["verify-adc"] = new[] { new Param("inputs", T.Strings), new Param("mv", T.Number, 100, 3000), new Param("toleranceMv", T.Number, 0.1, 500), new Param("reads", T.Number, 1, 256) },
            ["verify-supply"] = new[] { new Param("mvs", T.Numbers, 2500, 9000), new Param("toleranceMv", T.Number, 1, 1000), new Param("reads", T.Number, 1, 256) },
        };

        public static string KindNames => string.Join(", ", Kinds.Keys);

        public static Plan ReadFile(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { throw new PlanException(path + ": cannot read the plan: " + e.Message); }
            return Parse(text, path);
        }

        public static Plan Parse(string json, string source)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }); }
            catch (JsonException e) { throw new PlanException(source + ":" + (e.LineNumber + 1) + ": not valid JSON: " + e.Message); }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new PlanException(source + ": a plan is a JSON object with name and steps");
                var plan = new Plan { Source = source };
                foreach (JsonProperty p in root.EnumerateObject())
                {
                    if (p.Name == "name") plan.Name = Str(p.Value, source, "name");
                    else if (p.Name == "steps") continue;
                    else throw new PlanException(source + ": " + p.Name + ": unknown key (a plan has name and steps)");
                }

                if (string.IsNullOrWhiteSpace(plan.Name)) throw new PlanException(source + ": name: missing (a plan says what it is)");
                if (!root.TryGetProperty("steps", out JsonElement steps) || steps.ValueKind != JsonValueKind.Array || steps.GetArrayLength() == 0)
                    throw new PlanException(source + ": steps: missing or empty (an array of steps)");
                var ids = new HashSet<string>();
                int i = 0;
                foreach (JsonElement s in steps.EnumerateArray())
                {
                    PlanStep step = Step(s, source, "steps[" + i + "]");
                    if (!ids.Add(step.Id)) throw new PlanException(source + ": steps[" + i + "].id: \"" + step.Id + "\" is used twice");
                    plan.Steps.Add(step);
                    i++;
                }

                return plan;
            }
        }

        private static PlanStep Step(JsonElement s, string source, string path)
        {
            if (s.ValueKind != JsonValueKind.Object) throw new PlanException(source + ": " + path + ": a step is an object");
            var step = new PlanStep();
            if (s.TryGetProperty("kind", out JsonElement k)) step.Kind = Str(k, source, path + ".kind");
            if (step.Kind == null || !Kinds.TryGetValue(step.Kind, out Param[] parameters))
                throw new PlanException(source + ": " + path + ".kind: " + (step.Kind == null ? "missing" : "unknown kind \"" + step.Kind + "\"") + "; expected one of: " + KindNames);
            foreach (JsonProperty p in s.EnumerateObject())
            {
                string at = path + "." + p.Name;
                switch (p.Name)
                {
                    case "kind": break;
                    case "id": step.Id = Str(p.Value, source, at); break;
                    case "requirement": step.Requirement = Str(p.Value, source, at); break;
                    case "title": step.Title = Str(p.Value, source, at); break;
                    default:
                        Param q = Array.Find(parameters, x => x.Name == p.Name)
                                  ?? throw new PlanException(source + ": " + at + ": not a parameter of a '" + step.Kind + "' step; its parameters: "
                                                             + (parameters.Length == 0 ? "none" : string.Join(", ", Array.ConvertAll(parameters, x => x.Name))));
                        step.Values[p.Name] = Value(p.Value, q, source, at);
                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(step.Id)) throw new PlanException(source + ": " + path + ".id: missing (each step has an id the report names)");
            if (step.Requirement == null || !step.Requirement.StartsWith("REQ-", StringComparison.Ordinal))
                throw new PlanException(source + ": " + path + ".requirement: " + (step.Requirement == null ? "missing" : "\"" + step.Requirement + "\" is no requirement id") + " (REQ-..., docs/requirements.md)");
            foreach (Param q in parameters)
                if (q.Required && !step.Values.ContainsKey(q.Name)) throw new PlanException(source + ": " + path + "." + q.Name + ": missing; a '" + step.Kind + "' step needs it");
            step.Title ??= step.Kind;
            return step;
        }

        private static object Value(JsonElement v, Param q, string source, string at)
        {
            switch (q.Type)
            {
                case T.Number: return Num(v, q, source, at);
                case T.Numbers:
                    if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw new PlanException(source + ": " + at + ": expected a non-empty array of numbers");
                    var list = new List<double>();
                    int i = 0;
                    foreach (JsonElement e in v.EnumerateArray()) list.Add(Num(e, q, source, at + "[" + i++ + "]"));
                    return list.ToArray();
                case T.Strings:
                    if (v.ValueKind != JsonValueKind.Array) throw new PlanException(source + ": " + at + ": expected an array of strings");
                    var strings = new List<string>();
                    int j = 0;
                    foreach (JsonElement e in v.EnumerateArray()) strings.Add(Str(e, source, at + "[" + j++ + "]"));
                    return strings.ToArray();
                default:
                    if (v.ValueKind != JsonValueKind.Object) throw new PlanException(source + ": " + at + ": expected an object of \"key\": \"value\" strings");
                    var map = new Dictionary<string, string>();
                    foreach (JsonProperty p in v.EnumerateObject()) map[p.Name] = Str(p.Value, source, at + "." + p.Name);
                    return map;
            }
        }

        private static double Num(JsonElement v, Param q, string source, string at)
        {
            if (v.ValueKind != JsonValueKind.Number) throw new PlanException(source + ": " + at + ": expected a number, got " + v.ValueKind.ToString().ToLowerInvariant());
            double x = v.GetDouble();
            if (x < q.Min || x > q.Max)
                throw new PlanException(source + ": " + at + ": " + x.ToString(CultureInfo.InvariantCulture) + " is out of range " + q.Min.ToString(CultureInfo.InvariantCulture) + " to " + q.Max.ToString(CultureInfo.InvariantCulture));
            return x;
        }

        private static string Str(JsonElement v, string source, string at)
        {
            if (v.ValueKind != JsonValueKind.String) throw new PlanException(source + ": " + at + ": expected a string");
            return v.GetString();
        }
    }
}
