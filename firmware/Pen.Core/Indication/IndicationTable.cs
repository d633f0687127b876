namespace Pen.Core.Indication
{
    /// <summary>What the pen shows. Numbers index <see cref="IndicationTable"/>: append only.</summary>
    public enum Indication
    {
        Ready = 0,
        Running = 1,
        Stopping = 2,
        Paused = 3,
        CartridgeUsed = 4,
        NoCartridge = 5,
        PoweringOff = 6,
        LowBattery = 7,
        Warning = 8,
        Derated = 9,
        ControlledStopFault = 10,
        ImmediateStopFault = 11,
        LockedOut = 12,
        PacingCue = 13,
        LevelCue = 14,
        ProfileCue = 15,
        RefusedCue = 16,
        SessionEndedCue = 17,
        ServiceCue = 18,
        RecordsRefusedCue = 19,
        ServiceMode = 20,
        QaRun = 21,
        /// <summary>The needles may be out after a stop (<see cref="Safety.FaultCode.NeedlesMayBeOut"/>): the highest-priority alarm.</summary>
        NeedlesMayBeOut = 22,
        /// <summary>A warm pen took one more step off the stroke rate (Safety/RateDerating).</summary>
        DerateStepCue = 23,
        /// <summary>A start waits while the pen measures the seated cartridge (Commissioning/CartridgeIdentification): keep the needles off the skin.</summary>
        MeasuringCartridge = 24,
    }

    /// <summary>
    /// The one table of the pen's LED and buzzer patterns (docs/practitioners.md and the README's practitioner table
    /// are this table). Each pattern is 16 slots of 125 ms (a 2 s cycle, first slot = most significant bit); a 1 bit
    /// lights the LED or sounds the buzzer in that slot. States repeat their pattern; cues play it once over the state.
    /// The buzzer follows IEC 60601-1-8's ranking: alarms are bursts of 125 ms pulses, by priority (high: 3 + 2 pulses
    /// every 2 s: locked out, needles may be out; medium: 3 pulses: a fault stopped the needles; low: 2 pulses once: a
    /// warm pen slowed a step); information signals are never such a burst (a single tick, or tones of 250 ms and
    /// longer), and no cue sounds while an alarm shows.
    /// </summary>
    public static class IndicationTable
    {
        /// <summary>One slot. Unit: µs.</summary>
        public const long SlotMicros = 125000;
        /// <summary>Slots per cycle.</summary>
        public const int Slots = 16;

        // slot masks: 0xFFFF steady, 0xFF00 1 s on / 1 s off, 0xCCCC 4 Hz blink, 0x8000 one 125 ms flash per 2 s.
        // Buzzer: 0xA8A0 3 + 2 pulses (high), 0xA800 3 pulses (medium), 0xA000 2 pulses (low); 0x8000 a tick,
        // 0xC000 a 250 ms tone, 0xE380 two 375 ms tones, 0xE000 375 ms, 0xF000 500 ms, 0xFF00 1 s, 0xF0F0 two 500 ms
        /// <summary>Green LED per indication (the profile cue's flashes are counted out by the Indicator: one per profile number).</summary>
        public static readonly ushort[] Green =
        {
            0xFFFF, 0xFFFF, 0xCCCC, 0x0000, 0x0000, 0x0000, 0x0000, 0xFFFF, 0xFFFF, 0xFFFF,
            0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0xA0A0, 0x0000,
            0xFFFF, 0xFFFF, 0x0000, 0x0000, 0xF0F0,
        };

        /// <summary>Amber LED per indication.</summary>
        public static readonly ushort[] Amber =
        {
            0x0000, 0x0000, 0x0000, 0xFF00, 0xCCCC, 0xFFFF, 0x0000, 0x8000, 0x8080, 0xF0F0,
            0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x5050, 0xCCCC,
            0xFF00, 0xFFFF, 0x3333, 0xF000, 0x0F0F,
        };

        /// <summary>Red LED per indication.</summary>
        public static readonly ushort[] Red =
        {
            0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
            0xFF00, 0xCCCC, 0xFFFF, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x3333,
            0x0000, 0x0000, 0xCCCC, 0x0000, 0x0000,
        };

        /// <summary>Buzzer per indication.</summary>
        public static readonly ushort[] Buzzer =
        {
            0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0xF000, 0x0000, 0x0000, 0x0000,
            0xA800, 0xA800, 0xA8A0, 0xE380, 0x8000, 0x0000, 0xC000, 0xFF00, 0xE000, 0xF0F0,
            0x0000, 0x0000, 0xA8A0, 0xA000, 0x0000,
        };

        /// <summary>What each indication means to the practitioner (the README table).</summary>
        public static readonly string[] Meaning =
        {
            "ready: hold main 1 s to start",
            "running",
            "stopping: needles parking",
            "paused (needles off the skin 10 s): hold main 1 s to resume",
            "cartridge used: change the cartridge to begin a session",
            "no cartridge: insert a fresh one",
            "switching off",
            "low battery: charge before the next session (shown over ready/running)",
            "warning from the safety supervisor (still running): amber blinks say which",
            "warm: running slower (10 % a step); amber 1 blink",
            "fault, needles stopped and parked: red blinks say what to do",
            "fault, drive cut at once: red blinks say what to do",
            "locked out: switch off; service",
            "pacing cue: 30 s of needling on this area, move on",
            "speed level changed",
            "profile changed: green flashes = profile number (1 to 11; 250 ms each)",
            "start refused: amber flashes = the reason (1 to 10)",
            "session ended and logged",
            "service: the clinic depth cap lifted or restored",
            "start refused: the session log cannot be written; service (read the log off over the bench serial, LOG; check the flash)",
            "service session open: green on, amber 1 s on and 1 s off; a start is a QA run, not a treatment",
            "QA run (service session): green and amber on; not a treatment session",
            "needles may be out: lift the pen straight off the skin, check that the needles are in, press main",
            "warm pen: one more step slower",
            "measuring the cartridge before the start: green and amber in turn; keep the needles off the skin",
        };

        /// <summary>Whether a pattern is on at a time since the pattern started. Unit: µs.</summary>
        public static bool On(ushort mask, long sinceMicros)
        {
            if (sinceMicros < 0) sinceMicros = 0;
            int slot = (int)((sinceMicros / SlotMicros) % Slots);
            return ((mask >> (Slots - 1 - slot)) & 1) != 0;
        }
    }
}
