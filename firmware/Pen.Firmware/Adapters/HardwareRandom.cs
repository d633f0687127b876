using System;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// Random bytes for the service session's challenges (IRandomSource): nanoFramework's System.Random, whose ESP32
    /// native takes every byte from the chip's hardware generator, esp_random(), and ignores any seed
    /// (nf-interpreter@19e8883 targets/ESP32/_nanoCLR/targetRandom.cpp).
    /// </summary>
    public sealed class HardwareRandom : IRandomSource
    {
        private readonly Random _random = new Random();

        public void NextBytes(byte[] buffer)
        {
            _random.NextBytes(buffer);
        }
    }
}
