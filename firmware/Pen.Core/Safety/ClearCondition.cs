namespace Pen.Core.Safety
{
    /// <summary>When a fault's action ends, once its check no longer raises the flag.</summary>
    public enum ClearCondition
    {
        /// <summary>As soon as the check stops raising the flag.</summary>
        WhenConditionClears = 0,
        /// <summary>After the flag is down and the user acknowledges with a short press of the main button.</summary>
        OnUserAcknowledge = 1,
        /// <summary>Never in this power-up: only a power cycle (a new firmware instance) clears it.</summary>
        OnPowerCycle = 2,
    }
}
