using System;

namespace Pen.Simulation.Plant
{
    /// <summary>
    /// The physical pen: supply, H-bridge with its enable circuit and over-current trip, coreless DC motor,
    /// cam with a spring-returned needle carrier, skin load, and the two-node thermal model. It advances in fixed
    /// steps (<see cref="PlantParameters.StepMicros"/>) with the firmware's outputs held between ticks, and it
    /// reports the physical truth the telemetry and the reports measure against.
    ///
    /// Electrical (averaged over a PWM period, slow decay, plant.md §6.5): during the on-time the bridge connects
    /// the supply, during the off-time it shorts the motor through both low sides (brake). With duty D:
    ///   L dI/dt = D·V_oc − D·R_s·I_q − k_e·ω − (R_m(T) + R_on + D·R_sh + D²·R_s)·I
    /// solved exactly over each step for a constant ω (τ_e ≈ 20 µs). With the driver disabled the outputs are
    /// high-impedance and the current dies out (coast).
    ///
    /// Mechanical (plant.md §3.2–§3.3): needle carrier x = e(1 − cos θ) while the cam pushes it. With contact
    /// force N = m·ẍ + F_spring + F_tent + F_friction, the cam torque is N·e·sin θ, so
    ///   (J + m e² sin²θ) α = k_t I − m e² sinθ cosθ ω² − (F_spring + F_tent)·e sinθ − friction
    /// where friction (motor brushes, seal, needle cutting and withdrawal) opposes motion with a magnitude that
    /// depends on the direction. When N would turn negative the carrier leaves the cam and flies under the spring
    /// (follower float, §3.3) until the cam catches it again.
    /// </summary>
    public sealed class PenPlant
    {
        private const double TwoPi = 2 * Math.PI;

        private readonly PlantParameters _p;
        private readonly int _seed;
        private SplitMix _skinRandom;          // the present skin contact's per-stroke draws (SkinStreamFor)
        private int _skinContacts;             // skin contacts begun so far (false → true of SkinContact)
        // the Hall line's noise, drawn by the time of what it disturbs (SplitMix.UniformAt), not by a running count:
        // an edge's by its true time, the EMI and fault pulses' by their slot on a grid of the nominal step from time 0
        private readonly ulong _hallEdgeKey, _hallEmiKey, _hallSpuriousKey;

        // ------------------------------------------------------------ derived constants
        private readonly double _h;            // step, s
        private readonly long _hMicros;
        private readonly double _rcFactor;     // 1 − exp(−h/τ_rc)
        private readonly double _e;
        private readonly double _stroke;       // 2e
        private readonly double _hallArc;      // rad

        // ------------------------------------------------------------ state
        private long _nowMicros;
        private double _theta = 0.2;           // rad, cumulative; starts just past TDC, needles retracted
        private double _omega;                 // rad/s
        private double _current;               // A, motor (average over a PWM period)
        private bool _floating;
        private double _xFloat, _vFloat;       // carrier while it has left the cam, m and m/s
        private bool _punctured;
        private double _strokeFactor = 1;
        private long _maxRevolution;
        private long _maxWindowEntry;          // the furthest Hall window the cam has entered going forward
        private double _lastStrokeTimeS = double.NaN;
        private double _lastStrokePeriodS = double.NaN;
        private long _ocpUntilMicros;
        private double _busVolts;
        private bool _driverOn;
        private double _appliedDuty;
        private double _senseVolts;            // current-sense RC output, V
        private double _senseAveragedVolts;    // the second, slower RC on the same amplifier output, V
        private readonly double _rcAveragedFactor;
        private double _driveSenseVolts;       // the motor terminal OUT1 through the drive-voltage input's RC, V
        private readonly double _rcDriveFactor;
        private double _jamX;
        private bool _jamBlocked;
        private bool _jamWedged;

        // per-millisecond slow bookkeeping
        private int _stepsPerSlow;
        private int _slowCounter;
        private double _sumI2, _sumFrictionW, _sumBatteryA;
        private double _openCircuitVolts;
        private double _rippleAmpsPp;
        private double _motorOhms;

        // the Hall line's pulse in progress is dropped (HallDropProbability): its rise goes too
        private bool _droppingPulse;

        // true stroke times for the metrics: every pass of the cam through the retracted point
        private double[] _strokeTimes = new double[4096];
        private int _strokeTimeCount, _strokeTimesFirst;

        public PenPlant(PlantParameters p, int seed, double stateOfCharge, double ambientC)
        {
            _p = p;
            Supply = new Supply(p, stateOfCharge);
            Thermal = new ThermalModel(p, ambientC);
            _seed = seed;
            _skinRandom = SkinStreamFor(seed, "", 0); // replaced as each contact begins; drawn only in contact
            _hallEdgeKey = SplitMix.KeyFor(seed, "hall edge");
            _hallEmiKey = SplitMix.KeyFor(seed, "hall emi");
            _hallSpuriousKey = SplitMix.KeyFor(seed, "hall spurious");
            _hMicros = Math.Max(1, (long)Math.Round(p.StepMicros));
            _h = _hMicros * 1e-6;
            _rcFactor = 1 - Math.Exp(-_h / (p.CurrentFilterMicros * 1e-6));
            _rcAveragedFactor = 1 - Math.Exp(-_h / (p.AveragedCurrentFilterMicros * 1e-6));
            _rcDriveFactor = 1 - Math.Exp(-_h / (p.DriveSenseFilterMicros * 1e-6));
            _e = p.CamEccentricityM;
            _stroke = 2 * _e;
            _hallArc = p.HallArcDeg * Math.PI / 180;
            _stepsPerSlow = Math.Max(1, (int)(1000 / _hMicros));
            _openCircuitVolts = Supply.OpenCircuitVolts;
            _busVolts = _openCircuitVolts;
            _motorOhms = MotorOhmsAt(Thermal.WindingC);
            CurrentSenseReferenceVolts = p.CurrentSenseReferenceMillivolts * 1e-3;
            _senseVolts = CurrentSenseReferenceVolts;
            _senseAveragedVolts = CurrentSenseReferenceVolts;
            LastHeartbeatEdgeMicros = long.MinValue / 4;
            CartridgePresent = true;
            Needles = 12;
            SpringPreloadN = p.SpringPreloadN;
            SpringRateNPerM = p.SpringRateNPerM;
            NeedleForceN = p.PunctureForcePerNeedleN;
        }

        public PlantParameters Parameters => _p;
        public Supply Supply { get; private set; }
        public ThermalModel Thermal { get; private set; }

        // ============================================================ inputs from the firmware's outputs
        /// <summary>Duty at the bridge's EN input, 0..1 (already quantised by the LEDC peripheral).</summary>
        public double DutyCommand;
        /// <summary>The firmware's enable request (GPIO level).</summary>
        public bool EnableRequest;
        /// <summary>The bridge's PH input (DRV8838 phase): false = forward (OUT1 driven), true = reverse (OUT2 driven).</summary>
        public bool MotorReverse;
        /// <summary>Time of the last level change of the heartbeat line. Unit: µs.</summary>
        public long LastHeartbeatEdgeMicros;

        // ============================================================ environment (set by the scenario)
        private bool _cartridgePresent;
        /// <summary>A cartridge is seated. Inserting one puts its needle carrier on the cam, needles out of the skin.</summary>
        public bool CartridgePresent
        {
            get => _cartridgePresent;
            set
            {
                if (value && !_cartridgePresent)
                {
                    _floating = false;
                    _punctured = false;
                }

                _cartridgePresent = value;
            }
        }

        /// <summary>Needles in the seated cartridge, 1..64.</summary>
        public int Needles;
        /// <summary>The seated cartridge's return spring at the retracted point (plant.md §3.3). Unit: N.</summary>
        public double SpringPreloadN;
        /// <summary>The seated cartridge's return spring rate (plant.md §3.3). Unit: N/m.</summary>
        public double SpringRateNPerM;
        /// <summary>The seated cartridge's puncture force per needle (plant.md §3.2). Unit: N.</summary>
        public double NeedleForceN;
        /// <summary>Where the depth ring really sits (detent plus its tolerance). Unit: mm.</summary>
        public double DepthMm = 1.0;
        /// <summary>
        /// Whether the pen is held to the skin; how hard is the load scale (<see cref="SetSkinLoad"/>), 0 lifted. A contact
        /// begins when the skin comes to the needles, this true and the load's target above 0 (either set last), and
        /// draws its strokes' variability from a stream of its own (<see cref="SkinStreamFor"/>): one factor for the
        /// stroke in progress, one for each stroke while the skin is loaded, none in the air. So the strokes the
        /// firmware turns before a contact (a cartridge chain at boot, a longer start or a slower lift-off) leave a
        /// contact's k-th stroke with the same factor.
        /// </summary>
        public bool SkinContact
        {
            get => _skinContact;
            set
            {
                bool was = SkinPresent;
                _skinContact = value;
                if (!was && SkinPresent) BeginContact();
            }
        }

        private bool _skinContact;

        /// <summary>
        /// Which skin this run meets, with the seed and the contact's index choosing a contact's draws. The scenario runner
        /// gives the scenario's name: each scenario (each case and variation of the control matrix) meets skin of its
        /// own, so the cases of one seed are independent draws rather than one draw repeated across them, and a firmware
        /// change compared on the same scenario still meets the same strokes on both sides.
        /// </summary>
        public string SkinKey { get; set; } = "";

        private bool SkinPresent => _skinContact && _loadTo > 0;

        private void BeginContact()
        {
            _skinContacts++;
            _skinRandom = SkinStreamFor(_seed, SkinKey, _skinContacts);
            DrawStrokeFactor();
        }

        /// <summary>The per-stroke skin draws of contact <paramref name="contact"/> (1 = the first) on skin <paramref name="key"/> of unit <paramref name="seed"/>.</summary>
        private static SplitMix SkinStreamFor(int seed, string key, int contact) => SplitMix.For(seed, "skin contact " + contact.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + key);

        /// <summary>The skin contacts begun so far. Truth.</summary>
        public int SkinContactsBegun => _skinContacts;

        /// <summary>Truth: this stroke's skin factor, ×(1 ± <see cref="PlantParameters.StrokeVariability"/>); drawn only while the skin is loaded.</summary>
        public double StrokeSkinFactor => _strokeFactor;

        public double PressureMm;
        private double _loadFrom, _loadTo, _loadRampStartS, _loadRampS;

        /// <summary>Ramps the skin load scale to <paramref name="scale"/> over <paramref name="rampS"/>.</summary>
        public void SetSkinLoad(double scale, double rampS)
        {
            bool was = SkinPresent;
            _loadFrom = LoadScaleNow;
            _loadTo = scale;
            if (!was && SkinPresent) BeginContact();
            _loadRampStartS = TimeS;
            _loadRampS = Math.Max(0, rampS);
        }

        /// <summary>The skin load multiplier now (0 = no skin).</summary>
        public double LoadScaleNow
        {
            get
            {
                if (_loadRampS <= 0 || TimeS >= _loadRampStartS + _loadRampS) return _loadTo;
                double f = (TimeS - _loadRampStartS) / _loadRampS;
                return _loadFrom + f * (_loadTo - _loadFrom);
            }
        }

        // faults
        private bool _jammed;
        /// <summary>
        /// A cartridge jam: from where the needle carrier is when it starts, the carrier cannot go further out (the
        /// plunger binds in its bore, the needles meet something hard). It can still go back in. The cam stalls
        /// where its rise reaches that point, and while it presses there the contact wedges: the return spring alone
        /// cannot turn the cam back (so a stop with the bridge released leaves the needles out); a reverse motor torque
        /// of <see cref="PlantParameters.JamReleaseTorqueNm"/> frees it, and the carrier follows the cam back in.
        /// </summary>
        public bool Jammed
        {
            get => _jammed;
            set
            {
                if (value && !_jammed) { _jamX = CarrierPosition; _jamBlocked = false; _jamWedged = false; }
                if (!value) _jamWedged = false;
                _jammed = value;
            }
        }
        public bool HallDead;
        public double HallNoiseRateHz;
        public double HallDropProbability;
        /// <summary>The bridge ignores the PWM and applies full duty whenever it is enabled (a driver fault; only the enable line stops it).</summary>
        public bool DriverStuckOn;
        /// <summary>
        /// OUT1's high-side transistor is shorted: awake, the bridge drives the motor at full duty (EN low would turn the
        /// low side on against it, and the driver's own trip opens it); asleep, OUT1 sits at the supply, which the
        /// drive-voltage input reads, though the motor gets nothing (OUT2 floats).
        /// </summary>
        public bool HighSideShorted;
        /// <summary>Extra friction on the cam (a binding cartridge, a partial jam). Unit: N·m, ≥ 0.</summary>
        public double DragTorqueNm;

        /// <summary>Called after every plant step (measurements at step resolution: reports, tests). Null for none.</summary>
        public Action<PenPlant> StepObserver;

        // ============================================================ truth
        public long NowMicros => _nowMicros;
        public double TimeS => _nowMicros * 1e-6;
        public double ShaftRadPerS => _omega;
        public double ShaftHz => _omega / TwoPi;
        public double CamAngleRad => _theta;
        public double MotorCurrentA => _current;
        public double BusVolts => _busVolts;
        /// <summary>Truth: the driver is enabled now (a dropped enable request takes effect at once).</summary>
        public bool DriverEnabled => _driverOn && EnableRequest;

        /// <summary>How often the enable circuit took the drive away while the firmware asked for it (no heartbeat edge
        /// for <see cref="PlantParameters.HeartbeatHoldMs"/>: a frozen firmware, or a tick pause longer than the hold).</summary>
        public int HeartbeatCutouts { get; private set; }

        /// <summary>Total time the drive was off that way. Unit: s.</summary>
        public double HeartbeatCutoutSeconds { get; private set; }

        private bool _heartbeatWasFresh;
        public double AppliedDuty => _appliedDuty;
        public double WindingC => Thermal.WindingC;
        /// <summary>Truth: the winding's resistance now (its temperature's). Unit: Ω.</summary>
        public double MotorOhmsNow => _motorOhms;
        public double HousingC => Thermal.HousingC;
        /// <summary>Completed strokes: passes of the cam through the retracted point since t = 0.</summary>
        public long Strokes => _maxRevolution;
        /// <summary>Rate of the last completed stroke (1 / its period); 0 when no stroke ended in the last 100 ms. Unit: Hz.</summary>
        public double StrokeRateHz =>
            double.IsNaN(_lastStrokePeriodS) || TimeS - _lastStrokeTimeS > 0.1 ? 0 : 1 / _lastStrokePeriodS;
        public bool CarrierFloating => _floating;
        /// <summary>
        /// Times of the completed strokes kept (s): stroke k (counted from t = 0) at index k − <see cref="StrokeTimesFirst"/>,
        /// for k up to <see cref="StrokeTimeCount"/>; every stroke from the first unless <see cref="StrokeHistoryLimit"/> is set.
        /// </summary>
        public double[] StrokeTimes => _strokeTimes;
        /// <summary>Completed strokes recorded since t = 0 (the kept ones and those forgotten).</summary>
        public int StrokeTimeCount => _strokeTimeCount;
        /// <summary>The first stroke still kept in <see cref="StrokeTimes"/> (0 while every stroke is kept).</summary>
        public int StrokeTimesFirst => _strokeTimesFirst;
        /// <summary>
        /// Strokes kept at least (the newest; at most twice as many): 0 keeps every stroke, as a run whose reports read them
        /// all needs; a pen served for hours (RealTimeBench) keeps a window, its readers taking each tick's new strokes.
        /// </summary>
        public int StrokeHistoryLimit { get; set; }

        /// <summary>The time of stroke k (counted from t = 0), k from <see cref="StrokeTimesFirst"/> to <see cref="StrokeTimeCount"/> − 1. Unit: s.</summary>
        public double StrokeTime(int k) => _strokeTimes[k - _strokeTimesFirst];

        /// <summary>Where the needle carrier is: 0 = retracted (TDC), 2e = fully out (BDC). Unit: m.</summary>
        public double CarrierPosition
        {
            get
            {
                if (_floating) return _xFloat;
                return _e * (1 - Math.Cos(_theta));
            }
        }

        /// <summary>
        /// Truth: the skin load the needles feel now, relative to the mean stroke of a full contact: the load scale times
        /// this stroke's own factor (×(1 ± <see cref="PlantParameters.StrokeVariability"/>)) while the needles are in the
        /// skin, 0 while they are out of it. The motor current can only show a change of skin load while this is
        /// non-zero (ControlBounds uses it for when a load change first reaches what the firmware senses).
        /// </summary>
        public double SkinLoadFelt
        {
            get
            {
                if (!SkinContact || !CartridgePresent) return 0;
                return SkinIndentation(CarrierPosition) > 0 ? LoadScaleNow * _strokeFactor : 0;
            }
        }

        /// <summary>How far the needle tips stand out of the cartridge face. Unit: mm, ≥ 0.</summary>
        public double NeedleMm
        {
            get
            {
                if (!CartridgePresent) return 0;
                double protrusion = CarrierPosition - (_stroke - DepthMm * 1e-3);
                return protrusion > 0 ? protrusion * 1e3 : 0;
            }
        }

        // ============================================================ signals at the ESP32 pins
        /// <summary>This unit's current-sense reference (REF pin) voltage. Unit: V.</summary>
        public double CurrentSenseReferenceVolts = 0.3;

        /// <summary>Current-sense amplifier output after the RC filter. Unit: V.</summary>
        public double CurrentSenseVolts => _senseVolts;
        /// <summary>The averaged current-sense input (10 ms RC, for the speed loop). Unit: V.</summary>
        public double CurrentSenseAveragedVolts => _senseAveragedVolts;
        /// <summary>Truth: the motor terminal OUT1 after the drive-voltage input's RC (before the divider). Unit: V.</summary>
        public double DriveSenseVolts => _driveSenseVolts;

        /// <summary>Peak-to-peak PWM residue left on the current-sense signal by the RC filter. Unit: V.</summary>
        public double CurrentSenseRippleVolts
        {
            get
            {
                double chop = _p.CurrentAmplifierGain * _p.ShuntOhms * Math.Abs(_current);
                double d = _appliedDuty;
                return chop * d * (1 - d) / (_p.PwmFrequencyHz * _p.CurrentFilterMicros * 1e-6);
            }
        }

        /// <summary>The Hall switch's output level: low (false) while the cam is within the Hall window centred on the retracted point; high when the sensor is dead.</summary>
        public bool HallLevelHigh
        {
            get
            {
                if (HallDead) return true;
                double phi = _theta + 0.5 * _hallArc;
                return phi - Math.Floor(phi / TwoPi) * TwoPi >= _hallArc;
            }
        }

        // ============================================================ the Hall line, read by the pulse counter
        /// <summary>The cam Hall switch's output line: its transitions, with glitches and bounce (Peripherals/SimPcnt reads it).</summary>
        public HallLine Hall { get; private set; } = new HallLine();

        /// <summary>Falling edges made by the cam turning backward into the Hall arc (the park's spring rocking it back). Truth.</summary>
        public long BackwardFalls { get; private set; }

        /// <summary>Falling edges entering, going forward, a Hall window the cam had already entered (it rocked back out of it and forward again): not strokes. Truth.</summary>
        public long RepeatedFalls { get; private set; }

        /// <summary>
        /// A copy of the plant as it is now (its motion, electrics, supply, temperatures, Hall line, stroke times and
        /// the random draws still to come), to run on from here without touching this one: the control report's
        /// floors run the plant alone from a state a firmware run reached. The step observer is not copied.
        /// </summary>
        public PenPlant Copy()
        {
            var c = (PenPlant)MemberwiseClone();
            c._skinRandom = _skinRandom.Copy();
            c.Supply = Supply.Copy();
            c.Thermal = Thermal.Copy();
            c.Hall = Hall.Copy();
            c._strokeTimes = (double[])_strokeTimes.Clone();
            c.StepObserver = null;
            return c;
        }

        // ============================================================ stepping
        /// <summary>The plant's step. Unit: µs.</summary>
        public long StepMicros => _hMicros;

        /// <summary>Advances to <paramref name="untilMicros"/> in whole steps (the last one may be shorter).</summary>
        public void AdvanceTo(long untilMicros)
        {
            while (_nowMicros + _hMicros <= untilMicros) Step(_hMicros);
            if (_nowMicros < untilMicros) Step(untilMicros - _nowMicros);
        }

        private void Step(long stepMicros)
        {
            double h = stepMicros == _hMicros ? _h : stepMicros * 1e-6;
            double t0 = _nowMicros * 1e-6;

            // ---- driver: enable circuit (heartbeat), over-current retry, undervoltage lockout
            bool heartbeatFresh = _nowMicros - LastHeartbeatEdgeMicros < (long)(_p.HeartbeatHoldMs * 1000);
            if (EnableRequest && !heartbeatFresh)
            {
                if (_heartbeatWasFresh) HeartbeatCutouts++;
                HeartbeatCutoutSeconds += h;
            }

            _heartbeatWasFresh = heartbeatFresh;
            _driverOn = EnableRequest && heartbeatFresh && _nowMicros >= _ocpUntilMicros && _busVolts > _p.DriverUvloVolts;
            double d = _driverOn ? (DriverStuckOn || HighSideShorted ? 1 : Math.Clamp(DutyCommand, 0, 1)) : 0;
            // PH: the bridge drives OUT1 high (forward) or OUT2 high (reverse); the on-time current in the shunt is the
            // motor current in the driven direction, s·I
            double s = MotorReverse && !HighSideShorted ? -1 : 1;
            // the shunt comparator's cycle-by-cycle limit (nf.config currentLimit): the on-time ends when the current in
            // the driven direction peaks at I_lim, so its mean is at most I_lim − ripple/2 and the average duty at most
            // the one whose steady current that is, D·V = I_mean·R + s·k_e·ω (τ_e ≈ 20 µs: the chopping is inside a step)
            double limitMeanAmps = _p.CurrentLimitAmps - 0.5 * _rippleAmpsPp;
            // the ripple is the bookkeeping's (every ~1 ms, at the duty then applied); from a step with the driver off it
            // is 0, and the limit would be the full peak for up to a millisecond after the driver comes on: then the
            // ripple at the duty applied now (at the chopped duty once the limit bites)
            bool rippleStale = _rippleAmpsPp <= 0;
            ChoppedThisStep = false;
            // (the loop's resistance depends on the duty, R_m + R_on + D·R_sh + D²·R_s: two fixed-point steps from D)
            if (_driverOn && d > 0)
            {
                double vDrive = Math.Max(0.5, _openCircuitVolts - _p.SourceResistanceOhms * _p.QuiescentAmps);
                double dLim = d;
                if (rippleStale) limitMeanAmps = _p.CurrentLimitAmps - 0.5 * RippleAmpsPeakToPeak(d, _busVolts);
                for (int k = 0; k < 2; k++)
                {
                    double rLim = _motorOhms + _p.DriverOnResistanceOhms + dLim * _p.ShuntOhms + dLim * dLim * _p.SourceResistanceOhms;
                    dLim = (limitMeanAmps * rLim + s * _p.BackEmfVoltSecondsPerRad * _omega) / vDrive;
                    if (rippleStale && dLim < d) limitMeanAmps = _p.CurrentLimitAmps - 0.5 * RippleAmpsPeakToPeak(Math.Clamp(dLim, 0, 1), _busVolts);
                }

                if (dLim < d)
                {
                    d = Math.Max(0, dLim);
                    CurrentLimited = true;
                    ChoppedThisStep = true;
                }
            }

            _appliedDuty = d;
            ComparatorLimitMeanAmps = limitMeanAmps;

            // ---- electrical: exact RL solution over the step for constant ω
            double ke = _p.BackEmfVoltSecondsPerRad;
            if (_driverOn)
            {
                double rs = _p.SourceResistanceOhms;
                double rLoop = _motorOhms + _p.DriverOnResistanceOhms + d * _p.ShuntOhms + d * d * rs;
                double iSteady = (s * d * (_openCircuitVolts - rs * _p.QuiescentAmps) - ke * _omega) / rLoop;
                double decay = DecayFor(rLoop, h);
                _current = iSteady + (_current - iSteady) * decay;
                // within the step the comparator chops too (a cam stopped short by a jam): the current in the driven
                // direction never passes the limit
                if (d > 0 && s * _current > limitMeanAmps)
                {
                    _current = s * limitMeanAmps;
                    CurrentLimited = true;
                    ChoppedThisStep = true;
                }

                _busVolts = _openCircuitVolts - rs * (d * s * _current + _p.QuiescentAmps);
                if (Math.Abs(_current) + 0.5 * _rippleAmpsPp > _p.DriverOcpAmps)
                {
                    _ocpUntilMicros = _nowMicros + stepMicros + (long)(_p.DriverOcpRetryMs * 1000);
                }
            }
            else
            {
                // high-impedance outputs: the current commutates through the body diodes and dies out in µs
                _current = 0;
                _busVolts = _openCircuitVolts - _p.SourceResistanceOhms * _p.QuiescentAmps;
            }

            double motorTorque = _p.TorqueConstantNmPerAmp * _current;

            // ---- mechanics
            (double sin, double cos) = Math.SinCos(_theta);
            double jRotor = _p.RotorInertiaKgM2 + _p.CamInertiaKgM2;
            double coulomb = _p.CoulombFrictionNm + DragTorqueNm;
            double conservative = motorTorque;   // every torque except friction, positive = forward
            double frictionForward = coulomb;    // friction magnitude when turning forward
            double frictionBackward = coulomb;
            double inertia = jRotor;
            bool carrierOnCam = CartridgePresent && !_floating;
            double loadScale = SkinContact ? LoadScaleNow : 0;
            double skinK = Needles * loadScale * _strokeFactor * _p.VibrationForceFactor * NeedleForceN;

            if (carrierOnCam)
            {
                double m = _p.ReciprocatingMassKg;
                double x = _e * (1 - cos);
                double lever = _e * sin;
                double spring = SpringPreloadN + SpringRateNPerM * x;
                double tent, cutOut, cutIn;
                SkinForces(x, skinK, out tent, out cutOut, out cutIn);
                conservative -= m * _e * _e * sin * cos * _omega * _omega + (spring + tent) * lever;
                double absLever = Math.Abs(lever);
                // moving forward, the carrier goes out where sin θ > 0 and back where sin θ < 0
                frictionForward += absLever * (_p.SealFrictionN + (sin > 0 ? cutOut : cutIn));
                frictionBackward += absLever * (_p.SealFrictionN + (sin > 0 ? cutIn : cutOut));
                inertia += m * lever * lever;
            }

            double omegaNew = IntegrateWithFriction(conservative, frictionForward, frictionBackward, inertia, h);
            // a wedged jam holds the cam against the spring; only the motor turning it back frees it
            if (_jammed && _jamWedged && CartridgePresent)
            {
                if (motorTorque < -_p.JamReleaseTorqueNm) _jamWedged = false;
                else if (omegaNew < 0) omegaNew = 0;
            }

            if (carrierOnCam)
            {
                // contact force; if the cam would have to pull, the carrier leaves it (follower float)
                double alpha = (omegaNew - _omega) / h;
                double m = _p.ReciprocatingMassKg;
                double x = _e * (1 - cos);
                double v = _e * sin * _omega;
                double tent, cutOut, cutIn;
                SkinForces(x, skinK, out tent, out cutOut, out cutIn);
                double friction = v > 0 ? _p.SealFrictionN + cutOut : v < 0 ? -(_p.SealFrictionN + cutIn) : 0;
                double contact = m * _e * (cos * _omega * _omega + sin * alpha)
                                 + SpringPreloadN + SpringRateNPerM * x + tent + friction;
                if (contact < 0)
                {
                    _floating = true;
                    _xFloat = x;
                    _vFloat = v;
                    omegaNew = IntegrateWithFriction(motorTorque, coulomb, coulomb, jRotor, h);
                }
            }

            double thetaNew = _theta + omegaNew * h;

            if (_jammed && CartridgePresent) thetaNew = ApplyJamStop(thetaNew, ref omegaNew);

            if (_floating && CartridgePresent) StepFloatingCarrier(thetaNew, skinK, h);

            // ---- Hall switch and true strokes (interpolated crossing times)
            DetectCrossings(_theta, thetaNew, t0, h, stepMicros);

            _theta = thetaNew;
            _omega = omegaNew;
            _nowMicros += stepMicros;

            // ---- current-sense chain: shunt in the ground return sees the on-time current only
            double senseIn = _p.CurrentAmplifierGain * (_p.ShuntOhms * d * s * _current + _p.CurrentAmplifierOffsetVolts) + CurrentSenseReferenceVolts;
            senseIn = Math.Clamp(senseIn, 0, 3.27);
            double rc = stepMicros == _hMicros ? _rcFactor : 1 - Math.Exp(-h / (_p.CurrentFilterMicros * 1e-6));
            _senseVolts += (senseIn - _senseVolts) * rc;
            double rcAveraged = stepMicros == _hMicros ? _rcAveragedFactor : 1 - Math.Exp(-h / (_p.AveragedCurrentFilterMicros * 1e-6));
            _senseAveragedVolts += (senseIn - _senseAveragedVolts) * rcAveraged;
            // OUT1: the bus less the high side's drop while EN is high, the low side's drop (−I·R) while it brakes;
            // floating (pulled to 0 V by the divider) while the driver is off; in reverse OUT1 is the low side throughout
            double out1 = _driverOn && s > 0 ? Math.Max(0, d * _busVolts - 0.5 * _p.DriverOnResistanceOhms * _current) : 0;
            if (HighSideShorted && !_driverOn) out1 = _busVolts;
            double rcDrive = stepMicros == _hMicros ? _rcDriveFactor : 1 - Math.Exp(-h / (_p.DriveSenseFilterMicros * 1e-6));
            _driveSenseVolts += (out1 - _driveSenseVolts) * rcDrive;

            // ---- slow bookkeeping: thermal, battery, ripple, resistance (every ~1 ms)
            _sumI2 += _current * _current * h;
            _sumFrictionW += coulomb * Math.Abs(_omega) * h;
            _sumBatteryA += ((_driverOn ? d * s * _current : 0) + _p.QuiescentAmps) * h;
            if (++_slowCounter >= _stepsPerSlow) SlowUpdate();
            StepObserver?.Invoke(this);
        }

        private double _decayOhms = double.NaN, _decayStep = double.NaN, _decayValue;

        /// <summary>exp(−h·R/L), cached: R changes only when the duty or the winding temperature does.</summary>
        private double DecayFor(double rLoop, double h)
        {
            if (rLoop != _decayOhms || h != _decayStep)
            {
                _decayOhms = rLoop;
                _decayStep = h;
                _decayValue = Math.Exp(-h * rLoop / _p.MotorInductanceHenry);
            }

            return _decayValue;
        }

        private double IntegrateWithFriction(double conservative, double frictionForward, double frictionBackward, double inertia, double h)
        {
            double b = _p.ViscousFrictionNmsPerRad;
            if (_omega > 0)
            {
                double w = _omega + h * (conservative - frictionForward - b * _omega) / inertia;
                return w < 0 ? 0 : w;
            }

            if (_omega < 0)
            {
                double w = _omega + h * (conservative + frictionBackward - b * _omega) / inertia;
                return w > 0 ? 0 : w;
            }

            // at rest: static friction holds until the other torques exceed it
            if (conservative > frictionForward) return h * (conservative - frictionForward) / inertia;
            if (conservative < -frictionBackward) return h * (conservative + frictionBackward) / inertia;
            return 0;
        }

        /// <summary>How far the needle tips have gone into the skin's surface (pressed in by <see cref="PressureMm"/>) with the carrier at x; ≤ 0 while they are out of it. Unit: m.</summary>
        private double SkinIndentation(double x) => x - (_stroke - DepthMm * 1e-3) + PressureMm * 1e-3;

        /// <summary>
        /// Per-needle skin force scaled by <paramref name="k"/> (needles × load × variability × F_p) at carrier
        /// position x. Penetration q = x − (s − d) + pressure. Tenting: elastic k·q/δ_p until q reaches δ_p
        /// (puncture); after puncture the skin resists outward motion with 0.25·F_p (cutting) and inward motion
        /// with 0.1·F_p (withdrawal friction), both friction-like (plant.md §3.2).
        /// </summary>
        /// <summary>
        /// The least motor torque that turns the cam from where it rests now, whichever way is easier and the jam allows (a
        /// jam blocks the carrier going out; wedged, it also holds the cam until the motor turns it back with
        /// <see cref="PlantParameters.JamReleaseTorqueNm"/>): the friction that way (Coulomb, the drag, the seal and the
        /// skin's cutting or withdrawal force on the cam's lever) less the push of the spring and the tented skin that
        /// way. Truth, for the reports. Unit: N·m.
        /// </summary>
        public double TorqueToTurnFromRestNm()
        {
            TorqueToTurnFromRestNm(out double forward, out double backward);
            return Math.Min(forward, backward);
        }

        /// <summary>
        /// As <see cref="TorqueToTurnFromRestNm()"/>, each way: <paramref name="forwardNm"/> to turn the cam forward,
        /// <paramref name="backwardNm"/> backward (a jam that blocks the way out makes forward impossible: infinity). Unit: N·m.
        /// </summary>
        public void TorqueToTurnFromRestNm(out double forwardNm, out double backwardNm)
        {
            bool punctured = _punctured;
            NeedAt(_theta, ref punctured, out forwardNm, out backwardNm);
            forwardNm = Math.Max(0, forwardNm);
            backwardNm = Math.Max(0, backwardNm);
            if (_jammed && CartridgePresent)
            {
                if (_jamWedged) backwardNm = Math.Max(backwardNm, _p.JamReleaseTorqueNm);
                forwardNm = double.PositiveInfinity;
            }
        }

        /// <summary>
        /// Truth, for the reports: whether a motor torque held at <paramref name="torqueNm"/> turns the cam from where it
        /// rests now, forward or backward, as far as the needle tips stand within <paramref name="inMm"/> of the cartridge.
        /// The cam starts from rest, so the torque must exceed the need there (<see cref="TorqueToTurnFromRestNm(out double, out double)"/>);
        /// on the way the need changes with the cam's angle (the spring's force and lever, the skin's friction on the needles
        /// until they leave it), and the cam goes on while the work done on it, ∫(T − need)·dθ from where it rested, stays
        /// above zero: that is its kinetic energy ½·J(θ)·ω² (the reciprocating mass's share of J(θ) is what the ω² term
        /// of the plant's step conserves). Where it falls to zero the cam stops short, the needles still out, however long
        /// the torque is held. Walked in quarter-degree steps, at most one turn.
        /// </summary>
        public bool TorqueTurnsNeedlesIn(double torqueNm, bool forward, double inMm)
        {
            if (NeedleMm <= inMm) return true;
            TorqueToTurnFromRestNm(out double startForward, out double startBackward);
            if (torqueNm <= (forward ? startForward : startBackward)) return false;
            if (_floating) return true; // the carrier follows the cam again only once it lands: no path to walk
            double step = (forward ? 1 : -1) * TwoPi / 1440;
            double inX = _stroke - DepthMm * 1e-3 + inMm * 1e-3;
            bool punctured = _punctured;
            double work = 0;
            double theta = _theta;
            for (int i = 0; i < 1440; i++)
            {
                NeedAt(theta + 0.5 * step, ref punctured, out double forwardNm, out double backwardNm);
                work += (torqueNm - (forward ? forwardNm : backwardNm)) * Math.Abs(step);
                if (work <= 0) return false;
                theta += step;
                if (_e * (1 - Math.Cos(theta)) <= inX) return true;
            }

            return false;
        }

        // the torque the cam needs at angle theta each way, unclamped (negative: the spring and the tented skin turn it that
        // way): the friction that way less their push; punctured is the skin's state, carried along a walk
        private void NeedAt(double theta, ref bool punctured, out double forwardNm, out double backwardNm)
        {
            double coulomb = _p.CoulombFrictionNm + DragTorqueNm;
            double push = 0, outFriction = 0, inFriction = 0;
            bool onCam = CartridgePresent && !_floating;
            if (onCam)
            {
                (double sin, double cos) = Math.SinCos(theta);
                double x = _e * (1 - cos);
                double lever = _e * sin;
                double k = SkinContact ? Needles * LoadScaleNow * _strokeFactor * _p.VibrationForceFactor * NeedleForceN : 0;
                double q = k > 0 ? SkinIndentation(x) : 0;
                double tent = 0, cutOut = 0, cutIn = 0;
                if (q <= 0) punctured = false;
                else if (!punctured && q < _p.TentingDepthM) tent = k * q / _p.TentingDepthM;
                else
                {
                    punctured = true;
                    cutOut = k * _p.CuttingForceFraction;
                    cutIn = k * _p.WithdrawalForceFraction;
                }

                push = (SpringPreloadN + SpringRateNPerM * x + tent) * lever;
                outFriction = Math.Abs(lever) * (_p.SealFrictionN + (sin > 0 ? cutOut : cutIn));
                inFriction = Math.Abs(lever) * (_p.SealFrictionN + (sin > 0 ? cutIn : cutOut));
            }

            forwardNm = push + coulomb + outFriction;
            backwardNm = coulomb + inFriction - push;
        }

        private void SkinForces(double x, double k, out double tent, out double cutOut, out double cutIn)
        {
            tent = 0;
            cutOut = 0;
            cutIn = 0;
            if (k <= 0) return;
            double q = SkinIndentation(x);
            if (q <= 0)
            {
                _punctured = false;
                return;
            }

            if (!_punctured)
            {
                if (q >= _p.TentingDepthM) _punctured = true;
                else
                {
                    tent = k * q / _p.TentingDepthM;
                    return;
                }
            }

            cutOut = k * _p.CuttingForceFraction;
            cutIn = k * _p.WithdrawalForceFraction;
        }

        private void StepFloatingCarrier(double thetaNew, double skinK, double h)
        {
            double tent, cutOut, cutIn;
            SkinForces(_xFloat, skinK, out tent, out cutOut, out cutIn);
            double friction = _vFloat > 0 ? _p.SealFrictionN + cutOut : _vFloat < 0 ? -(_p.SealFrictionN + cutIn) : 0;
            double force = SpringPreloadN + SpringRateNPerM * _xFloat + tent + friction;
            _vFloat -= h * force / _p.ReciprocatingMassKg;
            _xFloat += h * _vFloat;
            if (_jammed && _xFloat > _jamX)
            {
                _xFloat = _jamX;
                if (_vFloat > 0) _vFloat = 0;
            }
            double xCam = _e * (1 - Math.Cos(thetaNew));
            if (_xFloat <= xCam)
            {
                _floating = false; // the cam catches the carrier again (inelastic: it takes the cam's motion)
            }
        }

        /// <summary>
        /// A seized carrier at x_j stops the cam where its rise reaches x_j: φ_j = acos(1 − x_j/e) going forward,
        /// 2π − φ_j going backward. The cam stays blocked (ω = 0) as long as it pushes into the carrier.
        /// </summary>
        private double ApplyJamStop(double thetaNew, ref double omegaNew)
        {
            double phiJ = Math.Acos(Math.Clamp(1 - _jamX / _e, -1, 1));
            double baseOld = Math.Floor(_theta / TwoPi) * TwoPi;
            if (omegaNew > 0)
            {
                double stop = baseOld + phiJ;
                if (stop < _theta - 1e-12) stop += TwoPi;
                if (thetaNew >= stop)
                {
                    omegaNew = 0;
                    _jamBlocked = true;
                    _jamWedged = true;
                    return Math.Max(_theta, stop);
                }
            }
            else if (omegaNew < 0)
            {
                double stop = baseOld + TwoPi - phiJ;
                if (stop > _theta + 1e-12) stop -= TwoPi;
                if (thetaNew <= stop)
                {
                    omegaNew = 0;
                    _jamBlocked = true;
                    return Math.Min(_theta, stop);
                }
            }

            _jamBlocked = _jamWedged;
            return thetaNew;
        }

        /// <summary>The shunt comparator has cut an on-time short at least once (nf.config currentLimit).</summary>
        public bool CurrentLimited { get; private set; }

        /// <summary>The shunt comparator cut the on-times short in the last step: the winding drew the mean it allows.</summary>
        public bool ChoppedThisStep { get; private set; }

        /// <summary>The mean current the shunt comparator allowed in the last step: its peak limit less half the PWM ripple at
        /// the duty then applied (nf.config currentLimit). Truth, for the reports. Unit: A.</summary>
        public double ComparatorLimitMeanAmps { get; private set; }

        /// <summary>True while a jam holds the cam still.</summary>
        public bool JamBlocking => _jamBlocked;

        // the cam's angle between the neighbouring points where something happens (a true stroke at 2πk, the Hall window's
        // start at 2πk − arc/2 and its end at 2πk + arc/2): while it stays strictly inside, no step has a transition
        private double _quietAbove = 0.0;
        private double _quietBelow = 0.0;

        /// <summary>
        /// The Hall line's transitions over one step: the sensor switches low entering its window, which is centred on the
        /// retracted point (forward through its start, arc/2 before the retracted point, or backward through its end) and
        /// high leaving it; EMI glitches while the bridge switches; a fault's spurious pulses. True strokes are counted at
        /// the retracted point itself.
        /// </summary>
        private void DetectCrossings(double thetaOld, double thetaNew, double t0, double h, long stepMicros)
        {
            if (!(thetaNew < _quietBelow && thetaNew > _quietAbove))
            {
                DetectCrossingsSlow(thetaOld, thetaNew, t0, h);
                double half = 0.5 * _hallArc;
                double rev = Math.Floor((thetaNew + half) / TwoPi);
                double inWindow = thetaNew + half - rev * TwoPi;
                double tdc = rev * TwoPi;
                if (inWindow < half) { _quietAbove = tdc - half; _quietBelow = tdc; }
                else if (inWindow < _hallArc) { _quietAbove = tdc; _quietBelow = tdc + half; }
                else { _quietAbove = tdc + half; _quietBelow = tdc + TwoPi - half; }
            }

            // EMI (while the bridge switches) and a fault's pulses: at most one of each in each slot of the nominal step on
            // a grid from time 0, drawn by the slot's index; a step emits those falling inside it, so where the firmware's
            // ticks split the plant's steps does not move them
            long from = _nowMicros, to = _nowMicros + stepMicros;
            for (long slot = from / _hMicros; slot * _hMicros < to; slot++)
            {
                if (_driverOn && _p.HallGlitchRateHz > 0 && HallPulseIn(_hallEmiKey, slot, _p.HallGlitchRateHz, from, to, out double at, out double u))
                {
                    double logMin = Math.Log(_p.HallGlitchMinNanoseconds), logMax = Math.Log(_p.HallGlitchMaxNanoseconds);
                    double width = Math.Exp(logMin + u * (logMax - logMin)); // log-uniform
                    Hall.Glitch((long)(at * 1e9), Math.Max(1, (long)width));
                }

                // a fault's pulses (a chafed wire, a loose connector): 20–200 µs, long enough for any filter to pass
                if (HallNoiseRateHz > 0 && HallPulseIn(_hallSpuriousKey, slot, HallNoiseRateHz, from, to, out at, out u))
                    Hall.Glitch((long)(at * 1e9), (long)(20000 + 180000 * u));
            }
        }

        /// <summary>
        /// Whether slot <paramref name="slot"/> of the nominal step holds a pulse of a family at <paramref name="rateHz"/>
        /// (probability rate × step) that falls in [<paramref name="fromMicros"/>, <paramref name="toMicros"/>): its time
        /// <paramref name="atS"/>, uniform in the slot, and a uniform <paramref name="u"/> for its width.
        /// </summary>
        private bool HallPulseIn(ulong key, long slot, double rateHz, long fromMicros, long toMicros, out double atS, out double u)
        {
            ulong i = 4 * (ulong)slot;
            atS = 0;
            u = 0;
            if (SplitMix.UniformAt(key, i) >= rateHz * _h) return false;
            double atMicros = (slot + SplitMix.UniformAt(key, i + 1)) * _hMicros;
            if (atMicros < fromMicros || atMicros >= toMicros) return false;
            atS = atMicros * 1e-6;
            u = SplitMix.UniformAt(key, i + 2);
            return true;
        }

        /// <summary>
        /// True strokes: forward passes of the cam through the retracted point (θ = 2πk). Hall edges: the switch's window
        /// is centred on the retracted point (φ = θ + arc/2 in [0, arc)); its output falls entering it, forward at
        /// φ = 2πk, backward at φ = 2πk + arc.
        /// </summary>
        private void DetectCrossingsSlow(double thetaOld, double thetaNew, double t0, double h)
        {
            double half = 0.5 * _hallArc;
            if (thetaNew > thetaOld)
            {
                // forward: into the window through its start (a fall), out through its end (a rise); a true stroke at
                // each first pass through the retracted point
                long startOld = (long)Math.Floor((thetaOld + half) / TwoPi);
                long startNew = (long)Math.Floor((thetaNew + half) / TwoPi);
                for (long r = startOld + 1; r <= startNew; r++)
                {
                    if (r <= _maxWindowEntry) RepeatedFalls++;
                    else _maxWindowEntry = r;
                    HallFall(t0 + h * (r * TwoPi - half - thetaOld) / (thetaNew - thetaOld));
                }

                long revOld = (long)Math.Floor(thetaOld / TwoPi);
                long revNew = (long)Math.Floor(thetaNew / TwoPi);
                for (long r = revOld + 1; r <= revNew; r++)
                {
                    if (r <= _maxRevolution) continue;
                    _maxRevolution = r;
                    RecordStroke(t0 + h * (r * TwoPi - thetaOld) / (thetaNew - thetaOld));
                }

                long endOld = (long)Math.Floor((thetaOld - half) / TwoPi);
                long endNew = (long)Math.Floor((thetaNew - half) / TwoPi);
                for (long r = endOld + 1; r <= endNew; r++) HallRise(t0 + h * (r * TwoPi + half - thetaOld) / (thetaNew - thetaOld));
            }
            else if (thetaNew < thetaOld)
            {
                // going backward into the window through its end is also a falling edge, and out through its start a rise
                long endOld = (long)Math.Floor((thetaOld - half) / TwoPi);
                long endNew = (long)Math.Floor((thetaNew - half) / TwoPi);
                for (long r = endOld; r > endNew; r--)
                {
                    BackwardFalls++;
                    HallFall(t0 + h * (thetaOld - (r * TwoPi + half)) / (thetaOld - thetaNew));
                }

                long startOld = (long)Math.Floor((thetaOld + half) / TwoPi);
                long startNew = (long)Math.Floor((thetaNew + half) / TwoPi);
                for (long r = startOld; r > startNew; r--) HallRise(t0 + h * (thetaOld - (r * TwoPi - half)) / (thetaOld - thetaNew));
            }
        }

        private void HallFall(double timeS)
        {
            if (HallDead) return;
            ulong edge = EdgeDrawIndex(timeS);
            _droppingPulse = HallDropProbability > 0 && SplitMix.UniformAt(_hallEdgeKey, edge) < HallDropProbability;
            if (_droppingPulse) return;
            long ns = (long)Math.Ceiling((timeS * 1e6 + SplitMix.UniformAt(_hallEdgeKey, edge + 1) * _p.HallJitterMicros) * 1000);
            Hall.SensorFall(ns);
            if (_p.HallBounceProbability > 0 && SplitMix.UniformAt(_hallEdgeKey, edge + 2) < _p.HallBounceProbability)
            {
                // the edge rings: back high after a, low again after b
                long a = 100 + (long)(SplitMix.UniformAt(_hallEdgeKey, edge + 3) * (_p.HallBounceMaxNanoseconds - 100));
                long b = 100 + (long)(SplitMix.UniformAt(_hallEdgeKey, edge + 4) * (_p.HallBounceMaxNanoseconds - 100));
                Hall.Add(ns + a, true);
                Hall.Add(ns + a + b, false);
            }
        }

        private void HallRise(double timeS)
        {
            if (_droppingPulse)
            {
                _droppingPulse = false;
                return;
            }

            if (Hall.LevelAt(long.MaxValue)) return; // already high (a dead sensor, or no fall since)
            Hall.Add((long)Math.Ceiling((timeS * 1e6 + SplitMix.UniformAt(_hallEdgeKey, EdgeDrawIndex(timeS) + 5) * _p.HallJitterMicros) * 1000), true);
        }

        // an edge's draws by its true time (ns; slots 0–4 a fall's, 5 a rise's), so they do not move with the edges before it
        private static ulong EdgeDrawIndex(double timeS) => 8 * (ulong)Math.Max(0, Math.Round(timeS * 1e9));

        private void RecordStroke(double timeS)
        {
            if (!double.IsNaN(_lastStrokeTimeS)) _lastStrokePeriodS = timeS - _lastStrokeTimeS;
            _lastStrokeTimeS = timeS;
            int kept = _strokeTimeCount - _strokeTimesFirst;
            if (StrokeHistoryLimit > 0 && kept >= 2 * StrokeHistoryLimit)
            {
                // forget all but the newest StrokeHistoryLimit: a copy of that many every that many strokes
                Array.Copy(_strokeTimes, kept - StrokeHistoryLimit, _strokeTimes, 0, StrokeHistoryLimit);
                _strokeTimesFirst += kept - StrokeHistoryLimit;
                kept = StrokeHistoryLimit;
            }

            if (kept == _strokeTimes.Length) Array.Resize(ref _strokeTimes, _strokeTimes.Length * 2);
            _strokeTimes[kept] = timeS;
            _strokeTimeCount++;
            if (_skinContact && LoadScaleNow > 0) DrawStrokeFactor();
        }

        private void DrawStrokeFactor()
        {
            // each stroke meets the skin a little differently: ×(1 ± variability), uniform (plant.md §3.2)
            _strokeFactor = 1 + _p.StrokeVariability * _skinRandom.NextSigned();
        }

        private void SlowUpdate()
        {
            double dt = _slowCounter * _h;
            double meanI2 = _sumI2 / dt;
            _rippleAmpsPp = RippleAmpsPeakToPeak();
            double rippleLoss = _motorOhms * _rippleAmpsPp * _rippleAmpsPp / 12;
            Thermal.Step(meanI2 * _motorOhms + rippleLoss, _sumFrictionW / dt, dt);
            Supply.Drain(_sumBatteryA / dt, dt);
            _openCircuitVolts = Supply.OpenCircuitVolts;
            _motorOhms = MotorOhmsAt(Thermal.WindingC);
            _sumI2 = _sumFrictionW = _sumBatteryA = 0;
            _slowCounter = 0;
        }

        private double MotorOhmsAt(double windingC)
        {
            return _p.MotorResistanceOhms * (1 + _p.MotorResistanceTempco * (windingC - 22));
        }

        /// <summary>
        /// Peak-to-peak PWM current ripple, exact RL form (plant.md §4.6):
        /// ΔI = V/R · (1 − e^(−DT/τ))(1 − e^(−(1−D)T/τ)) / (1 − e^(−T/τ)).
        /// </summary>
        /// <summary>
        /// Truth: the most mean current the shunt comparator (nf.config currentLimit) lets a stalled winding draw at the
        /// present supply and winding resistance: the peak limit less half the PWM ripple at the duty that drives that
        /// mean at stall, D·V = I·R (the fixed point of I = I_lim − ripple(D)/2; on RP-1 at a full cell about 1.8 A at D ≈ 0.7).
        /// What turns a held cam at most, whatever the firmware commands. Unit: A.
        /// </summary>
        public double ComparatorStallMeanAmps()
        {
            // as the driver's step computes it: the applied duty d = I·R(d)/V_drive, the bus under that load, the ripple
            // at d on that bus
            double vDrive = Math.Max(0.5, _openCircuitVolts - _p.SourceResistanceOhms * _p.QuiescentAmps);
            double amps = _p.CurrentLimitAmps;
            for (int k = 0; k < 8; k++)
            {
                double d = 0.5;
                for (int j = 0; j < 3; j++)
                    d = Math.Min(1, amps * (_motorOhms + _p.DriverOnResistanceOhms + d * _p.ShuntOhms + d * d * _p.SourceResistanceOhms) / vDrive);
                double bus = _openCircuitVolts - _p.SourceResistanceOhms * (d * amps + _p.QuiescentAmps);
                amps = _p.CurrentLimitAmps - 0.5 * RippleAmpsPeakToPeak(d, bus);
            }

            return amps;
        }

        private double RippleAmpsPeakToPeak()
        {
            if (!_driverOn) return 0;
            return RippleAmpsPeakToPeak(_appliedDuty, _busVolts);
        }

        private double RippleAmpsPeakToPeak(double d, double busVolts)
        {
            if (d <= 0 || d >= 1) return 0;
            double r = _motorOhms + _p.DriverOnResistanceOhms;
            double tau = _p.MotorInductanceHenry / r;
            double period = 1 / _p.PwmFrequencyHz;
            double num = (1 - Math.Exp(-d * period / tau)) * (1 - Math.Exp(-(1 - d) * period / tau));
            return busVolts / r * num / (1 - Math.Exp(-period / tau));
        }
    }
}
