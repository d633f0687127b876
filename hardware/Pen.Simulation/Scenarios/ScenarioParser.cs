using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Scenarios
{
    /// <summary>
    /// Turns a scenario JSON text into a <see cref="Scenario"/>, checking every field. The format is documented in
    /// hardware/Pen.Simulation/Scenarios/README.md. Every problem is a <see cref="ScenarioException"/> whose message
    /// names the file, the line and column, the field path and what was expected.
    /// </summary>
    public static class ScenarioParser
    {
        /// <summary>Longest scenario. Unit: s.</summary>
        public const double MaxDurationS = 7200;

        private static readonly string[] TopFields = { "name", "plant", "seed", "durationS", "overrides", "firmware", "sensing", "tick", "interpreter", "initial", "events" };
        private static readonly string[] FirmwareFields = { "motorBackEmfVoltSecondsPerRad", "motorResistanceOhms", "motorNoLoadAmps", "rotorInertiaKgM2" };
        private static readonly string[] SensingFields = { "motorCurrent", "supplyVoltage", "driveVoltage", "housingNtc" };
        private static readonly string[] ChainFields = { "gain", "offsetMv" };
        private static readonly string[] NtcFields = { "offsetC" };
        private static readonly string[] CartridgeBuildFields = { "springPreloadN", "springRateNPerM", "needleForceN" };
        private static readonly string[] InterpreterNames = { "esp32", "esp32-slow", "instant" };
        private static readonly string[] PlantNames = { "RP-1", "RP-2" };
        private static readonly string[] TickFields = { "periodMs", "jitterMs", "pauseProbability", "pauseMinMs", "pauseMaxMs" };
        private static readonly string[] InitialFields = { "cartridge", "needles", "depthMm", "stateOfCharge", "batteryOcvVolts", "ambientC", "springPreloadN", "springRateNPerM", "needleForceN", "factoryCalibrated", "depthCalibrationOffsetDetents", "motorIdentified", "motorRecordOfNominal", "cartridgeIdentified" };
        private static readonly string[] EventTypes = { "button", "depth", "cartridge", "skin", "battery", "ambient", "tick", "fault", "power", "bench" };
        private static readonly string[][] EventFields =
        {
            new[] { "button", "action", "holdS", "bounces" },
            new[] { "mm" },
            new[] { "action", "needles", "used", "springPreloadN", "springRateNPerM", "needleForceN" },
            new[] { "contact", "loadScale", "rampMs", "pressureMm" },
            new[] { "stateOfCharge" },
            new[] { "celsius" },
            TickFields,
            new[] { "kind", "durationMs", "channel", "to", "offsetMv", "rateHz", "dropProbability", "torqueMnm", "pin", "level" },
            new[] { "action" },
            new[] { "command" },
        };

        private static readonly string[] ButtonNames = { "main", "plus", "minus" };
        private static readonly string[] ButtonActionNames = { "press", "doublePress", "hold", "down", "up", "bounce", "stuck" };
        private static readonly string[] CartridgeActions = { "insert", "remove" };
        private static readonly string[] PowerActions = { "off", "on", "cycle" };
        private static readonly string[] FaultKindNames = { "jam", "hallDead", "hallNoise", "adcOpen", "adcShort", "adcOffset", "freeze", "pause", "driverStuckOn", "drag", "gpioStuck", "bridgeShort", "amplifierDead", "brownOut" };
        private static readonly string[] GatePinNames = { "motorPwm", "motorEnable", "heartbeat", "motorDirection" };
        private static readonly string[] LevelNames = { "low", "high" };
        private static readonly string[] ChannelNames = { "motorCurrent", "supplyVoltage", "housingNtc", "depthRing", "motorCurrentAveraged", "driveVoltage" };
        private static readonly string[] ShortTargets = { "ground", "supply" };

        /// <summary>Parses a scenario. <paramref name="sourceName"/> names the text in error messages (usually the path).</summary>
        /// <exception cref="ScenarioException">The text is not valid JSON or not a valid scenario.</exception>
        public static Scenario Parse(string jsonText, string sourceName)
        {
            ScenarioJsonNode root = ScenarioJsonReader.Read(jsonText, sourceName);
            return new Builder(sourceName).Build(root);
        }

        /// <summary>Reads and parses a scenario file. The name defaults to the file name without extension.</summary>
        /// <exception cref="ScenarioException">The file cannot be read, or is not a valid scenario.</exception>
        public static Scenario ParseFile(string path)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ScenarioException("<scenario>", 0, 0, "", "no scenario file given");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new ScenarioException(path, 0, 0, "", "cannot read the scenario file: no such file");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new ScenarioException(path, 0, 0, "", "cannot read the scenario file: " + ex.Message);
            }

            return Parse(text, path);
        }

        /// <summary>The parse of one text: knows the source name for error messages.</summary>
        private sealed class Builder
        {
            private readonly string source;
            private string plant = "RP-1";
            private double durationS;

            public Builder(string source) { this.source = source; }

            public Scenario Build(ScenarioJsonNode root)
            {
                if (root.Kind != ScenarioJsonKind.Object)
                    throw Error(root, "", "expected a JSON object { ... } at the top level, got " + root.Describe());
                Obj top = new Obj(root, "");
                CheckFields(top, TopFields, null, TopFields);

                Scenario sc = new Scenario();
                string fileName = string.IsNullOrEmpty(source) ? "" : Path.GetFileNameWithoutExtension(source);
                if (fileName.Length > 0) sc.Name = fileName;
                if (top.Has("name"))
                {
                    sc.Name = Str(top["name"], "name");
                    if (sc.Name.Trim().Length == 0) throw Error(top["name"], "name", "expected a non-empty string");
                }

                if (top.Has("plant")) plant = PlantNames[Choice(top["plant"], "plant", PlantNames, "plant")];
                sc.Plant = plant;
                if (top.Has("seed")) sc.Seed = Integer(top["seed"], "seed", int.MinValue, int.MaxValue);
                durationS = Number(Require(top, "durationS", "the simulated time in s, > 0 and <= " + F(MaxDurationS)),
                    "durationS", 0, MaxDurationS, true, null);
                sc.DurationS = durationS;
                if (top.Has("overrides")) ReadOverrides(AsObject(top["overrides"], "overrides"), sc.Overrides);
                if (top.Has("firmware")) sc.Firmware = ReadFirmware(AsObject(top["firmware"], "firmware"));
                if (top.Has("sensing")) sc.Sensing = ReadSensing(AsObject(top["sensing"], "sensing"));
                if (top.Has("tick"))
                {
                    Obj tick = AsObject(top["tick"], "tick");
                    CheckFields(tick, TickFields, null, TickFields);
                    sc.Tick = ReadTick(tick);
                }

                if (top.Has("interpreter")) sc.Interpreter = InterpreterNames[Choice(top["interpreter"], "interpreter", InterpreterNames, "interpreter timing")];
                if (top.Has("initial")) sc.Initial = ReadInitial(AsObject(top["initial"], "initial"));
                if (top.Has("events"))
                {
                    ScenarioJsonNode events = top["events"];
                    if (events.Kind != ScenarioJsonKind.Array) throw Error(events, "events", "expected an array [ ... ] of events, got " + events.Describe());
                    List<ScenarioEvent> list = new List<ScenarioEvent>();
                    for (int i = 0; i < events.Items.Count; i++) list.Add(ReadEvent(events.Items[i], "events[" + i + "]"));
                    sc.Events = list.OrderBy(e => e.AtS).ToList(); // OrderBy is stable: equal times keep file order
                }

                return sc;
            }

            // ------------------------------------------------------------------------------------------ sections

            private void ReadOverrides(Obj o, Dictionary<string, double> overrides)
            {
                string[] names = PlantParameters.ParameterNames;
                PlantParameters probe = PlantParameters.ForName(plant);
                foreach (ScenarioJsonProperty p in o.Node.Properties)
                {
                    string field = o.At(p.Name);
                    if (Array.IndexOf(names, p.Name) < 0)
                    {
                        string suggestion = Suggest(p.Name, names);
                        string problem = suggestion != null
                            ? "unknown plant parameter; did you mean \"" + suggestion + "\"?"
                            : "unknown plant parameter; expected one of: " + string.Join(", ", names);
                        throw new ScenarioException(source, p.Line, p.Column, field, problem);
                    }

                    double value;
                    if (IsBoolParameter(p.Name) && p.Value.Kind == ScenarioJsonKind.Bool) value = p.Value.Bool ? 1 : 0;
                    else if (p.Value.Kind == ScenarioJsonKind.Number) value = p.Value.Number;
                    else
                    {
                        string expected = IsBoolParameter(p.Name) ? "true, false or a number" : "a number";
                        throw Error(p.Value, field, "expected " + expected + ", got " + p.Value.Describe());
                    }

                    if (!probe.TrySet(p.Name, value)) throw new ScenarioException(source, p.Line, p.Column, field, "unknown plant parameter");
                    overrides[p.Name] = value;
                }
            }

            /// <summary>What the firmware is told about its motor (each a number > 0 in the unit of Pen.Core's BoardVariant).</summary>
            private FirmwareTold ReadFirmware(Obj o)
            {
                CheckFields(o, FirmwareFields, null, FirmwareFields);
                FirmwareTold f = new FirmwareTold();
                if (o.Has("motorBackEmfVoltSecondsPerRad")) f.MotorBackEmfVoltSecondsPerRad = Number(o["motorBackEmfVoltSecondsPerRad"], o.At("motorBackEmfVoltSecondsPerRad"), 0, 0.1, true, "V s/rad");
                if (o.Has("motorResistanceOhms")) f.MotorResistanceOhms = Number(o["motorResistanceOhms"], o.At("motorResistanceOhms"), 0, 100, true, "Ohm");
                if (o.Has("motorNoLoadAmps")) f.MotorNoLoadAmps = Number(o["motorNoLoadAmps"], o.At("motorNoLoadAmps"), 0, 2, true, "A");
                if (o.Has("rotorInertiaKgM2")) f.RotorInertiaKgM2 = Number(o["rotorInertiaKgM2"], o.At("rotorInertiaKgM2"), 0, 1e-5, true, "kg m^2");
                return f;
            }

            /// <summary>This unit's sensing chains given exactly: gain and offset of the current, supply and drive chains, the NTC's offset.</summary>
            private SensingTruth ReadSensing(Obj o)
            {
                CheckFields(o, SensingFields, null, SensingFields);
                SensingTruth t = new SensingTruth();
                foreach (string chain in new[] { "motorCurrent", "supplyVoltage", "driveVoltage" })
                {
                    if (!o.Has(chain)) continue;
                    Obj c = AsObject(o[chain], o.At(chain));
                    CheckFields(c, ChainFields, null, ChainFields);
                    double gain = c.Has("gain") ? Number(c["gain"], c.At("gain"), 0.8, 1.2, false, "x nominal") : double.NaN;
                    double offset = c.Has("offsetMv") ? Number(c["offsetMv"], c.At("offsetMv"), -50, 50, false, "mV at the pin") : double.NaN;
                    if (chain == "motorCurrent") { t.CurrentGain = gain; t.CurrentOffsetMv = offset; }
                    else if (chain == "supplyVoltage") { t.SupplyGain = gain; t.SupplyOffsetMv = offset; }
                    else { t.DriveGain = gain; t.DriveOffsetMv = offset; }
                }

                if (o.Has("housingNtc"))
                {
                    Obj n = AsObject(o["housingNtc"], o.At("housingNtc"));
                    CheckFields(n, NtcFields, null, NtcFields);
                    if (n.Has("offsetC")) t.NtcOffsetC = Number(n["offsetC"], n.At("offsetC"), -10, 10, false, "degC");
                }

                return t;
            }

            /// <summary>A cartridge's spring and needle force (initial or an insert event); absent fields stay NaN (the plant's).</summary>
            private CartridgeBuild ReadCartridgeBuild(Obj o)
            {
                CartridgeBuild b = new CartridgeBuild();
                if (o.Has("springPreloadN")) b.SpringPreloadN = Number(o["springPreloadN"], o.At("springPreloadN"), 0, 5, false, "N");
                if (o.Has("springRateNPerM")) b.SpringRateNPerM = Number(o["springRateNPerM"], o.At("springRateNPerM"), 0, 2000, false, "N/m");
                if (o.Has("needleForceN")) b.NeedleForceN = Number(o["needleForceN"], o.At("needleForceN"), 0, 1, false, "N per needle");
                return b;
            }

            private static bool IsBoolParameter(string jsonName)
            {
                System.Reflection.FieldInfo f = typeof(PlantParameters).GetField(Pascal(jsonName));
                return f != null && f.FieldType == typeof(bool);
            }

            /// <summary>The fields of a tick pattern (top-level "tick" or a "tick" event); unknown keys already checked.</summary>
            private TickPattern ReadTick(Obj o)
            {
                TickPattern t = new TickPattern();
                if (o.Has("periodMs")) t.PeriodMs = Number(o["periodMs"], o.At("periodMs"), 1, 100, false, null);
                if (o.Has("jitterMs")) t.JitterMs = Number(o["jitterMs"], o.At("jitterMs"), 0, t.PeriodMs / 2, false, "periodMs/2");
                if (o.Has("pauseProbability")) t.PauseProbability = Number(o["pauseProbability"], o.At("pauseProbability"), 0, 1, false, null);
                if (o.Has("pauseMinMs")) t.PauseMinMs = Number(o["pauseMinMs"], o.At("pauseMinMs"), t.PeriodMs, 1000, false, "periodMs to 1000");
                else t.PauseMinMs = Math.Max(t.PauseMinMs, t.PeriodMs);
                if (o.Has("pauseMaxMs")) t.PauseMaxMs = Number(o["pauseMaxMs"], o.At("pauseMaxMs"), t.PauseMinMs, 1000, false, "pauseMinMs to 1000");
                else t.PauseMaxMs = Math.Max(t.PauseMaxMs, t.PauseMinMs);
                return t;
            }

            private InitialConditions ReadInitial(Obj o)
            {
                CheckFields(o, InitialFields, null, InitialFields);
                InitialConditions c = new InitialConditions();
                if (o.Has("cartridge")) c.Cartridge = Bool(o["cartridge"], o.At("cartridge"));
                if (o.Has("needles")) c.Needles = Integer(o["needles"], o.At("needles"), 1, 64);
                if (o.Has("depthMm")) c.DepthMm = Number(o["depthMm"], o.At("depthMm"), 0, 2.5, false, null);
                if (o.Has("stateOfCharge"))
                {
                    if (plant != "RP-1")
                        throw Error(o["stateOfCharge"], o.At("stateOfCharge"), "only valid for plant RP-1 (the battery pen); this scenario's plant is " + plant);
                    c.StateOfCharge = Number(o["stateOfCharge"], o.At("stateOfCharge"), 0, 1, false, null);
                }

                if (o.Has("batteryOcvVolts"))
                {
                    if (plant != "RP-1")
                        throw Error(o["batteryOcvVolts"], o.At("batteryOcvVolts"), "only valid for plant RP-1 (the battery pen); this scenario's plant is " + plant);
                    if (o.Has("stateOfCharge")) throw ErrorAtKey(o, "batteryOcvVolts", "give stateOfCharge or batteryOcvVolts, not both");
                    c.BatteryOcvVolts = Number(o["batteryOcvVolts"], o.At("batteryOcvVolts"), Supply.OcvAt(0), Supply.OcvAt(1), false, "the cell's open-circuit voltage, empty to full");
                }

                c.CartridgeBuild = ReadCartridgeBuild(o);
                if (o.Has("motorIdentified")) c.MotorIdentified = Bool(o["motorIdentified"], o.At("motorIdentified"));
                if (o.Has("motorRecordOfNominal")) c.MotorRecordOfNominal = Bool(o["motorRecordOfNominal"], o.At("motorRecordOfNominal"));
                if (o.Has("cartridgeIdentified")) c.CartridgeIdentified = Bool(o["cartridgeIdentified"], o.At("cartridgeIdentified"));

                if (o.Has("ambientC")) c.AmbientC = Number(o["ambientC"], o.At("ambientC"), -10, 50, false, null);
                if (o.Has("factoryCalibrated")) c.FactoryCalibrated = Bool(o["factoryCalibrated"], o.At("factoryCalibrated"));
                if (o.Has("depthCalibrationOffsetDetents")) c.DepthCalibrationOffsetDetents = Number(o["depthCalibrationOffsetDetents"], o.At("depthCalibrationOffsetDetents"), -1, 1, false, null);
                return c;
            }

            private ScenarioEvent ReadEvent(ScenarioJsonNode node, string path)
            {
                if (node.Kind != ScenarioJsonKind.Object)
                    throw Error(node, path, "expected an event object { \"at\": ..., \"type\": ... }, got " + node.Describe());
                Obj o = new Obj(node, path);
                int type = Choice(Require(o, "type", "one of: " + string.Join(", ", EventTypes)), o.At("type"), EventTypes, "event type");
                string typeName = EventTypes[type];
                CheckFields(o, new[] { "at", "type" }.Concat(EventFields[type]).ToArray(), A(typeName) + " event", EventFields[type]);
                double at = Number(Require(o, "at", "the event time in s from the start"), o.At("at"), 0, durationS, false, "durationS");

                ScenarioEvent e;
                switch (typeName)
                {
                    case "button": e = ReadButton(o); break;
                    case "depth":
                        e = new DepthEvent { DepthMm = Number(Require(o, "mm", "the new depth in mm, 0 to 2.5"), o.At("mm"), 0, 2.5, false, null) };
                        break;
                    case "cartridge": e = ReadCartridge(o); break;
                    case "skin": e = ReadSkin(o); break;
                    case "battery":
                        if (plant != "RP-1")
                            throw Error(node, path, "a 'battery' event needs plant RP-1 (the battery pen); this scenario's plant is " + plant);
                        e = new BatteryEvent { StateOfCharge = Number(Require(o, "stateOfCharge", "a fraction 0 to 1"), o.At("stateOfCharge"), 0, 1, false, null) };
                        break;
                    case "ambient":
                        e = new AmbientEvent { Celsius = Number(Require(o, "celsius", "degC, -10 to 50"), o.At("celsius"), -10, 50, false, null) };
                        break;
                    case "tick": e = new TickEvent { Pattern = ReadTick(o) }; break;
                    case "power":
                        e = new PowerEvent { Action = (PowerAction)Choice(Require(o, "action", "off, on or cycle"), o.At("action"), PowerActions, "power action") };
                        break;
                    case "bench":
                        ScenarioJsonNode command = Require(o, "command", "a bench serial command line, e.g. \"STATUS\" (HELP lists them)");
                        if (command.Kind != ScenarioJsonKind.String) throw Error(command, o.At("command"), "expected a string, the command line; got " + command.Describe());
                        e = new BenchEvent { Command = command.Text };
                        break;
                    default: e = ReadFault(o); break;
                }

                e.AtS = at;
                e.Line = node.Line;
                return e;
            }

            private ButtonEvent ReadButton(Obj o)
            {
                ButtonEvent b = new ButtonEvent();
                b.Button = Enum<ButtonId>(Require(o, "button", "one of: " + string.Join(", ", ButtonNames)), o.At("button"), ButtonNames, "button");
                b.Action = Enum<ButtonAction>(Require(o, "action", "one of: " + string.Join(", ", ButtonActionNames)), o.At("action"), ButtonActionNames, "button action");
                if (o.Has("holdS"))
                {
                    if (b.Action != ButtonAction.Press && b.Action != ButtonAction.Hold && b.Action != ButtonAction.Bounce)
                        throw ErrorAtKey(o, "holdS", "only valid with action press, hold or bounce");
                    b.HoldS = Number(o["holdS"], o.At("holdS"), 0, 600, true, null);
                }

                if (o.Has("bounces"))
                {
                    if (b.Action != ButtonAction.Bounce) throw ErrorAtKey(o, "bounces", "only valid with action bounce");
                    b.Bounces = Integer(o["bounces"], o.At("bounces"), 1, 50);
                }

                return b;
            }

            private CartridgeEvent ReadCartridge(Obj o)
            {
                CartridgeEvent c = new CartridgeEvent();
                c.Insert = Choice(Require(o, "action", "insert or remove"), o.At("action"), CartridgeActions, "cartridge action") == 0;
                foreach (string f in new[] { "needles", "used", "springPreloadN", "springRateNPerM", "needleForceN" })
                {
                    if (!c.Insert && o.Has(f)) throw ErrorAtKey(o, f, "only valid with action insert");
                }

                if (o.Has("needles")) c.Needles = Integer(o["needles"], o.At("needles"), 1, 64);
                if (o.Has("used")) c.Used = Bool(o["used"], o.At("used"));
                c.Build = ReadCartridgeBuild(o);
                return c;
            }

            private SkinEvent ReadSkin(Obj o)
            {
                SkinEvent s = new SkinEvent();
                s.Contact = Bool(Require(o, "contact", "true (needles on the skin) or false (lifted)"), o.At("contact"));
                if (o.Has("loadScale")) s.LoadScale = Number(o["loadScale"], o.At("loadScale"), 0, 5, false, null);
                if (o.Has("rampMs")) s.RampMs = Number(o["rampMs"], o.At("rampMs"), 0, 10000, false, null);
                if (o.Has("pressureMm")) s.PressureMm = Number(o["pressureMm"], o.At("pressureMm"), -0.5, 0.5, false, null);
                return s;
            }

            private FaultEvent ReadFault(Obj o)
            {
                FaultEvent f = new FaultEvent();
                f.Kind = Enum<FaultKind>(Require(o, "kind", "one of: " + string.Join(", ", FaultKindNames)), o.At("kind"), FaultKindNames, "fault kind");
                string kindName = FaultKindNames[Array.IndexOf(FaultKindNames, o["kind"].Text)];
                bool adc = f.Kind == FaultKind.AdcOpen || f.Kind == FaultKind.AdcShort || f.Kind == FaultKind.AdcOffset;
                List<string> allowed = new List<string> { "kind", "durationMs" };
                if (adc) allowed.Add("channel");
                if (f.Kind == FaultKind.AdcShort) allowed.Add("to");
                if (f.Kind == FaultKind.AdcOffset) allowed.Add("offsetMv");
                if (f.Kind == FaultKind.HallNoise) allowed.AddRange(new[] { "rateHz", "dropProbability" });
                if (f.Kind == FaultKind.Drag) allowed.Add("torqueMnm");
                if (f.Kind == FaultKind.GpioStuck) allowed.AddRange(new[] { "pin", "level" });
                foreach (ScenarioJsonProperty p in o.Node.Properties)
                {
                    if (p.Name != "at" && p.Name != "type" && !allowed.Contains(p.Name))
                        throw ErrorAtKey(o, p.Name, "not a field of " + A(kindName) + " fault; fields: " + string.Join(", ", allowed));
                }

                bool needsDuration = f.Kind == FaultKind.Freeze || f.Kind == FaultKind.Pause || f.Kind == FaultKind.BrownOut;
                if (needsDuration) Require(o, "durationMs", A(kindName) + " fault needs durationMs (ms, > 0)");
                if (o.Has("durationMs")) f.DurationMs = Number(o["durationMs"], o.At("durationMs"), 0, double.PositiveInfinity, true, null);
                if (adc)
                {
                    f.Channel = Enum<AdcChannelId>(Require(o, "channel", A(kindName) + " fault needs channel, one of: " + string.Join(", ", ChannelNames)),
                        o.At("channel"), ChannelNames, "ADC channel");
                }

                if (o.Has("to")) f.ToSupply = Choice(o["to"], o.At("to"), ShortTargets, "short target") == 1;
                if (f.Kind == FaultKind.AdcOffset)
                    f.OffsetMv = Number(Require(o, "offsetMv", "an 'adcOffset' fault needs offsetMv (mV, -2500 to 2500)"), o.At("offsetMv"), -2500, 2500, false, null);
                if (f.Kind == FaultKind.HallNoise)
                {
                    if (o.Has("rateHz")) f.RateHz = Number(o["rateHz"], o.At("rateHz"), 0, 5000, false, null);
                    if (o.Has("dropProbability")) f.DropProbability = Number(o["dropProbability"], o.At("dropProbability"), 0, 1, false, null);
                    if (f.RateHz == 0 && f.DropProbability == 0)
                        throw Error(o.Node, o.Path, "a 'hallNoise' fault needs rateHz > 0 and/or dropProbability > 0");
                }

                if (f.Kind == FaultKind.Drag)
                    f.TorqueMnm = Number(Require(o, "torqueMnm", "a 'drag' fault needs torqueMnm (mN·m, > 0 and <= 20)"), o.At("torqueMnm"), 0, 20, true, null);
                if (f.Kind == FaultKind.GpioStuck)
                {
                    f.Pin = Enum<GatePin>(Require(o, "pin", "a 'gpioStuck' fault needs pin, one of: " + string.Join(", ", GatePinNames)), o.At("pin"), GatePinNames, "gate input");
                    if (o.Has("level")) f.High = Choice(o["level"], o.At("level"), LevelNames, "level") == 1;
                }

                return f;
            }

            // ------------------------------------------------------------------------------------------ values

            private double Number(ScenarioJsonNode n, string field, double min, double max, bool minExclusive, string note)
            {
                bool ok = n.Kind == ScenarioJsonKind.Number
                          && (minExclusive ? n.Number > min : n.Number >= min) && n.Number <= max;
                if (ok) return n.Number;
                string range;
                if (double.IsPositiveInfinity(max)) range = "a number " + (minExclusive ? "> " : ">= ") + F(min);
                else if (minExclusive) range = "a number > " + F(min) + " and <= " + F(max);
                else range = "a number from " + F(min) + " to " + F(max);
                if (note != null) range += " (" + note + ")";
                throw Error(n, field, "expected " + range + ", got " + n.Describe());
            }

            private int Integer(ScenarioJsonNode n, string field, int min, int max)
            {
                if (n.Kind == ScenarioJsonKind.Number && n.Number >= min && n.Number <= max && Math.Floor(n.Number) == n.Number)
                    return (int)n.Number;
                string range = min == int.MinValue ? "an integer" : "an integer from " + min + " to " + max;
                throw Error(n, field, "expected " + range + ", got " + n.Describe());
            }

            private bool Bool(ScenarioJsonNode n, string field)
            {
                if (n.Kind == ScenarioJsonKind.Bool) return n.Bool;
                throw Error(n, field, "expected true or false, got " + n.Describe());
            }

            private string Str(ScenarioJsonNode n, string field)
            {
                if (n.Kind == ScenarioJsonKind.String) return n.Text;
                throw Error(n, field, "expected a string in double quotes, got " + n.Describe());
            }

            /// <summary>Index of the string value in <paramref name="names"/> (case-sensitive).</summary>
            private int Choice(ScenarioJsonNode n, string field, string[] names, string what)
            {
                string list = string.Join(", ", names);
                if (n.Kind != ScenarioJsonKind.String)
                    throw Error(n, field, "expected a string, one of: " + list + "; got " + n.Describe());
                int i = Array.IndexOf(names, n.Text);
                if (i < 0) throw Error(n, field, "unknown " + what + " " + n.Describe() + "; expected one of: " + list);
                return i;
            }

            /// <summary>The enum member whose name is the PascalCase of the camelCase value.</summary>
            private T Enum<T>(ScenarioJsonNode n, string field, string[] names, string what) where T : struct
            {
                return System.Enum.Parse<T>(Pascal(names[Choice(n, field, names, what)]));
            }

            private ScenarioJsonNode Require(Obj o, string name, string expectation)
            {
                if (o.Has(name)) return o[name];
                throw Error(o.Node, o.At(name), "missing required field; " + expectation);
            }

            private Obj AsObject(ScenarioJsonNode n, string field)
            {
                if (n.Kind != ScenarioJsonKind.Object) throw Error(n, field, "expected an object { ... }, got " + n.Describe());
                return new Obj(n, field);
            }

            /// <summary>Unknown keys are errors: "unknown key" (or "not a field of X") with the list and a suggestion.</summary>
            private void CheckFields(Obj o, string[] allowed, string notAFieldOf, string[] listed)
            {
                foreach (ScenarioJsonProperty p in o.Node.Properties)
                {
                    if (Array.IndexOf(allowed, p.Name) >= 0) continue;
                    string problem = notAFieldOf == null
                        ? "unknown key; expected one of: " + string.Join(", ", listed)
                        : "not a field of " + notAFieldOf + "; fields: " + string.Join(", ", listed);
                    string suggestion = Suggest(p.Name, allowed);
                    if (suggestion != null) problem += " (did you mean \"" + suggestion + "\"?)";
                    throw new ScenarioException(source, p.Line, p.Column, o.At(p.Name), problem);
                }
            }

            private ScenarioException Error(ScenarioJsonNode n, string field, string problem)
            {
                return new ScenarioException(source, n.Line, n.Column, field, problem);
            }

            private ScenarioException ErrorAtKey(Obj o, string name, string problem)
            {
                ScenarioJsonProperty p = o.Prop(name);
                return new ScenarioException(source, p.Line, p.Column, o.At(name), problem);
            }
        }

        /// <summary>An object node with its field path.</summary>
        private sealed class Obj
        {
            public readonly ScenarioJsonNode Node;
            public readonly string Path;

            public Obj(ScenarioJsonNode node, string path)
            {
                Node = node;
                Path = path;
            }

            public ScenarioJsonNode this[string name] => Prop(name)?.Value;
            public bool Has(string name) => Prop(name) != null;
            public string At(string name) => Path.Length == 0 ? name : Path + "." + name;
            public ScenarioJsonProperty Prop(string name) => Node.Properties.FirstOrDefault(p => p.Name == name);
        }

        // ---------------------------------------------------------------------------------------------- helpers

        private static string F(double v) { return v.ToString("0.###", CultureInfo.InvariantCulture); }

        /// <summary>"a 'skin'" or "an 'adcOpen'": the quoted name with its article.</summary>
        private static string A(string name) { return ("aeiou".IndexOf(name[0]) >= 0 ? "an '" : "a '") + name + "'"; }

        private static string Pascal(string camel) { return char.ToUpperInvariant(camel[0]) + camel.Substring(1); }

        /// <summary>The closest candidate by edit distance (ignoring case), or null when none is close.</summary>
        private static string Suggest(string name, IEnumerable<string> candidates)
        {
            string best = null;
            int bestDistance = int.MaxValue;
            foreach (string c in candidates)
            {
                int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
                if (d < bestDistance) { best = c; bestDistance = d; }
            }

            return best != null && bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
        }

        private static int Distance(string a, string b)
        {
            int[] prev = new int[b.Length + 1], cur = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) prev[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                cur[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                int[] t = prev; prev = cur; cur = t;
            }

            return prev[b.Length];
        }
    }
}
