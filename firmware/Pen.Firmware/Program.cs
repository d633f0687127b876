using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Threading;
using Pen.Core;
using Pen.Core.Board;
using Pen.Core.Ports;
using Pen.Core.Protocol;
using Pen.Firmware.Adapters;
using Pen.Firmware.Running;

namespace Pen.Firmware
{
    /// <summary>
    /// The pen's nanoFramework application on the ESP32: opens every peripheral (nf.config, through the generated
    /// <see cref="PinMap"/>), binds them to the portable core's ports and runs the control loop. Boot order: the motor
    /// driver disabled and the PWM at duty 0 before anything else; then the power latch; then the rest. Any exception
    /// ends in <see cref="SafeStop"/>, never in a running motor.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            try
            {
                Start();
            }
            catch (Exception e)
            {
                SafeStop.Engage("boot: " + e.Message);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private static void Start()
        {
            GpioController gpio = new GpioController();

            // 1. The motor first. Until here the pins are inputs and the enable path's pull-downs (nf.config enablePath)
            //    hold EN, PH, nSLEEP and the enable circuit's inputs low.
            GpioOutput motorEnable = new GpioOutput(gpio, PinMap.MotorEnable, false);
            GpioOutput motorDirection = new GpioOutput(gpio, PinMap.MotorDirection, false);
            LedcMotorPwm motorPwm = LedcMotorPwm.Open(PinMap.MotorPwm, PinMap.PwmFrequencyHz);
            SafeStop.ArmMotor(motorPwm, motorEnable);
            GpioOutput heartbeat = new GpioOutput(gpio, PinMap.Heartbeat, false);

            // 2. Keep the pen powered after the main button is released.
            GpioOutput powerLatch = new GpioOutput(gpio, PinMap.PowerLatch, true);

            // 3. Indication, inputs, sensing, storage.
            GpioOutput ledRed = new GpioOutput(gpio, PinMap.LedRed, false);
            GpioOutput buzzer = new GpioOutput(gpio, PinMap.Buzzer, false);
            SafeStop.ArmIndication(ledRed, buzzer);

            AdcController adc = new AdcController();
            FlashFiles flash = new FlashFiles(FlashFiles.Prefix);
            HighResClock clock = new HighResClock();

            PenPorts ports = new PenPorts();
            ports.MotorPwm = motorPwm;
            ports.MotorEnable = motorEnable;
            ports.MotorDirection = motorDirection;
            ports.Heartbeat = heartbeat;
            ports.CamPulses = new CamPulseCounter(PinMap.CamHall, PinMap.CamHallCountsFallingEdges, PinMap.CamHallGlitchFilterNanoseconds);
            ports.CamHallLevel = new GpioInput(gpio, PinMap.CamHallLevel);
            ports.MotorCurrent = new Adc1Channel(adc, PinMap.MotorCurrentAdcChannel);
            ports.MotorCurrentAveraged = new Adc1Channel(adc, PinMap.MotorCurrentAveragedAdcChannel);
            ports.DriveVoltage = new Adc1Channel(adc, PinMap.DriveVoltageAdcChannel);
            ports.SupplyVoltage = new Adc1Channel(adc, PinMap.SupplyVoltageAdcChannel);
            ports.HousingNtc = new Adc1Channel(adc, PinMap.HousingNtcAdcChannel);
            ports.DepthRing = new Adc1Channel(adc, PinMap.DepthRingAdcChannel);
            ports.ButtonMain = new ButtonInput(gpio, PinMap.ButtonMain);
            ports.ButtonPlus = new ButtonInput(gpio, PinMap.ButtonPlus);
            ports.ButtonMinus = new ButtonInput(gpio, PinMap.ButtonMinus);
            ports.CartridgeSwitch = new GpioInput(gpio, PinMap.CartridgeSwitch);
            ports.LedGreen = new GpioOutput(gpio, PinMap.LedGreen, false);
            ports.LedAmber = new GpioOutput(gpio, PinMap.LedAmber, false);
            ports.LedRed = ledRed;
            ports.Buzzer = buzzer;
            ports.Flash = flash;
            ports.Power = new GpioPowerLatch(powerLatch);
            ports.Random = new HardwareRandom();

            // 4. The core: Boot makes every output safe again through the ports, then the loop ticks.
            BoardVariant board = BoardVariant.Battery1S();
            PenFirmware firmware = new PenFirmware(ports, board);
            firmware.Boot(clock.NowMicros);
            Console.WriteLine("Pen firmware on " + PinMap.Target + ": booted, control loop starting");

            new ControlLoop(firmware, clock, PinMap.TickPeriodMicros).Start();

            // 5. The bench serial last: nothing on the cable comes before the motor is safe and the loop runs.
            BenchProtocol bench = new BenchProtocol(firmware, board);
            BenchSerial.Open(PinMap.BenchSerialRx, PinMap.BenchSerialTx, bench, firmware).Start();
        }
    }
}
