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

        // ---- jam / stall and Hall loss (Safety/Checks/StallCheck, HallLossCheck)
        /// <summary>The motor counts as driven (stall and Hall checks armed) above this commanded duty. Unit: fraction. [E] below it the motor barely overcomes friction.</summary>
        public const float DrivenMinDuty = 0.05f;

        /// <summary>Stall and Hall checks wait this long after the drive starts before judging (spin-up from rest to the first edge). Unit: µs. [E] measured on the simulated pen: first edge ≤ 60 ms after start.</summary>
        public const long StallArmMicros = 80000;

        /// <summary>Stall: the speed implied by the back-EMF, (D·V − I·R)/k_e, is below this share of the expected rate. Unit: fraction. [D] plant.md §7 item 6 (stall = current at D·V/R); margin for a +30 % hot winding resistance.</summary>
        public const float StallBackEmfFraction = 0.35f;

        /// <summary>Consecutive stall samples before it trips. Unit: samples. [E] measured: 42 needles at 50 strokes/s and 4.2 V dip below the fraction for one tick mid-puncture; 2 samples stay inside the 40 ms bound.</summary>
        public const int StallSamples = 2;

        /// <summary>Below this share of the expected rate one stall sample is enough (the cam is standing or crawling under a drag: no labouring motor gets there). Unit: fraction. [E] measured: treatments with nominal skin load never dip below 0.57 (42 needles at 50/s, 3.2 V), twice the nominal load 0.26; a 3 mN·m drag reaches 0.13 two ticks after it starts (campaign seed 63705: 0.10 tripped one tick later, 30.9 ms against 30).</summary>
        public const float StallDeepBackEmfFraction = 0.15f;

        /// <summary>Stall needs at least this motor current (a noisy near-zero reading never looks like one). Unit: A. [D] the stall current at the slowest rate, D ≈ 0.27 × 3.7 V / 1.5 Ω ≈ 0.68 A (plant.md §6.4), with margin for a 3.0 V battery and a hot winding.</summary>
        public const float StallMinAmps = 0.25f;

        /// <summary>No Hall edge for this many expected stroke periods while driven: the Hall sensor is lost (or, with stall current, the cam is stalled). Unit: periods. [D] plant.md §5.3 "no edge for 3 expected periods".</summary>
        public const float HallLossPeriods = 3f;

        /// <summary>Shortest no-edge time that counts as a lost Hall sensor. Unit: µs. [D] 3 periods at 50 strokes/s (60 ms); the issue bounds the cut at 100 ms, plus one tick (13 ms) to see the last edge and one to see the gap.</summary>
        public const long HallLossMinMicros = 60000;

        /// <summary>No-edge time allowed before the first edge after a start from rest (the cam may need a whole revolution, and a 45 ms tick pause may fall in it). Unit: µs. [D] measured spin-up to the first edge ≤ 62 ms with a 45 ms pause in the campaign (seed 467); ×2.</summary>
        public const long HallLossFirstEdgeMicros = 130000;

        /// <summary>Slowest rate used to turn the setpoint into an expected period (park crawl is 15 strokes/s). Unit: strokes/s. [E]</summary>
        public const float HallLossSlowestHz = 15f;

        // ---- over-current (Safety/Checks/OverCurrentCheck)
        /// <summary>Motor current (shunt average / duty) above this trips the over-current check. Unit: A. [D] rated 1.7 mNm / k_t 2.67 mNm/A = 0.64 A continuous (plant.md §2.1); the 1.2 A hazard (≈ 2× rated) less a 0.1 A margin for sensing error and PWM residue; above the 42-needle pressed load (0.38 A, plant.md §6.4) with margin; below the 2.5 A driver OCP that does not catch a 3.7 V stall (§7 item 1).</summary>
        public const float OverCurrentAmps = 1.1f;

        /// <summary>The over-current the hazard is about (the fault begins when the motor current crosses it; the trip sits below it by the sensing error). Unit: A. [D] ≈ 2× the 0.64 A rated current (plant.md §2.1).</summary>
        public const float OverCurrentHazardAmps = 1.2f;

        /// <summary>Consecutive ticks whose reading is at or above <see cref="OverCurrentCountAmps"/> before the check trips on one at or
        /// above <see cref="OverCurrentAmps"/> (sustained). Unit: samples. [D] the budget from the true current crossing
        /// <see cref="OverCurrentHazardAmps"/>: the first tick after the crossing comes within one tick interval and counts whatever it
        /// reads while the current is at or above the trip (a crossing that recedes into the margin included: it reads at or
        /// above the count level); the second comes within two and trips, the current at the hazard reading at or above the
        /// trip. 2 intervals ≤ 26 ms at 10 ± 3 ms, plus the tick's work before it writes duty 0 (≈ 2.3 ms), inside the 30 ms
        /// bound. A current back under the hazard on the second tick trips on the first later tick that reads the trip, the
        /// count held while it stays at or above the count level: the time it spends under the hazard is not the hazard's.</summary>
        public const int OverCurrentSamples = 2;

        /// <summary>A reading at or above this counts toward <see cref="OverCurrentSamples"/>; only one at or above
        /// <see cref="OverCurrentAmps"/> trips. Unit: A. [D] the trip less the same sensing margin the trip keeps below the hazard
        /// (<see cref="OverCurrentHazardAmps"/> − <see cref="OverCurrentAmps"/>, 0.1 A): a true current at or above the trip reads at
        /// or above this. A healthy pen whose readings stay under the trip never trips, as before (the start's floor,
        /// <see cref="StartLoadedMaxAmps"/>, is kept under the trip).</summary>
        public const float OverCurrentCountAmps = 2f * OverCurrentAmps - OverCurrentHazardAmps;

        /// <summary>Motor current above this trips on one sample (far outside the operating range: a stall at high duty, a driver ignoring the PWM). Unit: A. [D] above the 1.2 A sustained limit, 90 % of the 2.2 A full-duty stall at 3.7 V (plant.md §6.4).</summary>
        public const float OverCurrentInstantAmps = 2.0f;

        /// <summary>The most motor current the start's floor asks for to break away a cam loaded beyond the return spring before its first stroke (skin met in the spin-up). Unit: A. [D] the over-current trip <see cref="OverCurrentAmps"/> less the current reading's sensing error <see cref="RetractCurrentMarginFraction"/>: a cam that stands at it never trips the over-current check.</summary>
        public const float StartLoadedMaxAmps = OverCurrentAmps / (1f + RetractCurrentMarginFraction);

        /// <summary>The noise of the change in the tick's mean shunt current from one tick to the next, three standard deviations: the start's floor counts a fall of the back-EMF speed as the cam's deceleration only beyond what this reads as speed. Unit: A. [D] the averaged current input is the mean of 4 conversions of 2 LSB RMS noise each (plant.md §6.1), 1 LSB = 0.806 mA at 1 V/A (Board/AdcLine, BoardConstants' shunt and gain); the tick's mean undoes the 10 ms RC over a 10 ms tick from three readings weighted 1.5, −2 and 0.5, √6.5 LSB = 2.05 mA, ×3.</summary>
        public const float StartFallShuntNoiseAmps = 3f * 2.55f * 0.806e-3f;

        // ---- needles after a stop (Control/NeedleRetraction; DriveOutputCheck says when they may be out)
        /// <summary>Highest motor current a retraction may drive to turn a cam held by a drag or a jam: its duty is capped so that the winding at stall draws no more. Unit: A. [D] the crawl must read its current: the averaged shunt current reaches the current sense's top (2.15 A: 300 mV REF + 1 V/A against the ADC's 2.45 V, nf.config motorCurrentSense) at full duty, so 2.0 A with the duty's 0.9 or so leaves 10 %; below the DRV8838's 2.5 A trip (plant.md §4.5). The whole retraction at 2.0 A warms the winding by at most 13 K (RetractWindupMaxMicros); a 100 ms stall is harmless (§6.4). It turns the cam against a drag of up to 2.0 A·2.67 mN·m/A − 1.0 mN·m of spring and friction = 4.3 mN·m.</summary>
        public const float RetractMaxAmps = 2.0f;

        /// <summary>Longest crawl toward the retracted point in one direction before the other is tried, counted from the tick the crawl's duty reached its cap when it did (a cam held by a drag: the time at the most torque the crawl gives). Unit: µs. [D] half a stroke at the 15 strokes/s crawl takes 33 ms, a whole one 67 ms; the rest is the time the duty takes to find a drag, a second time after the cam broke free and was braked, and a 45 ms tick pause. At the cap a cam held near the shunt comparator's reach turns only slowly (the torque there barely above what the cam needs), so the pass's time is counted from there.</summary>
        public const long RetractCrawlMaxMicros = 350000;

        /// <summary>Longest time a crawl's duty may take to reach its cap, on top of <see cref="RetractCrawlMaxMicros"/>: a pass lasts at most their sum. Unit: µs. [D] the crawl's integral takes a cam that stands from the breakaway duty to the cap in about 0.15 s (NeedleRetraction), a 45 ms tick pause on top. The whole retraction (three passes, each at most 0.55 s) at 2.0 A puts 2.0²·1.1 Ω·1.65 s = 7.3 J in the winding, +13 K over its 0.56 J/K (plant.md §6.2).</summary>
        public const long RetractWindupMaxMicros = 200000;

        /// <summary>Longest time from a stop (the retraction's start) to the needles back in or the pen saying they may be out
        /// (<see cref="Safety.FaultCode.NeedlesMayBeOut"/>, fault 25). Unit: µs. [D] a decision of the hazard analysis, not a
        /// standard's number (docs/hazards.md "H-31's time bound": none of the sources gives a delay for this condition): the
        /// medium alarm sounds at a fault's stop and no run starts while a retraction runs, so the high-priority signal must
        /// come before a practitioner who lifted the pen would check it and press main again, a few seconds. To be confirmed
        /// by the usability evaluation (IEC 62366-1). NeedleRetraction.LongestMicros and the tick after it stay within it.</summary>
        public const long NeedlesInOrSaidMaxMicros = 5000000;

        /// <summary>After a park's brake (the stop command's: Control/NeedleRetraction) the needle tips go no further out than
        /// where it left them by more than this (docs/hazards.md H-34; measured on the plant's truth by `report park`). Unit:
        /// mm. [D] a decision of the hazard analysis: the calibrated depth's required accuracy (<see cref="DepthAccuracyMm"/>),
        /// the least move of the tips the pen is said to make at all. It takes in a cam the brake left near the bottom of the
        /// stroke and crawled over it (δ from the bottom the tips stand stroke·(1 − cos δ)/2 short of the set depth: 0.01 mm at
        /// 6°, 0.05 mm at 15° on the 3.0 mm stroke, plant.md §3.3).</summary>
        public const float ParkNeedlesBeyondBrakeMaxMm = DepthAccuracyMm;

        /// <summary>The over-current check's margin over <see cref="RetractMaxAmps"/> while a retraction crawls: the sensing error of the current reading. Unit: fraction. [D] the amplifier's gain error ±1 % and the ADC's ±2 % gain (plant.md §4.2, §4.3), the winding's resistance at the firmware's nominal value (cold: the stall current is higher), ×2.</summary>
        public const float RetractCurrentMarginFraction = 0.15f;

                // ---- overspeed (Safety/Checks/OverspeedCheck)
        /// <summary>Stroke rate above this is overspeed. Unit: strokes/s. [D] 13 % above the 150 strokes/s ceiling (pens-and-regulation.md §1), room for the control loop's overshoot, below the 13,000 rpm = 217 strokes/s motor rating (plant.md §2.1).</summary>
        public const float OverspeedHz = 170f;

        // ---- driver output (Safety/Checks/DriveOutputCheck)
        /// <summary>The applied duty (drive-voltage input / supply) above the commanded duty by this much means the driver ignores the PWM. Unit: fraction of full duty. [D] measured in the 18 standard control cases with skin contact on and off every 0.5 s, nominal and twice the nominal load: the applied duty never read above the command (the low side's I·R drop keeps it below); the two 1 % dividers allow +0.02 at full duty. A driver stuck on adds 1 − D, 0.2 or more wherever full duty could overspeed (D below 150/170 × 0.9).</summary>
        public const float DriveExcessDuty = 0.08f;

        /// <summary>After a first excess, the excess that keeps counting toward <see cref="DriveExcessSamples"/>. Unit: fraction of full duty. [D] half of <see cref="DriveExcessDuty"/>, still twice the dividers' +0.02 above the measured normal excess (≤ 0); the speed loop raises its command against a stuck driver (its back-EMF speed, from the commanded duty, collapses), which shrank a stuck driver's second sample to 0.076 (campaign seed 5654, 40 ms cut-off with one threshold).</summary>
        public const float DriveExcessHoldDuty = 0.04f;

        /// <summary>Consecutive ticks with the excess before the driver is judged faulty. Unit: samples. [D] 2 samples ≤ 26 ms at 10 ± 3 ms, inside the 30 ms overspeed bound; one sample could be a single ADC glitch.</summary>
        public const int DriveExcessSamples = 2;

        /// <summary>With the bridge asleep and the cam at rest, a drive-voltage reading of this share of the supply or more is OUT1's high side shorted. Unit: fraction of the supply. [D] asleep, the divider pulls a floating OUT1 to 0 V (the ADC floor, under 0.05); a shorted high side puts the whole supply there (1.0).</summary>
        public const float DriveAsleepHighFraction = 0.5f;

        /// <summary>How long the bridge must have been asleep and the cam without a Hall edge before an asleep reading is judged. Unit: µs. [D] a coasting cam from 150 strokes/s stops within 0.3 s, its back-EMF with it.</summary>
        public const long DriveAsleepJudgedAfterMicros = 400000;

        /// <summary>An excess this large is judged on one tick. Unit: fraction of full duty. [D] a stuck driver adds 1 − D, at least 0.3 below the 0.7 duty of 150 strokes/s at 3.2 V; the input's noise is 2 LSB (0.002 of duty) and its offset and dividers 0.02, so no healthy reading comes near it, and a channel that jumps that far is broken either way.</summary>
        public const float DriveExcessInstantDuty = 0.3f;

        /// <summary>The loop resistance below which no pen's winding and bridge can be, as a share of the motor model's (this unit's identified loop, the board's datasheet one until then: SafetyInputs.UseMotor): the bound of the shunt current a commanded duty can drive (SafetyInputs.ShuntBeyondCommand). Unit: fraction. [D] motor constants ±15 % (plant.md §2.1, the "real pens differ"), a winding at 0 °C 8.5 % under its 22 °C value (0.39 %/K, §6.2), rounded down.</summary>
        public const float ShuntPlausibleResistanceFraction = 0.75f;

        /// <summary>Margin of that bound. Unit: A. [D] the fast input's PWM residue (up to about 20 mA peak-to-peak at mid duty, plant.md §4.2), its noise (2 LSB, 1.1 mA) and the learnt zero's error, ×2.</summary>
        public const float ShuntPlausibleMarginAmps = 0.05f;

        /// <summary>The drive-voltage reading is implausible (open, shorted to ground) when the bridge conducts at a commanded duty of at least <see cref="DriveSenseMinDuty"/> and the applied duty reads below this share of it. Unit: fraction. [D] a healthy input reads the duty within a few percent (the I·R drop of the low side); a broken one reads the ADC floor.</summary>
        public const float DriveSenseLowFraction = 0.5f;

        /// <summary>Commanded duty from which a low drive-voltage reading is judged. Unit: fraction. [D] above the ADC floor's 0.08 of duty with margin.</summary>
        public const float DriveSenseMinDuty = 0.2f;

        /// <summary>Shunt current that shows the bridge conducts (not in the driver's over-current retry or undervoltage lockout, which float the outputs). Unit: A. [D] 18 codes on the fast current input, 9σ of its noise. No-load running draws only 0.003–0.01 A of shunt current, so there the turning motor is the evidence instead (AdcPlausibilityCheck).</summary>
        public const float DriveSenseConductingAmps = 0.01f;

        /// <summary>A stroke-mean motor current under this while the motor turns under drive is a failed current-sense amplifier (its output at its reference: zero current, off both rails; AdcPlausibilityCheck). Unit: A. [D] a turning motor draws at least its friction current (RP-1 I0 = 0.03 A, plant.md §2.1); the lightest running case of the simulated pen, RP-2 off the skin at 50/s, reads a stroke mean of CURRENT_ALIVE_MIN_SEEN.</summary>
        public const float CurrentAliveMinMotorAmps = 0.008f;

        /// <summary>Ticks in a row that stroke mean must stay under <see cref="CurrentAliveMinMotorAmps"/>. Unit: ticks. [D] 0.2 s: a stroke mean is one stroke long (20 ms at 50/s), so ten of them.</summary>
        public const int CurrentAliveTicks = 20;

        /// <summary>Driven this long before the amplifier is judged (the soft start settled). Unit: µs. [D]</summary>
        public const long CurrentAliveArmMicros = 300000;

        /// <summary>Lowest commanded duty at which the amplifier is judged. Unit: fraction. [D] the lowest running duty, RP-2 at 50/s off the skin, is about 0.25.</summary>
        public const float CurrentAliveMinDuty = 0.15f;

        /// <summary>A drive-voltage code at or above this is implausible (shorted to 3.3 V): the highest plausible supply puts at most 2.35 V on the pin through the divider, code 3,020 on a chip with the lowest reference (1000 mV), where 3.3 V reads 4095. Unit: ADC code. [D] nf.config supplyDivider and adc, BatteryPlausibleMaxVolts, BusPlausibleMaxVolts.</summary>
        public const int DriveCodeRailHigh = 4090;

        // ---- winding temperature (Safety/Checks/WindingTemperatureCheck, WindingThermalModel)
        /// <summary>Winding → housing thermal resistance of the model. Unit: K/W. [S] plant.md §2.1 Rth1 = 10 K/W.</summary>
        public const float WindingToHousingKelvinPerWatt = 10f;
        /// <summary>Winding heat capacity of the model. Unit: J/K. [D] τw1 / Rth1 = 5.6 s / 10 K/W (plant.md §6.2).</summary>
        public const float WindingJoulesPerKelvin = 0.56f;
        /// <summary>Housing → ambient thermal resistance in the pen body. Unit: K/W. [D] Rth2 29 K/W × 1.5 enclosed (plant.md §6.2).</summary>
        public const float HousingToAmbientKelvinPerWatt = 43.5f;
        /// <summary>Housing heat capacity of the model. Unit: J/K. [D] τw2 / Rth2 = 220 s / 29 K/W (plant.md §6.2).</summary>
        public const float HousingJoulesPerKelvin = 7.6f;
        /// <summary>Longest step the thermal filters take at once (WindingThermalModel, NtcLagCompensation); a longer gap
        /// between ticks counts as this long. Unit: s. [D] forward Euler stays accurate for steps ≪ the shortest time
        /// constant (T_s = 1 s of the NTC smoothing; τ_w = 5.6 s); a gap past the late-tick limit (70 ms) is a fault
        /// whose stop the enable circuit has already enforced, so the loss it would add is not being made.</summary>
        public const float ThermalStepMaxSeconds = 0.1f;

        /// <summary>How often the temperature models (winding model, NTC lag compensation) step: each step takes the heat of
        /// the ticks since. Unit: s. [D] their shortest time constant is 1 s (T_s); 50 ms is 2 % of it, and a check on
        /// their output reacts within one step; stepping every 10 ms tick cost the tick ~220 IL instructions
        /// (tools/Pen.TickBudget).</summary>
        public const float ThermalStepSeconds = 0.05f;
        /// <summary>
        /// While the drive runs, the slow checks (battery, button stuck at power-up, motor identified, records) run on every
        /// this-many-th tick, their flags held between; on every tick otherwise, so that nothing that refuses a start waits.
        /// Unit: ticks. [D] what they judge does not change while the needles run (the motor status, the records, a start
        /// refusal) or persists far longer than 4 ticks (a low battery's 0.3 s, a button held from power-up's 0.5 s): each is
        /// seen at most 4 ticks (4 × 13 ms = 52 ms at the longest ordinary tick) later than on every tick, a low battery at
        /// most 8 (its persistence starts and ends on judged ticks), which no bound in docs/hazards.md holds them to. Every tick cost the running tick ~80 IL instructions (tools/Pen.TickBudget).
        /// </summary>
        public const int SlowCheckTicks = 5;
        /// <summary>Copper temperature coefficient. Unit: 1/K. [S] plant.md §4.4 (+0.39 %/K).</summary>
        public const float CopperTempcoPerKelvin = 0.0039f;
        /// <summary>Winding inductance of the RP-1 motor (PWM ripple loss). Unit: H. [S] plant.md §2.1 1524T003SR 22 µH.</summary>
        public const float BatteryPenWindingHenry = 22e-6f;
        /// <summary>Winding inductance of the RP-2 motor. Unit: H. [S] plant.md §2.1 1524T006SR 110 µH.</summary>
        public const float CordedPenWindingHenry = 110e-6f;
        /// <summary>Estimated winding temperature where the stroke rate starts to fall (Safety/RateDerating). Unit: °C. [D] <see cref="WindingStopC"/> − 15 K: five rate steps before the stop.</summary>
        public const float WindingDerateStartC = 90f;
        /// <summary>Estimated winding temperature that stops the needles (controlled stop); the rate reaches its floor here. Unit: °C. [D] 115 °C (issue 33's bound, under the 125 °C rating of plant.md §2.1) − 2 K for the housing NTC that lifts the model (±2 K) − 3 K for the current chain reading 1.5 % low (amplifier ±1 %, shunt ±0.5 %, not calibrated: I²R 3 % low on a rise of up to 90 K) − 5 K for the model's own error and the park's last heating = 105 °C.</summary>
        public const float WindingStopC = 105f;
        /// <summary>An over-temperature stop clears when the estimate is this far below its threshold. Unit: K. [E]</summary>
        public const float TemperatureHysteresisK = 5f;
        /// <summary>Lowest stroke-rate factor while derating (at the stop threshold). Unit: fraction. [E] half the rate set.</summary>
        public const float DerateFloorFactor = 0.5f;
        /// <summary>One derating step: the stroke rate falls by this share of the rate set, a change the practitioner hears. Unit: fraction. [E] five steps down to the floor.</summary>
        public const float DerateStepFraction = 0.1f;
        /// <summary>Derating never takes the stroke rate below this. Unit: strokes/s. [D] the lowest rate of any profile (<see cref="ProfileMinRateHz"/>), which the drive is tuned to hold.</summary>
        public const float DerateRateFloorHz = 50f;

        // ---- housing temperature (Safety/Checks/HousingTemperatureCheck)
        /// <summary>Applied-part limit of the housing. Unit: °C. [S] IEC 60601-1 (43 °C for applied parts, per the issue).</summary>
        public const float HousingLimitC = 43f;
        /// <summary>Housing temperature where derating starts. Unit: °C. [D] <see cref="HousingStopC"/> − 3.5 K: a few rate steps before the stop.</summary>
        public const float HousingDerateStartC = 36.6f;
        /// <summary>Housing temperature that stops the needles (controlled stop), judged on the housing the stop leads to
        /// (Safety/SafetyInputs.HousingAfterStopC: the estimate plus the heat the winding holds above it, <see cref="AfterStopHeatShare"/>).
        /// Unit: °C. [D] 43 °C − 2 K for the NTC reading low at its tolerance edge (±2 K, issue 33; plant.md §4.4 gives
        /// ±0.5…2 K) − 0.9 K for what is left of the NTC's lag once undone (<see cref="NtcLagSeconds"/>: T_s + T_f = 3 s
        /// on any NTC within its 5–15 s, at 0.3 K/s) = 40.1 °C; the hotter of the NTC and the model is checked (report
        /// safety and report thermal: the over-temperature cases on a unit at the edge).</summary>
        public const float HousingStopC = 40.1f;
        /// <summary>Share of the winding's rise above the housing that reaches the housing after a stop. Unit: fraction. [D]
        /// C_w/C_h = <see cref="WindingJoulesPerKelvin"/> / <see cref="HousingJoulesPerKelvin"/> = 0.56 / 7.6: the heat
        /// C_w·(T_w − T_h) the winding holds above the housing ends up in the housing's C_h (up to 1.3 K at the
        /// over-current trip's 1.7 W, 17 K rise; 0.7 K at the worst of report thermal's cases).</summary>
        public const float AfterStopHeatShare = WindingJoulesPerKelvin / HousingJoulesPerKelvin;
        /// <summary>Lag of the NTC behind the housing that Safety/NtcLagCompensation undoes. Unit: s. [S] plant.md §4.4: 5–15 s in
        /// air; the slow edge, 15 s: on a housing rising at r the estimate then lags by T_s + T_f + (τ_n − 15 s) ≤ 3 s for
        /// every NTC within the range (0.9 K at 0.3 K/s, <see cref="HousingStopC"/>); a faster NTC reads ahead of the
        /// housing (up to 7 s · r at 5 s: an earlier stop), never behind; undoing only the typical 8 s would leave a
        /// 15 s NTC 10 s behind (3 K at 0.3 K/s).</summary>
        public const float NtcLagSeconds = 15f;
        /// <summary>Smoothing of the NTC reading before its lag is undone (the ADC's noise). Unit: s. [E]</summary>
        public const float NtcSmoothingSeconds = 1f;
        /// <summary>Filter of the lead that undoes the NTC's lag; with the smoothing, the compensated reading lags the housing by their sum. Unit: s. [E]</summary>
        public const float NtcLeadFilterSeconds = 2f;

        // ---- battery (Safety/Checks/BatteryCheck; RP-1 only)
        /// <summary>Below this measured voltage with the motor stopped, the pen refuses to start. Unit: V. [D] 3.0 V cut-off (plant.md §4.4) + 0.15 V for the load sag of a session; a 3.2 V cell (the control issue's standard cases) must start, so the reading must be within 0.05 V: the factory's two-point calibration (<see cref="SupplyReadingAccuracyVolts"/>); uncalibrated, ±0.12 V (§4.4) refuses some units.</summary>
        public const float BatteryStartMinVolts = 3.15f;

        /// <summary>Hysteresis of the start threshold: once too low to start, the reading must rise this far above <see cref="BatteryStartMinVolts"/> to clear it. Unit: V. [D] the supply reading's noise is about 3 mV rms at the cell (2 LSB at ≈0.8 mV through the ÷2 divider): 20 mV is over six times it, so a cell resting at the threshold no longer trips and clears the check over and over (issue 34: 400 fault snapshots in 30 s); and the clear level, 3.17 V, stays <see cref="SupplyReadingAccuracyVolts"/> under the 3.2 V cell the pen must start on.</summary>
        public const float BatteryStartHysteresisVolts = 0.02f;
        /// <summary>Required accuracy of the calibrated supply reading (Board/SupplyCalibration). Unit: V. [D] the start threshold is 0.05 V under the 3.2 V cell the pen must start on and 0.15 V over the empty cell; 0.03 V leaves 0.02 V for the ADC's non-linearity between the calibration points (plant.md §4.3), which the simulated pen's ADC has. Measured: report supply, report sensing.</summary>
        public const float SupplyReadingAccuracyVolts = 0.03f;
        /// <summary>Below this measured voltage while running (for <see cref="BatteryLowMicros"/>), the needles are parked and stopped. Unit: V. [D] plant.md §4.4: 1S Li-ion "should stop discharging at ≈3.0 V", + 0.03 V for a reading high at the edge of its accuracy (<see cref="SupplyReadingAccuracyVolts"/>) = 3.03 V: every unit stops by a true 3.0 V.</summary>
        public const float BatteryContinueMinVolts = 3.03f;
        /// <summary>Persistence of a low battery while running (load steps sag the cell for a moment). Unit: µs. [E]</summary>
        public const long BatteryLowMicros = 300000;

        // ---- cartridge, depth (Safety/Checks/CartridgeCheck, DepthCheck)
        /// <summary>The depth reading may exceed the active limit by this much before it stops the needles. Unit: mm. [D] half a 0.25 mm detent (plant.md §6.3), inside the ±0.15 mm scale tolerance.</summary>
        public const float DepthLimitToleranceMm = 0.125f;

        // ---- sensing plausibility (Safety/Checks/AdcPlausibilityCheck)
        /// <summary>A current-sense code at or above this is implausible (shorted to 3.3 V): the ADC reads 4095 from about 3.1 V (ESP-IDF's 12 dB lookup table), 2.8 A of shunt average above the 0.3 V reference, beyond what the 2.5 A driver trip lets through at any duty. Unit: ADC code. [D] Board/AdcLine, BoardConstants.CurrentSenseReferenceMillivolts.</summary>
        public const int CurrentCodeRailHigh = 4090;
        /// <summary>A current-sense code at or below this is implausible (open or shorted to ground) unless the motor brakes its own back-EMF into the shunt. Unit: ADC code. [D] the 0.3 V reference reads 180–216 by the chip's reference; code 20 is about 160 mV (Board/AdcLine).</summary>
        public const int CurrentCodeRailLow = 20;
        /// <summary>Plausible measured battery voltage (RP-1). Unit: V. [D] cell 3.0–4.2 V (plant.md §4.4) ± 0.5 V.</summary>
        public const float BatteryPlausibleMinVolts = 2.5f;
        /// <summary>Upper end of the plausible battery voltage (RP-1). Unit: V. [D] 4.2 V + 0.5 V.</summary>
        public const float BatteryPlausibleMaxVolts = 4.7f;
        /// <summary>Plausible measured bus voltage (RP-2, 7.4 V regulated). Unit: V. [D] 7.4 V ± 15 %.</summary>
        public const float BusPlausibleMinVolts = 6.3f;
        /// <summary>Upper end of the plausible bus voltage (RP-2). Unit: V. [D] 7.4 V + 15 %.</summary>
        public const float BusPlausibleMaxVolts = 8.5f;
        /// <summary>NTC codes at or below this read a short (≥ 114 °C). Unit: ADC code. [D] the code is 0 up to about 140 mV (Board/AdcLine) = 440 Ω (Beta equation).</summary>
        public const int NtcCodeShorted = 2;
        /// <summary>NTC codes at or above this read open (the pull-up's 3.3 V). Unit: ADC code. [D] the ADC reads 4095 from about 3.06–3.21 V by chip (ESP-IDF's 12 dB lookup table), an NTC of 130 kΩ (about −25 °C) or an open one.</summary>
        public const int NtcCodeOpen = 4093;

        // ---- firmware timing and buttons (Safety/Checks/TickCheck, StuckButtonCheck)
        /// <summary>A tick interval longer than this is a late or missing tick. Unit: µs. [D] pauses reach 50 ms + 3 ms jitter (nanoframework.md §5, plant.md §6.1) and must not trip; the enable circuit has already dropped the driver at 45 ms.</summary>
        public const long TickLateMicros = 70000;
        /// <summary>The longest ordinary tick: how much time one tick's change may span in the speed loop's ramps and
        /// slew limit, however long the tick was (a paused tick is an ordinary one, only later). Unit: s. [D] 10 ms
        /// nominal + 3 ms jitter (the control issue; plant.md §6.1).</summary>
        public const float LongestOrdinaryTickSeconds = 0.013f;
        /// <summary>A button held since power-up for this long is stuck: the pen will not start from it. Unit: µs. [E] shorter than the 1 s start hold, longer than a wake-up press.</summary>
        public const long ButtonStuckAtBootMicros = 500000;

        // ---- fault log
        /// <summary>Fault snapshots kept in RAM for the bench tool (oldest overwritten). Unit: snapshots. [E]</summary>
        public const int FaultLogCapacity = 16;
        // ------------------------------------------------------------------ end of SAFETY THRESHOLDS

        // ================================================================== TREATMENT (limits, session and controls issue)
        // Clinic cap, profiles, session timing, controls timing, with unit and source. Insert above the end marker.
        // ------------------------------------------------------------------ depth: clinic cap and service mode
        /// <summary>Clinic cap on depth: deeper settings only when a service session lifted it (for this power-on). Unit: mm. [S] pens-and-regulation.md §1/§2: SkinPen's safety and effectiveness "&gt;1.5 mm not evaluated" [S6]; REG-4 (§3.5) clinic-configurable cap 1.5 mm.</summary>
        public const float ClinicDepthCapMm = 1.5f;

        // ------------------------------------------------------------------ depth gauge
        /// <summary>Number of depth-ring detents (0 to 2.5 mm in 0.25 mm steps). [S] pens-and-regulation.md §1: SkinPen 11 settings, 0.25 mm steps.</summary>
        public const int DepthDetentCount = 11;

        /// <summary>Hysteresis of the detent decision, as a fraction of one detent's span: a shallower detent is reported only once the reading is this far past the midpoint (a deeper one at once). Unit: fraction of a step. [E] 10 % of 0.25 mm = 25 µm, 50× the sensor noise.</summary>
        public const float DepthHysteresisFraction = 0.1f;

        /// <summary>Margin outside the calibrated span within which a code is still plausible. Unit: fraction of one detent's span. [E] half a step: a ring pressed against its stop, never an open or shorted sensor (which read at the rails).</summary>
        public const float DepthPlausibleMarginFraction = 0.5f;

        /// <summary>Required accuracy of the calibrated depth reading. Unit: mm. [S] issue 5 (±0.05 mm in the simulator); Exceed's published scale tolerance is ±0.15 mm (pens-and-regulation.md §2 [S10]).</summary>
        public const float DepthAccuracyMm = 0.05f;

        // ------------------------------------------------------------------ speed levels
        /// <summary>Slew limit of the setpoint when the level changes while running (one level of the widest profile in 0.5 s). Unit: strokes/s per s. [D] a 20 strokes/s step spread over 0.5 s, inside the control issue's settling target.</summary>
        public const float LevelChangeSlewHzPerSecond = 40f;

        // ------------------------------------------------------------------ controls timing (Iot.Device.Button semantics)
        /// <summary>Debounce: a level counts once stable this long. Unit: µs. [E] mechanical tact switches bounce for under 5 ms; 20 ms is 2 ticks.</summary>
        public const long ButtonDebounceMicros = 20000;

        /// <summary>Hold time that makes a hold (start, resume, profile change). Unit: µs. [E] deliberate but quick; shorter than Iot.Device.Button's 2 s default (nanoframework.md §1.3) so a start is not tiring.</summary>
        public const long ButtonHoldMicros = 1000000;

        /// <summary>Longest time between two releases of a double press. Unit: µs. [S] nanoframework.md §1.3: Iot.Device.Button DefaultDoublePressTicks 1.5 s.</summary>
        public const long ButtonDoublePressMicros = 1500000;

        /// <summary>A button down this long without release is stuck: its gestures are ignored until it opens. Unit: µs. [E] no gesture of the pen needs more than the 5 s service hold.</summary>
        public const long ButtonStuckMicros = 8000000;

        // ------------------------------------------------------------------ session timing
        /// <summary>Default hard cap on needling time (motor running) per session. Unit: µs. [S] pens-and-regulation.md §4.2: needling 15–30 min per treatment area, ≈30 min typical [S8][S9].</summary>
        public const long DefaultSessionCapMicros = 30L * 60 * 1000000;

        /// <summary>Ceiling of the configurable session cap. Unit: µs. [S] pens-and-regulation.md §4.2: a 30–60 min appointment slot including numbing [S60][S38].</summary>
        public const long MaxSessionCapMicros = 60L * 60 * 1000000;

        /// <summary>Floor of the configurable session cap. Unit: µs. [E] one small area.</summary>
        public const long MinSessionCapMicros = 5L * 60 * 1000000;

        /// <summary>Motor-on time one cartridge may accumulate. Unit: µs. [E] the session ceiling: one cartridge serves one session, never longer than the longest allowed session.</summary>
        public const long CartridgeMotorCapMicros = MaxSessionCapMicros;

        /// <summary>Default pacing cue interval: needling time on one area between cues. Unit: µs. [E] issue 5 (every 30 s); keeps passes even (pens-and-regulation.md §4.2: 4–10 passes, each logged).</summary>
        public const long DefaultPacingCueMicros = 30000000;

        /// <summary>Shortest and longest configurable pacing cue interval. Unit: µs. [E]</summary>
        public const long MinPacingCueMicros = 10000000, MaxPacingCueMicros = 120000000;

        /// <summary>Needles off the skin this long while running pauses the motor (resume with a hold). Unit: µs. [S] issue 5; pens-and-regulation.md §5 FM-11: idle timeout when there is no skin-load signature.</summary>
        public const long OffSkinPauseMicros = 10000000;

        /// <summary>No button, no needling for this long: the pen powers off (ending any session). Unit: µs. [S] issue 5 (5 minutes idle).</summary>
        public const long IdlePowerOffMicros = 5L * 60 * 1000000;

        // ------------------------------------------------------------------ service session (Protocol/ServiceSession)
        /// <summary>A challenge is answered within this time or not at all. Unit: µs. [E] long enough to carry it to the manufacturer's service portal and back by hand; short enough that a challenge read off a pen left alone expires.</summary>
        public const long ServiceChallengeMicros = 120000000;

        /// <summary>A service session with no service command for this long closes itself (and its bench rate with it). Unit: µs. [E] a pen left in service mode on a bench falls back to treatment rules within 10 minutes.</summary>
        public const long ServiceIdleMicros = 600000000;

        /// <summary>Longest wait after failed answers: the n-th failure in a row waits 2^(n−1) s, at most this long (and again after each power-up). Unit: s. [D] 13 failures reach an hour; guessing a 256-bit MAC at that pace is hopeless, and a technician who mistyped waits seconds.</summary>
        public const int ServiceMaxBackoffSeconds = 3600;

        /// <summary>Failed answers assumed when the service record is damaged (the count is in doubt). [D] a 16 s wait: a real technician is delayed a little, a guesser as if he had failed five times.</summary>
        public const int ServiceFailuresInDoubt = 5;

        // ------------------------------------------------------------------ records (Records/PenRecords)
        /// <summary>Longest record a store keeps. Unit: characters. [D] a session's end record is about 250 characters, a fault snapshot about 170; a record line on the flash (Records/RecordLine) adds at most 32.</summary>
        public const int RecordMaxLength = 512;

        /// <summary>Files of the session and fault log (Records/EventLog), used as a ring. Unit: files. [D] the log drops its oldest records a file at a time, so it always holds at least (files − 1) files' worth: 7 of 8 keeps 350 of 400.</summary>
        public const int LogSegments = 8;

        /// <summary>Records per file of the log. Unit: records. [D] about 12 kB per file at 250 characters a record: a file LittleFS appends to (it rewrites only a file's last block), read at boot one line at a time.</summary>
        public const int LogRecordsPerSegment = 50;

        /// <summary>Most records the log holds; then it drops its oldest (never a durable record: the cartridge's state, calibrations, configuration, service state and lockouts are kept apart). Unit: records. [D] <see cref="LogSegments"/> × <see cref="LogRecordsPerSegment"/>: about 130 sessions with their fault snapshots.</summary>
        public const int RecordStoreCapacity = LogSegments * LogRecordsPerSegment;

        /// <summary>Log records held in RAM while the needles run (they are written once the drive is off: a flash write stalls the interpreter for milliseconds, an erase for up to 0.4 s). Unit: records. [E] a run raises a few faults at most, each logged once a minute (<see cref="FaultRecordMinIntervalMicros"/>); more are counted and the count is logged.</summary>
        public const int DeferredRecordCapacity = 8;

        /// <summary>Characters of a record line that one tick writes out (a record built in pieces: whole pieces, none that would pass the slice) or copies and checks, and CRCs (Records/PenRecords.Step); the line is written in a tick of its own. Unit: characters. [D] about 60 IL instructions a character on the interpreter, pieces' digits included (tools/Pen.TickBudget): this slice keeps a tick that prepares a record within the budget's 6,000 (issue 31) beside the heaviest ticks of a fault (about 5,100); a 120-character record takes about 12 ticks.</summary>
        public const int RecordSliceChars = 12;

        // ------------------------------------------------------------------ threads besides the tick (docs/scheduler.md)
        /// <summary>Most work the bench serial's thread does before it yields (SliceBudget), so a tick that falls due waits no longer. Unit: IL instructions. [D] 2,000 instructions are 1.7 ms at the slow end of the interpreter's timing (0.85 µs each, hardware/README.md "Firmware timing"): the 20 ms cut-offs measured 15.0 ms at that end (tools/Pen.TickBudget/README.md), so a tick held back this long still meets them; a slice of the log reader is about 55 bytes, of SHA-256 8 rounds.</summary>
        public const int BenchSliceInstructions = 2000;

        /// <summary>A fault that comes back within this time after its last logged snapshot is counted, not logged again (the next snapshot of it carries the count). Unit: µs. [E] a check that flaps (a threshold in noise, a loose contact) adds at most 60 records an hour per code, so hours of it leave the log's last sessions in place.</summary>
        public const long FaultRecordMinIntervalMicros = 60000000;

        // ------------------------------------------------------------------ skin contact from the motor current
        /// <summary>Low-pass time constant of the motor-current estimate used for skin contact. Unit: µs. [E] averages 50–150 strokes (the per-stroke load varies ±20 %, plant.md §3.2, and the rate loop ripples the current); a touch-down shows within a second.</summary>
        public const long SkinCurrentFilterMicros = 1000000;

        /// <summary>Time constant with which the off-skin floor follows a falling current (a lift-off). Unit: µs. [E] two filter constants: a noise dip does not drag the floor down.</summary>
        public const long SkinBaselineFallMicros = 2000000;

        /// <summary>Rise of the filtered motor current above the off-skin baseline that means needles in the skin. Unit: A. [E] measured on RP-1/RP-2: 12 needles at 1 mm add 10–30 mA, at 0.5 mm with half the nominal puncture force 4.7 mA; the filtered estimate (from the 10 ms averaged current input) varies by under 1 mA.</summary>
        public const float SkinContactRiseAmps = 0.003f;

        /// <summary>
        /// Shallowest depth at which the off-skin pause applies. Unit: mm. [D] measured on the simulated pen: at 0.25 mm
        /// the needles only tent (0.3 mm before puncture, plant.md §3.2) near the bottom of the stroke, where the cam's
        /// lever is near zero, so the motor current shows no skin load at all (mean and spread unchanged); any pause
        /// there would be a false one with the needles in the skin. Below it the session cap and idle power-off still apply.
        /// </summary>
        public const float OffSkinPauseMinDepthMm = 0.5f;

        /// <summary>Time constant with which the off-skin baseline follows a rising current (it follows a falling one within a filter constant). Unit: µs. [E] much slower than any continuous pass (minutes); the current is measured, not modelled, so the winding's warm-up barely moves it.</summary>
        public const long SkinBaselineRiseMicros = 600000000;

        /// <summary>After a start or a level change, time before the baseline is taken (the rate settles first). Unit: µs. [E] soft start plus settling at 800 strokes/s² is under 0.3 s.</summary>
        public const long SkinBaselineSettleMicros = 500000;

        /// <summary>How often the skin-contact filters move once settled and their floor learnt (their slower rate), with the mean current of the ticks since.
        /// Unit: µs. [D] 10 % of the current filter's constant (<see cref="SkinCurrentFilterMicros"/>); what the contact
        /// drives, the off-skin pause (<see cref="OffSkinPauseMicros"/>, 10 s) and the session's on-skin time, sees it at most
        /// one step (0.1 s) later.</summary>
        public const long SkinContactStepMicros = 100000;

        // ------------------------------------------------------------------ battery (state of charge from the measured voltage)
        /// <summary>Open-circuit voltage of the 1S Li-ion cell at <see cref="BatterySocPoints"/>. Unit: V. [S] plant.md §6.1/§4.4: 4.20 V full, 3.70 V nominal, 3.00 V empty; the points between [E] a typical curve.</summary>
        public static readonly float[] BatteryOcvPoints = { 3.00f, 3.30f, 3.45f, 3.58f, 3.70f, 3.92f, 4.03f, 4.20f };

        /// <summary>State of charge at each of <see cref="BatteryOcvPoints"/>. Unit: fraction 0..1. [E]</summary>
        public static readonly float[] BatterySocPoints = { 0.00f, 0.05f, 0.10f, 0.20f, 0.50f, 0.80f, 0.90f, 1.00f };

        /// <summary>Cell internal resistance plus protection and wiring, for OCV = V + I·R. Unit: Ω. [S/E] plant.md §6.1 R_batt 0.15 Ω.</summary>
        public const float BatteryInternalOhms = 0.15f;

        /// <summary>Cell capacity. Unit: mAh. [E] plant.md §6.1: typical small pen cell 800 mAh.</summary>
        public const float BatteryCapacityMilliampHours = 800f;

        /// <summary>Drain of the electronics (ESP32, LEDs, sensors). Unit: A. [E] ESP32 active ≈ 60 mA.</summary>
        public const float BatteryQuiescentAmps = 0.06f;

        /// <summary>Extra battery current per stroke/s while needling, pessimistic (36 needles pressed). Unit: A per stroke/s. [D] plant.md §6.4: 0.38 A at duty 0.71 at 120 Hz pressed ≈ 0.27 A → 2.2 mA per stroke/s.</summary>
        public const float BatteryAmpsPerStrokeHz = 0.0022f;

        /// <summary>Charge kept in reserve at the end of a session (the cell is never run below it). Unit: fraction of capacity. [E] above the 3.0 V cut-off under load with margin for the ±2 % voltage reading.</summary>
        public const float BatteryReserveSoc = 0.15f;

        /// <summary>Time constant of the state-of-charge estimate. Unit: µs. [E] the estimate follows load steps slowly, not the PWM ripple.</summary>
        public const long BatterySocFilterMicros = 2000000;

        /// <summary>How often the state-of-charge estimate moves (its slower rate). Unit: µs. [D] 5 % of its time
        /// constant; each tick's OCV lookup cost ~160 IL instructions on the interpreter (tools/Pen.TickBudget).</summary>
        public const long BatteryGaugeStepMicros = 100000;

        // ------------------------------------------------------------------ treatment profiles (pens-and-regulation.md §4.1)
        // One row per area or indication: depth range (mm) and stroke-rate range (strokes/s). Depth: the thin-skin
        // low end to the thick-skin high end of §4.1. Speed: the Dr. Pen scale of §4.1 (levels 1..6) mapped onto
        // the device's 50–150 strokes/s, level L = 50 + 20·(L − 1) strokes/s [D]. §4.1 calls these clinic presets,
        // not validated limits: the clinical team signs them off. Areas with no published figure are [E].

        /// <summary>Profile names, as shown to the practitioner (index = profile number − 1).</summary>
        public static readonly string[] ProfileNames =
        {
            "forehead", "periorbital", "nose", "upper lip", "cheeks and chin", "neck", "decollete", "scalp",
            "body and stretch marks", "acne scars", "surgical scars",
        };

        /// <summary>Shallowest depth of each profile (guidance, not enforced). Unit: mm.</summary>
        public static readonly float[] ProfileMinDepthMm = { 0.25f, 0.25f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f, 0.5f, 1.5f, 1.0f, 0.25f };

        /// <summary>Deepest depth of each profile: the pen refuses to start, and stops, above it. Unit: mm.</summary>
        public static readonly float[] ProfileMaxDepthMm = { 0.75f, 0.5f, 0.5f, 0.75f, 2.0f, 1.0f, 0.75f, 2.5f, 2.0f, 2.0f, 0.5f };

        /// <summary>Lowest stroke rate of each profile (speed level 1). Unit: strokes/s.</summary>
        public static readonly float[] ProfileMinRateHz = { 50f, 50f, 50f, 50f, 70f, 50f, 50f, 70f, 70f, 50f, 110f };

        /// <summary>Highest stroke rate of each profile (top speed level). Unit: strokes/s.</summary>
        public static readonly float[] ProfileMaxRateHz = { 90f, 90f, 70f, 70f, 110f, 90f, 90f, 110f, 110f, 90f, 150f };

        /// <summary>Source of each profile's figures.</summary>
        public static readonly string[] ProfileSources =
        {
            "[S] pens-and-regulation.md 4.1 forehead 0.25-0.75 mm, speed 1-3 [S37][S53][S54]",
            "[S] pens-and-regulation.md 4.1 periorbital 0.25-0.5 mm, speed 1-3 [S37][S53][S54]; eyelid avoid >0.3 mm [W][S55]",
            "[S] pens-and-regulation.md 4.1 nose 0.25-0.5 mm, speed 1-2 [S37][S53][S54]",
            "[S] pens-and-regulation.md 4.1 upper lip 0.25-0.75 mm, speed 1-2 [S37][S53][S54]",
            "[S] pens-and-regulation.md 4.1 cheeks and chin 0.5-2.0 mm, speed 2-4 [S37][S53][S54][S55]",
            "[E] pens-and-regulation.md 4.1 neck n/f (SkinPen K202243 cleared, depths n/f): 0.25-1.0 mm, speed 1-3",
            "[E] pens-and-regulation.md 4.1 decollete n/f: 0.25-0.75 mm (as forehead), speed 1-3",
            "[S] pens-and-regulation.md 4.1 scalp 0.5-2.5 mm across 22 studies [S57]; speed n/f [E] 2-4",
            "[S] pens-and-regulation.md 4.1 body and stretch marks 1.5-2.0 mm, speed 2-4 [S37]",
            "[S] pens-and-regulation.md 4.1 facial acne scars 1.0-2.0 mm (SkinPen trial 0.25-2.0) [S37][S22], speed 1-3",
            "[S] pens-and-regulation.md 4.1 surgical/burn scars 0.25-0.5 mm (as printed), speed 4-6 [S37][S40]",
        };

        /// <summary>Profile selected at power-up (index): cheeks and chin, the most common full-face area, whose range (0.5–1.5 mm under the clinic cap, 70–110 strokes/s) covers the usual first pass. [E]</summary>
        public const int DefaultProfileIndex = 4;
        // ------------------------------------------------------------------ end of TREATMENT

        // ================================================================== COMMISSIONING (stroke control issue 32: the pen measures itself)
        // ---- motor identification (Commissioning/MotorIdentification, MotorRecord)
        /// <summary>Times the chain starts again after a tick pause cut the drive under it. [E]</summary>
        public const int IdentifyAttempts = 3;
        /// <summary>Bridge off before the zero is read: 6 RC time constants of the averaged input (10 ms, nf.config), which then reads within 0.25 % of its step. Unit: µs. [D]</summary>
        public const long IdentifyZeroSettleMicros = 60000;
        /// <summary>The zero step in all: its settling and then 6 ticks of readings averaged. Unit: µs. [D]</summary>
        public const long IdentifyZeroMicros = 120000;
        /// <summary>Longest the zero step waits for a cam that still turns: friction stops the bare rotor from 150/s in about 0.5 s (0.128 mN·m on 0.68 g·cm², plant.md §2.1/§3.3). Unit: µs. [D]</summary>
        public const long IdentifyStandStillMaxMicros = 2000000;
        /// <summary>Least supply the chain runs on: the duty for <see cref="IdentifyRateBHz"/> stays under <see cref="IdentifyMaxDuty"/> with a back-EMF constant 25 % above the datasheet's. Unit: V. [D]</summary>
        public const float IdentifyMinSupplyVolts = 3.0f;
        /// <summary>Rate of the first steady point. Unit: strokes/s. [D] the pen's lowest working rate's neighbourhood (50/s), the bare cam's current a few mA above its friction.</summary>
        public const float IdentifyRateAHz = 60f;
        /// <summary>Rate of the second point: twice the first for the back-EMF constant's slope and the friction's rise; under the motor's rated 216/s (13,000 rpm) with k_e 20 % below the datasheet's. Unit: strokes/s. [D]</summary>
        public const float IdentifyRateBHz = 120f;
        /// <summary>Highest duty the chain applies. Unit: fraction. [D] the motor's current at the start from rest, D·V/R_L, stays under the over-current check's 1.1 A at the duties the rates need.</summary>
        public const float IdentifyMaxDuty = 0.9f;
        /// <summary>From a step to the steady point: 25 mechanical time constants (τ_m ≈ 10 ms, plant.md §6.4). Unit: µs. [D]</summary>
        public const long IdentifySettleMicros = 250000;
        /// <summary>Each steady point: the counted rate's standard error is then 1/(T·√N) ≈ 0.3 strokes/s (Commissioning/CountRateFit), 0.5 % at 60/s. Unit: µs. [D]</summary>
        public const long IdentifyPointMicros = 500000;
        /// <summary>Brake after the last point: 10 braking time constants (14 ms, Control/StrokeDrive). Unit: µs. [D]</summary>
        public const long IdentifyBrakeMicros = 150000;
        /// <summary>τ_m candidates the step fit tries per tick while the motor stands (each a search over the delay). [E] a few thousand IL instructions a tick.</summary>
        public const int IdentifyFitCandidatesPerTick = 1;
        /// <summary>Fewest strokes counted in each steady point. [D] 0.5 s at 60/s is 30.</summary>
        public const int IdentifyMinStrokes = 10;
        /// <summary>Least current step a fit is made from: 0.1 A at a duty of 0.3 is 30 mA in the shunt, 37 codes of the averaged input against its 1 LSB of noise (plant.md §6.1). Unit: A. [D]</summary>
        public const float IdentifyMinJumpAmps = 0.1f;
        /// <summary>Runs of the chain whose two steps disagree (<see cref="IdentifyResistanceAgreement"/>, <see cref="IdentifyInertiaAgreement"/>,
        /// <see cref="IdentifyBackEmfAgreement"/>) before the unit is refused: each step's loop resistance, fitted from 8 ticks of
        /// the averaged input, scatters by about ±10 % on a good unit, so now and then one run's two steps disagree past
        /// <see cref="IdentifyResistanceAgreement"/> (report identify counts them), and runs in a row are independent draws;
        /// a motor that is not linear disagrees every run. [E]</summary>
        public const int IdentifyDisagreeingRuns = 3;
        /// <summary>The loop resistance from the start and from the step agree within this share. [E] each from its own fit.</summary>
        public const float IdentifyResistanceAgreement = 0.15f;
        /// <summary>The inertia from the start and from the step agree within this share. [E]</summary>
        public const float IdentifyInertiaAgreement = 0.3f;
        /// <summary>The back-EMF constant of the two steady points agree within this share: the motor is linear there. [E]</summary>
        public const float IdentifyBackEmfAgreement = 0.03f;
        /// <summary>Plausible back-EMF constant against the datasheet's: units spread ±15 % (issue 32), a 1331-class motor of the same voltage sits at 0.89 (plant.md §2.2); another winding is a factor of 2 off. Unit: ratio. [D]</summary>
        public const float IdentifyBackEmfMinRatio = 0.8f, IdentifyBackEmfMaxRatio = 1.25f;
        /// <summary>Plausible loop resistance against the datasheet's at the same winding temperature: the 1331T006SR's 2.83 Ω against the 1524T006SR's 5.1 Ω is 0.59 of the loop (plant.md §2); an open or shorted winding is far outside. Unit: ratio. [D]</summary>
        public const float IdentifyResistanceMinRatio = 0.5f, IdentifyResistanceMaxRatio = 1.8f;
        // ---- the loop resistance re-checked in use (Control/LoopResistanceCheck)
        /// <summary>A window of steady running ticks: 200 ticks of 10 ms (BoardConstants.TickPeriodMicros) are 2 s, 100–300 strokes at
        /// 50–150 strokes/s, so the count's error at its ends (a stroke) is under 1 % of f̄, and several windows fit in a minute. Unit: ticks. [D]</summary>
        public const int ResistanceCheckWindowTicks = 200;
        /// <summary>Largest back-EMF over I·R drop a window may have: the identified k_e errs by up to 0.64 % (report identify,
        /// Commissioning/README.md), which a window carries into R times this ratio: 8 × 0.64 % ≈ 5 %, half of issue 32's ±10 %. Unit: ratio. [D]</summary>
        public const float ResistanceCheckMaxConditioning = 8f;
        /// <summary>The filter's gain per counted window: a window's scatter (a few %) falls by √(g/(2 − g)) ≈ 0.38 in the
        /// correction, and a steady error is followed with a time constant of 1/g = 4 windows (8 s). Unit: ratio. [E]</summary>
        public const float ResistanceCheckGain = 0.25f;
        /// <summary>Most a window's ratio may differ from the correction before the filter takes it (so one window moves R by
        /// at most g × this = 2.5 %): a load change or a transient inside a window is not a new resistance. Unit: ratio. [E]</summary>
        public const float ResistanceCheckStep = 0.1f;
        /// <summary>The correction's band: a record of another unit of the same motor (R ±15 % each, issue 32: up to 1.15/0.85 of
        /// the winding, about ±25 % of the loop) with the NTC at its tolerance edge (±2 K, ±0.6 %). Beyond it the record is not
        /// this motor's kind: the identification's range decides (<see cref="ResistanceCheckImplausibleWindows"/>). Unit: ratio. [D]</summary>
        public const float ResistanceCheckMinCorrection = 0.75f, ResistanceCheckMaxCorrection = 1.33f;
        /// <summary>Counted windows in a row whose R is outside the identification's plausible range before the motor is
        /// refused: one window is a transient's or a load change's at most (<see cref="ResistanceCheckStep"/>), five (10 s) are the motor. Unit: windows. [E]</summary>
        public const int ResistanceCheckImplausibleWindows = 5;
        /// <summary>Counted windows before the loop takes the re-checked R (Control/StrokeDrive): 1/g (<see cref="ResistanceCheckGain"/>),
        /// the filter's time constant, by which it holds a steady error to within e⁻¹ of its start. Unit: windows. [D]</summary>
        public const int ResistanceCheckTakeOverWindows = 4;
        /// <summary>Plausible inertia (rotor and cam) against the datasheet's: ±25 % on the estimated cam, 1.18 for a 1331 rotor (plant.md §2.2, §3.3). Unit: ratio. [D]</summary>
        public const float IdentifyInertiaMinRatio = 0.5f, IdentifyInertiaMaxRatio = 2.0f;
        /// <summary>Plausible friction current of the bare cam: up to this many times the datasheet's no-load current, plus <see cref="IdentifyFrictionMarginAmps"/>. [E]</summary>
        public const float IdentifyFrictionMaxRatio = 5f;
        /// <summary>See <see cref="IdentifyFrictionMaxRatio"/>. Unit: A. [E]</summary>
        public const float IdentifyFrictionMarginAmps = 0.02f;
        // ---- cartridge identification (Commissioning/CartridgeIdentification, CartridgeRecord)
        /// <summary>The climb's first duty as a share of the board's breakaway torque (Board/BoardVariant.CamBreakawayTorqueNm): under the
        /// breakaway of the weakest plausible spring (<see cref="CartridgeSpringMinRatio"/> of the nominal peak, plus friction), so a cam that
        /// turns over at once has a spring too weak. Unit: fraction. [D]</summary>
        public const float CartridgeClimbStartShare = 0.3f;
        /// <summary>The cam rests (no Hall edge for this long, in the Hall window) before the chain climbs from it: a cam still turning
        /// makes an edge within 100 ms down to 10 strokes/s, and one that turns over at once is measured again, not refused. Unit: µs. [D]</summary>
        public const long CartridgeRestMicros = 100000;
        /// <summary>How fast the climb's duty rises: the cam follows within τ_m (about 10 ms, plant.md §6.4), and the two-tick mean of the
        /// current lags half a tick, 0.8/s·5 ms·V/R_L ≈ 10 mA at 3.7 V (3 % of the nominal spring's breakaway current). Unit: duty per s. [D]</summary>
        public const float CartridgeClimbDutyPerSecond = 0.8f;
        /// <summary>The climb's largest current: a cam that has not turned over by then is jammed. Under the over-current check's
        /// <see cref="OverCurrentAmps"/>; on RP-1 (k_t 2.67 mN·m/A) 2.4 mN·m, twice the nominal breakaway. Unit: A. [D]</summary>
        public const float CartridgeClimbMaxAmps = 0.9f;
        /// <summary>Longest climb: from the first duty to <see cref="CartridgeClimbMaxAmps"/> at the slowest plausible supply. Unit: µs. [D]</summary>
        public const long CartridgeClimbMaxMicros = 700000;
        /// <summary>Rate of the friction's steady point: the rotor's kinetic energy there (4.8 mJ on RP-1) twice the stiffest plausible
        /// spring's stored energy (2.4 mJ at 1.5 times plant.md §3.3's), so the cam turns through every peak. Unit: strokes/s. [D]</summary>
        public const float CartridgePointHz = 60f;
        /// <summary>From the runaway to the steady point: 8 mechanical time constants. Unit: µs. [D]</summary>
        public const long CartridgeSettleMicros = 80000;
        /// <summary>The steady point: about 10 strokes at <see cref="CartridgePointHz"/>, so the spring's and the carrier's torques,
        /// zero over a turn, leave under a tenth of a stroke's ripple in the mean current. Unit: µs. [D]</summary>
        public const long CartridgePointMicros = 160000;
        /// <summary>Fewest strokes the steady point counts. [D]</summary>
        public const int CartridgeMinStrokes = 5;
        /// <summary>Plausible return-spring peak against the board's nominal (BoardVariant.CamSpringPeakTorqueNm, plant.md §3.3 [E]):
        /// cartridges of 0.7 to 1.5 times the nominal spring are real (issue 32's matrix); under 0.4 the spring is missing or broken
        /// (the cam no longer returns the needles by itself); over 2.2 the carrier binds. Unit: ratio. [E]</summary>
        public const float CartridgeSpringMinRatio = 0.4f, CartridgeSpringMaxRatio = 2.2f;
        /// <summary>Plausible friction of a cartridge, its mean torque over a turn: the seal's 0.05 N (plant.md §3.3) is 0.048 mN·m on the
        /// 1.5 mm cam; eight times that is a binding carrier. Unit: N·m. [E]</summary>
        public const float CartridgeFrictionMaxNm = 0.4e-3f;
        /// <summary>The most a cartridge in the air draws at the steady point, its friction's mean torque: twice the seal's 0.048 mN·m
        /// (plant.md §3.3). More is a load (<see cref="CartridgeLoadedRuns"/>): 12 needles on skin at 1.5 mm read 0.12 mN·m in the
        /// simulated pen (CartridgeIdentificationTests). Unit: N·m. [E]</summary>
        public const float CartridgeAirFrictionMaxNm = 0.1e-3f;
        /// <summary>Runs in a row whose steady point read a load beyond <see cref="CartridgeAirFrictionMaxNm"/> before the cartridge is refused
        /// as binding: one such run may be the needles on skin (the pen held to the skin while it measured), which is measured
        /// again, not refused. [E]</summary>
        public const int CartridgeLoadedRuns = 3;
        /// <summary>After a run that read a load (<see cref="CartridgeLoadedRuns"/>): the chain waits this long before it measures
        /// again, time for a pen held to the skin to be lifted; a start is refused meanwhile. Unit: µs. [E]</summary>
        public const long CartridgeRetryMicros = 1000000;
        /// <summary>The bridge asleep this long before the chain wakes it: the driver's check judges an asleep bridge only after
        /// <see cref="DriveAsleepJudgedAfterMicros"/> and <see cref="DriveExcessSamples"/> ticks of 13 ms at most, so a shorted output
        /// is locked out before the chain would drive it. Unit: µs. [D]</summary>
        public const long CartridgeAsleepBeforeMicros = DriveAsleepJudgedAfterMicros + DriveExcessSamples * 13000 + 10000;
        /// <summary>Longest a start waits for the seated cartridge's chain (Session/Treatment): the chain and its park take under 1 s;
        /// the chain begins once every button is idle. Unit: µs. [E]</summary>
        public const long StartAwaitsCartridgeMicros = 3000000;
        // ------------------------------------------------------------------ end of COMMISSIONING
    }
}
