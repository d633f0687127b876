namespace Pen.Core.Security
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2), written for the nanoFramework subset: no nanoFramework package provides it. One
    /// 64-byte block at a time, big-endian words, the message padded with 1, zeros and its length in bits.
    ///   W_t = M_t (t &lt; 16);  W_t = σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16}
    ///   T1 = h + Σ1(e) + Ch(e,f,g) + K_t + W_t;  T2 = Σ0(a) + Maj(a,b,c)
    /// Service-session use only (a challenge, a response): never in the control tick. Tests: the FIPS 180-4 examples.
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Length of a digest. Unit: bytes.</summary>
        public const int DigestLength = 32;

        /// <summary>Length of a block. Unit: bytes.</summary>
        public const int BlockLength = 64;

        // the first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2)
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _h = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _block = new byte[BlockLength];
        private int _filled;
        private long _length;

        public Sha256()
        {
            Reset();
        }

        /// <summary>Starts a new message (FIPS 180-4 §5.3.3: the initial hash value).</summary>
        public void Reset()
        {
            _h[0] = 0x6a09e667;
            _h[1] = 0xbb67ae85;
            _h[2] = 0x3c6ef372;
            _h[3] = 0xa54ff53a;
            _h[4] = 0x510e527f;
            _h[5] = 0x9b05688c;
            _h[6] = 0x1f83d9ab;
            _h[7] = 0x5be0cd19;
            _filled = 0;
            _length = 0;
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            SliceBudget slices = Slices;
            for (int i = 0; i < count; i++)
            {
                if (slices != null && (i & (UpdateBytesPerSlice - 1)) == 0) slices.Spend(SliceInstructions);
                _block[_filled++] = data[offset + i];
                if (_filled == BlockLength)
                {
                    Compress();
                    _filled = 0;
                }
            }

            _length += count;
        }

        /// <summary>Adds a whole array to the message.</summary>
        public void Update(byte[] data)
        {
            Update(data, 0, data.Length);
        }

        /// <summary>Pads the message, writes its 32-byte digest to <paramref name="digest"/> at <paramref name="offset"/>, and starts a new one.</summary>
        public void Final(byte[] digest, int offset)
        {
            long bits = _length * 8;
            // padding: one 1 bit, zeros to 56 bytes of the block, then the length as a 64-bit big-endian number
            _block[_filled++] = 0x80;
            if (_filled > 56)
            {
                while (_filled < BlockLength) _block[_filled++] = 0;
                Compress();
                _filled = 0;
            }

            while (_filled < 56) _block[_filled++] = 0;
            for (int i = 7; i >= 0; i--) _block[_filled++] = (byte)(bits >> (8 * i));
            Compress();
            for (int i = 0; i < 8; i++)
            {
                digest[offset + 4 * i] = (byte)(_h[i] >> 24);
                digest[offset + 4 * i + 1] = (byte)(_h[i] >> 16);
                digest[offset + 4 * i + 2] = (byte)(_h[i] >> 8);
                digest[offset + 4 * i + 3] = (byte)_h[i];
            }

            Reset();
        }

        /// <summary>The digest of a whole message (allocates the result).</summary>
        public static byte[] Hash(byte[] message)
        {
            Sha256 sha = new Sha256();
            sha.Update(message, 0, message.Length);
            byte[] digest = new byte[DigestLength];
            sha.Final(digest, 0);
            return digest;
        }

        /// <summary>Told of every <see cref="RoundsPerSlice"/> rounds as they go (null: none): the bench's thread yields between them.</summary>
        public SliceBudget Slices { get; set; }

        /// <summary>Rounds (or message-schedule steps) of the compression between two reports to <see cref="Slices"/> (a power of two).</summary>
        public const int RoundsPerSlice = 8;

        /// <summary>Bytes taken into the block between two reports to <see cref="Slices"/> (a power of two). [D] about 60 IL instructions a byte (metered): 16 are under <see cref="SliceInstructions"/>.</summary>
        public const int UpdateBytesPerSlice = 16;

        /// <summary>IL instructions of <see cref="RoundsPerSlice"/> rounds or schedule steps, reported to <see cref="Slices"/> before them. [D] metered: about 1,000 for 8 rounds, 1,460 for 8 schedule steps.</summary>
        public const int SliceInstructions = 1500;

        private void Compress()
        {
            SliceBudget slices = Slices;
            if (slices != null) slices.Spend(SliceInstructions); // the block's words and the first schedule steps
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                w[t] = ((uint)_block[4 * t] << 24) | ((uint)_block[4 * t + 1] << 16) | ((uint)_block[4 * t + 2] << 8) | _block[4 * t + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                if (slices != null && (t & (RoundsPerSlice - 1)) == 0) slices.Spend(SliceInstructions);
                uint x = w[t - 15], y = w[t - 2];
                uint s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ (x >> 3);
                uint s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ (y >> 10);
                w[t] = unchecked(s1 + w[t - 7] + s0 + w[t - 16]);
            }

            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            for (int t = 0; t < 64; t++)
            {
                if (slices != null && (t & (RoundsPerSlice - 1)) == 0) slices.Spend(SliceInstructions);
                uint sum1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
                uint ch = (e & f) ^ (~e & g);
                uint t1 = unchecked(h + sum1 + ch + K[t] + w[t]);
                uint sum0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
                uint maj = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = unchecked(sum0 + maj);
                h = g;
                g = f;
                f = e;
                e = unchecked(d + t1);
                d = c;
                c = b;
                b = a;
                a = unchecked(t1 + t2);
            }

            _h[0] = unchecked(_h[0] + a);
            _h[1] = unchecked(_h[1] + b);
            _h[2] = unchecked(_h[2] + c);
            _h[3] = unchecked(_h[3] + d);
            _h[4] = unchecked(_h[4] + e);
            _h[5] = unchecked(_h[5] + f);
            _h[6] = unchecked(_h[6] + g);
            _h[7] = unchecked(_h[7] + h);
        }

        private static uint Rotr(uint x, int n)
        {
            return (x >> n) | (x << (32 - n));
        }
    }
}
