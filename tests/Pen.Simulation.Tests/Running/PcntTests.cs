using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Safety;
using Pen.Simulation.Peripherals;
using Pen.Simulation.Plant;
using Pen.Simulation.Running;
using Pen.Simulation.Scenarios;

namespace Pen.Simulation.Tests.Running
{
    /// <summary>
    /// The cam Hall counter against its sources: ESP-IDF's glitch filter rule for the max_glitch_ns nanoFramework passes
    /// (esp-idf@1021229 pulse_cnt.c pcnt_unit_set_glitch_filter), nanoFramework's 64-bit read (nf-interpreter@a3e8139
    /// …GpioPulseCounter.cpp), and what the pen does with glitches, bounce and a read at a wrap.
    /// </summary>
    [TestClass]
    public class PcntTests
    {
        private static SimPcnt Counter(HallLine line, int filterNs) { return new SimPcnt(line, filterNs, PlantParameters.Rp1()); }

        [TestMethod]
        public void FilterPulses_is_nanoseconds_and_ESP_IDF_refuses_more_than_1023_cycles()
        {
            Assert.AreEqual(81, SimPcnt.FilterCycles(1023), "1023 ns: 81 cycles, 1.0 µs, not 12.8 µs");
            Assert.AreEqual(1000, SimPcnt.FilterCycles(12500));
            Assert.AreEqual(1023, SimPcnt.FilterCycles(12799));
            Assert.AreEqual(-1, SimPcnt.FilterCycles(12800), "1024 cycles: refused, the filter stays off");
            Assert.AreEqual(-1, SimPcnt.FilterCycles(65535));
            Assert.AreEqual(1012, Counter(new HallLine(), 1023).FilterNanoseconds);
            Assert.AreEqual(12500, Counter(new HallLine(), 12500).FilterNanoseconds);
            Assert.AreEqual(0, Counter(new HallLine(), 13000).FilterNanoseconds);
        }

        [TestMethod]
        public void A_glitch_counts_only_when_it_outlasts_the_filter()
        {
            foreach ((int filterNs, long widthNs, long counted) in new[]
                     {
                         (12500, 500L, 0L), (1023, 500L, 0L),        // 0.5 µs: under either setting
                         (12500, 5000L, 0L), (1023, 5000L, 1L),      // 5 µs: counted at the old setting only
                         (12500, 20000L, 1L),                        // 20 µs: longer than any filter the PCNT allows
                         (13000, 50L, 1L),                           // filter refused: even 50 ns counts
                     })
            {
                var line = new HallLine();
                SimPcnt pcnt = Counter(line, filterNs);
                line.Glitch(1000000, widthNs);
                Assert.AreEqual(counted, pcnt.Read(2000000), "filter " + filterNs + " ns, glitch " + widthNs + " ns");
            }
        }

        [TestMethod]
        public void A_bouncing_edge_counts_once_through_the_filter_and_twice_at_the_old_setting()
        {
            foreach ((int filterNs, long counted) in new[] { (12500, 1L), (1023, 2L) })
            {
                var line = new HallLine();
                SimPcnt pcnt = Counter(line, filterNs);
                line.SensorFall(1000000);
                line.Add(1003000, true);     // back high 3 µs later, low again 3 µs after
                line.Add(1006000, false);
                line.Add(1500000, true);     // the end of the Hall pulse, 0.5 ms later
                Assert.AreEqual(counted, pcnt.Read(2000000), "filter " + filterNs + " ns");
            }
        }

        [TestMethod]
        public void A_read_between_a_wrap_and_its_callback_is_32767_low_for_that_read()
        {
            // the count restarts at 32,767; the callback adds it 2 µs later; the read takes the overflow 1 µs after the count
            var line = new HallLine();
            SimPcnt pcnt = Counter(line, 12500);
            pcnt.Preload(32766);
            line.SensorFall(1000000);
            line.Add(1500000, true);
            long wrapNs = 1000000 + 12500;   // the filtered edge
            Assert.AreEqual(32766, pcnt.Read(wrapNs - 100));
            Assert.AreEqual(0, pcnt.Read(wrapNs + 500), "count 0, overflow not yet raised");
            Assert.AreEqual(32767, pcnt.Read(wrapNs + 1500), "the callback's 32,767 is in when the overflow is read");
        }

        [TestMethod]
        public void Half_microsecond_and_5_microsecond_glitches_at_150_per_s_make_no_stroke_and_no_trip()
        {
            foreach (double widthNs in new[] { 500.0, 5000.0 })
            {
                PlantParameters p = PlantParameters.Rp1();
                p.HallGlitchRateHz = 1000;            // five times a stroke
                p.HallGlitchMinNanoseconds = widthNs;
                p.HallGlitchMaxNanoseconds = widthNs;
                p.HallBounceProbability = 0.5;
                p.HallBounceMaxNanoseconds = 5000;
                var pen = Run(p, 150, 4.0);
                Assert.AreEqual(FaultCode.None, pen.Firmware.Fault, widthNs + " ns glitches: no trip");
                // the counter takes the line's transitions when it is read: a fall after the last tick's read (or within the
                // filter's time of it) is on the line but not yet counted, so read it once past the plant's time
                pen.CamPulses.Pcnt.Read(pen.Plant.NowMicros * 1000 + 100000);
                Assert.AreEqual(pen.Plant.Hall.SensorFalls, pen.CamPulses.Pcnt.Edges, widthNs + " ns glitches: counted exactly the sensor's edges");
                Assert.IsTrue(pen.Plant.Strokes > 400, "ran: " + pen.Plant.Strokes);
            }
        }

        [TestMethod]
        public void At_the_old_setting_5_microsecond_glitches_count_and_trip_the_overspeed_lockout()
        {
            // FilterPulses 1023 meant as 12.8 µs filters 1.0 µs: the contrast that shows why the setting matters
            PlantParameters p = PlantParameters.Rp1();
            p.PcntFilterNanoseconds = 1023;
            p.HallGlitchRateHz = 1000;
            p.HallGlitchMinNanoseconds = 5000;
            p.HallGlitchMaxNanoseconds = 5000;
            // the unit identified its motor at the factory on the right setting (at the old one its chain refuses the motor:
            // bounce counted at 1 us makes the two steps' back-EMF constants disagree)
            string motor = Pen.Simulation.Factory.MotorIdentificationBench.Record(PlantParameters.Rp1(), 3, null, null, null);
            Assert.IsNotNull(motor, "the unit identifies its motor on the right setting");
            var pen = new SimulatedPen(p, 3, new InitialConditions { MotorIdentified = false });
            Pen.Simulation.Factory.FactoryRecords.StoreDurable(pen, Pen.Core.Commissioning.MotorRecord.Slot, motor);
            Run(pen, 150, 4.0);
            Assert.IsTrue(pen.CamPulses.Pcnt.Edges > pen.Plant.Hall.SensorFalls, "extra edges counted");
            Assert.AreEqual(FaultCode.Overspeed, pen.Firmware.Fault, "one extra edge in a tick at 150/s proves more than 170/s");
        }

        [TestMethod]
        public void A_wrap_read_that_races_its_callback_makes_no_trip_and_loses_no_stroke()
        {
            // a callback 15 ms late (forced) so the racing read falls on a tick: the count reads 32,767 low for a tick or two
            PlantParameters p = PlantParameters.Rp1();
            p.PcntIsrLatencyNanoseconds = 15e6;
            var pen = new SimulatedPen(p, 3, new InitialConditions());
            pen.CamPulses.Pcnt.Preload(32767 - 150);   // the wrap comes about 1.5 s into the run
            pen = Run(pen, 100, 3.0);
            Assert.AreEqual(FaultCode.None, pen.Firmware.Fault);
            Assert.IsTrue(pen.Firmware.Frame.PulseGuard.Rejected >= 1, "a racing read was seen and rejected");
            Assert.AreEqual(32767 - 150 + pen.CamPulses.Pcnt.Edges, pen.Firmware.Frame.PulseCount, 2, "the count carried on");
        }

        private static SimulatedPen Run(PlantParameters p, float rateHz, double seconds)
        {
            return Run(new SimulatedPen(p, 3, new InitialConditions()), rateHz, seconds);
        }

        private static SimulatedPen Run(SimulatedPen pen, float rateHz, double seconds)
        {
            pen.FirstBoot();
            pen.QaBench(rateHz);
            long t = 0, held = 0;
            // the first start measures the cartridge seated at boot (about 1 s, the needles in the air): the run waits with it,
            // so the treatment runs as long as before
            while (t < seconds * 1e6 + held)
            {
                t += 10000;
                pen.ButtonMain.Level = !(t >= 100000 && t < 1300000);   // hold main 1.2 s: start
                pen.Plant.AdvanceTo(t);
                pen.Firmware.Tick(t);
                if (pen.Firmware.Treatment.StartAwaitsCartridge) held += 10000;
            }

            return pen;
        }
    }
}
