using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Pen.Core.Board;
using Pen.Core.Safety;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Reports
{
    /// <summary>One stuck-driver trial: how the pen named it and what it logged.</summary>
    public sealed class StuckDriverResult
    {
        public TrialSetup Setup;
        public TrialResult Trial;
        /// <summary>Every fault the pen showed from the onset to the end of the run, in order, without repeats.</summary>
        public readonly List<FaultCode> Shown = new List<FaultCode>();
        /// <summary>The motor current the fault record of the lockout logged (−1: no record). Unit: A.</summary>
        public double LoggedAmps = -1;
        /// <summary>Truth: the largest motor current from the onset to the cut. Unit: A.</summary>
        public double PeakTrueAmps;
        /// <summary>Truth: the stall current at the supply of the moment, V/R (the most any duty can drive). Unit: A.</summary>
        public double StallAmps;

        /// <summary>The pen showed the driver lockout and nothing an acknowledgement clears before it.</summary>
        public bool NamedRight => Shown.Count > 0 && Shown[0] == FaultCode.DriverIgnoresCommand && !Shown.Contains(FaultCode.OverCurrent) && !Shown.Contains(FaultCode.MotorStall);

        /// <summary>The logged current is one the motor can draw: between 0 and its stall current.</summary>
        public bool LoggedPlausible => LoggedAmps >= 0 && LoggedAmps <= 1.1 * StallAmps;
    }

    /// <summary>What the restart after a power cycle did.</summary>
    public sealed class StuckRestartResult
    {
        /// <summary>Truth: the bridge was enabled at any time after the power came back.</summary>
        public bool DrivenAfterCycle;
        /// <summary>Strokes the cam made from a second after the power came back (it has coasted to rest by then).</summary>
        public long StrokesAfterCycle;
        /// <summary>The fault the pen showed at the end.</summary>
        public FaultCode FaultAtEnd;
        /// <summary>The lockout came from the record store at boot.</summary>
        public bool FromRecords;
    }

    /// <summary>
    /// A driver that ignores the command (the bridge applies full duty while enabled): at 50 to 150 strokes/s in steps of
    /// 25, at every quarter of a stroke, off and on the skin, it must be the lockout fault (DriverIgnoresCommand), never an
    /// over-current or a stall a short press acknowledges, and the fault record's current must be one the motor can
    /// draw; a restart after a power cycle must not drive it.
    /// </summary>
    public static class StuckDriverCases
    {
        public static readonly double[] Rates = { 50, 75, 100, 125, 150 };
        public static readonly double[] Moments = { 0, 0.25, 0.5, 0.75 };

        /// <summary>The whole matrix (deterministic).</summary>
        public static List<StuckDriverResult> RunMatrix()
        {
            SafetyFault fault = null;
            foreach (SafetyFault f in SafetyFault.All()) if (f.Kind == SafetyFaultKind.DriverStuckOn) fault = f;
            var all = new List<StuckDriverResult>();
            int seed = 900;
            foreach (double rate in Rates)
                foreach (bool skin in new[] { false, true })
                    foreach (double moment in Moments)
                        // 1 s after: long enough for the lockout's fault record, built and written a slice a tick behind the records before it (Records/PenRecords.Step)
                        all.Add(Run(fault, new TrialSetup { Seed = seed++, RateHz = rate, Skin = skin, Moment = moment, AfterS = 1.0 }));
            return all;
        }

        /// <summary>One trial, watching what the pen shows and the truth current.</summary>
        public static StuckDriverResult Run(SafetyFault fault, TrialSetup setup)
        {
            var r = new StuckDriverResult { Setup = setup };
            SimulatedPen pen = null;
            var shown = new ShownSink(r);
            r.Trial = SafetyTrial.Run(fault, setup, shown, runner =>
            {
                pen = runner.Pen;
                Action<PenPlant> probe = runner.Pen.Plant.StepObserver;
                runner.Pen.Plant.StepObserver = p =>
                {
                    probe(p);
                    if (!p.DriverStuckOn) return;
                    if (p.DriverEnabled) r.PeakTrueAmps = Math.Max(r.PeakTrueAmps, Math.Abs(p.MotorCurrentA));
                    PlantParameters q = p.Parameters;
                    r.StallAmps = Math.Max(r.StallAmps, p.BusVolts / (q.MotorResistanceOhms + q.DriverOnResistanceOhms + q.ShuntOhms));
                };
            });
            foreach (string record in pen.LogRecords())
            {
                if (!record.StartsWith("fault ", StringComparison.Ordinal) || RecordText.Field(record, "code") != ((int)FaultCode.DriverIgnoresCommand).ToString(CultureInfo.InvariantCulture)) continue;
                r.LoggedAmps = int.Parse(RecordText.Field(record, "i_mA"), CultureInfo.InvariantCulture) * 1e-3;
            }

            return r;
        }

        /// <summary>A driver sticks at 2.0 s (100 strokes/s, off the skin); at 2.5 s the practitioner switches the pen off and on, and at 3.0 s holds main to start.</summary>
        public static StuckRestartResult RestartAfterPowerCycle()
        {
            var s = new Scenario { Name = "stuck driver, power cycle, restart", Seed = 77, DurationS = 6 };
            s.Tick = new TickPattern { JitterMs = 3 };
            s.Events.Add(new ButtonEvent { AtS = 0.2, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.2 });
            s.Events.Add(new FaultEvent { AtS = 2.0, Kind = FaultKind.DriverStuckOn });
            s.Events.Add(new PowerEvent { AtS = 2.5, Action = PowerAction.Cycle });
            s.Events.Add(new ButtonEvent { AtS = 3.0, Button = ButtonId.Main, Action = ButtonAction.Hold, HoldS = 1.5 });
            var runner = new ScenarioRunner(s);
            runner.Schedule(0.05, p => p.Firmware.SetBenchSetpoint(100f));
            var result = new StuckRestartResult();
            long strokesAt = -1;
            runner.Pen.Plant.StepObserver = p =>
            {
                // the scenario's time: the first start measured the cartridge seated at boot, the timeline waited with it
                double t = runner.ScenarioTimeS(p.TimeS);
                if (t >= 2.6 && p.DriverEnabled) result.DrivenAfterCycle = true;
                if (strokesAt < 0 && t >= 3.6) strokesAt = p.Strokes;
            };
            runner.Run();
            result.StrokesAfterCycle = runner.Pen.Plant.Strokes - strokesAt;
            result.FaultAtEnd = runner.Pen.Firmware.Fault;
            result.FromRecords = runner.Pen.Firmware.Supervisor.LockoutFromRecords;
            return result;
        }

        /// <summary>The report's section; <paramref name="failed"/> when a case is named wrong or logged implausibly, or the restart drove.</summary>
        public static string Render(out bool failed)
        {
            failed = false;
            List<StuckDriverResult> all = RunMatrix();
            var rows = new List<string[]>();
            foreach (double rate in Rates)
                foreach (bool skin in new[] { false, true })
                {
                    int named = 0, plausible = 0, n = 0;
                    double worstRatio = 0, worstCut = 0;
                    var codes = new SortedSet<string>();
                    foreach (StuckDriverResult r in all)
                    {
                        if (r.Setup.RateHz != rate || r.Setup.Skin != skin) continue;
                        n++;
                        if (r.NamedRight) named++;
                        if (r.LoggedPlausible) plausible++;
                        foreach (FaultCode c in r.Shown) codes.Add(((int)c).ToString(CultureInfo.InvariantCulture));
                        if (r.StallAmps > 0) worstRatio = Math.Max(worstRatio, r.LoggedAmps / r.StallAmps);
                        worstCut = Math.Max(worstCut, double.IsNaN(r.Trial.CutS) ? double.PositiveInfinity : r.Trial.CutMs);
                    }

                    bool ok = named == n && plausible == n;
                    failed |= !ok;
                    rows.Add(new[]
                    {
                        rate.ToString("F0", CultureInfo.InvariantCulture) + "/s", skin ? "on" : "off", n.ToString(CultureInfo.InvariantCulture),
                        named + " of " + n, string.Join(", ", codes), plausible + " of " + n, worstRatio.ToString("F2", CultureInfo.InvariantCulture),
                        worstCut.ToString("F1", CultureInfo.InvariantCulture), ok ? "pass" : "FAIL",
                    });
                }

            StuckRestartResult restart = RestartAfterPowerCycle();
            bool restartOk = !restart.DrivenAfterCycle && restart.StrokesAfterCycle == 0 && restart.FaultAtEnd == FaultCode.DriverIgnoresCommand && restart.FromRecords;
            failed |= !restartOk;

            var sb = new StringBuilder();
            sb.Append("\n## A driver that ignores the command: the lockout at every rate and phase\n\n");
            sb.Append("The bridge applies full duty while enabled, from 0, ¼, ½ and ¾ of a stroke after the retracted point, at 50 to 150 strokes/s in ");
            sb.Append("steps of 25, off and on the skin (12 needles). Named right: the first fault shown is 19 (the driver lockout), and no over-current ");
            sb.Append("or stall (which a short press acknowledges) is ever shown. Logged current: the lockout's fault record, against the stall current ");
            sb.Append("V/R at that supply (the most any duty can drive); plausible up to 1.1 of it.\n\n");
            sb.Append(MarkdownTable.Render(new[] { "rate", "skin", "runs", "named right", "codes shown", "logged current plausible", "worst logged / stall current", "worst cut (ms)", "verdict" }, rows));
            sb.Append(string.Format(CultureInfo.InvariantCulture,
                "\nRestart after a power cycle (stuck at 2.0 s at 100/s, power cycled at 2.5 s, main held at 3.0 s): bridge enabled after the cycle: {0}; strokes from 3.6 s: {1}; fault shown: {2} ({3}); {4}: {5}.\n",
                restart.DrivenAfterCycle ? "yes" : "never", restart.StrokesAfterCycle, (int)restart.FaultAtEnd, FaultText.Of(restart.FaultAtEnd),
                restart.FromRecords ? "read from the LOCKOUT record at boot" : "not from the records", restartOk ? "pass" : "FAIL"));
            sb.Append(restartOk ? "" : "FAIL\n");
            return sb.ToString();
        }

        /// <summary>Collects the faults the pen showed from the onset on.</summary>
        private sealed class ShownSink : ITickSink
        {
            private readonly StuckDriverResult _r;
            public ShownSink(StuckDriverResult r) { _r = r; }

            public void OnTick(in TickRow row)
            {
                if (row.Fault == 0) return;
                FaultCode code = (FaultCode)row.Fault;
                if (_r.Shown.Count == 0 || _r.Shown[_r.Shown.Count - 1] != code) _r.Shown.Add(code);
            }
        }
    }
}
