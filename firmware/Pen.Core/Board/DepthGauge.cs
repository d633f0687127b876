namespace Pen.Core.Board
{
    /// <summary>
    /// Depth-ring position from the linear Hall sensor's ADC code. This first version uses the nominal straight
    /// line of nf.config; the treatment issue replaces it with the per-unit calibration table, detents and
    /// hysteresis. A code outside the sensor's span (with margin) is implausible: open, shorted or broken.
    /// </summary>
    public sealed class DepthGauge
    {
        private const float MarginMillivolts = 150f;

        /// <summary>Last depth. Unit: mm, clamped to 0..<see cref="BoardConstants.DepthFullScaleMm"/>.</summary>
        public float DepthMm { get; private set; }

        /// <summary>The last code was inside the sensor's span.</summary>
        public bool Plausible { get; private set; }

        /// <summary>Converts one code.</summary>
        public void Update(int code)
        {
            // d = (V − V0) / (V1 − V0) · full scale
            float mv = SensingScale.CodeToMillivolts(code);
            float span = BoardConstants.DepthMillivoltsAtFull - BoardConstants.DepthMillivoltsAtZero;
            Plausible = mv > BoardConstants.DepthMillivoltsAtZero - MarginMillivolts
                        && mv < BoardConstants.DepthMillivoltsAtFull + MarginMillivolts;
            float mm = (mv - BoardConstants.DepthMillivoltsAtZero) / span * BoardConstants.DepthFullScaleMm;
            if (mm < 0f) mm = 0f;
            if (mm > BoardConstants.DepthFullScaleMm) mm = BoardConstants.DepthFullScaleMm;
            DepthMm = mm;
        }
    }
}
