namespace Pen.Core.Security
{
    /// <summary>
    /// HMAC-SHA-256 (RFC 2104, FIPS 198-1) over <see cref="Sha256"/>:
    ///   HMAC(K, m) = H((K0 ⊕ opad) ‖ H((K0 ⊕ ipad) ‖ m)),  K0 = K padded with zeros to 64 bytes (H(K) first when K is longer),
    ///   ipad = 0x36…, opad = 0x5c…
    /// The service session's challenge-response (Protocol/ServiceSession) and the host tools that answer it (the QA bench
    /// tool, the simulator's factory) both call this class. Tests: the RFC 4231 vectors.
    /// </summary>
    public static class HmacSha256
    {
        /// <summary>Length of a MAC. Unit: bytes.</summary>
        public const int MacLength = Sha256.DigestLength;

        /// <summary>The MAC of <paramref name="count"/> bytes of <paramref name="message"/> from <paramref name="offset"/> under <paramref name="key"/> (allocates the result).</summary>
        public static byte[] Compute(byte[] key, byte[] message, int offset, int count)
        {
            return Compute(key, message, offset, count, null);
        }

        /// <summary>IL instructions of a pad made and taken into the hash's block, reported to a SliceBudget before it. [D] metered: about 1,300 a 64-byte loop.</summary>
        public const int PadInstructions = 1500;

        /// <summary>As <see cref="Compute(byte[], byte[], int, int)"/>, telling <paramref name="slices"/> (null: none) of its rounds as they go (the bench's thread yields between them).</summary>
        public static byte[] Compute(byte[] key, byte[] message, int offset, int count, SliceBudget slices)
        {
            Sha256 sha = new Sha256();
            sha.Slices = slices;
            byte[] k0 = new byte[Sha256.BlockLength];
            if (key.Length > Sha256.BlockLength)
            {
                sha.Update(key, 0, key.Length);
                sha.Final(k0, 0);
            }
            else
            {
                for (int i = 0; i < key.Length; i++) k0[i] = key[i];
            }

            byte[] pad = new byte[Sha256.BlockLength];
            if (slices != null) slices.Spend(PadInstructions);
            for (int i = 0; i < pad.Length; i++) pad[i] = (byte)(k0[i] ^ 0x36);
            sha.Update(pad, 0, pad.Length);
            sha.Update(message, offset, count);
            byte[] inner = new byte[Sha256.DigestLength];
            sha.Final(inner, 0);

            if (slices != null) slices.Spend(PadInstructions);
            for (int i = 0; i < pad.Length; i++) pad[i] = (byte)(k0[i] ^ 0x5c);
            sha.Update(pad, 0, pad.Length);
            sha.Update(inner, 0, inner.Length);
            byte[] mac = new byte[MacLength];
            sha.Final(mac, 0);
            return mac;
        }

        /// <summary>The MAC of a whole message.</summary>
        public static byte[] Compute(byte[] key, byte[] message)
        {
            return Compute(key, message, 0, message.Length);
        }

        /// <summary>
        /// Whether two byte strings are equal, in a time that depends only on their lengths (a response compared this way
        /// tells an attacker nothing about how many of its bytes were right).
        /// </summary>
        public static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
