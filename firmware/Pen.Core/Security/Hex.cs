namespace Pen.Core.Security
{
    /// <summary>Bytes as lower-case hexadecimal text and back (keys, challenges, responses on the bench serial).</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>Two lower-case hex digits per byte.</summary>
        public static string Encode(byte[] bytes)
        {
            char[] text = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                text[2 * i] = Digits[bytes[i] >> 4];
                text[2 * i + 1] = Digits[bytes[i] & 0xf];
            }

            return new string(text);
        }

        /// <summary>The bytes of a hex string (either case); null when it is not an even number of hex digits.</summary>
        public static byte[] Decode(string text)
        {
            if (text == null || text.Length % 2 != 0) return null;
            byte[] bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int hi = Digit(text[2 * i]), lo = Digit(text[2 * i + 1]);
                if (hi < 0 || lo < 0) return null;
                bytes[i] = (byte)((hi << 4) | lo);
            }

            return bytes;
        }

        /// <summary>The bytes of printable ASCII text (records, challenges: every character is below 128).</summary>
        public static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
            return bytes;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
