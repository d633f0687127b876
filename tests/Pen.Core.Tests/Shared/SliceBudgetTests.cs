#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Ports;
using Pen.Core.Protocol;
using Pen.Core.Records;
using Pen.Core.Security;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The bench thread's slices (SliceBudget, docs/scheduler.md): work done in bounded pieces, the thread yielding in
    /// between, gives exactly what the work done whole gives.
    /// </summary>
    [TestClass]
    public class SliceBudgetTests
    {
        private sealed class CountingYield : IYield
        {
            public int Count;
            public void Yield() { Count++; }
        }

        private static byte[] Bytes(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++) b[i] = (byte)text[i];
            return b;
        }

        private static string Line(string text, long sequence)
        {
            byte[] buffer = new byte[RecordLine.MaxBytes];
            int n = RecordLine.Format(text, sequence, buffer, 0);
            char[] c = new char[n];
            for (int i = 0; i < n; i++) c[i] = (char)buffer[i];
            return new string(c);
        }

        [TestMethod]
        public void A_file_read_a_few_bytes_at_a_time_gives_the_lines_and_verdicts_of_the_whole_read()
        {
            string tooLong = new string('y', RecordLine.MaxBytes + 40);
            char[] flipped = Line("SESSION n=2 end=power-off", 8).ToCharArray();
            flipped[10] = '3'; // "n=2" read as "n=3": the CRC no longer matches
            string corrupt = new string(flipped);
            string withControl = "BAD\u0001 text #9 *00000000\n";
            string file = Line("SESSION n=1 begin area=cheeks", 7) + corrupt + tooLong + "\n" + withControl + Line(new string('z', 500), 10) + Line("END n=1", 11).Substring(0, 9);
            FakeFlashFiles flash = new FakeFlashFiles();
            flash.Put("f", Bytes(file));
            LineReader whole = new LineReader();
            LineReader pieces = new LineReader();
            whole.Start(flash, "f", 0, 100000);
            pieces.Start(flash, "f", 0, 100000);
            int lines = 0, good = 0;
            while (true)
            {
                bool more = whole.Next();
                int r;
                int calls = 0;
                do
                {
                    r = pieces.Next(7);
                    calls++;
                }
                while (r == LineReader.NotYet);

                Assert.AreEqual(more, r == LineReader.Complete, "line " + lines + ": both at the end or neither");
                if (!more) break;
                Assert.AreEqual(whole.Length, pieces.Length, "line " + lines + " length");
                Assert.AreEqual(whole.TooLong, pieces.TooLong, "line " + lines + " too long");
                Assert.AreEqual(whole.Unterminated, pieces.Unterminated, "line " + lines + " unterminated");
                for (int i = 0; i < whole.Length; i++) Assert.AreEqual(whole.Line[i], pieces.Line[i], "line " + lines + " byte " + i);
                long s1 = -1, s2;
                int t1 = 0, t2;
                bool checkWhole = !whole.TooLong && RecordLine.Check(whole.Line, 0, whole.Length, out s1, out t1);
                bool checkRead = RecordLine.CheckRead(pieces, out s2, out t2);
                Assert.AreEqual(checkWhole, checkRead, "line " + lines + ": the one-pass check agrees with the two-pass one");
                if (checkWhole)
                {
                    Assert.AreEqual(s1, s2, "sequence");
                    Assert.AreEqual(t1, t2, "text length");
                    good++;
                }

                if (whole.Length > 100) Assert.IsTrue(calls > 10, "a long line took many pieces: " + calls);
                lines++;
            }

            Assert.AreEqual(6, lines, "six lines, the last cut short");
            Assert.AreEqual(2, good, "the first and the 500-character record are whole; the corrupt, the overlong, the unprintable and the cut one are not");
        }

        [TestMethod]
        public void A_log_record_read_in_slices_is_the_record_and_its_thread_yields_between_them()
        {
            FakeFlashFiles flash = new FakeFlashFiles();
            PenRecords records = new PenRecords(flash);
            records.Load();
            string longRecord = "SERVICE store CONFIG " + new string('c', 480);
            Assert.IsTrue(records.Append("SESSION n=1 begin"));
            Assert.IsTrue(records.Append(longRecord));
            Assert.IsTrue(records.Append("SESSION n=1 end"));
            CountingYield yield = new CountingYield();
            SliceBudget slices = new SliceBudget(yield);
            for (int i = 0; i < 3; i++)
            {
                long sequence;
                int length = records.ReadLine(i, slices, out sequence);
                char[] text = new char[length];
                for (int k = 0; k < length; k++) text[k] = (char)records.PageLine[k];
                Assert.AreEqual(records.Read(i), new string(text), "record " + i);
            }

            long none;
            Assert.AreEqual(-1, records.ReadLine(3, slices, out none), "no fourth record");
            // 530 bytes of the long record at PenRecords.PageSliceBytes a piece
            Assert.IsTrue(yield.Count >= 530 / PenRecords.PageSliceBytes - 1, "yields: " + yield.Count);
        }

        [TestMethod]
        public void An_hmac_computed_in_slices_is_the_RFC_4231_value()
        {
            CountingYield yield = new CountingYield();
            byte[] key = new byte[20];
            for (int i = 0; i < key.Length; i++) key[i] = 0x0b;
            byte[] message = Hex.Ascii("Hi There");
            Assert.AreEqual("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                Hex.Encode(HmacSha256.Compute(key, message, 0, message.Length, new SliceBudget(yield))), "RFC 4231 test case 1");
            // four compressions of 64 rounds and 48 schedule steps, 8 a report, about one yield for every two reports
            Assert.IsTrue(yield.Count >= 20, "yields: " + yield.Count);
        }

        [TestMethod]
        public void An_answer_copied_into_its_buffer_yields_every_few_dozen_characters_and_at_every_line()
        {
            CountingYield yield = new CountingYield();
            ResponseBuffer buffer = new ResponseBuffer();
            buffer.Slices = new SliceBudget(yield);
            Assert.IsTrue(buffer.Add(new string('a', 1000)));
            int afterText = yield.Count;
            Assert.IsTrue(afterText >= 1000 / ResponseBuffer.PieceChars - 1, "yields in 1,000 characters: " + afterText);
            Assert.IsTrue(buffer.Line("OK"));
            Assert.IsTrue(yield.Count >= afterText + 1, "a line ends a slice");
            Assert.AreEqual(1003, buffer.Length);
        }
    }
}
