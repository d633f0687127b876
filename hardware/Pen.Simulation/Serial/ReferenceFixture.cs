using System;
using System.Globalization;
using System.Text;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Protocol;
using Pen.Simulation.Running;

namespace Pen.Simulation.Serial
{
    /// <summary>
    /// The QA bench's reference instrument, simulated: what a fixture on a real bench measures independently of the pen
    /// (an optical or Hall sensor at the cartridge's needle carrier for the true stroke times, a dial gauge for the needle
    /// protrusion, a ring actuator, a calibration source and voltmeter, a bench supply), reporting the plant's truth in the
    /// fixture's line protocol (tools/Pen.QaBench/README.md, "The reference instrument"). Lines in as the pen takes them
    /// (CR, LF or CR LF); every answer ends in OK or ERR &lt;code&gt; &lt;message&gt;; STROKE lines come between answers.
    /// The fixture's clock is the simulated time (µs).
    /// </summary>
    public sealed class ReferenceFixture
    {
        /// <summary>Resolution of the depth gauge (a dial indicator, as at the factory). Unit: mm.</summary>
        public const double GaugeResolutionMm = 0.005;
        /// <summary>Resolution of the voltmeter. Unit: mV.</summary>
        public const double MeterResolutionMillivolts = 0.1;

        private readonly ScenarioRunner _runner;
        private readonly StringBuilder _out = new StringBuilder();
        private bool _strokes;
        private int _strokesSeen = -1;
        private int _sourceInput = -1;

        public ReferenceFixture(ScenarioRunner runner)
        {
            _runner = runner;
            PenPlantObserver();
        }

        private SimulatedPen Pen => _runner.Pen;

        /// <summary>Text waiting to go out on the fixture's line (answers and STROKE lines); taken by <see cref="TakeOutput"/>.</summary>
        public string TakeOutput()
        {
            string s = _out.ToString();
            _out.Clear();
            return s;
        }

        private void PenPlantObserver()
        {
            // a stroke is the needle carrier passing the sensor once per cam turn, stamped at the cam's crossing of the
            // retracted point as the plant interpolates it within its step (to the µs, as a fixture's timer captures the
            // edge), not at the end of the step that saw it: 100 µs late at worst, 1 % of a stroke at 100 strokes/s
            Action<Plant.PenPlant> before = Pen.Plant.StepObserver;
            Pen.Plant.StepObserver = plant =>
            {
                before?.Invoke(plant);
                int n = plant.StrokeTimeCount;
                if (_strokesSeen < 0) _strokesSeen = n;
                if (n == _strokesSeen) return;
                if (_strokes)
                {
                    for (int k = _strokesSeen; k < n; k++)
                        _out.Append("STROKE t_us=").Append(((long)Math.Round(plant.StrokeTime(k) * 1e6)).ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                _strokesSeen = n;
            };
        }

        /// <summary>Answers one line (without its line end).</summary>
        public void Handle(string line)
        {
            string[] w = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string command = w.Length == 0 ? "" : w[0].ToUpperInvariant();
            string now = Pen.Plant.NowMicros.ToString(CultureInfo.InvariantCulture);
            switch (command)
            {
                case "ID":
                    Answer("ID fixture kind=simulated stroke_sensor=1 depth_gauge=1 ring_actuator=1 source=1 supply=1 power=1 clock=us");
                    return;
                case "TIME":
                    Answer("TIME t_us=" + now);
                    return;
                case "STROKES":
                    if (w.Length == 2 && (w[1].ToUpperInvariant() == "ON" || w[1].ToUpperInvariant() == "OFF"))
                    {
                        _strokes = w[1].ToUpperInvariant() == "ON";
                        Answer("STROKES " + (_strokes ? "on" : "off") + " t_us=" + now + " count=" + Pen.Plant.Strokes.ToString(CultureInfo.InvariantCulture));
                        return;
                    }

                    Error(2, "STROKES takes ON or OFF");
                    return;
                case "GAUGE":
                    Answer("GAUGE t_us=" + now + " depth_um=" + Um(Math.Round(Pen.Ring.ActualMm / GaugeResolutionMm) * GaugeResolutionMm));
                    return;
                case "RING":
                    if (w.Length == 2 && int.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out int detent) && detent >= 0 && detent < PenLimits.DepthDetentCount)
                    {
                        Pen.SetDepth(detent * BoardConstants.DepthDetentStepMm);
                        Answer("RING detent=" + detent.ToString(CultureInfo.InvariantCulture));
                        return;
                    }

                    Error(2, "RING takes a detent, 0 to " + (PenLimits.DepthDetentCount - 1));
                    return;
                case "SOURCE":
                    Source(w);
                    return;
                case "SUPPLY":
                    Supply(w);
                    return;
                case "METER":
                    Meter();
                    return;
                case "POWER":
                    Power(w);
                    return;
                default:
                    Error(1, "\"" + (command.Length > 24 ? command[..24] : command) + "\" is no fixture command (ID, TIME, STROKES, GAUGE, RING, SOURCE, SUPPLY, METER, POWER)");
                    return;
            }
        }

        private void Source(string[] w)
        {
            if (w.Length == 2 && w[1].ToUpperInvariant() == "OFF")
            {
                if (_sourceInput >= 0) Factory.AdcCalibrationBench.Channel(Pen, _sourceInput).PadVolts = null;
                _sourceInput = -1;
                Answer("SOURCE off");
                return;
            }

            int input = w.Length == 3 ? AdcLines.IndexOf(w[1]) : -1;
            if (input < 0 || !double.TryParse(w[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double mv) || mv < 0 || mv > 3000)
            {
                Error(2, "SOURCE takes an input (" + string.Join(", ", AdcLines.Names) + ") and mV (0 to 3000), or OFF");
                return;
            }

            if (_sourceInput >= 0) Factory.AdcCalibrationBench.Channel(Pen, _sourceInput).PadVolts = null;
            _sourceInput = input;
            Factory.AdcCalibrationBench.Channel(Pen, input).PadVolts = mv * 1e-3;
            Answer("SOURCE in=" + AdcLines.Names[input] + " mv=" + mv.ToString("0.0", CultureInfo.InvariantCulture));
        }

        private void Supply(string[] w)
        {
            if (w.Length == 2 && w[1].ToUpperInvariant() == "OFF")
            {
                Pen.Plant.Supply.BenchVolts = null;
                Answer("SUPPLY off");
                return;
            }

            if (w.Length != 2 || !double.TryParse(w[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double mv) || mv < 2500 || mv > 9000)
            {
                Error(2, "SUPPLY takes mV (2500 to 9000) or OFF");
                return;
            }

            Pen.Plant.Supply.BenchVolts = mv * 1e-3;
            Answer("SUPPLY mv=" + mv.ToString("0", CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The bench supply's output switched off and on: the pen (on the supply in its cell's place) loses its power, the
        /// MCU stops with its RAM, and boots from its flash when the power returns, as at any power-up.
        /// </summary>
        private void Power(string[] w)
        {
            string what = w.Length == 2 ? w[1].ToUpperInvariant() : "";
            if (what == "OFF")
            {
                if (Pen.Powered) Pen.PowerDown();
                Answer("POWER off t_us=" + Pen.Plant.NowMicros.ToString(CultureInfo.InvariantCulture));
                return;
            }

            if (what == "ON")
            {
                if (!Pen.Powered) Pen.PowerUp(Pen.Plant.NowMicros);
                Answer("POWER on t_us=" + Pen.Plant.NowMicros.ToString(CultureInfo.InvariantCulture));
                return;
            }

            Error(2, "POWER takes ON or OFF");
        }

        private void Meter()
        {
            double volts;
            string what;
            if (_sourceInput >= 0)
            {
                volts = Factory.AdcCalibrationBench.Channel(Pen, _sourceInput).PadVolts ?? 0;
                what = "source";
            }
            else
            {
                volts = Pen.Plant.BusVolts;
                what = "supply";
            }

            double mv = Math.Round(volts * 1000 / MeterResolutionMillivolts) * MeterResolutionMillivolts;
            Answer("METER at=" + what + " mv=" + mv.ToString("0.0", CultureInfo.InvariantCulture));
        }

        private static string Um(double mm) => Math.Round(mm * 1000).ToString(CultureInfo.InvariantCulture);

        private void Answer(string line) => _out.Append(line).Append("\nOK\n");

        private void Error(int code, string message) => _out.Append("ERR ").Append(code).Append(' ').Append(message).Append('\n');
    }
}
