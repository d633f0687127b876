using System;
using System.Collections.Generic;
using Pen.QaBench.Link;

namespace Pen.QaBench.Steps
{
    /// <summary>
    /// The start from rest (REQ-RATE-02) measured from the motor's start, as the requirement's own test does (report
    /// control: the first tick the drive runs), not from the host's command: between the two lie the serial line, the
    /// tick that takes the command and the pen's QA-start record on the flash (tens of ms, more when the write needs a
    /// sector erase), none of them part of the motor's settling.
    ///   motor start   P0: the first telemetry line of the pen with the state Running, on the pen's clock (the time its
    ///                 tick began: the QA-start record that tick writes is inside the measurement)
    ///   clocks        stroke k (k = 1, 2, …) completes at f_k on the instrument's clock; the pen's count reaches
    ///                 base + k at its tick T_k ≥ f_k + Δ, where Δ is the pen's clock minus the instrument's:
    ///                 Δ ≈ min_k (T_k − f_k), and every T_k − f_k − Δ lies within one telemetry interval
    ///   settle        from P0 − Δ (the instrument's clock) to the completion of the first stroke from which every stroke
    ///                 up to the end of the observed window is within the tolerance of the target
    /// No host clock enters the measurement, so neither the host's scheduling, nor the serial latency, nor a simulated
    /// pen running late on a loaded machine moves it.
    /// </summary>
    public static class StartTiming
    {
        /// <summary>The pen's state number for Running (Pen.Core.PenState.Running; Protocol/README.md).</summary>
        public const int RunningState = 2;

        /// <summary>At most this many strokes from the start are matched to the pen's count: enough for their completions to
        /// fall at every phase of the pen's tick (at 100 strokes/s and a 10 ms tick the phase moves only with the tick's jitter).</summary>
        public const int MatchedStrokes = 200;

        /// <summary>Index of the first telemetry line at or after <paramref name="fromIndex"/> that shows the pen running, or −1.</summary>
        public static int MotorStart(List<Telemetry> tel, int fromIndex = 0)
        {
            for (int i = Math.Max(0, fromIndex); i < tel.Count; i++)
                if (tel[i].State == RunningState) return i;
            return -1;
        }

        /// <summary>
        /// The first stroke of a start in the instrument's stroke times: the first one at or after
        /// <paramref name="notBeforeMicros"/> that follows at least <paramref name="quietMicros"/> without a stroke (the pen
        /// was at rest before the command). −1 when there is none.
        /// </summary>
        public static int FirstStroke(List<long> strokes, long notBeforeMicros, long quietMicros)
        {
            for (int i = 0; i < strokes.Count; i++)
            {
                if (strokes[i] < notBeforeMicros) continue;
                if (i == 0 || strokes[i] - strokes[i - 1] >= quietMicros) return i;
            }

            return -1;
        }

        /// <summary>
        /// The drive's first stroke when the pen measured the cartridge before driving (its first start since power-on with
        /// the cartridge seated at boot): the measurement turns the needles a few strokes, then parks them and the drive starts
        /// from rest. The pen counted <paramref name="measurementStrokes"/> strokes meanwhile, the instrument within one of it
        /// (the park stops the cam between the pen's Hall edge and the instrument's crossing, so each may count its last
        /// part-stroke or not): of the strokes that far past <paramref name="firstAfterRest"/> (the measurement's first), ±1,
        /// the one after the longest stillness, the park's, which lasts longer than any stroke of the measurement or the
        /// drive's climb. −1 when there is none.
        /// </summary>
        public static int FirstDriveStroke(List<long> strokes, int firstAfterRest, long measurementStrokes)
        {
            if (firstAfterRest < 0) return -1;
            if (measurementStrokes <= 0) return firstAfterRest;
            int best = -1;
            long longest = -1;
            for (long j = measurementStrokes - 1; j <= measurementStrokes + 1; j++)
            {
                long k = firstAfterRest + j;
                if (k <= firstAfterRest || k >= strokes.Count) continue;
                long still = strokes[(int)k] - strokes[(int)k - 1];
                if (still > longest)
                {
                    longest = still;
                    best = (int)k;
                }
            }

            return best;
        }

        /// <summary>
        /// Δ, the pen's clock minus the instrument's (µs), from the strokes of a start matched to the pen's count;
        /// false, with the reason, when they do not match (the pen counted a stroke the instrument did not see, or the
        /// other way round).
        /// </summary>
        /// <param name="tel">The pen's telemetry from the line before its motor start on (its stroke count then is the base).</param>
        /// <param name="strokes">The instrument's stroke times from the start's first stroke on. Unit: µs.</param>
        public static bool Align(List<Telemetry> tel, List<long> strokes, out long penMinusInstrumentMicros, out int matched, out string why)
        {
            penMinusInstrumentMicros = 0;
            matched = 0;
            why = null;
            if (tel.Count < 2 || strokes.Count < 3)
            {
                why = "too few strokes or telemetry lines to match";
                return false;
            }

            long baseCount = tel[0].Strokes;
            long maxGapMicros = 0;
            var d = new List<long>();
            int line = 1;
            for (int k = 1; k <= Math.Min(strokes.Count, MatchedStrokes); k++)
            {
                while (line < tel.Count && tel[line].Strokes - baseCount < k) line++;
                if (line >= tel.Count) break;
                d.Add(tel[line].PenMillis * 1000 - strokes[k - 1]);
            }

            for (int i = 1; i < tel.Count; i++) maxGapMicros = Math.Max(maxGapMicros, (tel[i].PenMillis - tel[i - 1].PenMillis) * 1000);
            if (d.Count < 3)
            {
                why = "the pen's count reached only " + d.Count + " of the instrument's strokes";
                return false;
            }

            long min = long.MaxValue, max = long.MinValue;
            foreach (long x in d)
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }

            // a tick sees a stroke at most one telemetry interval after it (plus the pen's 1 ms resolution)
            if (max - min > maxGapMicros + 1000)
            {
                why = "the pen's count and the instrument's strokes disagree (" + ((max - min) / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) +
                      " ms of spread against a telemetry interval of " + (maxGapMicros / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms)";
                return false;
            }

            penMinusInstrumentMicros = min;
            matched = d.Count;
            return true;
        }

        /// <summary>
        /// Settling time (s from the start) and peak rate of the strokes completing at <paramref name="times"/> (s from the
        /// start, rising): the completion of the first stroke from which every later one is within
        /// <paramref name="tolerance"/>·<paramref name="rateHz"/> of <paramref name="rateHz"/>; NaN when the last is not.
        /// </summary>
        public static double Settle(IReadOnlyList<double> times, double rateHz, double tolerance, out double peakHz)
        {
            double settle = double.NaN;
            peakHz = 0;
            for (int i = times.Count - 1; i >= 1; i--)
            {
                double r = 1 / (times[i] - times[i - 1]);
                if (Math.Abs(r - rateHz) > tolerance * rateHz) break;
                settle = times[i];
            }

            for (int i = 1; i < times.Count; i++) peakHz = Math.Max(peakHz, 1 / (times[i] - times[i - 1]));
            return settle;
        }
    }
}
