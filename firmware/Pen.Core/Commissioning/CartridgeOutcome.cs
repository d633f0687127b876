namespace Pen.Core.Commissioning
{
    /// <summary>
    /// How the cartridge chain (<see cref="CartridgeIdentification"/>) ended: a closed, append-only list with stable numbers,
    /// like the fault codes. Never renumber, never reuse a number; add new codes at the end with their text in
    /// <see cref="Text"/> and raise <see cref="MaxCode"/>. The drive decides on the code (Control/StrokeDrive); the text, with
    /// the values measured, is for people only (<see cref="CartridgeIdentification.Problem"/>).
    /// </summary>
    public static class CartridgeOutcome
    {
        /// <summary>No problem: the chain passed every check, is running, or has not run.</summary>
        public const int None = 0;
        /// <summary>The cam turned before the climb measured a current: no verdict on the cartridge (measured again).</summary>
        public const int StillTurning = 1;
        /// <summary>The steady point drew more than any cartridge's own friction in the air: the needles on skin, or a binding
        /// carrier; no verdict from one run (the drive measures again, and refuses the cartridge when
        /// <see cref="Limits.PenLimits.CartridgeLoadedRuns"/> runs in a row read it).</summary>
        public const int Loaded = 2;
        /// <summary>The climb reached its current or time bound without turning the cam over the spring's peak: jammed.</summary>
        public const int Jammed = 3;
        /// <summary>The cam did not turn at the steady point (too few strokes counted).</summary>
        public const int NoStrokesAtPoint = 4;
        /// <summary>The spring's peak under its plausible range: the return spring missing or broken.</summary>
        public const int SpringMissing = 5;
        /// <summary>The spring's peak over its plausible range: a binding or jammed carrier.</summary>
        public const int SpringOverRange = 6;
        /// <summary>The cartridge's friction outside its plausible range: binding.</summary>
        public const int FrictionOutOfRange = 7;
        /// <summary>Stopped from outside (a supervisor stop, the cartridge taken out): no verdict.</summary>
        public const int Stopped = 8;

        /// <summary>Highest code in the list.</summary>
        public const int MaxCode = 8;

        /// <summary>Short English text for a code (without the values); "unknown cartridge outcome N" for a number not in the list.</summary>
        public static string Text(int code)
        {
            switch (code)
            {
                case None: return "no problem";
                case StillTurning: return "the cam turned before the climb measured a current";
                case Loaded: return "a load beyond the cartridge's own friction at the steady point (needles on skin, or a binding carrier)";
                case Jammed: return "the cam did not turn over the spring's peak (jammed)";
                case NoStrokesAtPoint: return "the cam did not turn at the steady point";
                case SpringMissing: return "return spring missing or broken";
                case SpringOverRange: return "spring's peak over its range (binding or jammed)";
                case FrictionOutOfRange: return "cartridge friction outside its range (binding)";
                case Stopped: return "stopped";
                default: return "unknown cartridge outcome " + code.ToString();
            }
        }
    }
}
