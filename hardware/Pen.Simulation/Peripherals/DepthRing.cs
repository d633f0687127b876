using System;
using Pen.Simulation.Plant;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// The depth ring and its linear Hall sensor. The ring clicks into 0.25 mm detents (plant.md §6.3); each
    /// detent of this unit sits a little off its nominal place, and the sensor's line has a unit-specific
    /// sensitivity and a bow from the magnet's field. That is why every pen needs its own calibration table.
    /// </summary>
    public sealed class DepthRing
    {
        private const double StepMm = 0.25;
        private const double FullMm = 2.5;
        private readonly PlantParameters _p;
        private readonly double[] _detentErrorMm = new double[11];
        private readonly double _sensitivity;

        public DepthRing(PlantParameters p, int seed)
        {
            _p = p;
            SplitMix unit = SplitMix.For(seed, "depth-ring");
            for (int i = 0; i < _detentErrorMm.Length; i++) _detentErrorMm[i] = unit.NextSigned() * p.DepthDetentToleranceMm;
            _detentErrorMm[0] = Math.Abs(_detentErrorMm[0]); // the ring cannot go below its stop
            _sensitivity = 1 + unit.NextSigned() * p.DepthSensitivityTolerance;
        }

        /// <summary>The detent the ring is in, 0..10.</summary>
        public int Detent { get; private set; }

        /// <summary>The ring's nominal setting (what its scale shows). Unit: mm.</summary>
        public double NominalMm => Detent * StepMm;

        /// <summary>Where the ring really sits, which sets the needles' protrusion. Unit: mm.</summary>
        public double ActualMm => Math.Clamp(NominalMm + _detentErrorMm[Detent], 0, FullMm + 0.05);

        /// <summary>Turns the ring to the detent nearest <paramref name="mm"/>.</summary>
        public void Set(double mm)
        {
            Detent = (int)Math.Round(Math.Clamp(mm, 0, FullMm) / StepMm);
        }

        /// <summary>Sensor output for a ring position. Unit: V.</summary>
        public double SensorVolts(double mm)
        {
            // V = V0 + (V1 − V0)·s·u + bow·4u(1 − u),  u = d / 2.5 mm
            double u = mm / FullMm;
            double span = (_p.DepthMillivoltsAtFull - _p.DepthMillivoltsAtZero) * 1e-3;
            return _p.DepthMillivoltsAtZero * 1e-3 + span * _sensitivity * u + _p.DepthNonlinearityMillivolts * 1e-3 * 4 * u * (1 - u);
        }
    }
}
