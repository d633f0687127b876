using Pen.Core.Records;

namespace Pen.Core.Safety
{
    /// <summary>
    /// What the pen was doing when a fault was raised, for the bench tool and the service log. Plain fields in
    /// SI units (names carry them); instances are preallocated by <see cref="FaultLog"/> and overwritten.
    /// </summary>
    public sealed class FaultSnapshot
    {
        /// <summary>Order of the fault since power-up: 1, 2, 3, ...</summary>
        public int Sequence;
        /// <summary>When. Unit: µs since boot.</summary>
        public long TimeMicros;
        /// <summary>The fault raised.</summary>
        public FaultCode Code;
        /// <summary>The action its rule demands.</summary>
        public SafetyAction Action;
        /// <summary>The pen's state just before (Idle, Running, Stopping).</summary>
        public PenState State;
        /// <summary>Stroke-rate setpoint. Unit: strokes/s.</summary>
        public float SetpointHz;
        /// <summary>Estimated stroke rate. Unit: strokes/s.</summary>
        public float MeasuredRateHz;
        /// <summary>Duty applied. Unit: fraction.</summary>
        public float Duty;
        /// <summary>Motor current estimate. Unit: A.</summary>
        public float MotorAmps;
        /// <summary>Measured supply voltage. Unit: V.</summary>
        public float SupplyVolts;
        /// <summary>Estimated winding temperature. Unit: °C.</summary>
        public float WindingC;
        /// <summary>Housing temperature (NTC). Unit: °C.</summary>
        public float HousingC;
        /// <summary>Depth-ring reading. Unit: mm.</summary>
        public float DepthMm;
        /// <summary>How often this fault came back, uncounted in the log, within a minute of its previous snapshot (SafetySupervisor's rate limit).</summary>
        public int Repeats;
        /// <summary>Still to be written to the log (the supervisor writes it after the tick's control work, once the needles are off).</summary>
        public bool Pending;

        private static readonly string KeySeq = "fault seq=", KeyTime = " t_ms=", KeyCode = " code=", KeyAction = " action=", KeyState = " state=",
            KeySetpoint = " sp_cHz=", KeyRate = " rate_cHz=", KeyDuty = " duty_pm=", KeyCurrent = " i_mA=", KeySupply = " v_mV=",
            KeyWinding = " wind_dC=", KeyHousing = " hous_dC=", KeyDepth = " depth_um=", KeyRepeats = " repeats=";

        /// <summary>The record <see cref="ToRecord"/> gives, built into <paramref name="w"/> without allocating.</summary>
        public void Format(RecordChars w)
        {
            w.Clear();
            for (int part = 0; part < FormatParts; part++) FormatPart(w, part);
        }

        /// <summary>Parts of the record <see cref="FormatPart"/> appends one at a time (two fields each, so that no tick builds a whole record).</summary>
        public const int FormatParts = 7;

        /// <summary>Appends part <paramref name="part"/> (0 to <see cref="FormatParts"/> − 1) of the record to <paramref name="w"/>, without allocating.</summary>
        public void FormatPart(RecordChars w, int part)
        {
            switch (part)
            {
                case 0:
                    w.Append(KeySeq); w.Append(Sequence);
                    w.Append(KeyTime); w.Append(TimeMicros / 1000);
                    break;
                case 1:
                    w.Append(KeyCode); w.Append((int)Code);
                    w.Append(KeyAction); w.Append((int)Action);
                    break;
                case 2:
                    w.Append(KeyState); w.Append((int)State);
                    w.Append(KeySetpoint); w.AppendRounded(SetpointHz * 100f);
                    break;
                case 3:
                    w.Append(KeyRate); w.AppendRounded(MeasuredRateHz * 100f);
                    w.Append(KeyDuty); w.AppendRounded(Duty * 1000f);
                    break;
                case 4:
                    w.Append(KeyCurrent); w.AppendRounded(MotorAmps * 1000f);
                    w.Append(KeySupply); w.AppendRounded(SupplyVolts * 1000f);
                    break;
                case 5:
                    w.Append(KeyWinding); w.AppendRounded(WindingC * 10f);
                    w.Append(KeyHousing); w.AppendRounded(HousingC * 10f);
                    break;
                default:
                    w.Append(KeyDepth); w.AppendRounded(DepthMm * 1000f);
                    w.Append(KeyRepeats); w.Append(Repeats);
                    break;
            }
        }

        /// <summary>
        /// One line for the record store, integers only (no culture, no float formatting):
        /// "fault seq=3 t_ms=12345 code=1 action=4 state=2 sp_cHz=15000 rate_cHz=14890 duty_pm=612 i_mA=2210
        /// v_mV=3702 wind_dC=412 hous_dC=251 depth_um=1000 repeats=0", the same text <see cref="Format"/> builds for the log.
        /// Allocates: for the bench serial's answers.
        /// </summary>
        public string ToRecord()
        {
            var w = new RecordChars();
            Format(w);
            return w.ToText();
        }

    }
}
