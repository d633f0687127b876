namespace Pen.Core.Records
{
    /// <summary>
    /// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial and final value 0xFFFFFFFF), which every record line
    /// carries so that a torn or corrupted line is told from a good one: it detects every burst error up to 32 bits and all
    /// but 2^-32 of longer ones. It guards against accidents, not against someone who can write the flash (docs/security.md).
    /// Check value: CRC-32("123456789") = 0xCBF43926.
    /// </summary>
    public static class Crc32
    {
        /// <summary>The byte-wise table of the polynomial (Records/PenRecords' slices fold their copy into the CRC's loop with it).</summary>
        internal static readonly uint[] Table = BuildTable();

        /// <summary>The register before the first byte (a CRC taken in pieces starts here: <see cref="Update"/>, then <see cref="Final"/>).</summary>
        public const uint Start = 0xFFFFFFFF;

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Of(byte[] data, int offset, int count)
        {
            return ~Update(Start, data, offset, count);
        }

        /// <summary>The register <paramref name="crc"/> carried over <paramref name="count"/> more bytes (a CRC taken in slices gives the same as <see cref="Of"/>).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint[] table = Table;
            int end = offset + count;
            for (int i = offset; i < end; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
            return crc;
        }

        /// <summary>The CRC from the register after the last byte.</summary>
        public static uint Final(uint crc)
        {
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[n] = c;
            }

            return table;
        }
    }
}
