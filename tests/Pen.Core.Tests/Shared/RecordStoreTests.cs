#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Records;
using Pen.Core.Security;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The records on the flash (Records/): the line format, a durable record's two copies, the log's ring of files, and
    /// what boot makes of torn, damaged, oversize and garbage files and of a full volume.
    /// </summary>
    [TestClass]
    public class RecordStoreTests
    {
        [TestMethod]
        public void A_record_line_carries_its_sequence_and_crc_and_any_changed_byte_is_caught()
        {
            Assert.AreEqual("cbf43926", Hex.Encode(new byte[] { 0xCB, 0xF4, 0x39, 0x26 }), "(hex)");
            uint crc = Crc32.Of(Hex.Ascii("123456789"), 0, 9);
            Assert.IsTrue(crc == 0xCBF43926u, "the CRC-32 check value");
            byte[] line = new byte[RecordLine.MaxBytes];
            int n = RecordLine.Format("BEGIN n=1 profile=4", 42, line, 0);
            Assert.IsTrue(n > 0);
            Assert.AreEqual((byte)'\n', line[n - 1]);
            long seq;
            int textLength;
            Assert.IsTrue(RecordLine.Check(line, 0, n - 1, out seq, out textLength));
            Assert.AreEqual(42L, seq);
            Assert.AreEqual("BEGIN n=1 profile=4", RecordLine.Text(line, 0, textLength));
            for (int i = 0; i < n - 1; i++)
            {
                byte keep = line[i];
                line[i] = (byte)(keep ^ 0x04);
                Assert.IsFalse(RecordLine.Check(line, 0, n - 1, out seq, out textLength), "byte " + i.ToString() + " changed");
                line[i] = keep;
            }

            for (int cut = 0; cut < n - 1; cut++) Assert.IsFalse(RecordLine.Check(line, 0, cut, out seq, out textLength), "cut at " + cut.ToString());
            Assert.AreEqual(-1, RecordLine.Format("line\nbreak", 1, line, 0), "not a storable record");
        }

        [TestMethod]
        public void A_durable_record_alternates_its_copies_and_a_torn_write_leaves_the_value_before_it()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            Assert.AreEqual((int)SlotState.Absent, (int)r.StateOf(PenRecords.ConfigSlot));
            Assert.IsTrue(r.WriteNow(PenRecords.ConfigSlot, "CONFIG session_cap_s=1200 pacing_s=20"));
            Assert.IsTrue(r.WriteNow(PenRecords.ConfigSlot, "CONFIG session_cap_s=900 pacing_s=20"));
            Assert.IsNotNull(flash.Find("config.a"));
            Assert.IsNotNull(flash.Find("config.b"));
            Assert.AreEqual("CONFIG session_cap_s=900 pacing_s=20", Open(flash).Value(PenRecords.ConfigSlot), "the newer copy wins");

            // the next write goes to copy A; cut it at every length: the value is the last whole one, never damage
            byte[] before = flash.Find("config.a");
            Assert.IsTrue(Open(flash).WriteNow(PenRecords.ConfigSlot, "CONFIG session_cap_s=600 pacing_s=20"));
            byte[] written = flash.Find("config.a");
            for (int cut = 0; cut < written.Length; cut++)
            {
                flash.Put("config.a", Prefix(written, cut));
                PenRecords after = Open(flash);
                Assert.AreEqual("CONFIG session_cap_s=900 pacing_s=20", after.Value(PenRecords.ConfigSlot), "cut at " + cut.ToString());
                Assert.IsFalse(after.Damaged);
            }

            flash.Put("config.a", written);
            Assert.AreEqual("CONFIG session_cap_s=600 pacing_s=20", Open(flash).Value(PenRecords.ConfigSlot), "whole: the new value");
            Assert.IsTrue(before != null);
        }

        [TestMethod]
        public void A_durable_record_damaged_in_both_copies_latches_the_lockout_until_the_service_clears_it()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            Assert.IsTrue(r.WriteNow(PenRecords.CartridgeSlot, "CART used=0 sessions=3 open=0"));
            Assert.IsTrue(r.WriteNow(PenRecords.CartridgeSlot, "CART used=1 sessions=4 open=0"));
            flash.Put("cart.a", Garbage(700, 1));
            flash.Put("cart.b", Garbage(40, 2));
            PenRecords boot = Boot(flash);
            Assert.AreEqual((int)SlotState.Damaged, (int)boot.StateOf(PenRecords.CartridgeSlot));
            Assert.IsNull(boot.Value(PenRecords.CartridgeSlot), "no value: the owner applies its conservative one");
            Assert.IsTrue(boot.Damaged);
            Assert.AreEqual("cart", boot.DamagedNames);

            string refusal;
            Assert.IsFalse(boot.ClearLockout(out refusal), "still damaged");
            Assert.IsTrue(refusal.IndexOf("cart") >= 0, refusal);
            Assert.IsTrue(Boot(flash).Damaged, "latched across a power cycle");

            PenRecords service = Boot(flash);
            Assert.IsTrue(service.WriteNow(PenRecords.CartridgeSlot, "CART used=1 sessions=4 open=0"));
            Assert.IsTrue(service.ClearLockout(out refusal), refusal);
            Assert.IsFalse(Boot(flash).Damaged, "cleared");
        }

        [TestMethod]
        public void The_log_drops_its_oldest_file_when_full_and_reads_back_in_order()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            for (int i = 1; i <= 3 * PenLimits.RecordStoreCapacity + 7; i++) Assert.IsTrue(r.Append("fault seq=" + i.ToString() + " code=9"));
            PenRecords back = Open(flash);
            int count = back.Count;
            Assert.IsTrue(count <= PenLimits.RecordStoreCapacity && count > PenLimits.RecordStoreCapacity - PenLimits.LogRecordsPerSegment, count.ToString());
            long previous = 0;
            for (int i = 0; i < count; i++)
            {
                long seq;
                string rec = back.Read(i, out seq);
                Assert.IsNotNull(rec, "record " + i.ToString());
                Assert.AreEqual(previous == 0 ? seq : previous + 1, seq, "consecutive");
                previous = seq;
            }

            Assert.AreEqual("fault seq=" + (3 * PenLimits.RecordStoreCapacity + 7).ToString() + " code=9", back.Read(count - 1), "the newest last");
            Assert.AreEqual(count - 10, back.IndexOfSequence(previous - 9));
        }

        [TestMethod]
        public void A_log_line_torn_by_a_power_loss_is_skipped_and_the_next_record_starts_a_file()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            for (int i = 0; i < 5; i++) r.Append("BEGIN n=" + i.ToString());
            byte[] log0 = flash.Find("log0");
            Assert.IsTrue(r.Append("SESSION n=4 end=power-off cart=seated"));
            byte[] whole = flash.Find("log0");
            flash.Put("log0", Prefix(whole, log0.Length + 17));   // power lost 17 bytes into the line

            PenRecords boot = Boot(flash);
            Assert.AreEqual(5, boot.Count, "the torn line is skipped, the five before it kept");
            Assert.IsFalse(boot.Failing, "a torn last line is a power loss, not damage");
            Assert.IsTrue(boot.Append("SESSION n=4 end=power-lost cart=seated"));
            Assert.IsNotNull(flash.Find("log1"), "not appended to the torn line: a new file");
            PenRecords again = Open(flash);
            Assert.AreEqual(6, again.Count);
            Assert.AreEqual("SESSION n=4 end=power-lost cart=seated", again.Read(5));
        }

        [TestMethod]
        public void Garbage_oversize_and_truncated_files_boot_in_bounded_memory_with_the_damage_counted()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            r.WriteNow(PenRecords.CartridgeSlot, "CART used=0 sessions=2 open=0");
            for (int i = 0; i < 60; i++) r.Append("fault seq=" + i.ToString() + " code=9");   // log0 full, log1 holds 10
            flash.Put("log0", Garbage(1024 * 1024, 7));                                      // 1 MB of garbage
            byte[] log1 = flash.Find("log1");
            byte[] middle = new byte[log1.Length];
            for (int i = 0; i < log1.Length; i++) middle[i] = log1[i];
            int lineFeeds = 0, at = 0;
            while (lineFeeds < 4) if (middle[at++] == (byte)'\n') lineFeeds++;
            middle[at + 3] ^= 0x01;                                                           // the fifth line corrupted
            flash.Put("log1", middle);

            PenRecords boot = Boot(flash);
            Assert.AreEqual(1, boot.LogDamagedFiles, "the garbage file: read no further than a log file can be");
            Assert.IsTrue(boot.LogDamagedLines > 1, "the garbage's lines and the corrupted one: " + boot.LogDamagedLines.ToString());
            Assert.AreEqual(9, boot.Count, "the corrupted line skipped, the other records of log1 kept");
            Assert.IsTrue(boot.Failing, "readable: records may be missing");
            Assert.IsFalse(boot.Damaged, "no durable record was touched");
            Assert.AreEqual("CART used=0 sessions=2 open=0", boot.Value(PenRecords.CartridgeSlot));
            for (int i = 0; i < 100; i++) Assert.IsTrue(boot.Append("after " + i.ToString()), "the log goes on");

            byte[] cart = flash.Find("cart.a");
            flash.Put("cart.a", Garbage(2 * RecordLine.MaxBytes, 9));                         // oversize copy
            flash.Put("cart.b", Prefix(cart, 3));                                             // truncated copy
            PenRecords worse = Boot(flash);
            Assert.AreEqual((int)SlotState.Damaged, (int)worse.StateOf(PenRecords.CartridgeSlot));
            Assert.IsTrue(worse.Damaged);
        }

        [TestMethod]
        public void On_a_full_volume_the_log_gives_way_to_a_durable_record()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            for (int i = 0; i < 200; i++) r.Append("fault seq=" + i.ToString() + " code=9 padding=" + new string('x', 200));
            flash.CapacityBytes = flash.UsedBytes + 10;       // the volume is full
            Assert.IsTrue(r.WriteNow(PenRecords.CartridgeSlot, "CART used=1 sessions=7 open=7"), "written: the oldest log file was emptied");
            Assert.AreEqual("CART used=1 sessions=7 open=7", Open(flash).Value(PenRecords.CartridgeSlot));
            Assert.IsTrue(Open(flash).Count < 200, "the log lost its oldest records, nothing else");
            Assert.IsTrue(r.Append("SESSION n=7 end=power-off cart=seated"), "the log goes on too");

            flash.CapacityBytes = 0;                          // nothing fits at all: refused, and said so
            Assert.IsFalse(r.WriteNow(PenRecords.ConfigSlot, "CONFIG session_cap_s=1200 pacing_s=20"));
            Assert.IsTrue(r.Failing);
        }

        [TestMethod]
        public void While_deferring_nothing_is_written_and_the_flush_writes_it_all_in_order()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Open(flash);
            int writes = flash.Writes;
            r.Deferring = true;
            Assert.IsTrue(r.Write(PenRecords.CartridgeSlot, "CART used=0 sessions=1 open=0"), "held");
            for (int i = 0; i < PenLimits.DeferredRecordCapacity + 3; i++) Assert.IsTrue(r.Append("fault seq=" + i.ToString() + " code=11"));
            r.Flush();
            Assert.AreEqual(writes, flash.Writes, "nothing while deferring, flush or not");
            r.Deferring = false;
            r.Flush();
            PenRecords back = Open(flash);
            Assert.AreEqual("CART used=0 sessions=1 open=0", back.Value(PenRecords.CartridgeSlot));
            Assert.AreEqual(PenLimits.DeferredRecordCapacity + 1, back.Count, "the held records and the count of those that did not fit");
            Assert.AreEqual("fault seq=0 code=11", back.Read(0));
            Assert.AreEqual(PenRecords.DroppedTag + " records=3 while=running", back.Read(back.Count - 1));
        }

        [TestMethod]
        public void A_record_built_in_pieces_reaches_the_flash_as_its_text_and_a_slot_reads_it_back()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords r = Boot(flash);
            Session.SessionRecord s = new Session.SessionRecord();
            s.Begin(7, 0, 0, 2, 1.255f, 3, 88);
            s.UseProfile(4);
            s.UseProfile(1);
            s.Fault(Safety.FaultCode.CartridgeRemoved);
            s.Fault(Safety.FaultCode.MotorStall);
            s.Needling(-0.006f, 5);
            s.End = Session.SessionEnd.IdlePowerOff;
            s.ElapsedMicros = 123456789;
            s.NeedlingMicros = 98765432;
            s.Strokes = -3;
            s.CartridgeSeatedAtEnd = false;

            RecordChars end = r.TakeChars();
            for (int part = 0; part < Session.SessionRecord.EndParts; part++) s.EndPieces(end, part);
            Assert.IsTrue(r.Queue(end) > 0);
            RecordChars begin = r.TakeChars();
            s.BeginPieces(begin, 2, -0.006f, 3);
            Assert.IsTrue(r.Queue(begin) > 0);
            RecordChars cart = r.TakeChars();
            cart.Append(CartWords);
            cart.Append(long.MinValue);
            Assert.IsTrue(r.QueueWrite(PenRecords.CartridgeSlot, cart) > 0);
            int steps = 0;
            while (r.Pending && steps++ < 200) r.Step();
            Assert.IsTrue(steps > 10, "a slice a step: " + steps.ToString());

            Assert.AreEqual("SESSION n=7 end=idle-power-off elapsed_ms=123456 needling_ms=98765 onskin_ms=0 strokes=-3 profiles=2,4,1 depth_mm=-0.01-1.26 levels=3-5 pauses=0 cues=0 faults=11,1 fault_count=2 cart=removed soc_pct=88", r.Read(r.Count - 2));
            Assert.AreEqual("BEGIN n=7 profile=2 depth_mm=-0.01 level=3 soc_pct=88", r.Read(r.Count - 1));
            Assert.AreEqual("CART used=0 sessions=" + long.MinValue.ToString(), r.Value(PenRecords.CartridgeSlot), "read back from the flash");
            Assert.AreEqual("CART used=0 sessions=" + long.MinValue.ToString(), Open(flash).Value(PenRecords.CartridgeSlot), "and at the next boot");
        }

        private static readonly string CartWords = "CART used=0 sessions=";

        private static PenRecords Open(FakeFlashFiles flash)
        {
            PenRecords r = new PenRecords(flash);
            r.Load();
            return r;
        }

        private static PenRecords Boot(FakeFlashFiles flash)
        {
            PenRecords r = new PenRecords(flash);
            r.Open();
            return r;
        }

        private static byte[] Prefix(byte[] data, int length)
        {
            byte[] p = new byte[length];
            for (int i = 0; i < length; i++) p[i] = data[i];
            return p;
        }

        /// <summary>Bytes from a fixed xorshift sequence: newlines, printable and non-printable bytes alike.</summary>
        public static byte[] Garbage(int length, int seed)
        {
            byte[] g = new byte[length];
            uint x = (uint)(seed * 2654435761u + 1);
            for (int i = 0; i < length; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                g[i] = (byte)x;
            }

            return g;
        }
    }
}
