#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Pen.Core.Security;

namespace Pen.Core.Tests
{
    /// <summary>
    /// The core's SHA-256 against the examples of FIPS 180-4 (NIST, "Example Algorithms: SHA-256", and FIPS 180-2
    /// appendix B.3 for the million 'a'), and its HMAC-SHA-256 against RFC 4231 §4.2-4.8 (all seven test cases).
    /// </summary>
    [TestClass]
    public class Sha256HmacTests
    {
        [TestMethod]
        public void Sha256_gives_the_FIPS_180_4_example_digests()
        {
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex.Encode(Sha256.Hash(Hex.Ascii("abc"))), "one block");
            Assert.AreEqual("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Hex.Encode(Sha256.Hash(Hex.Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))), "two blocks: the length spills into a second");
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex.Encode(Sha256.Hash(new byte[0])), "the empty message");

            // one million 'a', fed in uneven pieces: the block boundary falls inside an update
            Sha256 sha = new Sha256();
            byte[] piece = new byte[1000];
            for (int i = 0; i < piece.Length; i++) piece[i] = (byte)'a';
            int fed = 0;
            int step = 1;
            while (fed < 1000000)
            {
                int n = step;
                if (n > piece.Length) n = piece.Length;
                if (n > 1000000 - fed) n = 1000000 - fed;
                sha.Update(piece, 0, n);
                fed += n;
                step = step * 7 % 997 + 1;
            }

            byte[] digest = new byte[Sha256.DigestLength];
            sha.Final(digest, 0);
            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex.Encode(digest), "a million 'a'");
        }

        [TestMethod]
        public void Hmac_sha256_gives_the_RFC_4231_test_vectors()
        {
            Assert.AreEqual("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                Mac(Repeat(0x0b, 20), Hex.Ascii("Hi There")), "test case 1");
            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Mac(Hex.Ascii("Jefe"), Hex.Ascii("what do ya want for nothing?")), "test case 2: a key shorter than the output");
            Assert.AreEqual("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                Mac(Repeat(0xaa, 20), Repeat(0xdd, 50)), "test case 3");
            Assert.AreEqual("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                Mac(Hex.Decode("0102030405060708090a0b0c0d0e0f10111213141516171819"), Repeat(0xcd, 50)), "test case 4");
            Assert.AreEqual("a3b6167473100ee06e0c796c2955552b",
                Mac(Repeat(0x0c, 20), Hex.Ascii("Test With Truncation")).Substring(0, 32), "test case 5: truncated to 128 bits");
            Assert.AreEqual("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                Mac(Repeat(0xaa, 131), Hex.Ascii("Test Using Larger Than Block-Size Key - Hash Key First")), "test case 6: the key hashed first");
            Assert.AreEqual("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                Mac(Repeat(0xaa, 131), Hex.Ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")),
                "test case 7: key and data longer than a block");
        }

        [TestMethod]
        public void Hex_round_trips_and_refuses_what_is_not_hex()
        {
            byte[] bytes = { 0x00, 0x7f, 0x80, 0xff, 0x0a };
            Assert.AreEqual("007f80ff0a", Hex.Encode(bytes));
            byte[] back = Hex.Decode("007F80ff0A");
            Assert.IsNotNull(back);
            Assert.IsTrue(HmacSha256.FixedTimeEquals(bytes, back));
            Assert.IsNull(Hex.Decode("abc"), "odd length");
            Assert.IsNull(Hex.Decode("zz"), "not a hex digit");
            Assert.IsFalse(HmacSha256.FixedTimeEquals(bytes, new byte[] { 0x00, 0x7f, 0x80, 0xff, 0x0b }), "one bit differs");
            Assert.IsFalse(HmacSha256.FixedTimeEquals(bytes, new byte[4]), "another length");
        }

        private static string Mac(byte[] key, byte[] data)
        {
            return Hex.Encode(HmacSha256.Compute(key, data));
        }

        private static byte[] Repeat(int value, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++) b[i] = (byte)value;
            return b;
        }
    }
}
