#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Protocol;
using Pen.Core.Session;

namespace Pen.Core.Tests
{
    /// <summary>
    /// What the QA bench needs of the pen (Protocol/README.md): ID with the firmware and the unit, STATUS's rate over a
    /// stated window, STREAM's telemetry lines, line input as terminals send it (CR, LF, CR LF; echo), and a QA run that is
    /// no patient session.
    /// </summary>
    [TestClass]
    public class BenchQaTests
    {
        [TestMethod]
        public void Id_names_the_firmware_its_build_the_unit_and_what_is_calibrated()
        {
            TreatmentRig r = new TreatmentRig();
            string id = BenchProtocolTests.Bench(r).Handle("ID");
            Assert.AreEqual(FirmwareIdentity.Version, BenchProtocolTests.Field(id, "firmware"));
            Assert.IsTrue(BenchProtocolTests.Field(id, "build").Length > 0, id);
            Assert.AreEqual(FakePen.DeviceId, BenchProtocolTests.Field(id, "unit"), "the identity the factory provisioned");
            Assert.AreEqual("0/6", BenchProtocolTests.Field(id, "adccal"), "the fake pen has no ADC calibration records");
            Assert.AreEqual("nominal", BenchProtocolTests.Field(id, "depthcal"));
            Assert.AreEqual("nominal", BenchProtocolTests.Field(id, "supplycal"));
        }

        [TestMethod]
        public void Status_gives_the_rate_over_a_stated_one_second_window()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = BenchProtocolTests.Bench(r);
            BenchProtocolTests.ServiceUnlock(r);
            bench.Handle("BENCH 100");
            bench.Handle("BENCH START");
            r.Run(3000);
            // 0.1 s apart for a second: the window's mean holds still where one tick's estimate would not
            int lowest = int.MaxValue, highest = int.MinValue;
            for (int i = 0; i < 10; i++)
            {
                string status = bench.Handle("STATUS");
                Assert.AreEqual(AveragedRate.WindowMillis.ToString(), BenchProtocolTests.Field(status, "rate_window_ms"), status);
                int mean = int.Parse(BenchProtocolTests.Field(status, "rate_avg_cHz"));
                int counted = int.Parse(BenchProtocolTests.Field(status, "rate_count_cHz"));
                Assert.IsTrue(counted >= 9900 && counted <= 10100, "counted over 1 s: " + counted.ToString());
                if (mean < lowest) lowest = mean;
                if (mean > highest) highest = mean;
                r.Run(100);
            }

            Assert.IsTrue(highest - lowest <= 20, "the 1 s mean moved " + (highest - lowest).ToString() + " cHz");
            Assert.IsTrue(lowest >= 9900 && highest <= 10100, lowest.ToString() + ".." + highest.ToString());
        }

        [TestMethod]
        public void Stream_sends_a_telemetry_line_every_tick_until_stopped()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = BenchProtocolTests.Bench(r);
            Assert.AreEqual("STREAM period_ms=10 fields=" + TelemetryStream.Fields + "\nOK\n", bench.Handle("STREAM"));
            byte[] buffer = new byte[4096];
            r.Run(100);
            int length = r.Fw.Stream.Drain(buffer);
            string text = Ascii(buffer, length);
            string[] lines = text.Split(new char[] { '\n' });
            Assert.AreEqual(11, lines.Length, text); // 10 lines and the empty rest after the last LF
            Assert.IsTrue(lines[0].StartsWith("TEL "), lines[0]);
            Assert.AreEqual(TelemetryStream.FieldCount, lines[0].Substring(4).Split(new char[] { ',' }).Length, lines[0]);
            Assert.AreEqual("1", lines[0].Substring(4).Split(new char[] { ',' })[1], "state idle");
            Assert.AreEqual(0, r.Fw.Stream.Drain(buffer), "nothing new");

            Assert.AreEqual("ERR 2 STREAM argument 1 \"5\": the period in ms, a whole number 10 to 1000, or OFF\n", bench.Handle("STREAM 5"));
            Assert.AreEqual("STREAM period_ms=50 fields=" + TelemetryStream.Fields + "\nOK\n", bench.Handle("STREAM 50"));
            r.Run(1000);
            length = r.Fw.Stream.Drain(buffer);
            Assert.AreEqual(20, Count(buffer, length, (byte)'\n'), "one line each 50 ms");

            Assert.AreEqual("STREAM off dropped=0\nOK\n", bench.Handle("STREAM OFF"));
            r.Run(100);
            Assert.AreEqual(0, r.Fw.Stream.Drain(buffer));
        }

        [TestMethod]
        public void A_stream_the_bench_thread_falls_behind_on_skips_samples_and_says_how_many()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = BenchProtocolTests.Bench(r);
            bench.Handle("STREAM");
            r.Run(1000);  // 100 samples into a ring of 32
            byte[] buffer = new byte[8192];
            int length = r.Fw.Stream.Drain(buffer);
            int lines = Count(buffer, length, (byte)'\n');
            Assert.AreEqual(TelemetryStream.Slots / 2, lines);
            Assert.AreEqual(100 - TelemetryStream.Slots / 2, r.Fw.Stream.Dropped);
            Assert.AreEqual("STREAM off dropped=" + (100 - TelemetryStream.Slots / 2).ToString() + "\nOK\n", bench.Handle("STREAM OFF"));
        }

        [TestMethod]
        public void Lines_end_at_CR_at_LF_or_at_CR_LF_and_echo_only_when_asked()
        {
            BenchLineInput input = new BenchLineInput();
            Assert.AreEqual("ID", Feed(input, "ID\r"), "a terminal that sends CR alone");
            Assert.AreEqual("STATUS", Feed(input, "\nSTATUS\n"), "the LF after a CR is no empty line; LF alone ends one");
            Assert.AreEqual("LOG", Feed(input, "LOG\r\n"));
            Assert.AreEqual("LOG 1", Feed(input, "LOG 12\b\n"), "backspace removes the last character");
            Assert.AreEqual(0, input.EchoLength, "no echo unless asked");

            input.Echo = true;
            Assert.IsFalse(input.Add((byte)'H'));
            Assert.AreEqual(1, input.EchoLength);
            Assert.AreEqual((byte)'H', input.EchoBytes[0]);
            Assert.IsTrue(input.Add(13));
            Assert.AreEqual(2, input.EchoLength, "CR LF back for a line's end");
            Assert.AreEqual("H", input.Line());
        }

        [TestMethod]
        public void A_line_too_long_is_answered_with_its_length_not_cut_and_run()
        {
            BenchLineInput input = new BenchLineInput();
            string line = "LOG " + new string('1', BenchProtocol.MaxLineLength);
            for (int i = 0; i < line.Length; i++) Assert.IsFalse(input.Add((byte)line[i]));
            Assert.IsTrue(input.Add(10));
            Assert.IsTrue(input.TooLong);
            Assert.AreEqual(line.Length, input.Received);
            Assert.AreEqual("ERR 3 line of " + line.Length.ToString() + " characters: at most " + BenchProtocol.MaxLineLength.ToString() + "\n",
                BenchProtocol.Overlong(input.Received));
            input.Line();
            Assert.AreEqual("ID", Feed(input, "ID\n"), "the next line is whole again");
        }

        [TestMethod]
        public void Echo_is_switched_by_a_command_and_answers_get_CR_LF_for_a_terminal()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = BenchProtocolTests.Bench(r);
            Assert.IsFalse(bench.Echo);
            Assert.AreEqual("ECHO on\nOK\n", bench.Handle("echo on"));
            Assert.IsTrue(bench.Echo);
            Assert.AreEqual("ERR 2 ECHO takes 1 argument, ON or OFF\n", bench.Handle("ECHO"));
            Assert.AreEqual("ECHO off\r\nOK\r\n", BenchText.CrLf(bench.Handle("ECHO OFF")));
            Assert.IsFalse(bench.Echo);
        }

        [TestMethod]
        public void A_QA_run_started_from_the_bench_is_no_patient_session_and_leaves_the_cartridge_fresh()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = BenchProtocolTests.Bench(r);
            Assert.IsTrue(bench.Handle("BENCH START").StartsWith("ERR 4 "), "locked");
            BenchProtocolTests.ServiceUnlock(r);
            Assert.IsTrue(bench.Handle("BENCH START").StartsWith("ERR 5 BENCH START: set a bench rate first"));
            bench.Handle("BENCH 80");
            Assert.IsTrue(bench.Handle("BENCH START").EndsWith("OK\n"));
            r.Run(500);
            Assert.IsTrue(r.Running);
            Assert.AreEqual(80f, r.Fw.SetpointHz);
            Assert.AreEqual("1", BenchProtocolTests.Field(bench.Handle("STATUS"), "bench_run"));
            r.Run(15000);
            Assert.IsTrue(r.Running, "no off-skin pause on the fixture");
            bench.Handle("BENCH STOP");
            r.Run(500);
            Assert.IsFalse(r.Running);
            Assert.IsFalse(r.Fw.Treatment.SessionActive);
            Assert.AreEqual(0, r.Fw.Treatment.SessionCount);
            Assert.IsFalse(r.Fw.Treatment.CartridgeUsed);
            Assert.AreEqual(1, r.Pen.Flash.CountOf("QA start "), "the QA run's record");
            Assert.AreEqual(0, r.Pen.Flash.CountOf(SessionRecord.BeginTag) + r.Pen.Flash.CountOf(SessionRecord.EndTag), "no session's");

            // a practitioner's start afterwards (the service session ended) is a patient session on the same, still fresh, cartridge
            bench.Handle("END");
            r.Run(100);
            r.HoldMain();
            r.Run(200);
            Assert.IsTrue(r.Running);
            Assert.IsTrue(r.Fw.Treatment.SessionActive);
            Assert.AreEqual(1, r.Fw.Treatment.SessionCount);
        }

        private static string Feed(BenchLineInput input, string text)
        {
            string line = null;
            for (int i = 0; i < text.Length; i++)
            {
                if (input.Add((byte)text[i])) line = input.Line();
            }

            return line;
        }

        private static string Ascii(byte[] buffer, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)buffer[i];
            return new string(chars);
        }

        private static int Count(byte[] buffer, int length, byte b)
        {
            int n = 0;
            for (int i = 0; i < length; i++) if (buffer[i] == b) n++;
            return n;
        }
    }
}
