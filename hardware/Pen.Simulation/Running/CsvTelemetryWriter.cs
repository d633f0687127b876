using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Pen.Simulation.Running
{
    /// <summary>Writes telemetry.csv: one row per firmware tick, invariant culture, fixed column order.</summary>
    public sealed class CsvTelemetryWriter : ITickSink, IDisposable
    {
        /// <summary>The columns, in order. The first fifteen are the documented minimum set.</summary>
        public const string Header =
            "t_s,setpoint_hz,true_rate_hz,measured_rate_hz,duty,motor_enabled,current_a,vbus_v,winding_c,housing_c,depth_mm,needle_mm,strokes,state,fault,shaft_hz,soc,skin_load,firmware_ran";

        private readonly StreamWriter _writer;
        private readonly StringBuilder _line = new StringBuilder(256);

        public CsvTelemetryWriter(string path)
        {
            _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            _writer.WriteLine(Header);
        }

        public void OnTick(in TickRow r)
        {
            _line.Clear();
            F(r.TimeS, "F4").Append(',');
            F(r.SetpointHz, "F2").Append(',');
            F(r.TrueRateHz, "F3").Append(',');
            F(r.MeasuredRateHz, "F3").Append(',');
            F(r.Duty, "F4").Append(',');
            _line.Append(r.MotorEnabled ? '1' : '0').Append(',');
            F(r.CurrentA, "F4").Append(',');
            F(r.BusVolts, "F3").Append(',');
            F(r.WindingC, "F2").Append(',');
            F(r.HousingC, "F2").Append(',');
            F(r.DepthMm, "F3").Append(',');
            F(r.NeedleMm, "F3").Append(',');
            _line.Append(r.Strokes.ToString(CultureInfo.InvariantCulture)).Append(',');
            _line.Append(r.State.ToString(CultureInfo.InvariantCulture)).Append(',');
            _line.Append(r.Fault.ToString(CultureInfo.InvariantCulture)).Append(',');
            F(r.ShaftHz, "F3").Append(',');
            F(r.StateOfCharge, "F4").Append(',');
            F(r.SkinLoad, "F3").Append(',');
            _line.Append(r.FirmwareRan ? '1' : '0');
            _writer.WriteLine(_line);
        }

        private StringBuilder F(double v, string format)
        {
            return _line.Append(v.ToString(format, CultureInfo.InvariantCulture));
        }

        public void Dispose() { _writer.Dispose(); }
    }
}
