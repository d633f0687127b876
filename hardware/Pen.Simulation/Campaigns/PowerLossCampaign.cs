using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Records;
using Pen.Core.Session;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Campaigns
{
    /// <summary>
    /// Power cut at every byte of every flash write across session sequences (`campaign power-loss --cases N`). Each
    /// sequence (one per seed) is a pen's day on the simulated pen, its log already holding a random number of
    /// records: a patient's session, a fault snapshot, a service session storing configurations, a power-off by the
    /// double press, a new cartridge and a second session, a power loss, a refused start. Every write the firmware makes
    /// is recorded with the files before it; a case is that write cut after k of its bytes (k = 0 .. all: the files as a
    /// power loss at that moment leaves them, a stricter fault than LittleFS's all-or-nothing commit), read by the
    /// firmware's own boot (PenRecords.Load, Treatment.Boot). Each case asserts: the boot does not throw; every durable
    /// record reads as before the write or as after it; every log record present both before and after the write is
    /// still there, and none appears that was in neither; a cartridge that had made strokes in a patient's session before
    /// the write began reads used. Deterministic per seed.
    /// </summary>
    public static class PowerLossCampaign
    {
        /// <summary>What the campaign measured.</summary>
        public sealed class Result
        {
            public int Cases, Sequences, Writes, LogRotations, DurableWrites, LogAppends;
            public int TornDurable, TornLog, CasesUsedCartridge;
            public int Failures;
            public readonly List<string> FailureLines = new List<string>();
        }

        /// <summary>One recorded write: the files before it, the file and its content after it, and the truth then.</summary>
        private sealed class WriteRecord
        {
            public Dictionary<string, byte[]> Before;
            public string Name;
            public byte[] Old, New;
            public bool IsAppend;
            public bool CartridgeUsedTruth;
            public double AtS;
        }

        /// <summary>Runs sequences from <paramref name="firstSeed"/> on until <paramref name="cases"/> cuts are checked.</summary>
        public static Result Run(int cases, int firstSeed, Action<int> progress = null)
        {
            var result = new Result();
            for (int seed = firstSeed; result.Cases < cases; seed++)
            {
                List<WriteRecord> writes = Record(seed);
                result.Sequences++;
                foreach (WriteRecord w in writes)
                {
                    if (result.Cases >= cases) break;
                    result.Writes++;
                    if (w.Name.StartsWith("log", StringComparison.Ordinal))
                    {
                        if (w.IsAppend) result.LogAppends++;
                        else result.LogRotations++;
                    }
                    else result.DurableWrites++;

                    CheckWrite(w, seed, cases, result);
                    progress?.Invoke(result.Cases);
                }
            }

            return result;
        }

        /// <summary>Runs the sequence of <paramref name="seed"/> and records every write the firmware makes.</summary>
        private static List<WriteRecord> Record(int seed)
        {
            var rnd = SplitMix.For(seed, "power-loss");
            var s = new Scenario { Name = "power-loss sequence", Seed = seed, DurationS = 24 };
            double j() => 0.2 * rnd.NextDouble();
            s.Events.Add(new ButtonEvent { AtS = 0.3 + j(), Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new SkinEvent { AtS = 2.0, Contact = true, LoadScale = 1, RampMs = 50 });
            s.Events.Add(new SkinEvent { AtS = 3.0, Contact = false, RampMs = 20 });
            s.Events.Add(new ButtonEvent { AtS = 3.5 + j(), Button = ButtonId.Main, Action = ButtonAction.Press });
            s.Events.Add(new BatteryEvent { AtS = 5.0, StateOfCharge = 0.005 });
            s.Events.Add(new BatteryEvent { AtS = 6.5, StateOfCharge = 0.8 });
            s.Events.Add(new BenchEvent { AtS = 8.0, Command = "AUTH" });
            s.Events.Add(new BenchEvent { AtS = 8.1, Command = ScenarioRunner.AnswerCommand });
            int stores = 1 + (int)(rnd.NextDouble() * 5);
            for (int i = 0; i < stores; i++)
                s.Events.Add(new BenchEvent { AtS = 8.3 + 0.2 * i, Command = "STORE CONFIG session_cap_s=" + (600 + 60 * i).ToString(CultureInfo.InvariantCulture) + " pacing_s=30" });
            s.Events.Add(new BenchEvent { AtS = 9.8, Command = "END" });
            s.Events.Add(new ButtonEvent { AtS = 11.0 + j(), Button = ButtonId.Main, Action = ButtonAction.DoublePress });
            s.Events.Add(new ButtonEvent { AtS = 12.5, Button = ButtonId.Main, Action = ButtonAction.Press });
            s.Events.Add(new CartridgeEvent { AtS = 14.0, Insert = false });
            s.Events.Add(new CartridgeEvent { AtS = 14.5, Insert = true, Needles = 12 });
            s.Events.Add(new ButtonEvent { AtS = 15.5 + j(), Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new ButtonEvent { AtS = 18.0 + j(), Button = ButtonId.Main, Action = ButtonAction.Press });
            s.Events.Add(new ButtonEvent { AtS = 19.5, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new PowerEvent { AtS = 20.5 + j(), Action = PowerAction.Cycle });
            s.Events.Add(new ButtonEvent { AtS = 22.0, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });

            var runner = new ScenarioRunner(s);
            SimulatedPen pen = runner.Pen;
            // the log already holds a few records, or (one sequence in three) so many that the sequence rotates it
            int prefill = rnd.NextDouble() < 1.0 / 3 ? 394 + (int)(rnd.NextDouble() * 6) : (int)(rnd.NextDouble() * 20);
            var records = new PenRecords(pen.Flash);
            records.Load();
            for (int i = 0; i < prefill; i++) records.Append("BEGIN n=0 profile=4 depth_mm=1.00 level=1 soc_pct=90 note=earlier-" + i.ToString(CultureInfo.InvariantCulture));
            pen.Flash.Settle();

            // truth: a stroke on the seated cartridge (the sequence has no QA run, so every stroke is a patient's), except the
            // strokes the firmware's cartridge chain makes in the air when the cartridge is seated (Commissioning/README.md)
            long strokesAtInsert = 0, seen = 0;
            runner.Schedule(14.0, p => strokesAtInsert = p.Plant.Strokes);
            pen.Plant.StepObserver = p =>
            {
                if (p.Strokes > seen && pen.Firmware.Drive.MeasuringCartridge) strokesAtInsert += p.Strokes - seen;
                seen = p.Strokes;
            };
            var writes = new List<WriteRecord>();
            pen.Flash.Wrote = (name, old, content, isAppend) =>
            {
                Dictionary<string, byte[]> before = pen.Flash.Snapshot();
                if (old.Length == 0) before.Remove(name);
                else before[name] = old;
                writes.Add(new WriteRecord
                {
                    Before = before, Name = name, Old = old, New = content, IsAppend = isAppend, AtS = pen.Plant.TimeS,
                    CartridgeUsedTruth = pen.Plant.CartridgePresent && pen.Plant.Strokes > strokesAtInsert,
                });
            };
            runner.Run();
            return writes;
        }

        /// <summary>The boot's view of a set of files: durable values, log records (sequence and text), whether the cartridge reads used.</summary>
        private sealed class BootView
        {
            public readonly Dictionary<string, string> Durable = new Dictionary<string, string>(StringComparer.Ordinal);
            public readonly HashSet<string> Log = new HashSet<string>(StringComparer.Ordinal);
            public bool CartridgeUsed;
        }

        private static BootView Boot(Dictionary<string, byte[]> files)
        {
            var flash = new SimFlashFiles { Timing = FlashTiming.Instant() };
            flash.Restore(files);
            var records = new PenRecords(flash);
            records.Load();
            var view = new BootView();
            foreach (DurableSlot slot in records.Slots) view.Durable[slot.Name] = slot.Value;
            for (int i = 0; i < records.Count; i++)
            {
                string text = records.Read(i, out long seq);
                if (text != null) view.Log.Add(seq.ToString(CultureInfo.InvariantCulture) + " " + text);
            }

            var treatment = new Treatment();
            treatment.Boot(records, true, 0);
            view.CartridgeUsed = treatment.CartridgeUsed;
            return view;
        }

        private static bool IsLog(string name) => name.StartsWith("log", StringComparison.Ordinal);

        private static void CheckWrite(WriteRecord w, int seed, int cases, Result result)
        {
            // a durable record's write leaves the log's files as they were: its cuts are read without them (the boot's
            // view of the log cannot change), which keeps a cut's boot cheap when the log is full
            Dictionary<string, byte[]> files = w.Before;
            if (!IsLog(w.Name))
            {
                files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var kv in w.Before) if (!IsLog(kv.Key)) files[kv.Key] = kv.Value;
            }

            BootView before = Boot(files);
            var afterFiles = new Dictionary<string, byte[]>(files, StringComparer.Ordinal) { [w.Name] = w.New };
            BootView after = Boot(afterFiles);
            int written = w.IsAppend ? w.New.Length - w.Old.Length : w.New.Length;
            for (int k = 0; k <= written && result.Cases < cases; k++)
            {
                result.Cases++;
                if (w.CartridgeUsedTruth) result.CasesUsedCartridge++;
                var cut = new Dictionary<string, byte[]>(files, StringComparer.Ordinal);
                int keep = w.IsAppend ? w.Old.Length + k : k;
                var bytes = new byte[keep];
                Array.Copy(w.New, bytes, keep);
                cut[w.Name] = bytes;
                string where = string.Format(CultureInfo.InvariantCulture, "seed {0}, t={1:F3} s, {2} of {3} ({4} bytes), cut after {5}", seed, w.AtS, w.IsAppend ? "append" : "write", w.Name, written, k);
                BootView view;
                try
                {
                    view = Boot(cut);
                }
                catch (Exception e)
                {
                    Fail(result, where, "the boot threw " + e.GetType().Name + ": " + e.Message);
                    continue;
                }

                if (k > 0 && k < written)
                {
                    if (IsLog(w.Name)) result.TornLog++;
                    else result.TornDurable++;
                }

                foreach (var kv in view.Durable)
                {
                    before.Durable.TryGetValue(kv.Key, out string was);
                    after.Durable.TryGetValue(kv.Key, out string will);
                    if (kv.Value != was && kv.Value != will)
                        Fail(result, where, "durable " + kv.Key + " reads \"" + kv.Value + "\", neither \"" + was + "\" nor \"" + will + "\"");
                }

                foreach (string r in before.Log)
                    if (after.Log.Contains(r) && !view.Log.Contains(r)) Fail(result, where, "log record lost: " + r);
                foreach (string r in view.Log)
                    if (!before.Log.Contains(r) && !after.Log.Contains(r)) Fail(result, where, "log record from nowhere: " + r);
                if (w.CartridgeUsedTruth && !view.CartridgeUsed) Fail(result, where, "the used cartridge reads fresh");
            }
        }

        private static void Fail(Result r, string where, string what)
        {
            r.Failures++;
            if (r.FailureLines.Count < 20) r.FailureLines.Add(where + ": " + what);
        }

        /// <summary>The campaign's Markdown report.</summary>
        public static string Render(Result r, int firstSeed)
        {
            var b = new StringBuilder();
            b.Append("# Power-loss campaign\n\n");
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "{0:N0} cases: power cut after every byte of {1:N0} flash writes ({2:N0} durable-record writes, {3:N0} log appends, {4:N0} log files rewritten by rotation) over {5} session sequences (seeds {6}-{7}); {8:N0} cuts tore a durable record and {9:N0} a log record mid-way; in {10:N0} cases the seated cartridge had made strokes in a patient's session.\n\n",
                r.Cases, r.Writes, r.DurableWrites, r.LogAppends, r.LogRotations, r.Sequences, firstSeed, firstSeed + r.Sequences - 1, r.TornDurable, r.TornLog, r.CasesUsedCartridge));
            b.Append("Checked at every cut, on the firmware's own boot: it does not throw; each durable record reads as before the write or as after it; no log record but the one being written is lost (present before and after the write, present after the cut) and none appears from nowhere; a cartridge that had made strokes reads used.\n\n");
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
