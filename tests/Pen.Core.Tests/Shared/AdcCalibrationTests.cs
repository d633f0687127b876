#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System;
using Pen.Core.Board;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The factory's two-point calibration of each ADC input (Board/AdcCalibration, AdcLines): its record, what it
    /// refuses, and that the firmware converts every input through its own line from boot on.
    /// </summary>
    [TestClass]
    public class AdcCalibrationTests
    {
        private static bool Near(float a, float b, float tolerance) { return Math.Abs(a - b) <= tolerance; }

        /// <summary>The code a chip with reference <paramref name="vref"/> (mV) and line offset <paramref name="offset"/> (mV) gives a pin voltage.</summary>
        private static float CodeOn(float vref, float offset, float millivolts)
        {
            return (millivolts - offset) / (vref * 196602f / 4096f / 65536f);
        }

        private static AdcCalibration LowReferenceChip(string input)
        {
            // Vref 1000 mV, its line 10 mV above ESP-IDF's 142 mV: the nominal line reads it 9 % high
            return AdcCalibration.FromMeasured(input, CodeOn(1000f, 152f, 200f), 200f, CodeOn(1000f, 152f, 2200f), 2200f);
        }

        [TestMethod]
        public void The_line_goes_through_both_points_and_reads_a_low_reference_chip_right()
        {
            AdcCalibration c = LowReferenceChip("ntc");
            Assert.IsNotNull(c);
            int code = (int)(CodeOn(1000f, 152f, 1650f) + 0.5f);
            Assert.IsTrue(Near(1650f, c.Line.Millivolts(code), 0.5f), "25 °C on the NTC: " + c.Line.Millivolts(code).ToString());
            float nominal = AdcLine.Nominal.Millivolts(code);
            Assert.IsTrue(nominal > 1780f, "the nominal line reads the same code 9 % high: " + nominal.ToString());
        }

        [TestMethod]
        public void The_record_round_trips_in_integers()
        {
            AdcCalibration c = LowReferenceChip("current_avg");
            string record = c.ToRecord();
            Assert.IsTrue(record.StartsWith("ADCCAL in=current_avg codes="), record);
            AdcCalibration back = AdcCalibration.Parse(record);
            Assert.IsNotNull(back, record);
            Assert.AreEqual("current_avg", back.Input);
            Assert.IsTrue(Near(c.LowCode, back.LowCode, 0.05f) && Near(c.HighCode, back.HighCode, 0.05f));
            Assert.IsTrue(Near(200f, back.LowMillivolts, 0.05f) && Near(2200f, back.HighMillivolts, 0.05f));
        }

        [TestMethod]
        public void Unknown_inputs_close_points_and_lines_no_ESP32_has_are_refused()
        {
            Assert.IsNull(AdcCalibration.FromMeasured("motor", 72f, 200f, 2554f, 2200f), "no such input");
            Assert.IsNull(AdcCalibration.FromMeasured("ntc", 2554f, 2200f, 72f, 200f), "out of order");
            Assert.IsNull(AdcCalibration.FromMeasured("ntc", 1000f, 950f, 1200f, 1100f), "150 mV apart");
            Assert.IsNull(AdcCalibration.FromMeasured("ntc", CodeOn(1300f, 142f, 200f), 200f, CodeOn(1300f, 142f, 2200f), 2200f), "Vref 1300 mV: 18 % off");
            Assert.IsNull(AdcCalibration.FromMeasured("ntc", CodeOn(1100f, 230f, 200f), 200f, CodeOn(1100f, 230f, 2200f), 2200f), "offset 230 mV");
            Assert.IsNotNull(AdcCalibration.FromMeasured("ntc", CodeOn(1200f, 130f, 200f), 200f, CodeOn(1200f, 130f, 2200f), 2200f), "Vref 1200 mV: a real chip");
            Assert.IsNull(AdcCalibration.Parse("ADCCAL in=ntc codes=720 mv=2000,22000"), "one code");
            Assert.IsNull(AdcCalibration.Parse("ADCCAL in=ntc codes=7x0,25545 mv=2000,22000"), "not a number");
            Assert.IsNull(AdcCalibration.Parse("ADCCAL codes=720,25545 mv=2000,22000"), "no input");
        }

        [TestMethod]
        public void Boot_gives_each_input_its_stored_line_and_the_rest_the_nominal()
        {
            FakePen pen = new FakePen();
            Pen.Core.Records.PenRecords factory = pen.Flash.Records();
            factory.WriteNow(CalibrationKinds.AdcSlotName("ntc"), LowReferenceChip("ntc").ToRecord());
            factory.WriteNow(CalibrationKinds.AdcSlotName("supply"), LowReferenceChip("supply").ToRecord());
            factory.WriteNow(CalibrationKinds.AdcSlotName("depth"), "ADCCAL in=depth codes=1,2 mv=2000,22000");   // broken: not used
            pen.Ntc.Code = (int)(CodeOn(1000f, 152f, 1650f) + 0.5f);
            PenFirmware fw = pen.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            pen.Counter.TimeMicros = 10000;
            fw.Tick(10000);
            Assert.AreEqual(2, fw.Frame.Adc.Calibrated);
            Assert.IsTrue(Near(25f, fw.HousingC, 0.1f), "the NTC through its own line: " + fw.HousingC.ToString());
            Assert.IsTrue(fw.Frame.Adc.Depth == AdcLine.Nominal, "an input without a record keeps the nominal line");
        }
    }
}
