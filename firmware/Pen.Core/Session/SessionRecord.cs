using Pen.Core.Limits;
using Pen.Core.Safety;

namespace Pen.Core.Session
{
    /// <summary>How a session ended. Numbers are stable (session log): append only.</summary>
    public enum SessionEnd
    {
        /// <summary>Still running.</summary>
        None = 0,
        /// <summary>The cartridge was taken out.</summary>
        CartridgeRemoved = 1,
        /// <summary>The needling time reached the session cap.</summary>
        CapReached = 2,
        /// <summary>The practitioner switched the pen off (double press of main).</summary>
        PowerOff = 3,
        /// <summary>Five minutes without use: the pen switched itself off.</summary>
        IdlePowerOff = 4,
        /// <summary>Power was lost during the session (found at the next boot).</summary>
        PowerLost = 5,
        /// <summary>The cartridge reached its motor-on cap.</summary>
        CartridgeCap = 6,
    }

    /// <summary>
    /// What one session did, kept in fixed fields while it runs (no allocation in the tick) and turned into one
    /// line of text for the record store when it ends:
    /// "SESSION n=3 end=cartridge-removed elapsed_ms=.. needling_ms=.. onskin_ms=.. strokes=.. profiles=4,0
    ///  depth_mm=0.50-1.25 levels=1-4 pauses=1 cues=12 faults=none cart=removed soc_pct=85".
    /// Strokes are exact: the cam pulse counter's edges between the start and the end of the session.
    /// </summary>
    public sealed class SessionRecord
    {
        /// <summary>First word of a session's end record.</summary>
        public const string EndTag = "SESSION";
        /// <summary>First word of a session's begin record (written when the needles first start).</summary>
        public const string BeginTag = "BEGIN";
        /// <summary>First word of the record of a used cartridge taken out after its session ended.</summary>
        public const string CartridgeTag = "CARTRIDGE";
        /// <summary>First word of a configuration record (session cap, pacing interval), newest wins.</summary>
        public const string ConfigTag = "CONFIG";

        private const int MaxFaults = 4;
        private readonly int[] _profiles = new int[PenLimits.ProfileNames.Length];
        private readonly int[] _faults = new int[MaxFaults];

        public int Number;
        public long StartMicros;
        public long ElapsedMicros;
        public long NeedlingMicros;
        public long OnSkinMicros;
        public long StartPulseCount;
        public long Strokes;
        public int ProfileCount;
        public float MinDepthMm, MaxDepthMm;
        public int MinLevel, MaxLevel;
        public int Pauses;
        public int Cues;
        public int FaultCount;
        public SessionEnd End;
        public bool CartridgeSeatedAtEnd;
        public int StartSocPercent;

        /// <summary>Starts a new record (no allocation).</summary>
        public void Begin(int number, long nowMicros, long pulseCount, int profile, float depthMm, int level, int socPercent)
        {
            Number = number;
            StartMicros = nowMicros;
            ElapsedMicros = 0;
            NeedlingMicros = 0;
            OnSkinMicros = 0;
            StartPulseCount = pulseCount;
            Strokes = 0;
            ProfileCount = 0;
            MinDepthMm = depthMm;
            MaxDepthMm = depthMm;
            MinLevel = level;
            MaxLevel = level;
            Pauses = 0;
            Cues = 0;
            FaultCount = 0;
            End = SessionEnd.None;
            CartridgeSeatedAtEnd = true;
            StartSocPercent = socPercent;
            UseProfile(profile);
        }

        /// <summary>Notes a profile used while needling.</summary>
        public void UseProfile(int profile)
        {
            for (int i = 0; i < ProfileCount; i++)
            {
                if (_profiles[i] == profile) return;
            }

            if (ProfileCount < _profiles.Length) _profiles[ProfileCount++] = profile;
        }

        /// <summary>Notes the depth and level while needling.</summary>
        public void Needling(float depthMm, int level)
        {
            if (depthMm < MinDepthMm) MinDepthMm = depthMm;
            if (depthMm > MaxDepthMm) MaxDepthMm = depthMm;
            if (level < MinLevel) MinLevel = level;
            if (level > MaxLevel) MaxLevel = level;
        }

        /// <summary>Notes a fault code (distinct codes, first four kept, all counted).</summary>
        public void Fault(FaultCode code)
        {
            int c = (int)code;
            if (c == 0) return;
            int kept = FaultCount < MaxFaults ? FaultCount : MaxFaults;
            for (int i = 0; i < kept; i++)
            {
                if (_faults[i] == c) return;
            }

            if (FaultCount < MaxFaults) _faults[FaultCount] = c;
            FaultCount++;
        }

        // the words of the records, made once (a literal is a new string object per use on nanoCLR)
        private static readonly string KBegin = BeginTag + " n=", KProfile = " profile=", KDepth = " depth_mm=", KLevel = " level=",
            KSoc = " soc_pct=", KEnd = EndTag + " n=", KEndCause = " end=", KElapsed = " elapsed_ms=", KNeedling = " needling_ms=",
            KOnSkin = " onskin_ms=", KStrokes = " strokes=", KProfiles = " profiles=", KComma = ",", KDash = "-", KLevels = " levels=",
            KPauses = " pauses=", KCues = " cues=", KFaults = " faults=", KNone = "none", KFaultCount = " fault_count=", KCart = " cart=",
            KSeated = "seated", KRemoved = "removed";
        private static readonly string[] EndNames = { "running", "cartridge-removed", "cap-reached", "power-off", "idle-power-off", "power-lost", "cartridge-cap" };

        /// <summary>The begin record's text in pieces, allocating nothing: the record store writes it out.</summary>
        public void BeginPieces(Records.RecordChars w, int profile, float depthMm, int level)
        {
            w.Append(KBegin); w.Append(Number);
            w.Append(KProfile); w.Append(profile);
            w.Append(KDepth); w.AppendHundredths(Hundredths(depthMm));
            w.Append(KLevel); w.Append(level);
            w.Append(KSoc); w.Append(StartSocPercent);
        }

        /// <summary>Parts of the end record <see cref="EndPieces"/> adds one at a time (no tick adds all of its 50 pieces).</summary>
        public const int EndParts = 3;

        /// <summary>Part <paramref name="part"/> (0 to <see cref="EndParts"/> − 1) of the end record's text in pieces, allocating nothing: the record store writes it out.</summary>
        public void EndPieces(Records.RecordChars w, int part)
        {
            if (part == 0)
            {
                w.Append(KEnd); w.Append(Number);
                w.Append(KEndCause); w.Append(EndName(End));
                w.Append(KElapsed); w.Append(ElapsedMicros / 1000);
                w.Append(KNeedling); w.Append(NeedlingMicros / 1000);
                w.Append(KOnSkin); w.Append(OnSkinMicros / 1000);
                w.Append(KStrokes); w.Append(Strokes);
                return;
            }

            if (part == 1)
            {
                w.Append(KProfiles);
                for (int i = 0; i < ProfileCount; i++)
                {
                    if (i > 0) w.Append(KComma);
                    w.Append(_profiles[i]);
                }

                w.Append(KDepth); w.AppendHundredths(Hundredths(MinDepthMm)); w.Append(KDash); w.AppendHundredths(Hundredths(MaxDepthMm));
                w.Append(KLevels); w.Append(MinLevel); w.Append(KDash); w.Append(MaxLevel);
                return;
            }

            w.Append(KPauses); w.Append(Pauses);
            w.Append(KCues); w.Append(Cues);
            w.Append(KFaults);
            if (FaultCount == 0) w.Append(KNone);
            int kept = FaultCount < MaxFaults ? FaultCount : MaxFaults;
            for (int i = 0; i < kept; i++)
            {
                if (i > 0) w.Append(KComma);
                w.Append(_faults[i]);
            }

            w.Append(KFaultCount); w.Append(FaultCount);
            w.Append(KCart); w.Append(CartridgeSeatedAtEnd ? KSeated : KRemoved);
            w.Append(KSoc); w.Append(StartSocPercent);
        }

        private static long Hundredths(float mm)
        {
            // rounded half away from zero
            return mm >= 0f ? (long)(int)(mm * 100f + 0.5f) : -(long)(int)(-mm * 100f + 0.5f);
        }

        /// <summary>The log name of an end cause ("running" for a value outside the list).</summary>
        public static string EndName(SessionEnd end)
        {
            int i = (int)end;
            return EndNames[i >= 0 && i < EndNames.Length ? i : 0];
        }
    }
}
