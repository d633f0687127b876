using System;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Security;

namespace Pen.Core.Tests
{
    /// <summary>The core's SHA-256 and HMAC against .NET's own implementation, on random lengths around the block boundaries.</summary>
    [TestClass]
    public class CryptoCrossCheckTests
    {
        [TestMethod]
        public void Sha256_and_hmac_match_the_platforms_on_every_length_up_to_300_bytes()
        {
            var random = new Random(34);
            for (int length = 0; length <= 300; length++)
            {
                byte[] message = new byte[length];
                random.NextBytes(message);
                byte[] key = new byte[random.Next(1, 150)];
                random.NextBytes(key);
                CollectionAssert.AreEqual(SHA256.HashData(message), Sha256.Hash(message), "SHA-256 of " + length + " bytes");
                CollectionAssert.AreEqual(HMACSHA256.HashData(key, message), HmacSha256.Compute(key, message), "HMAC of " + length + " bytes, key " + key.Length);
            }
        }
    }
}
