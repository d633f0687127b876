using Pen.Core.Board;
using Pen.Core.Limits;

namespace Pen.Core.Records
{
    /// <summary>
    /// How a record sits on the flash: one line of printable ASCII, the record's text, its sequence number and the CRC-32
    /// of both, then a line feed:
    ///   "SESSION n=3 end=power-off ... #1042 *9a0c33f1\n"
    /// The sequence number orders the records of the log across its files and tells the two copies of a durable record
    /// apart (the higher wins); the CRC tells a torn or corrupted line from a good one. A line is at most
    /// <see cref="MaxBytes"/> long, so a reader needs no more than that much memory whatever a file holds.
    /// </summary>
    public static class RecordLine
    {
        /// <summary>Longest line: the longest record, " #", 19 digits, " *", 8 hex digits and the line feed. Unit: bytes.</summary>
        public const int MaxBytes = PenLimits.RecordMaxLength + 2 + 19 + 2 + 8 + 1;

        private const int CrcSuffix = 10; // " *" and 8 hex digits

        // the CRC's digits from a table made once: a string literal is a new string object per use on nanoCLR (ldstr)
        private static readonly byte[] HexDigits = { (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' };

        /// <summary>
        /// Writes the line of <paramref name="text"/> with <paramref name="sequence"/> into <paramref name="buffer"/> at
        /// <paramref name="offset"/> (line feed included). Returns its length, or −1 when the text is not a storable record
        /// (<see cref="RecordText.Storable"/>) or the buffer is too short. Allocates nothing.
        /// </summary>
        public static int Format(string text, long sequence, byte[] buffer, int offset)
        {
            if (!RecordText.Storable(text) || sequence < 0 || buffer.Length - offset < MaxBytes) return -1;
            int n = offset;
            for (int i = 0; i < text.Length; i++) buffer[n++] = (byte)text[i];
            return Finish(sequence, buffer, offset, n);
        }

        /// <summary>
        /// As <see cref="Format(string, long, byte[], int)"/> for the first <paramref name="length"/> characters of
        /// <paramref name="text"/> (a record built in a preallocated buffer: <see cref="RecordChars"/>). Allocates nothing.
        /// </summary>
        public static int Format(char[] text, int length, long sequence, byte[] buffer, int offset)
        {
            if (length < 0 || length > Limits.PenLimits.RecordMaxLength || length > text.Length || sequence < 0 || buffer.Length - offset < MaxBytes) return -1;
            int n = offset;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                if (c < ' ' || c > '~') return -1;
                buffer[n++] = (byte)c;
            }

            return Finish(sequence, buffer, offset, n);
        }

        /// <summary>Appends the sequence number, the CRC and the line feed to the text at <paramref name="offset"/>..<paramref name="n"/>; the line's length.</summary>
        private static int Finish(long sequence, byte[] buffer, int offset, int n)
        {
            return Finish(Crc32.Update(Crc32.Start, buffer, offset, n - offset), sequence, buffer, offset, n);
        }

        /// <summary>
        /// As <see cref="Format(string, long, byte[], int)"/> for a text already copied to the start of
        /// <paramref name="buffer"/> (<paramref name="textLength"/> printable bytes, checked by the caller) and CRC'd into the
        /// register <paramref name="textCrc"/> (<see cref="Crc32.Update"/> from <see cref="Crc32.Start"/>): only the sequence
        /// number, its CRC and the line's tail are left (a record prepared in slices, Records/PenRecords). The line's length,
        /// or −1 for a bad sequence or length. Allocates nothing.
        /// </summary>
        public static int FinishPrepared(uint textCrc, int textLength, long sequence, byte[] buffer)
        {
            if (textLength < 0 || textLength > PenLimits.RecordMaxLength || sequence < 0 || buffer.Length < MaxBytes) return -1;
            return Finish(textCrc, sequence, buffer, 0, textLength);
        }

        private static int Finish(uint textCrc, long sequence, byte[] buffer, int offset, int n)
        {
            int textEnd = n;
            buffer[n++] = (byte)' ';
            buffer[n++] = (byte)'#';
            n = WriteDecimal(sequence, buffer, n);
            uint crc = Crc32.Final(Crc32.Update(textCrc, buffer, textEnd, n - textEnd));
            buffer[n++] = (byte)' ';
            buffer[n++] = (byte)'*';
            for (int shift = 28; shift >= 0; shift -= 4) buffer[n++] = HexDigits[(int)((crc >> shift) & 0xf)];
            buffer[n++] = (byte)'\n';
            return n - offset;
        }

        /// <summary>
        /// Whether <paramref name="length"/> bytes at <paramref name="start"/> (a line without its line feed) are a whole,
        /// unchanged record line: the text printable ASCII, the sequence number and the CRC in place, the CRC matching.
        /// <paramref name="sequence"/> and <paramref name="textLength"/> are set only when it is. Allocates nothing.
        /// </summary>
        public static bool Check(byte[] buffer, int start, int length, out long sequence, out int textLength)
        {
            sequence = -1;
            textLength = 0;
            if (length < 1 + 3 + CrcSuffix || length > MaxBytes - 1) return false;
            int crcAt = start + length - CrcSuffix;
            if (buffer[crcAt] != ' ' || buffer[crcAt + 1] != '*') return false;
            uint stored = 0;
            for (int i = crcAt + 2; i < start + length; i++)
            {
                int d = HexDigit(buffer[i]);
                if (d < 0) return false;
                stored = (stored << 4) | (uint)d;
            }

            // the sequence number: digits back to '#', after a space
            int hash = crcAt - 1;
            while (hash > start && buffer[hash] >= '0' && buffer[hash] <= '9') hash--;
            int digits = crcAt - 1 - hash;
            if (digits < 1 || digits > 18 || buffer[hash] != '#' || hash - 1 < start || buffer[hash - 1] != ' ') return false;
            for (int i = start; i < hash - 1; i++)
            {
                if (buffer[i] < ' ' || buffer[i] > '~') return false;
            }

            if (Crc32.Of(buffer, start, crcAt - start) != stored) return false;
            long seq = 0;
            for (int i = hash + 1; i < crcAt; i++) seq = seq * 10 + (buffer[i] - '0');
            sequence = seq;
            textLength = hash - 1 - start;
            return true;
        }

        /// <summary>
        /// As <see cref="Check"/> for the line a <see cref="LineReader"/> has just read, with the CRC register and the
        /// printable check the reader kept as it read: no second pass over the line (a reader on the bench's thread reads
        /// a line in bounded pieces and checks it in a few steps).
        /// </summary>
        public static bool CheckRead(LineReader reader, out long sequence, out int textLength)
        {
            sequence = -1;
            textLength = 0;
            byte[] buffer = reader.Line;
            int length = reader.Length;
            if (reader.TooLong || length < 1 + 3 + CrcSuffix || length > MaxBytes - 1) return false;
            int crcAt = length - CrcSuffix;
            if (buffer[crcAt] != ' ' || buffer[crcAt + 1] != '*') return false;
            uint stored = 0;
            for (int i = crcAt + 2; i < length; i++)
            {
                int d = HexDigit(buffer[i]);
                if (d < 0) return false;
                stored = (stored << 4) | (uint)d;
            }

            int hash = crcAt - 1;
            while (hash > 0 && buffer[hash] >= '0' && buffer[hash] <= '9') hash--;
            int digits = crcAt - 1 - hash;
            if (digits < 1 || digits > 18 || buffer[hash] != '#' || hash - 1 < 0 || buffer[hash - 1] != ' ') return false;
            int unprintable = reader.FirstUnprintable;
            if (unprintable >= 0 && unprintable < hash - 1) return false;
            if (Crc32.Final(reader.CrcRegisterAfter(crcAt)) != stored) return false;
            long seq = 0;
            for (int i = hash + 1; i < crcAt; i++) seq = seq * 10 + (buffer[i] - '0');
            sequence = seq;
            textLength = hash - 1;
            return true;
        }

        /// <summary>The record's text (allocates: for readers of the log and of durable records, never the tick).</summary>
        public static string Text(byte[] buffer, int start, int textLength)
        {
            char[] chars = new char[textLength];
            for (int i = 0; i < textLength; i++) chars[i] = (char)buffer[start + i];
            return new string(chars);
        }

        private static int WriteDecimal(long value, byte[] buffer, int at)
        {
            int digits = 1;
            for (long v = value / 10; v > 0; v /= 10) digits++;
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[at + i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }

            return at + digits;
        }

        private static int HexDigit(byte b)
        {
            if (b >= '0' && b <= '9') return b - '0';
            if (b >= 'a' && b <= 'f') return b - 'a' + 10;
            return -1;
        }
    }
}
