using Pen.Core.Limits;

namespace Pen.Core.Board
{
    /// <summary>
    /// Depth-ring setting from the linear Hall sensor's ADC code, through this pen's calibration table
    /// (<see cref="DepthCalibration"/>: the code and the measured protrusion at each 0.25 mm detent).
    ///   1. position in detents, u, by piecewise-linear interpolation of the code between the table's codes;
    ///   2. the detent, with hysteresis biased to the deep side: a deeper detent is taken as soon as u passes the
    ///      midpoint, a shallower one only once u is <see cref="PenLimits.DepthHysteresisFraction"/> of a step
    ///      past it, so a reading never lags on the unsafe side and never chatters at a midpoint;
    ///   3. plausibility: a code outside the calibrated span by more than half a step is not a ring position
    ///      (open, shorted, magnet lost); the last good detent is kept and <see cref="Plausible"/> goes false.
    /// <see cref="DepthMm"/> is the setting of that detent (its mark, 0.25 mm steps: what the limits compare);
    /// <see cref="CalibratedMm"/> is the protrusion measured there at the factory (what the needles really do).
    /// No allocation in <see cref="Update"/>.
    /// </summary>
    public sealed class DepthGauge
    {
        private DepthCalibration _table;
        private int _detent = -1;
        private int _segment;
        // the plausible span of codes: half a step (PenLimits.DepthPlausibleMarginFraction) past each end of the table,
        // worked out when the table changes (its codes are set once, when it is made)
        private float _lowestCode, _highestCode;

        /// <summary>A gauge on the nominal table.</summary>
        public DepthGauge()
        {
            UseCalibration(DepthCalibration.Nominal());
        }

        /// <summary>Setting of the detent the ring is in. Unit: mm, 0 to 2.5 in 0.25 mm steps.</summary>
        public float DepthMm { get; private set; }

        /// <summary>Protrusion measured at the factory at that detent. Unit: mm.</summary>
        public float CalibratedMm { get; private set; }

        /// <summary>Position between detents from the table, for diagnosis: worked out when read, from the last plausible code. Unit: detents (0 to 10), continuous.</summary>
        public float PositionDetents
        {
            get
            {
                if (_positionCode < 0) return 0f;
                float[] codes = _table.Codes;
                int last = codes.Length - 1;
                int seg = 0;
                while (seg < last - 1 && _positionCode > codes[seg + 1]) seg++;
                return seg + (_positionCode - codes[seg]) / (codes[seg + 1] - codes[seg]);
            }
        }

        private int _positionCode = -1;   // the last plausible code (PositionDetents)

        /// <summary>The detent the ring is in, 0..10 (0 before the first plausible reading).</summary>
        public int Detent => _detent < 0 ? 0 : _detent;

        /// <summary>The last code was a plausible ring position.</summary>
        public bool Plausible => _plausible;

        private bool _plausible;

        /// <summary>The table in use.</summary>
        public DepthCalibration Table => _table;

        /// <summary>Uses a calibration table (null keeps the current one).</summary>
        public void UseCalibration(DepthCalibration table)
        {
            if (table == null) return;
            _table = table;
            _lastCode = -1;
            _detent = -1;
            _segment = 0;
            _positionCode = -1;
            NoStay();
            float[] codes = table.Codes;
            int last = codes.Length - 1;
            float margin = PenLimits.DepthPlausibleMarginFraction;
            _lowestCode = codes[0] - margin * (codes[1] - codes[0]);
            _highestCode = codes[last] + margin * (codes[last] - codes[last - 1]);
        }

        /// <summary>
        /// Uses the table of a stored DEPTHCAL record (boot only: parsing allocates). Returns true when it is valid;
        /// otherwise (absent or not valid) the nominal table stays, put on the depth input's ADC line
        /// <paramref name="line"/> (null: keep the current table).
        /// </summary>
        public bool LoadCalibration(string record, AdcLine line)
        {
            if (line != null) UseCalibration(DepthCalibration.Nominal(line));
            DepthCalibration c = record == null ? null : DepthCalibration.Parse(record);
            if (c == null) return false;
            UseCalibration(c);
            return true;
        }

        private int _lastCode = -1;     // the last code converted (its result stands: converting it again changes nothing)
        // The codes known to leave the detent as it is: u(code) is non-decreasing in the code (piecewise linear, each
        // segment ending at exactly its index + 1), and a code keeps detent d exactly when d − 0.5 − h ≤ u < d + 0.5, an
        // interval of u; so every code between two codes that kept d keeps it too. The ring's noise stays within a few
        // codes: most ticks convert nothing. Emptied when the detent or the table changes.
        private int _stayLowCode, _stayHighCode;

        private void NoStay()
        {
            _stayLowCode = int.MaxValue;
            _stayHighCode = int.MinValue;
        }

        /// <summary>
        /// Converts one code. False when <see cref="DepthMm"/> and <see cref="Plausible"/> are as they were before it
        /// (the code converted last, or one that keeps the detent of a plausible reading: most ticks).
        /// </summary>
        public bool Update(int code)
        {
            if (code == _lastCode) return false;
            _lastCode = code;
            if (code >= _stayLowCode && code <= _stayHighCode)
            {
                bool was = _plausible;
                _plausible = true;
                _positionCode = code;
                return !was;
            }

            if (code < _lowestCode || code > _highestCode)
            {
                _plausible = false;
                if (_detent < 0) SetDetent(0);
                return true;
            }

            _plausible = true;
            _positionCode = code;
            float[] codes = _table.Codes;
            int last = codes.Length - 1;
            // u = i + (code − c_i) / (c_{i+1} − c_i), extended past the ends with the end segments' slope
            // the segment: the first whose upper end is at or above the code (the last past the top); searched from the
            // last tick's, since the ring moves little between ticks (same result as a search from the bottom)
            int seg = _segment;
            if (seg > last - 1) seg = last - 1;
            while (seg > 0 && code <= codes[seg]) seg--;
            while (seg < last - 1 && code > codes[seg + 1]) seg++;
            _segment = seg;
            float u = seg + (code - codes[seg]) / (codes[seg + 1] - codes[seg]);

            int nearest = (int)(u + 0.5f);
            if (nearest < 0) nearest = 0;
            if (nearest > last) nearest = last;
            if (_detent < 0)
            {
                SetDetent(nearest);
            }
            else if (nearest > _detent)
            {
                SetDetent(nearest); // deeper: at once
            }
            else if (nearest < _detent && u < _detent - 0.5f - PenLimits.DepthHysteresisFraction)
            {
                int shallower = (int)(u + 0.5f + PenLimits.DepthHysteresisFraction);
                if (shallower < 0) shallower = 0;
                SetDetent(shallower);
            }
            else
            {
                // the detent stays: this code joins the interval of codes that keep it
                if (code < _stayLowCode) _stayLowCode = code;
                if (code > _stayHighCode) _stayHighCode = code;
            }

            return true;
        }

        private void SetDetent(int detent)
        {
            if (detent != _detent) NoStay();
            _detent = detent;
            DepthMm = detent * BoardConstants.DepthDetentStepMm;
            CalibratedMm = _table.Mm[detent];
        }
    }
}
