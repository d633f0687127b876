using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Pen.Simulation.Serial;

namespace Pen.QaBench.Link
{
    /// <summary>One telemetry line of the pen's STREAM (Protocol/README.md), with its host arrival time.</summary>
    public sealed class Telemetry
    {
        public long HostMicros;
        public long PenMillis;
        public int State, Fault;
        public double SetpointHz, RateHz, Duty, CurrentA, SupplyV, DepthMm, BenchHz;
        public long Strokes;

        /// <summary>Parses "TEL t_ms,state,..."; null when the line is not one.</summary>
        public static Telemetry Parse(string line, long hostMicros)
        {
            string[] f = line.Substring(4).Split(',');
            if (f.Length < 11) return null;
            long[] v = new long[11];
            for (int i = 0; i < 11; i++)
                if (!long.TryParse(f[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[i])) return null;
            return new Telemetry
            {
                HostMicros = hostMicros, PenMillis = v[0], State = (int)v[1], Fault = (int)v[2], SetpointHz = v[3] / 100.0, RateHz = v[4] / 100.0,
                Duty = v[5] / 1000.0, CurrentA = v[6] / 1000.0, SupplyV = v[7] / 1000.0, DepthMm = v[8] / 1000.0, Strokes = v[9], BenchHz = v[10] / 100.0,
            };
        }
    }

    /// <summary>
    /// The bench: the pen's line, and the reference instrument's when one is connected. Keeps the pen's telemetry and the
    /// fixture's stroke times as they arrive, and the offset between the host's clock and the fixture's.
    /// Against the simulated pen in lockstep (<see cref="RealTimeBench.Lockstep"/>) the host's clock is the pen's: every
    /// wait (an answer, a settle time) lets the pen run tick by tick and takes each tick's lines before the next, so what
    /// the tool sends lands on a tick fixed by the run so far, and a run is reproducible.
    /// </summary>
    public sealed class Bench : IDisposable
    {
        public readonly Stopwatch Clock = Stopwatch.StartNew();
        public readonly LineChannel Pen;
        public readonly LineChannel Fixture;
        public readonly List<Telemetry> Telemetry = new List<Telemetry>();
        /// <summary>Stroke times from the fixture (its clock). Unit: µs.</summary>
        public readonly List<long> StrokeMicros = new List<long>();

        /// <param name="lockstep">The simulated pen serving both lines, in lockstep; null for a pen that runs on its own.</param>
        public Bench(string penDevice, string fixtureDevice, RealTimeBench lockstep = null)
        {
            _lockstep = lockstep != null && lockstep.Lockstep ? lockstep : null;
            Action step = _lockstep == null ? null : Step;
            Pen = new LineChannel(penDevice, "pen", l => l.StartsWith("TEL ", StringComparison.Ordinal), OnTelemetry, () => HostMicros, LineChannel.PenClockMicros, step);
            try
            {
                if (fixtureDevice != null)
                    Fixture = new LineChannel(fixtureDevice, "reference instrument", l => l.StartsWith("STROKE ", StringComparison.Ordinal), OnStroke, () => HostMicros, LineChannel.FixtureClockMicros, step);
            }
            catch
            {
                Pen.Dispose();
                throw;
            }
        }

        private readonly RealTimeBench _lockstep;

        /// <summary>The simulated pen's next tick (lockstep): what both lines were sent goes in, and its lines are taken.</summary>
        private void Step()
        {
            _lockstep.Step(Pen.BytesSent, Fixture?.BytesSent ?? 0);
            Pen.WaitReceived(_lockstep.PenBytesOut);
            Fixture?.WaitReceived(_lockstep.FixtureBytesOut);
        }

        /// <summary>A reference instrument is connected.</summary>
        public bool HasReference => Fixture != null;

        /// <summary>Fixture clock minus host clock (µs), from <see cref="SyncClocks"/>.</summary>
        public long FixtureOffsetMicros { get; private set; }

        /// <summary>The round trip of the best clock sample: how well the two clocks are aligned, at worst. Unit: µs.</summary>
        public long SyncUncertaintyMicros { get; private set; }

        /// <summary>Aligns the fixture's clock to the host's: the TIME answer with the shortest round trip of a few.</summary>
        public void SyncClocks()
        {
            if (Fixture == null) return;
            long best = long.MaxValue;
            for (int i = 0; i < 8; i++)
            {
                long sent = HostMicros;
                var answer = Fixture.Ask("TIME");
                long back = HostMicros;
                long t = Field.Long(answer[0], "t_us");
                if (back - sent < best)
                {
                    best = back - sent;
                    FixtureOffsetMicros = t - (sent + back) / 2;
                }
            }

            SyncUncertaintyMicros = best;
        }

        /// <summary>The host's clock; in lockstep the simulated pen's (the plant's time at its last tick). Unit: µs.</summary>
        public long HostMicros => _lockstep != null ? _lockstep.NowMicros : Clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;

        /// <summary>Host time on the fixture's clock. Unit: µs.</summary>
        public long ToFixture(long hostMicros) => hostMicros + FixtureOffsetMicros;

        /// <summary>Telemetry between two host times (a copy).</summary>
        public List<Telemetry> TelemetryBetween(long fromHost, long toHost)
        {
            lock (Telemetry) return Telemetry.FindAll(t => t.HostMicros >= fromHost && t.HostMicros <= toHost);
        }

        /// <summary>Fixture stroke times between two fixture times (a copy).</summary>
        public List<long> StrokesBetween(long fromFixture, long toFixture)
        {
            lock (StrokeMicros) return StrokeMicros.FindAll(t => t >= fromFixture && t <= toFixture);
        }

        /// <summary>The fixture's clock now (its TIME answer). Every STROKE line it sent before has been received by then. Unit: µs.</summary>
        public long FixtureNow() => Field.Long(Fixture.Ask("TIME")[0], "t_us");

        /// <summary>
        /// Waits until the fixture's clock has passed <paramref name="fixtureMicros"/>, so every stroke up to then has been
        /// received, however late the host or the instrument runs (at most <paramref name="timeoutS"/> of the host's time).
        /// </summary>
        public void WaitForFixture(long fixtureMicros, double timeoutS)
        {
            long start = HostMicros;
            while (true)
            {
                long now = FixtureNow();
                if (now >= fixtureMicros) return;
                if (HostMicros - start > timeoutS * 1e6)
                    throw new TimeoutException("the reference instrument's clock did not reach " + fixtureMicros + " µs within " + timeoutS + " s (at " + now + " µs)");
                Wait(Math.Min(0.2, Math.Max(0.01, (fixtureMicros - now) / 1e6)));
            }
        }

        /// <summary>Waits (in lockstep: lets the simulated pen run that long, its lines taken). Unit: s.</summary>
        public void Wait(double seconds)
        {
            if (_lockstep == null)
            {
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                return;
            }

            long until = HostMicros + (long)Math.Round(seconds * 1e6);
            while (HostMicros < until) Step();
        }

        /// <summary>The pen's STATUS as key → value.</summary>
        public Dictionary<string, string> Status() => Field.All(Pen.Ask("STATUS")[0]);

        private void OnTelemetry(string line, long at)
        {
            Telemetry t = Link.Telemetry.Parse(line, at);
            if (t != null) lock (Telemetry) Telemetry.Add(t);
        }

        private void OnStroke(string line, long at)
        {
            string v = Field.Get(line, "t_us");
            if (v != null && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long t)) lock (StrokeMicros) StrokeMicros.Add(t);
        }

        public void Dispose()
        {
            try { Pen.Ask("STREAM OFF", 1); } catch (Exception e) when (e is TimeoutException || e is DeviceError || e is System.IO.IOException || e is InvalidOperationException) { }
            Pen.Dispose();
            Fixture?.Dispose();
        }
    }

    /// <summary>key=value fields of a protocol line.</summary>
    public static class Field
    {
        public static string Get(string line, string key)
        {
            foreach (string w in line.Split(' '))
                if (w.StartsWith(key + "=", StringComparison.Ordinal)) return w.Substring(key.Length + 1);
            return null;
        }

        public static long Long(string line, string key)
        {
            string v = Get(line, key);
            if (v == null || !long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long x))
                throw new FormatException("expected " + key + "=<integer> in \"" + line + "\"");
            return x;
        }

        public static Dictionary<string, string> All(string line)
        {
            var d = new Dictionary<string, string>();
            foreach (string w in line.Split(' '))
            {
                int eq = w.IndexOf('=');
                if (eq > 0) d[w.Substring(0, eq)] = w.Substring(eq + 1);
            }

            return d;
        }
    }
}
