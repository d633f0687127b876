#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Protocol;

namespace Pen.Core.Tests
{
    /// <summary>
    /// A pen on fake ports for treatment timelines: 10 ms ticks, the cam pulse counter fed at the firmware's own
    /// setpoint (a perfect motor), the current channel fed with duty × the motor current the test sets (skin load),
    /// the depth channel set through the nominal calibration table. Time only moves through <see cref="Run"/>.
    /// </summary>
    public sealed class TreatmentRig
    {
        public const long TickMicros = 10000;
        public readonly FakePen Pen = new FakePen();
        public PenFirmware Fw;
        public long Now;
        /// <summary>Motor current the fake motor draws now. Unit: A (off the skin ≈ 0.05, in the skin ≈ 0.08).</summary>
        public float MotorAmps = OffSkinAmps;
        public const float OffSkinAmps = 0.05f;
        public const float OnSkinAmps = 0.08f;
        private double _strokes;

        public TreatmentRig()
        {
            Fw = Pen.NewFirmware(BoardVariant.Battery1S());
            Fw.Boot(0);
            SetDepth(1.0f);
            Run(100); // settle, main released since power-up
            AwaitCartridgeMeasured();
        }

        /// <summary>Ticks until the firmware has measured the seated cartridge (boot, a seating) and its drive has stopped; at most 2 s.</summary>
        public void AwaitCartridgeMeasured()
        {
            for (int i = 0; i < 200 && (Pen.Cam.Engaged && !Pen.Cartridge.Level || !Fw.Drive.Stopped); i++) Tick();
        }

        /// <summary>A new firmware on the same ports and records (power cycle).</summary>
        public void PowerCycle() { PowerCycle(true); }

        /// <summary>A power cycle; <paramref name="awaitCartridge"/>: and the seated cartridge measured again (about 1.2 s).</summary>
        public void PowerCycle(bool awaitCartridge)
        {
            Fw = Pen.NewFirmware(BoardVariant.Battery1S());
            Fw.Boot(Now);
            Run(100);
            if (awaitCartridge) AwaitCartridgeMeasured();
        }

        /// <summary>Ticks for a duration. Unit: ms.</summary>
        public void Run(long ms)
        {
            for (long i = 0; i < ms / 10; i++) Tick();
        }

        /// <summary>One tick; a start that waits for the cartridge's chain (the cartridge seated at boot is measured at the
        /// first start) is waited for, as a practitioner does: the test's timeline goes on from the treatment drive's start.</summary>
        public void Tick()
        {
            TickOnce();
            for (int i = 0; i < 500 && Fw.Treatment.StartAwaitsCartridge; i++) TickOnce();
        }

        private void TickOnce()
        {
            Now += TickMicros;
            // the cam turns at the setpoint while running or parking; the retraction after a cut brakes it where it is
            Control.DriveMode mode = Fw.Drive.Mode;
            float hz = mode == Control.DriveMode.Running || mode == Control.DriveMode.Parking ? Fw.SetpointHz : 0f;
            // while the firmware measures a cartridge the fake cam turns by itself (FakeCam) and owns the count and the current
            bool cam = Pen.Cam.Engaged && !Pen.Cartridge.Level;
            _strokes = cam ? Pen.Counter.Count : _strokes + hz * TickMicros * 1e-6;
            Pen.Counter.Count = (long)_strokes;
            Pen.Counter.TimeMicros = Now;
            float duty = Fw.Duty;
            float shunt = duty * (Fw.Drive.Mode == Control.DriveMode.Off || cam ? 0f : MotorAmps);
            // the code of V_ref + I_shunt · R · G on the nominal ADC line
            Pen.Current.Code = TestCodes.ShuntAmps(shunt);
            Pen.CurrentAveraged.Code = Pen.Current.Code;
            Fw.Tick(Now);
        }

        /// <summary>Turns the ring to a detent (nominal table: the FakePen has no factory record).</summary>
        public void SetDepth(float mm)
        {
            int detent = (int)(mm / BoardConstants.DepthDetentStepMm + 0.5f);
            Pen.Depth.Code = (int)(DepthCalibration.Nominal().Codes[detent] + 0.5f);
        }

        /// <summary>Presses a button for a time (ms), then releases it and ticks 100 ms.</summary>
        public void Press(FakeInput button, long ms)
        {
            button.Level = false;
            Run(ms);
            button.Level = true;
            Run(100);
        }

        /// <summary>The bench serial of this pen (a new protocol object per call, as a terminal would see the same pen).</summary>
        public BenchProtocol Bench() { return new BenchProtocol(Fw, BoardVariant.Battery1S()); }

        /// <summary>
        /// A service technician opens a service session: AUTH, the answer computed with the pen's key (as the host tool
        /// does), then a tick. Returns the pen's last answer ("SERVICE open ..." when it opened).
        /// </summary>
        public string OpenService()
        {
            string challenge = Bench().Handle("AUTH");
            string text = challenge.StartsWith("CHALLENGE ") ? challenge.Substring(10, challenge.IndexOf('\n') - 10) : "";
            string answer = Bench().Handle("AUTH " + ServiceSession.Response(FakePen.Key, text));
            Run(20);
            return answer;
        }

        /// <summary>The start gesture: main held 1.2 s.</summary>
        public void HoldMain() { Press(Pen.Main, 1200); }

        /// <summary>A short press of main (150 ms).</summary>
        public void TapMain() { Press(Pen.Main, 150); }

        public void RemoveCartridge() { Pen.Cartridge.Level = true; Run(50); }
        public void InsertCartridge() { Pen.Cartridge.Level = false; Run(100); AwaitCartridgeMeasured(); }

        /// <summary>Supply voltage the ADC reads (RP-1 divider ÷2). Unit: V.</summary>
        public void SetBatteryVolts(float volts)
        {
            Pen.Supply.Code = TestCodes.For(volts * 500f);
        }

        public bool Running => Fw.State == PenState.Running;
        public bool MotorOn => Pen.Enable.Level && Pen.Pwm.Duty > 0f;
    }
}
