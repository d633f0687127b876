#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Board;
using Pen.Core.Safety;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The factory's two-point supply calibration (Board/SupplyCalibration): its record, what it refuses, and that
    /// the firmware reads the battery through it, so a unit whose divider and ADC read 2 % low still starts on a
    /// 3.2 V cell.
    /// </summary>
    [TestClass]
    public class SupplyCalibrationTests
    {
        private static bool Near(float a, float b, float tolerance) { return Math.Abs(a - b) <= tolerance; }

        /// <summary>The code the nominal RP-1 divider gives for a voltage, scaled by a unit's error (1 = none).</summary>
        private static float CodeFor(float volts, float unitError)
        {
            // pin = V / 2; its code on the nominal ADC line (Board/AdcLine)
            return AdcLine.Nominal.CodeAt(volts * 500f * unitError);
        }

        private static SupplyCalibration LowReadingUnit()
        {
            // this unit reads 2 % low: 3.0 V as 2.94 V, 4.2 V as 4.116 V
            return SupplyCalibration.FromMeasured(CodeFor(3.0f, 0.98f), 3.0f, CodeFor(4.2f, 0.98f), 4.2f, BoardVariant.Battery1S().Scale, AdcLine.Nominal);
        }

        [TestMethod]
        public void The_calibrated_line_goes_through_both_reference_points_and_between_them()
        {
            SupplyCalibration c = LowReadingUnit();
            Assert.IsNotNull(c);
            Assert.IsTrue(Near(3.2f, c.Volts((int)Math.Round(CodeFor(3.2f, 0.98f))), 0.003f), "3.2 V on a unit reading 2 % low");
            Assert.IsTrue(Near(4.2f, c.Volts((int)Math.Round(CodeFor(4.2f, 0.98f))), 0.003f));
            float nominal = BoardVariant.Battery1S().Scale.SupplyVolts(AdcLine.Nominal.Millivolts((int)Math.Round(CodeFor(3.2f, 0.98f))));
            Assert.IsTrue(nominal < 3.15f, "without it the same code reads under the start threshold: " + nominal.ToString("F3"));
        }

        [TestMethod]
        public void The_record_round_trips_in_integers()
        {
            SupplyCalibration c = LowReadingUnit();
            string record = c.ToRecord();
            Assert.IsTrue(record.StartsWith("SUPPLYCAL codes="), record);
            SupplyCalibration back = SupplyCalibration.Parse(record, BoardVariant.Battery1S().Scale, AdcLine.Nominal);
            Assert.IsNotNull(back, record);
            Assert.IsTrue(Near(c.LowCode, back.LowCode, 0.05f) && Near(c.HighCode, back.HighCode, 0.05f));
            Assert.IsTrue(Near(3.0f, back.LowVolts, 0.0005f) && Near(4.2f, back.HighVolts, 0.0005f));
        }

        [TestMethod]
        public void Points_out_of_order_too_close_or_far_from_the_board_are_refused()
        {
            SensingScale scale = BoardVariant.Battery1S().Scale;
            Assert.IsNull(SupplyCalibration.FromMeasured(CodeFor(4.2f, 1f), 4.2f, CodeFor(3.0f, 1f), 3.0f, scale, AdcLine.Nominal), "out of order");
            Assert.IsNull(SupplyCalibration.FromMeasured(CodeFor(3.6f, 1f), 3.6f, CodeFor(3.8f, 1f), 3.8f, scale, AdcLine.Nominal), "0.2 V apart");
            Assert.IsNull(SupplyCalibration.FromMeasured(CodeFor(3.0f, 0.85f), 3.0f, CodeFor(4.2f, 0.85f), 4.2f, scale, AdcLine.Nominal), "reads 15 % low: a wrong divider");
            Assert.IsNull(SupplyCalibration.FromMeasured(CodeFor(3.0f, 1f), 3.0f, CodeFor(4.2f, 1f), 4.2f, BoardVariant.Corded7V4().Scale, AdcLine.Nominal), "another board's divider");
            Assert.IsNull(SupplyCalibration.Parse("SUPPLYCAL codes=2400 mv=3000,4200", scale, AdcLine.Nominal), "one code");
            Assert.IsNull(SupplyCalibration.Parse("SUPPLYCAL codes=24x0,35000 mv=3000,4200", scale, AdcLine.Nominal), "not a number");
            Assert.IsNull(SupplyCalibration.Parse("DEPTHCAL codes=1,2 mv=3000,4200", scale, AdcLine.Nominal), "another record");
        }

        [TestMethod]
        public void Boot_loads_the_stored_record_and_the_battery_check_uses_it()
        {
            // a 3.2 V cell on a unit that reads 2 % low: nominally 3.136 V, under the 3.15 V start threshold
            FakePen pen = new FakePen();
            pen.Supply.Code = (int)Math.Round(CodeFor(3.2f, 0.98f));
            Pen.Core.Records.PenRecords factory = pen.Flash.Records();
            factory.WriteNow(CalibrationKinds.SlotName(SupplyCalibration.RecordTag), LowReadingUnit().ToRecord());
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            long t = 0;
            for (int i = 0; i < 20; i++)
            {
                t += 10000;
                pen.Counter.TimeMicros = t;
                fw.Tick(t);
            }

            Assert.IsTrue(Near(3.2f, fw.SupplyVolts, 0.005f), "calibrated reading " + fw.SupplyVolts.ToString("F3"));
            Assert.IsFalse(fw.Fault == FaultCode.BatteryTooLowToStart, "a 3.2 V cell may start");
        }

        [TestMethod]
        public void Without_a_record_the_nominal_divider_is_used()
        {
            FakePen pen = new FakePen();
            pen.Supply.Code = (int)Math.Round(CodeFor(3.2f, 0.98f));
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            pen.Counter.TimeMicros = 10000;
            fw.Tick(10000);
            Assert.IsTrue(Near(3.136f, fw.SupplyVolts, 0.003f), "nominal reading " + fw.SupplyVolts.ToString("F3"));
        }
    }
}
