namespace Pen.Core.Limits
{
    /// <summary>
    /// Every limit of the pen in one place, with its unit and its source. Sources: [S] a figure in
    /// ../shared/reference (file and section named), [D] derived from sourced figures, [E] our estimate.
    /// Thresholds that a check uses live here too, never in the check.
    /// </summary>
    public static class PenLimits
    {
        // ------------------------------------------------------------------ stroke rate (device ceilings)
        /// <summary>Lowest stroke rate the pen runs at. Unit: strokes/s. [S] pens-and-regulation.md §1: "50–150 stamp motions per second" [S18].</summary>
        public const float MinStrokeRateHz = 50f;

        /// <summary>Highest stroke rate. Unit: strokes/s. [S] pens-and-regulation.md §1 [S18]; Exceed 100–150 Hz [S10].</summary>
        public const float MaxStrokeRateHz = 150f;

        /// <summary>Rated speed of the 1524 SR motor, never to be exceeded. Unit: rpm. [S] plant.md §2.1 "speed up to 13,000 rpm".</summary>
        public const float MotorRatedMaxRpm = 13000f;

        // ------------------------------------------------------------------ depth (device ceiling)
        /// <summary>Mechanical depth ceiling. Unit: mm. [S] pens-and-regulation.md §2: SkinPen 0–2.5 mm in 0.25 mm steps.</summary>
        public const float MaxDepthMm = 2.5f;

        // ------------------------------------------------------------------ speed levels
        /// <summary>Number of speed levels. [S] pens-and-regulation.md §2: Dr. Pen's scale reaches at least 6.</summary>
        public const int SpeedLevelCount = 6;

        /// <summary>Level the pen starts at after power-up (the lowest). [S] pens-and-regulation.md §2: "start at the lowest speed" (Dr. Pen guidance).</summary>
        public const int DefaultSpeedLevel = 1;

        // ================================================================== SAFETY THRESHOLDS (safety supervisor issue)
        // Each check's threshold and persistence, with unit and source. Insert new constants above this line's end marker.
        // ------------------------------------------------------------------ end of SAFETY THRESHOLDS

        // ================================================================== TREATMENT (limits, session and controls issue)
        // Clinic cap, profiles, session timing, controls timing, with unit and source. Insert above the end marker.
        // ------------------------------------------------------------------ end of TREATMENT
    }
}
