using Pen.Core.Board;
using Pen.Core.Limits;

namespace Pen.Core.Control
{
    /// <summary>
    /// What the stroke loop knows of this pen's motor, drive and cam, in SI units, and the model it is the parameters of
    /// (averaged over a PWM period, slow decay; L/R ≈ 20 µs is far below the tick, so the winding is a resistance):
    ///   u = D·V = R_L(T)·i + k_e·ω                      (the loop: motor, bridge and shunt)
    ///   J·dω/dt = k_t·(i − i_f(ω) − i_load)             (k_t = k_e in SI; i_f the friction current of motor and cam)
    ///   R_L(T) = R_L,id·(1 + α·(T − T_id))              (copper, α = 0.39 %/K; T the winding temperature estimate)
    ///   τ_m = J·R_L / (k_t·k_e)                          (the mechanical time constant the loop's gains are made from)
    /// Until the pen has identified itself (Commissioning/MotorIdentification), the board variant's datasheet values; after,
    /// this unit's own, from its durable motor record. Speeds in the loop are stroke rates f = ω/2π (one stroke per turn).
    /// </summary>
    public sealed class MotorModel
    {
        private const float TwoPi = 6.2831853f;

        /// <summary>Back-EMF constant, and torque constant in SI. Unit: V·s/rad.</summary>
        public float KeVoltSecondsPerRad;
        /// <summary>Loop resistance (motor, bridge, shunt) at <see cref="IdentifiedAtC"/>. Unit: Ω.</summary>
        public float LoopOhms;
        /// <summary>Winding temperature at which <see cref="LoopOhms"/> holds. Unit: °C.</summary>
        public float IdentifiedAtC;
        /// <summary>Inertia of rotor and cam. Unit: kg·m².</summary>
        public float InertiaKgM2;
        /// <summary>Friction current of motor and cam at <see cref="FrictionAtHz"/>. Unit: A.</summary>
        public float FrictionAmps;
        /// <summary>Rise of the friction current per stroke/s (viscous friction). Unit: A per stroke/s.</summary>
        public float FrictionAmpsPerHz;
        /// <summary>Stroke rate at which <see cref="FrictionAmps"/> was measured. Unit: strokes/s.</summary>
        public float FrictionAtHz;
        /// <summary>True when these are this unit's identified values, false for the datasheet's.</summary>
        public bool Identified;

        /// <summary>The board variant's datasheet model (the winding at 22 °C, friction at no load and any speed).</summary>
        public static MotorModel Datasheet(BoardVariant board)
        {
            MotorModel m = new MotorModel();
            m.SetDatasheet(board);
            return m;
        }

        /// <summary>Sets this to the board variant's datasheet model.</summary>
        public void SetDatasheet(BoardVariant board)
        {
            KeVoltSecondsPerRad = board.MotorBackEmfVoltSecondsPerRad;
            LoopOhms = board.MotorResistanceOhms + board.DriveResistanceOhms;
            IdentifiedAtC = 22f;
            InertiaKgM2 = board.RotorInertiaKgM2;
            FrictionAmps = board.MotorNoLoadAmps;
            FrictionAmpsPerHz = 0f;
            FrictionAtHz = 0f;
            Identified = false;
        }

        /// <summary>Copies another model into this one (no allocation).</summary>
        public void CopyFrom(MotorModel m)
        {
            KeVoltSecondsPerRad = m.KeVoltSecondsPerRad;
            LoopOhms = m.LoopOhms;
            IdentifiedAtC = m.IdentifiedAtC;
            InertiaKgM2 = m.InertiaKgM2;
            FrictionAmps = m.FrictionAmps;
            FrictionAmpsPerHz = m.FrictionAmpsPerHz;
            FrictionAtHz = m.FrictionAtHz;
            Identified = m.Identified;
        }

        /// <summary>Loop resistance at a winding temperature: R_L,id·(1 + α·(T − T_id)). Unit: Ω.</summary>
        /// <param name="windingC">Winding temperature estimate. Unit: °C.</param>
        public float LoopOhmsAt(float windingC)
        {
            return LoopOhms * (1f + PenLimits.CopperTempcoPerKelvin * (windingC - IdentifiedAtC));
        }

        /// <summary>Volts of back-EMF per stroke/s: 2π·k_e. Unit: V per stroke/s.</summary>
        public float VoltsPerHz => TwoPi * KeVoltSecondsPerRad;

        /// <summary>Current that accelerates the rotor by one stroke/s per second: 2π·J/k_t. Unit: A per stroke/s².</summary>
        public float AmpsPerHzPerSecond => TwoPi * InertiaKgM2 / KeVoltSecondsPerRad;

        /// <summary>Mechanical time constant at a loop resistance: J·R_L/(k_t·k_e). Unit: s.</summary>
        public float TauMechanicalSeconds(float loopOhms)
        {
            return InertiaKgM2 * loopOhms / (KeVoltSecondsPerRad * KeVoltSecondsPerRad);
        }

        /// <summary>Friction current of motor and cam at a stroke rate, i_f(f) = i_f,0 + slope·(f − f_0), never below 0. Unit: A.</summary>
        public float FrictionAmpsAt(float hz)
        {
            float a = FrictionAmps + FrictionAmpsPerHz * (hz - FrictionAtHz);
            return a > 0f ? a : 0f;
        }
    }
}
