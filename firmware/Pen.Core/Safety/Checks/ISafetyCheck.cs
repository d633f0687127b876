namespace Pen.Core.Safety.Checks
{
    /// <summary>
    /// One check: looks at this tick's inputs (through <see cref="SafetyInputs"/>) and raises its flag when its
    /// condition holds for its persistence. It never decides an action.
    /// </summary>
    public interface ISafetyCheck
    {
        /// <summary>Evaluates the check once per tick.</summary>
        void Evaluate(SafetyInputs inputs, SafetyFlags flags);
    }
}
