namespace Pen.Core.Board
{
    /// <summary>
    /// What differs between the two reference pens and matters to the firmware: how the supply is divided
    /// down to the ADC, and the motor constants the feed-forward and the duty ceiling use (nominal datasheet
    /// values; the real motor differs a little, which the closed loop absorbs).
    /// </summary>
    public sealed class BoardVariant
    {
        /// <summary>Name shown in logs: "RP-1" or "RP-2".</summary>
        public readonly string Name;
        /// <summary>true: 1S Li-ion (battery checks apply); false: regulated bus.</summary>
        public readonly bool BatteryPowered;
        /// <summary>Supply-divider scaling.</summary>
        public readonly SensingScale Scale;
        /// <summary>Nominal supply: the 1S cell's 3.7 V (plant.md §6.1, V_oc(SoC) [S]) or the corded bus's 7.4 V (plant.md §6.6 [S]). Unit: V.</summary>
        public float NominalSupplyVolts => BatteryPowered ? 3.7f : 7.4f;
        /// <summary>Motor back-EMF constant. Unit: V·s/rad.</summary>
        public readonly float MotorBackEmfVoltSecondsPerRad;
        /// <summary>Motor terminal resistance at 22 °C. Unit: Ω.</summary>
        public readonly float MotorResistanceOhms;
        /// <summary>Bridge on-resistance plus shunt, in series with the motor. Unit: Ω.</summary>
        public readonly float DriveResistanceOhms;
        /// <summary>Motor no-load current (friction). Unit: A.</summary>
        public readonly float MotorNoLoadAmps;
        /// <summary>Inertia the motor turns: its rotor plus the cam and coupling (<see cref="CamInertiaKgM2"/>). Unit: kg·m².</summary>
        public readonly float RotorInertiaKgM2;
        /// <summary>
        /// Torque that turns the cam from rest at any angle, with the datasheet motor: (<see cref="CamSpringPeakTorqueNm"/>
        /// plus the motor's friction 0.08 mN·m, plant.md §2.1)·<see cref="CamBreakawayMargin"/>. Unit: N·m. [D]
        /// </summary>
        public readonly float CamBreakawayTorqueNm = 1.2e-3f;
        /// <summary>
        /// The return spring's peak torque on the cam, F·e·sin θ with F = 0.3 N + 150 N/m·x and the seal's 0.05 N, at
        /// e = 1.5 mm (plant.md §3.3: 0.92 mN·m at θ ≈ 108°). With an identified motor the breakaway torque is
        /// (this + k_e·i_f)·<see cref="CamBreakawayMargin"/>, i_f the unit's own friction current at rest. Unit: N·m. [D]
        /// </summary>
        public readonly float CamSpringPeakTorqueNm = 0.92e-3f;
        /// <summary>Margin on the breakaway torque for the motor constants' spread (±15 %) and static friction. Unit: factor. [D]</summary>
        public const float CamBreakawayMargin = 1.2f;

        private BoardVariant(string name, bool battery, SensingScale scale, float ke, float r, float i0, float inertia)
        {
            Name = name;
            BatteryPowered = battery;
            Scale = scale;
            MotorBackEmfVoltSecondsPerRad = ke;
            MotorResistanceOhms = r;
            DriveResistanceOhms = 0.36f + BoardConstants.CurrentShuntOhms;
            MotorNoLoadAmps = i0;
            RotorInertiaKgM2 = inertia;
        }

        /// <summary>
        /// This board told other motor constants (a pen built with another motor, or a test that tells the firmware
        /// something other than the truth). Each argument ≤ 0 keeps this board's value.
        /// </summary>
        /// <param name="ke">Back-EMF constant. Unit: V·s/rad.</param>
        /// <param name="r">Motor terminal resistance at 22 °C. Unit: Ω.</param>
        /// <param name="i0">No-load current. Unit: A.</param>
        /// <param name="inertia">Rotor plus cam and coupling. Unit: kg·m².</param>
        public BoardVariant WithMotor(float ke, float r, float i0, float inertia)
        {
            return new BoardVariant(Name, BatteryPowered, Scale,
                ke > 0f ? ke : MotorBackEmfVoltSecondsPerRad, r > 0f ? r : MotorResistanceOhms,
                i0 > 0f ? i0 : MotorNoLoadAmps, inertia > 0f ? inertia : RotorInertiaKgM2);
        }

        /// <summary>Cam and coupling on the motor shaft (plant.md §3.3, [E]). Unit: kg·m².</summary>
        private const float CamInertiaKgM2 = 0.15e-7f;

        /// <summary>
        /// RP-1, the battery pen: Faulhaber 1524T003SR-class motor (k_E 2.67 mV·s/rad, R 1.1 Ω, I_0 30 mA, rotor
        /// 0.53 g·cm², plant.md §2.1 [S]), 1S Li-ion through a 100k/100k divider.
        /// </summary>
        public static BoardVariant Battery1S()
        {
            return new BoardVariant("RP-1", true,
                new SensingScale(BoardConstants.Battery1SDividerTopOhms, BoardConstants.Battery1SDividerBottomOhms),
                2.67e-3f, 1.10f, 0.030f, 0.53e-7f + CamInertiaKgM2);
        }

        /// <summary>
        /// RP-2, the corded pen: 1524T006SR (k_E 6.0 mV·s/rad, R 5.1 Ω, I_0 13 mA, rotor 0.58 g·cm², plant.md §2.1 [S]) on a
        /// 7.4 V bus through a 100k/39k divider.
        /// </summary>
        public static BoardVariant Corded7V4()
        {
            return new BoardVariant("RP-2", false,
                new SensingScale(BoardConstants.Corded7V4DividerTopOhms, BoardConstants.Corded7V4DividerBottomOhms),
                6.0e-3f, 5.10f, 0.013f, 0.58e-7f + CamInertiaKgM2);
        }
    }
}
