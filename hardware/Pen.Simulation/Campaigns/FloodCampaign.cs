using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Board;
using Pen.Core.Records;
using Pen.Core.Safety;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Campaigns
{
    /// <summary>
    /// Floods and a flapping check for hours (`campaign flood --cases N`), on a pen whose seated cartridge was used in a
    /// patient's session. A case is one of: the cell swung across the start threshold (3.05 V, then 3.25 V, for 0.2 to
    /// 2 s each: the start check trips and clears every time), a burst of 20 `STORE CONFIG` lines without a service
    /// session, a burst of 10 inside one (the technician's, with the pen's key: each stored and logged), a fault burst
    /// (the current input 900 mV off for 50 ms), or a power cycle. After every power cycle and at the end: the cartridge
    /// reads used, the calibrations and key are as the factory left them, the configuration is the last one a service
    /// session stored, the log holds no more than its 400 records, and no two fault snapshots of one code reached it
    /// within a minute without a power-up between them. Deterministic per seed.
    /// </summary>
    public static class FloodCampaign
    {
        /// <summary>What the campaign measured.</summary>
        public sealed class Result
        {
            public int Cases, Flaps, UnauthorisedStores, ServiceStores, FaultBursts, PowerCycles, Checks;
            public int Trips, Snapshots, SnapshotsAfterABoot, LongestLog, Dropped;
            public double SimulatedS;
            public int Failures;
            public readonly List<string> FailureLines = new List<string>();
        }

        /// <summary>Runs <paramref name="cases"/> cases on the pen of <paramref name="seed"/>.</summary>
        public static Result Run(int cases, int seed, Action<int> progress = null)
        {
            var result = new Result();
            var rnd = SplitMix.For(seed, "flood");
            var s = new Scenario { Name = "flood and flap", Seed = seed };
            s.Events.Add(new ButtonEvent { AtS = 0.3, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 3.0, Button = ButtonId.Main, Action = ButtonAction.Press });
            s.Events.Add(new PowerEvent { AtS = 3.5, Action = PowerAction.Cycle });   // the patient's session ends; the cartridge stays seated

            double t = 5.0;
            double lastWake = t;
            string config = null;
            bool low = false;
            int storeSerial = 0;
            var checkTimes = new List<double>();
            for (int i = 0; i < cases; i++)
            {
                double p = rnd.NextDouble();
                if (p < 0.75)
                {
                    // the cell across the start threshold and back
                    low = !low;
                    double ocv = low ? 3.05 : 3.25;
                    s.Events.Add(new BatteryEvent { AtS = t, StateOfCharge = Supply.StateOfChargeAt(ocv) });
                    t += 0.2 + 1.8 * rnd.NextDouble();
                    result.Flaps++;
                }
                else if (p < 0.85)
                {
                    for (int k = 0; k < 20; k++)
                        s.Events.Add(new BenchEvent { AtS = t + 0.02 * k, Command = "STORE CONFIG session_cap_s=" + (300 + (storeSerial++ % 3300)).ToString(CultureInfo.InvariantCulture) + " pacing_s=20" });
                    t += 0.6;
                    result.UnauthorisedStores += 20;
                }
                else if (p < 0.9)
                {
                    s.Events.Add(new BenchEvent { AtS = t, Command = "AUTH" });
                    s.Events.Add(new BenchEvent { AtS = t + 0.1, Command = ScenarioRunner.AnswerCommand });
                    for (int k = 0; k < 10; k++)
                    {
                        config = "CONFIG session_cap_s=" + (300 + (storeSerial++ % 3300)).ToString(CultureInfo.InvariantCulture) + " pacing_s=30";
                        s.Events.Add(new BenchEvent { AtS = t + 0.3 + 0.05 * k, Command = "STORE " + config });
                    }

                    s.Events.Add(new BenchEvent { AtS = t + 1.0, Command = "END" });
                    t += 1.5;
                    result.ServiceStores += 10;
                }
                else if (p < 0.97)
                {
                    s.Events.Add(new FaultEvent { AtS = t, Kind = FaultKind.AdcOffset, Channel = AdcChannelId.MotorCurrent, OffsetMv = 900, DurationMs = 50 });
                    t += 0.5;
                    result.FaultBursts++;
                }
                else
                {
                    s.Events.Add(new PowerEvent { AtS = t, Action = PowerAction.Cycle });
                    checkTimes.Add(t + 0.5);
                    t += 1.0;
                    result.PowerCycles++;
                }

                // a press of plus every 4 minutes keeps the pen from its 5-minute idle power-off
                if (t - lastWake > 240)
                {
                    s.Events.Add(new ButtonEvent { AtS = t, Button = ButtonId.Plus, Action = ButtonAction.Press });
                    lastWake = t;
                    t += 0.5;
                }
            }

            s.DurationS = t + 2.0;
            checkTimes.Add(t + 1.5);
            var runner = new ScenarioRunner(s);
            SimulatedPen pen0 = runner.Pen;
            Dictionary<string, string> factory = Factory(pen0);
            string expectedConfig = null;
            // the configuration a check expects: the last service STORE before it (bench events are answered in order)
            var configAt = new List<KeyValuePair<double, string>>();
            foreach (ScenarioEvent e in s.Events)
                if (e is BenchEvent b && b.Command.StartsWith("STORE CONFIG", StringComparison.Ordinal) && b.Command.EndsWith("pacing_s=30", StringComparison.Ordinal))
                    configAt.Add(new KeyValuePair<double, string>(b.AtS, b.Command.Substring(6)));
            configAt.Sort((x, y) => x.Key.CompareTo(y.Key));
            foreach (double ct in checkTimes)
            {
                double at = ct;
                runner.Schedule(at, pen =>
                {
                    expectedConfig = null;
                    foreach (var kv in configAt) if (kv.Key < at - 0.5) expectedConfig = kv.Value;
                    Check(pen, factory, expectedConfig, result, at);
                });
            }

            // every fault snapshot as it is written to the log (the log itself keeps only its newest 400 records)
            // with the boot it was written in (the pen's clock, t_ms, starts again at every power-up)
            var snapshots = new List<string>();
            var snapshotBoots = new List<int>();
            var snapshotPlantMs = new List<long>();
            runner.Pen.Flash.Wrote = (name, old, content, isAppend) =>
            {
                if (!name.StartsWith("log", StringComparison.Ordinal)) return;
                int from = isAppend ? old.Length : 0;
                string line = Encoding.ASCII.GetString(content, from, content.Length - from);
                if (!line.StartsWith("fault ", StringComparison.Ordinal)) return;
                snapshots.Add(line);
                snapshotBoots.Add(runner.Pen.Boots);
                snapshotPlantMs.Add(runner.Pen.Plant.NowMicros / 1000);
            };
            var trips = new TripCounter();
            runner.Run(trips, new Progress(cases, s.DurationS, progress));
            result.Trips = trips.Trips;
            result.SimulatedS = runner.Pen.Plant.TimeS;
            result.Cases = cases;
            Snapshots(snapshots, snapshotBoots, snapshotPlantMs, result);
            foreach (string rec in runner.Pen.LogRecords()) if (rec.StartsWith(PenRecords.DroppedTag, StringComparison.Ordinal)) result.Dropped++;
            return result;
        }


        private static Dictionary<string, string> Factory(SimulatedPen pen)
        {
            PenRecords r = pen.ReadRecords();
            var values = new Dictionary<string, string>(StringComparer.Ordinal) { [PenRecords.KeySlot] = r.Value(PenRecords.KeySlot) };
            foreach (string slot in CalibrationKinds.SlotNames()) values[slot] = r.Value(slot);
            return values;
        }

        private static void Check(SimulatedPen pen, Dictionary<string, string> factory, string config, Result result, double at)
        {
            result.Checks++;
            PenRecords r = pen.ReadRecords();
            string where = string.Format(CultureInfo.InvariantCulture, "t={0:F1} s", at);
            if (pen.Powered && !pen.Firmware.Treatment.CartridgeUsed) Fail(result, where, "the used cartridge reads fresh");
            string cart = r.Value(PenRecords.CartridgeSlot);
            if (cart == null || RecordText.Field(cart, "used") != "1") Fail(result, where, "the cartridge record: " + (cart ?? "(none)"));
            foreach (var kv in factory)
                if (r.Value(kv.Key) != kv.Value) Fail(result, where, kv.Key + " changed: " + r.Value(kv.Key));
            if (r.Value(PenRecords.ConfigSlot) != config) Fail(result, where, "config \"" + r.Value(PenRecords.ConfigSlot) + "\", the last stored in a service session \"" + config + "\"");
            if (r.Count > result.LongestLog) result.LongestLog = r.Count;
            if (r.Count > 400) Fail(result, where, "the log holds " + r.Count + " records");
        }

        /// <summary>
        /// Fault snapshots in the log: two of one code less than a minute apart on the pen's clock (t_ms) within one boot
        /// fail; after a power-up the limit starts again (it is kept in RAM), and so does the clock. Counted apart: those
        /// within a minute of the last of their code on the bench's clock, allowed by a power-up between.
        /// </summary>
        private static void Snapshots(List<string> written, List<int> boots, List<long> plantMs, Result result)
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            var lastPlant = new Dictionary<string, long>(StringComparer.Ordinal);
            var lastBoot = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < written.Count; i++)
            {
                string rec = written[i];
                result.Snapshots++;
                long ms = long.Parse(RecordText.Field(rec, "t_ms") ?? "0", CultureInfo.InvariantCulture);
                string code = RecordText.Field(rec, "code") ?? "?";
                if (last.TryGetValue(code, out long before))
                {
                    if (lastBoot[code] != boots[i]) result.SnapshotsAfterABoot += plantMs[i] - lastPlant[code] < 60000 ? 1 : 0;
                    else if (ms - before < 60000) Fail(result, "code " + code, "snapshots at t_ms=" + before + " and " + ms + " of one boot (" + boots[i] + "), less than a minute apart");
                }

                last[code] = ms;
                lastPlant[code] = plantMs[i];
                lastBoot[code] = boots[i];
            }
        }

        private static void Fail(Result r, string where, string what)
        {
            r.Failures++;
            if (r.FailureLines.Count < 20) r.FailureLines.Add(where + ": " + what);
        }

        private sealed class TripCounter : ITickSink
        {
            private bool _active;
            public int Trips;

            public void OnTick(in TickRow row)
            {
                bool now = row.Fault == (int)FaultCode.BatteryTooLowToStart;
                if (now && !_active) Trips++;
                _active = now;
            }
        }

        /// <summary>Cases done, as the share of the campaign's simulated time gone.</summary>
        private sealed class Progress : ITickSink
        {
            private readonly int _cases;
            private readonly double _durationS;
            private readonly Action<int> _report;
            private int _tick;
            public Progress(int cases, double durationS, Action<int> report) { _cases = cases; _durationS = durationS; _report = report; }

            public void OnTick(in TickRow row)
            {
                if (_report == null || ++_tick % 1000 != 0) return;
                _report((int)Math.Min(_cases, _cases * row.TimeS / _durationS));
            }
        }

        /// <summary>The campaign's Markdown report.</summary>
        public static string Render(Result r, int seed)
        {
            var b = new StringBuilder();
            b.Append("# Flood and flap campaign\n\n");
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "{0:N0} cases on the simulated pen of seed {1}, its seated cartridge used, over {2:F1} h of its life: {3:N0} swings of the cell across the start threshold (the check tripped {4:N0} times), {5:N0} `STORE CONFIG` lines without a service session, {6:N0} inside one, {7:N0} fault bursts, {8:N0} power cycles.\n\n",
                r.Cases, seed, r.SimulatedS / 3600, r.Flaps, r.Trips, r.UnauthorisedStores, r.ServiceStores, r.FaultBursts, r.PowerCycles));
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "{0:N0} fault snapshots written to the log, none within a minute of the last of its code except {1} after a power-up (the limit lives in RAM); the log never held more than {2} records ({3} `DROPPED` notes).\n\n",
                r.Snapshots, r.SnapshotsAfterABoot, r.LongestLog, r.Dropped));
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "Checked {0:N0} times (after every power cycle and at the end): the cartridge reads used; calibrations and key as the factory left them; the configuration the last a service session stored; at most 400 log records; no two snapshots of a code written within a minute without a power-up between them.\n\n", r.Checks));
            if (r.Failures == 0) b.Append("Verdict: PASS, 0 failures\n");
            else
            {
                b.Append("Verdict: FAIL, ").Append(r.Failures).Append(" failures:\n\n");
                foreach (string f in r.FailureLines) b.Append("- ").Append(f).Append('\n');
            }

            return b.ToString();
        }
    }
}
