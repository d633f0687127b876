namespace Pen.Core.Ports
{
    /// <summary>
    /// Random bytes for the service session's challenges. On the ESP32, nanoFramework's System.Random.NextBytes, which
    /// takes each byte from the chip's hardware generator (esp_random: nf-interpreter@a3e8139
    /// targets/ESP32/_nanoCLR/targetRandom.cpp); without the radio on, ESP-IDF calls that output pseudo-random, so a
    /// challenge also carries the boot count and a per-boot counter, which never repeat (Protocol/ServiceSession).
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
        void NextBytes(byte[] buffer);
    }
}
