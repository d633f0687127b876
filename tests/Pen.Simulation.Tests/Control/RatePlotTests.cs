using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Reports;

namespace Pen.Simulation.Tests.Control
{
    /// <summary>The control report's plots are drawn in-process (no system package): a real PNG of the stated size.</summary>
    [TestClass]
    public class RatePlotTests
    {
        [TestMethod]
        public void A_rate_plot_is_a_PNG_of_the_stated_size_with_something_drawn()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pen-plot-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string png = Path.Combine(dir, "p.png");
            var strokes = new double[60];
            var t = new List<double>();
            var setpoint = new List<double>();
            var estimate = new List<double>();
            for (int i = 0; i < strokes.Length; i++) strokes[i] = i * 0.01 + (i > 30 ? 0.0005 : 0);
            for (int i = 0; i < 60; i++)
            {
                t.Add(i * 0.01);
                setpoint.Add(100);
                estimate.Add(i > 30 ? 98 : 100);
            }

            RatePlot.Write(png, "test: contact", 0.3, 0.2, 0.55, 100, strokes, t, setpoint, estimate);

            byte[] bytes = File.ReadAllBytes(png);
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            // IHDR: width and height, big-endian, at bytes 16 and 20
            Assert.AreEqual(RatePlot.WidthPx, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
            Assert.AreEqual(RatePlot.HeightPx, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
            Assert.IsTrue(bytes.Length > 10_000, "a blank picture compresses to far less: " + bytes.Length + " bytes");
            Directory.Delete(dir, true);
        }
    }
}
