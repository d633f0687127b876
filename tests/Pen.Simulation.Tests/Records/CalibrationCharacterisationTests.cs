using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Board;
using Pen.Core.Records;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Records
{
    /// <summary>
    /// Calibration records against the parts' characterisation (nf.config): every unit the simulated factory makes is
    /// inside it, and the records the issue stored (a depth table shifted far outside the sensor's range, a supply
    /// calibration shifted +7 %) are outside it, however consistent they are in themselves.
    /// </summary>
    [TestClass]
    public sealed class CalibrationCharacterisationTests
    {
        [TestMethod]
        public void Every_units_factory_calibration_is_inside_the_characterisation()
        {
            foreach (string plant in new[] { "RP-1", "RP-2" })
            {
                for (int seed = 1; seed <= 40; seed++)
                {
                    var pen = new SimulatedPen(PlantParameters.ForName(plant), seed, new InitialConditions());
                    PenRecords records = pen.ReadRecords();
                    var lines = new AdcLines();
                    lines.Load(records);
                    foreach (string tag in CalibrationKinds.Tags)
                    {
                        foreach (DurableSlot slot in records.Slots)
                        {
                            if (slot.Value == null || CalibrationKinds.TagOf(slot.Value) != tag) continue;
                            string problem = CalibrationKinds.Problem(slot.Value, pen.Board, lines);
                            Assert.IsNull(problem, plant + " seed " + seed + " " + slot.Name + ": " + problem);
                        }
                    }
                }
            }
        }

        [TestMethod]
        public void A_depth_table_shifted_by_a_detent_or_more_and_a_supply_calibration_shifted_7_percent_are_refused()
        {
            var pen = new SimulatedPen(PlantParameters.Rp1(), 3, new InitialConditions());
            PenRecords records = pen.ReadRecords();
            var lines = new AdcLines();
            lines.Load(records);
            DepthCalibration table = DepthCalibration.Parse(records.Value(CalibrationKinds.SlotName(DepthCalibration.RecordTag)));
            Assert.IsNull(table.CharacterisationProblem(lines.Depth), "the unit's own table");

            // the table: rising, each depth at its mark, but the code the ring gives at 2.5 mm placed at 0.5 mm
            DepthCalibration attack = Attack(table);
            Assert.IsNotNull(attack, "consistent in itself (what the old check asked)");
            Assert.IsNotNull(attack.CharacterisationProblem(lines.Depth), "outside the sensor's range");
            Assert.IsNotNull(attack.CharacterisationProblem(AdcLine.Nominal), "even on an uncalibrated ADC line");
            Assert.IsNotNull(Shifted(table, 1).CharacterisationProblem(lines.Depth), "one detent (160 mV) is outside a calibrated sensor");

            SupplyCalibration supply = SupplyCalibration.Parse(records.Value(CalibrationKinds.SlotName(SupplyCalibration.RecordTag)), pen.Board.Scale, lines.Supply);
            Assert.IsNotNull(supply);
            string shifted = SupplyCalibration.RecordTag + " codes=" + Tenths(supply.LowCode) + "," + Tenths(supply.HighCode)
                             + " mv=" + (int)(supply.LowVolts * 1070) + "," + (int)(supply.HighVolts * 1070);
            Assert.IsNotNull(CalibrationKinds.Problem(shifted, pen.Board, lines), "+7 % on every point: " + shifted);
            Assert.IsNull(CalibrationKinds.Problem(supply.ToRecord(), pen.Board, lines), "the unit's own");
        }

        private static DepthCalibration Attack(DepthCalibration t)
        {
            float full = t.Codes[t.Codes.Length - 1];
            var codes = new float[t.Codes.Length];
            for (int i = 0; i < codes.Length; i++) codes[i] = i < 2 ? full - (2 - i) * 40 : full + (i - 2) * 100;
            return DepthCalibration.FromMeasured(codes, (float[])t.Mm.Clone());
        }

        private static DepthCalibration Shifted(DepthCalibration t, int detents)
        {
            var codes = new float[t.Codes.Length];
            float step = (t.Codes[t.Codes.Length - 1] - t.Codes[0]) / (t.Codes.Length - 1);
            for (int i = 0; i < codes.Length; i++) codes[i] = t.Codes[i] + detents * step;
            return DepthCalibration.FromMeasured(codes, (float[])t.Mm.Clone()) ?? throw new AssertFailedException("a table consistent in itself");
        }

        private static string Tenths(float code) => ((int)(code * 10 + 0.5f)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
