using System.Collections.Generic;

namespace Pen.QaBench.Steps
{
    public enum Verdict { Pass, Fail, Error, NotRun }

    /// <summary>What one check of a step found: one row of the report's table for its requirement.</summary>
    public sealed class Result
    {
        public string Id, StepId, Kind, Requirement, What;
        public string Measured = "", Limit = "";
        public Verdict Verdict;
        /// <summary>Whose measurement the verdict rests on: "reference instrument", "pen's own reading", "pen's answer".</summary>
        public string Basis = "";
        public string Detail = "";
        /// <summary>The measurement's window on the fixture's clock (the simulated time under --sim), for the truth check. Unit: µs.</summary>
        public long FromFixtureMicros, ToFixtureMicros;
        /// <summary>The target the measurement is judged against (a rate, a depth), and the allowed deviation (a fraction or mm).</summary>
        public double Target, Tolerance;
        /// <summary>A start's time limit (s), and the instrument's stroke times it was judged on (µs; null for other checks).</summary>
        public double LimitS;
        public List<long> Strokes;
        /// <summary>Under --sim: the verdict the plant's truth gives, and what it measured ("" where no truth applies).</summary>
        public Verdict? TruthVerdict;
        public string TruthMeasured = "";

        public bool Failed => Verdict != Verdict.Pass;
    }

    /// <summary>A plot's series for the report: rate, current and depth against time, with limit lines.</summary>
    public sealed class PlotData
    {
        public readonly List<double> TimeS = new List<double>(), SetpointHz = new List<double>(), RateHz = new List<double>(), CurrentA = new List<double>(), DepthMm = new List<double>();
        public readonly List<double> ReferenceTimeS = new List<double>(), ReferenceRateHz = new List<double>();
        public readonly List<double> GaugeDetent = new List<double>(), GaugeMm = new List<double>(), PenDepthMm = new List<double>();
        /// <summary>Each rate window: from, to (s of the run), target (strokes/s), tolerance (fraction).</summary>
        public readonly List<double[]> RateWindows = new List<double[]>();
        public double DepthToleranceMm = 0.05;
    }
}
