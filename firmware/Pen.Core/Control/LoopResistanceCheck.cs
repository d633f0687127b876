using Pen.Core.Limits;

namespace Pen.Core.Control
{
    /// <summary>
    /// The loop resistance measured again while the needles run, and the slow correction it makes to the R the loop uses
    /// (issue 32: "re-checked slowly in use"). Averaged over a PWM period the loop obeys u = D·V = R_L·i + k_e·ω
    /// (<see cref="MotorModel"/>); over a window of steady running ticks its time mean is exact in the means, R_L steady
    /// within the window:
    ///   ⟨D·V⟩ = R_L·⟨i⟩ + 2π·k_e·f̄        f̄ = ΔN/Δt, the strokes the pulse counter counted between the window's first and
    ///   R_w = (⟨D·V⟩ − 2π·k_e·f̄)/⟨i⟩       last tick (no motor constant); ⟨D·V⟩ and ⟨i⟩ the means of each tick's applied duty
    ///                                      times supply and mean motor current (ticks of equal weight: their lengths vary by
    ///                                      a few ms with no tie to the load, and the sum stays two adds a tick)
    /// Conditioning: an error e_k in k_e (or e_f in f̄) puts c·e_k into R_w, c = 2π·k_e·f̄/(⟨i⟩·R_L) the back-EMF over the I·R
    /// drop (on RP-1 about 5 on skin at 150 strokes/s, 30 in free air). A window counts only when c ≤ c_max
    /// (<see cref="PenLimits.ResistanceCheckMaxConditioning"/>). f̄'s ends are read at tick times, so f̄ errs by up to a
    /// stroke over the window; windows that follow one another share their ends and their errors cancel in the filter.
    /// Filter, on the ratio to the temperature model R_L(T̄) (<see cref="MotorModel.LoopOhmsAt"/> at the window's mean winding
    /// estimate), each update bounded:
    ///   q = R_w/R_L(T̄),   ĉ ← ĉ + g·clamp(q − ĉ, −s, s)     (g = <see cref="PenLimits.ResistanceCheckGain"/>, s = <see cref="PenLimits.ResistanceCheckStep"/>)
    ///   R in use = ĉ·R_L(T)
    /// so a winding warmer than the thermal model thinks, an NTC at its tolerance edge, or a record that is no longer this
    /// motor's is followed at most g·s per window, and no single window (a transient, a load change) moves it by more; ĉ
    /// stays within the band such errors can make (<see cref="PenLimits.ResistanceCheckMinCorrection"/>,
    /// <see cref="PenLimits.ResistanceCheckMaxCorrection"/>). Implausible: <see cref="PenLimits.ResistanceCheckImplausibleWindows"/>
    /// counted windows in a row whose R_w is outside the identification's plausible range of the datasheet's R_L at T̄
    /// (<see cref="PenLimits.IdentifyResistanceMinRatio"/>, <see cref="PenLimits.IdentifyResistanceMaxRatio"/>): a wrong or
    /// damaged motor, which the drive reports as the identification's refusal (fault 23). Hardware-free, no allocation; its per-tick
    /// cost is three sums (<see cref="Add"/>), the rest once a window.
    /// </summary>
    public sealed class LoopResistanceCheck
    {
        private const float TwoPi = 6.2831853f;

        private readonly MotorModel _model;
        private readonly float _datasheetOhms;
        private float _sumDutyVolts, _sumAmps;
        private int _ticks;
        private long _count0, _countMicros0;
        private int _implausibleWindows;   // counted windows in a row whose R_w is outside the plausible range

        /// <summary>The correction ĉ on the temperature model's R_L(T). Unit: ratio (1 until a window has counted).</summary>
        public float Correction { get; private set; } = 1f;
        /// <summary>Windows that counted since the motor model was set.</summary>
        public int Windows { get; private set; }
        /// <summary>The last counted window's R_w. Unit: Ω (0 before one has counted).</summary>
        public float LastOhms { get; private set; }
        /// <summary>The last closed window's conditioning c (counted or not). Unit: ratio.</summary>
        public float LastConditioning { get; private set; }
        /// <summary>The re-measured R is outside the identification's plausible range: a wrong or damaged motor.</summary>
        public bool Implausible { get; private set; }

        /// <param name="model">The motor model in use (k_e, R_L at its temperature): read at each window's close.</param>
        /// <param name="datasheetOhms">The board's datasheet loop resistance at 22 °C (the plausible range's reference). Unit: Ω.</param>
        public LoopResistanceCheck(MotorModel model, float datasheetOhms)
        {
            _model = model;
            _datasheetOhms = datasheetOhms;
        }

        /// <summary>Starts over (a new motor model: its identification, or its record at boot).</summary>
        public void Reset()
        {
            Correction = 1f;
            Windows = 0;
            LastOhms = 0f;
            LastConditioning = 0f;
            Implausible = false;
            _implausibleWindows = 0;
            _ticks = 0;
        }

        /// <summary>
        /// A tick that is not steady running (the soft start and its settle, a lapsed tick and its re-acceleration, no valid
        /// current): the window under way is dropped and the next starts at this tick.
        /// </summary>
        /// <param name="count">Pulse count (one per stroke).</param>
        /// <param name="countMicros">When <paramref name="count"/> was latched. Unit: µs.</param>
        public void Restart(long count, long countMicros)
        {
            _count0 = count;
            _countMicros0 = countMicros;
            _sumDutyVolts = 0f;
            _sumAmps = 0f;
            _ticks = 0;
        }

        /// <summary>One steady running tick. Returns true when the window is full: the caller then <see cref="Close"/>s it.</summary>
        /// <param name="dutyVolts">The duty the pin carried since the last tick times the measured supply. Unit: V.</param>
        /// <param name="amps">The tick's mean motor current. Unit: A.</param>
        public bool Add(float dutyVolts, float amps)
        {
            _sumDutyVolts += dutyVolts;
            _sumAmps += amps;
            return ++_ticks >= PenLimits.ResistanceCheckWindowTicks;
        }

        /// <summary>
        /// Ends a full window at this tick (the next starts here: windows that follow one another share their count's ends)
        /// and, when it is well conditioned, moves the correction. Returns whether it counted.
        /// </summary>
        /// <param name="count">Pulse count (one per stroke).</param>
        /// <param name="countMicros">When <paramref name="count"/> was latched. Unit: µs.</param>
        /// <param name="windingC">Winding temperature estimate (it moves by a fraction of a kelvin over a window). Unit: °C.</param>
        public bool Close(long count, long countMicros, float windingC)
        {
            float span = (countMicros - _countMicros0) * 1e-6f;
            long strokes = count - _count0;
            float dutyVolts = _sumDutyVolts / _ticks, amps = _sumAmps / _ticks;
            Restart(count, countMicros);
            if (span <= 0f || amps <= 0f || strokes <= 0) return false;
            float backEmf = TwoPi * _model.KeVoltSecondsPerRad * strokes / span;
            float modelOhms = _model.LoopOhmsAt(windingC);
            LastConditioning = backEmf / (amps * modelOhms);
            if (LastConditioning > PenLimits.ResistanceCheckMaxConditioning) return false;
            float ohms = (dutyVolts - backEmf) / amps;
            LastOhms = ohms;
            float step = ohms / modelOhms - Correction;
            if (step > PenLimits.ResistanceCheckStep) step = PenLimits.ResistanceCheckStep;
            else if (step < -PenLimits.ResistanceCheckStep) step = -PenLimits.ResistanceCheckStep;
            float c = Correction + PenLimits.ResistanceCheckGain * step;
            Correction = c < PenLimits.ResistanceCheckMinCorrection ? PenLimits.ResistanceCheckMinCorrection : c > PenLimits.ResistanceCheckMaxCorrection ? PenLimits.ResistanceCheckMaxCorrection : c;
            Windows++;
            float ratio = ohms / (_datasheetOhms * (1f + PenLimits.CopperTempcoPerKelvin * (windingC - 22f)));
            _implausibleWindows = ratio < PenLimits.IdentifyResistanceMinRatio || ratio > PenLimits.IdentifyResistanceMaxRatio ? _implausibleWindows + 1 : 0;
            if (_implausibleWindows >= PenLimits.ResistanceCheckImplausibleWindows) Implausible = true;
            return true;
        }
    }
}
