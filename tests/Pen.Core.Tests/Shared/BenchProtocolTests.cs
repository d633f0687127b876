#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Protocol;
using Pen.Core.Safety;
using Pen.Core.Session;
using Pen.Core.Indication;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The bench serial protocol (Protocol/BenchProtocol) on a pen on fake ports: what QA and device engineers read
    /// off the pen, the two service commands and their guards, and the errors for bad lines.
    /// </summary>
    [TestClass]
    public class BenchProtocolTests
    {
        [TestMethod]
        public void Reading_commands_describe_the_pen_and_end_in_OK()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);

            string status = bench.Handle("status");
            Assert.IsTrue(status.StartsWith("STATUS "), status);
            Assert.IsTrue(status.EndsWith("\nOK\n"), status);
            Assert.AreEqual("1", Field(status, "state"), "idle");
            Assert.AreEqual("fresh", Field(status, "cartridge"));
            Assert.AreEqual("closed", Field(status, "service"));
            Assert.AreEqual("kept", Field(status, "cap"));
            Assert.AreEqual("ok", Field(status, "records"));
            Assert.AreEqual("0", Field(status, "fault"));

            string id = bench.Handle("ID");
            Assert.AreEqual("RP-1", Field(id, "board"));
            Assert.AreEqual(BenchProtocol.Version.ToString(), Field(id, "protocol"));
            Assert.AreEqual(FakePen.DeviceId, Field(id, "unit"));

            string limits = bench.Handle("LIMITS");
            Assert.AreEqual("5000-15000", Field(limits, "rate_cHz"), "the device's rate range");
            Assert.IsTrue(limits.Contains("PROFILE 0 name=forehead rate_cHz=5000-9000 depth_um=250-750\n"), limits);
            Assert.AreEqual("cheeks-and-chin", Field(bench.Handle("STATUS"), "profile_name"), "a name is one token");

            string raw = bench.Handle("RAW");
            Assert.AreEqual(r.Pen.Supply.Code.ToString(), Field(raw, "supply"), "the supply channel's last code");
            Assert.AreEqual(((int)System.Math.Round(global::Pen.Core.Board.AdcLine.Nominal.Millivolts(r.Pen.Supply.Code))).ToString(), Field(raw, "supply_mv"),
                "the code in mV through the line the pen booted with (no ADCCAL record: nominal)");

            string help = bench.Handle("HELP");
            Assert.IsTrue(help.Contains("STORE <record>"), help);
            Assert.IsTrue(help.EndsWith("OK\n"), help);
        }

        [TestMethod]
        public void Bad_lines_get_an_error_that_names_what_and_where()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);

            Assert.AreEqual("ERR 1 \"FOO\" is no command: HELP lists them\n", bench.Handle("foo 1 2"));
            Assert.AreEqual("ERR 1 empty line: HELP lists the commands\n", bench.Handle("   "));
            Assert.AreEqual("ERR 2 STATUS takes no argument, got \"now\"\n", bench.Handle("STATUS now"));
            Assert.AreEqual("ERR 2 LOG argument 1 \"x\": the first record, a whole number from 0\n", bench.Handle("LOG x"));
            Assert.AreEqual("ERR 2 LOG argument 2 \"0\": how many records, 1 to 50\n", bench.Handle("LOG 0 0"));
            Assert.AreEqual("ERR 2 BENCH argument 1 \"300\": strokes/s, a whole number 50 to 150, OFF, START or STOP\n", bench.Handle("BENCH 300"));
            Assert.AreEqual("ERR 3 character 4 (code 9) is not printable ASCII\n", bench.Handle("LOG\t1"));
            string longLine = "LOG " + new string('1', BenchProtocol.MaxLineLength);
            Assert.IsTrue(bench.Handle(longLine).StartsWith("ERR 3 line of "), "too long");
            Assert.IsTrue(bench.Handle(null).StartsWith("ERR 1 "), "no line");
            // nothing above changed the pen
            r.Run(100);
            Assert.AreEqual(0f, r.Fw.BenchSetpointHz);
            Assert.AreEqual(0, r.Fw.Records.Count);
        }

        [TestMethod]
        public void The_bench_rate_needs_a_service_session_and_runs_a_QA_run_logged_as_QA_never_a_patients_session()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            Assert.IsTrue(bench.Handle("BENCH 120").StartsWith("ERR 4 BENCH needs a service session"), "no session");
            r.Run(100);
            Assert.AreEqual(0f, r.Fw.BenchSetpointHz);

            ServiceUnlock(r);
            Assert.AreEqual("BENCH sp_cHz=12000\nOK\n", bench.Handle("bench 120"));
            Assert.AreEqual(0f, r.Fw.BenchSetpointHz, "taken over by the next tick, not by the serial thread");
            r.Run(10);
            Assert.AreEqual(120f, r.Fw.BenchSetpointHz);
            Assert.AreEqual((int)Indication.Indication.ServiceMode, (int)Indication.Indicator.For(r.Fw.State, r.Fw.SafetyAction, r.Fw.Treatment), "shows on the pen");
            r.HoldMain();
            r.Run(500);
            Assert.IsTrue(r.Running);
            Assert.IsTrue(r.Fw.Treatment.BenchRunning, "a QA run");
            Assert.IsFalse(r.Fw.Treatment.SessionActive, "not a patient's session");
            Assert.AreEqual(120f, r.Fw.SetpointHz, "the bench rate, not level 1's");
            Assert.AreEqual((int)Indication.Indication.QaRun, (int)Indication.Indicator.For(r.Fw.State, r.Fw.SafetyAction, r.Fw.Treatment), "shows on the pen");
            Assert.AreEqual("12000", Field(bench.Handle("STATUS"), "bench_cHz"));
            Assert.AreEqual("1", Field(bench.Handle("STATUS"), "bench_run"));

            Assert.IsFalse(r.Fw.Treatment.SessionActive, "a QA run: no patient session");
            Assert.AreEqual("fresh", Field(bench.Handle("STATUS"), "cartridge"), "the cartridge is not used up");

            Assert.AreEqual("SERVICE closed\nOK\n", bench.Handle("END"));
            r.Run(1000);
            Assert.IsFalse(r.MotorOn, "the service session's end stops the QA run");
            Assert.AreEqual(0f, r.Fw.BenchSetpointHz, "and ends the bench rate");
            Assert.AreEqual(0, r.Pen.Flash.CountOf(SessionRecord.BeginTag), "no patient's session was logged");
            Assert.IsNotNull(r.Pen.Flash.Last(Treatment.QaTag + " start"), "the QA run was");

            r.Run(3000);
            r.HoldMain();
            r.Run(500);
            Assert.IsTrue(r.Fw.Treatment.SessionActive, "now a patient's session");
            Assert.AreEqual(r.Fw.Treatment.LevelHz, r.Fw.SetpointHz, "at the speed level's rate: the bench rate never carries into it");
        }

        [TestMethod]
        public void No_service_session_opens_during_a_patients_session_and_no_bench_rate_takes_one_over()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            r.HoldMain();
            r.Run(500);
            Assert.IsTrue(r.Fw.Treatment.SessionActive);
            float treatmentHz = r.Fw.SetpointHz;
            Assert.AreEqual("ERR 5 AUTH: a treatment session is open: end it first\n", bench.Handle("AUTH"));
            Assert.IsTrue(bench.Handle("BENCH 150").StartsWith("ERR 4 "), "no session, no bench rate");
            r.Run(500);
            Assert.AreEqual(treatmentHz, r.Fw.SetpointHz);
        }

        [TestMethod]
        public void A_service_session_opens_only_with_the_right_answer_and_wrong_ones_double_the_wait_across_power_cycles()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            Assert.AreEqual("ERR 8 AUTH: no challenge pending: send AUTH first\n", bench.Handle("AUTH " + new string('0', 64)));
            string challenge = Challenge(bench);
            Assert.IsTrue(challenge.StartsWith("device=" + FakePen.DeviceId + " boot="), challenge);
            Assert.IsTrue(bench.Handle("AUTH " + new string('a', 64)).StartsWith("ERR 8 AUTH: wrong answer (1 in a row); next challenge in 1 s"));
            Assert.IsFalse(r.Fw.Service.Open);
            // the right answer to the used-up challenge opens nothing
            Assert.IsTrue(bench.Handle("AUTH " + ServiceSession.Response(FakePen.Key, challenge)).StartsWith("ERR 8 AUTH: no challenge pending"));
            Assert.IsTrue(bench.Handle("AUTH").StartsWith("ERR 9 AUTH: wait 1 s"), "the wait");
            r.Run(1100);
            string second = Challenge(bench);
            Assert.IsFalse(challenge == second, "a challenge never repeats");
            Assert.IsTrue(bench.Handle("AUTH zz").StartsWith("ERR 8 AUTH: wrong answer (2 in a row); next challenge in 2 s"));
            r.PowerCycle(false);
            bench = Bench(r);
            Assert.IsTrue(bench.Handle("AUTH").StartsWith("ERR 9 AUTH: wait 2 s (2 wrong answers"), "a power cycle does not reset the count: " + bench.Handle("AUTH"));
            r.Run(2100);
            string third = Challenge(bench);
            Assert.AreEqual("SERVICE open idle_s=600\nOK\n", bench.Handle("AUTH " + ServiceSession.Response(FakePen.Key, third)));
            Assert.IsTrue(r.Fw.Service.Open);
            Assert.AreEqual(0, r.Fw.Service.Failures, "the count starts again");
            Assert.IsNotNull(r.Pen.Flash.Last(ServiceSession.ServiceTag + " open"), "logged");
            Assert.IsNotNull(r.Pen.Flash.Last(ServiceSession.ServiceTag + " auth=failed"), "the failures too");
            r.Run(10 * 60 * 1000 + 100);
            Assert.IsFalse(r.Fw.Service.Open, "closed after 10 minutes without a service command");
            Assert.IsNotNull(r.Pen.Flash.Last(ServiceSession.ServiceTag + " end why=idle"));
        }

        [TestMethod]
        public void Provision_gives_a_pen_its_key_once()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            Assert.IsTrue(bench.Handle("PROVISION id=PEN-2 key=" + new string('1', 64)).StartsWith("ERR 10 PROVISION: already provisioned"), "a key cannot be replaced");
            FakePen blank = new FakePen();
            blank.Flash.Put("key.a", new byte[0]);
            PenFirmware fw = blank.NewFirmware(BoardVariant.Battery1S());
            fw.Boot(0);
            fw.Tick(10000);
            BenchProtocol factory = new BenchProtocol(fw, BoardVariant.Battery1S());
            Assert.IsTrue(factory.Handle("AUTH").StartsWith("ERR 10 AUTH: no device key"), factory.Handle("AUTH"));
            Assert.IsTrue(factory.Handle("PROVISION id=PEN-2 key=12").StartsWith("ERR 10 PROVISION: key=: 64 hex digits"));
            Assert.AreEqual("PROVISIONED device=PEN-2\nOK\n", factory.Handle("PROVISION id=PEN-2 key=" + new string('1', 64)));
            Assert.AreEqual("PEN-2", Field(factory.Handle("ID"), "unit"));
            Assert.IsTrue(factory.Handle("PROVISION id=PEN-3 key=" + new string('2', 64)).StartsWith("ERR 10"), "once");
            for (int i = 0; i < 5; i++) Assert.IsTrue(factory.Handle("LOG 0 50").IndexOf(new string('1', 64)) < 0, "the key is never shown");
        }

        [TestMethod]
        public void Store_needs_a_service_session_takes_only_valid_records_and_the_pen_reads_them_at_power_up()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            string config = SessionRecord.ConfigTag + " session_cap_s=1200 pacing_s=20";
            Assert.IsTrue(bench.Handle("STORE " + config).StartsWith("ERR 4 STORE needs a service session"), "no session");
            Assert.IsTrue(bench.Handle("CAP LIFT").StartsWith("ERR 4 "), "no session");
            Assert.IsTrue(bench.Handle("CLEAR").StartsWith("ERR 4 "), "no session");
            Assert.IsNull(r.Pen.Flash.Records().Value(Pen.Core.Records.PenRecords.ConfigSlot), "nothing stored");

            ServiceUnlock(r);
            Assert.AreEqual("ERR 6 STORE: only ADCCAL, SUPPLYCAL, DEPTHCAL and CONFIG records may be stored from the bench (the session log is the pen's own)\n",
                bench.Handle("STORE CARTRIDGE removed after_n=1"));
            Assert.IsTrue(bench.Handle("STORE CART used=0 sessions=0 open=0").StartsWith("ERR 6 "), "the cartridge record is the pen's own");
            Assert.AreEqual("ERR 6 STORE: CONFIG session_cap_s=99999: seconds, 300 to 3600\n", bench.Handle("STORE CONFIG session_cap_s=99999 pacing_s=20"));
            Assert.AreEqual("ERR 6 STORE: CONFIG pacing_s=(missing): seconds, 10 to 120\n", bench.Handle("STORE CONFIG session_cap_s=1200"));
            Assert.IsTrue(bench.Handle("STORE SUPPLYCAL codes=1,2 mv=3000,4200").StartsWith("ERR 6 STORE: SUPPLYCAL wants"), "a calibration far off the board's line");
            Assert.IsTrue(bench.Handle("STORE ADCCAL in=motor codes=720,25545 mv=2000,22000").StartsWith("ERR 6 STORE: ADCCAL wants"), "no such input");
            Assert.IsTrue(bench.Handle("STORE ADCCAL in=supply codes=720,19000 mv=2000,22000").StartsWith("ERR 6 STORE: ADCCAL wants"), "a slope no ESP32 has");
            Assert.IsTrue(bench.Handle("STORE ADCCAL in=supply codes=720,25545 mv=2000,22000").EndsWith("OK\n"), "the nominal line's own points");
            Assert.IsTrue(bench.Handle("STORE " + DepthCalibration.Nominal().ToRecord()).EndsWith("OK\n"), "the nominal depth table is a valid one");
            Assert.IsNull(r.Pen.Flash.Records().Value(Pen.Core.Records.PenRecords.ConfigSlot), "only the valid records were stored");

            Assert.AreEqual("STORED config read at the next power-up\nOK\n", bench.Handle("STORE " + config));
            Assert.AreEqual(config, r.Pen.Flash.Records().Value(Pen.Core.Records.PenRecords.ConfigSlot));
            Assert.IsNotNull(r.Pen.Flash.Last(ServiceSession.ServiceTag + " store slot=config"), "logged as a service action");
            r.PowerCycle();
            Assert.AreEqual(1200L * 1000000L, r.Fw.Treatment.SessionCapMicros);
            Assert.AreEqual(20L * 1000000L, r.Fw.Treatment.PacingMicros);
            Assert.IsFalse(r.Fw.Service.Open, "a power cycle closes the service session");

            // not while the needles run; and a store that refuses says so
            bench = Bench(r);
            ServiceUnlock(r);
            r.HoldMain();
            Assert.AreEqual((int)StartRefusal.ServiceSessionOpen, (int)r.Fw.Treatment.LastRefusal, "no patient's session while a service session is open");
            bench.Handle("BENCH 100");
            r.Run(20);
            r.HoldMain();                              // a QA run
            Assert.IsTrue(r.Running);
            Assert.AreEqual("ERR 5 STORE: not while the needles run\n", bench.Handle("STORE " + config));
            r.TapMain();
            r.Run(500);
            r.Pen.Flash.Failed = true;
            Assert.IsTrue(bench.Handle("STORE " + config).StartsWith("ERR 7 STORE: the flash refused it"), "failed store");
        }

        [TestMethod]
        public void Faults_lists_each_snapshot_with_its_code_and_text()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            Assert.AreEqual("FAULTS held=0 total=0\nOK\n", bench.Handle("FAULTS"));
            r.HoldMain();
            r.Run(300);
            r.RemoveCartridge();                       // the cartridge pulled while the needles run
            r.Run(300);
            string faults = bench.Handle("FAULTS");
            Assert.IsTrue(faults.StartsWith("FAULTS held=1 total=1\nfault seq=1 "), faults);
            Assert.AreEqual(((int)FaultCode.CartridgeRemoved).ToString(), Field(faults, "code"));
            Assert.IsTrue(faults.Contains(" text=" + FaultText.Of(FaultCode.CartridgeRemoved) + "\nOK\n"), faults);
        }

        [TestMethod]
        public void Log_pages_through_the_records_oldest_first()
        {
            TreatmentRig r = new TreatmentRig();
            BenchProtocol bench = Bench(r);
            for (int session = 1; session <= 2; session++)
            {
                r.HoldMain();
                r.Run(300);
                r.TapMain();
                r.Run(500);
                r.RemoveCartridge();                   // ends the session: BEGIN and SESSION records
                r.InsertCartridge();
            }

            r.Run(500);                                // the last records, written a slice a tick
            Pen.Core.Records.PenRecords records = r.Fw.Records;
            int count = records.Count;
            Assert.AreEqual(4, count, bench.Handle("LOG 0"));
            Assert.AreEqual("LOG count=" + count.ToString() + " capacity=" + PenLimits.RecordStoreCapacity.ToString() + " next_seq=" + (count + 1).ToString() + "\nOK\n", bench.Handle("LOG"));
            Assert.AreEqual("REC 1 " + records.Read(1) + "\nREC 2 " + records.Read(2) + "\nOK\n", bench.Handle("LOG 1 2"));
            Assert.IsTrue(bench.Handle("LOG 0").StartsWith("REC 0 " + SessionRecord.BeginTag + " n=1 "), "the session's BEGIN first");
            Assert.AreEqual("OK\n", bench.Handle("LOG 1000"), "past the end: nothing");

            // a page is as many records as fit one answer (ResponseBuffer.Capacity); MORE says where the next begins
            for (int i = 0; i < 60; i++) r.Fw.Records.Append("fault seq=" + i.ToString() + " code=9 padding=" + new string('x', 300));
            string page = bench.Handle("LOG 0 50");
            Assert.IsTrue(page.Length <= ResponseBuffer.Capacity, "bounded: " + page.Length.ToString());
            Assert.IsTrue(page.IndexOf("\nMORE first=") > 0, "and says where to go on");
            string more = Field(page, "first");
            Assert.IsTrue(bench.Handle("LOG " + more + " 50").StartsWith("REC " + more + " "));
        }

        internal static BenchProtocol Bench(TreatmentRig r)
        {
            return new BenchProtocol(r.Fw, BoardVariant.Battery1S());
        }

        internal static void ServiceUnlock(TreatmentRig r)
        {
            string answer = r.OpenService();
            Assert.IsTrue(answer.StartsWith("SERVICE open"), answer);
        }

        /// <summary>The text of a CHALLENGE line (what the answer's MAC covers).</summary>
        private static string Challenge(BenchProtocol bench)
        {
            string c = bench.Handle("AUTH");
            Assert.IsTrue(c.StartsWith("CHALLENGE "), c);
            return c.Substring(10, c.IndexOf('\n') - 10);
        }

        /// <summary>A key's value in a response's first line that has it ("key=value").</summary>
        internal static string Field(string response, string key)
        {
            string[] lines = response.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                string v = RecordText.Field(lines[i], key);
                if (v != null) return v;
            }

            return null;
        }
    }
}
