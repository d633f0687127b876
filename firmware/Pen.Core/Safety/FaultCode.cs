namespace Pen.Core.Safety
{
    /// <summary>
    /// Fault codes: a closed, append-only list with stable numbers (telemetry, bench protocol, session log).
    /// Never renumber, never reuse a number; add new codes at the end with <see cref="FaultText.Of"/> text.
    /// </summary>
    public enum FaultCode
    {
        /// <summary>No fault.</summary>
        None = 0,
    }

    /// <summary>Text for each fault code (nanoFramework's Enum.ToString gives only the number).</summary>
    public static class FaultText
    {
        /// <summary>Short English text for a code; "unknown fault N" for a number not in the list.</summary>
        public static string Of(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.None: return "no fault";
                default: return "unknown fault " + ((int)code).ToString();
            }
        }
    }
}
