using System;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Constants written as literals (nanoCLR has no compile-time logarithm, and a static initializer's IL would land on a
    /// tick), checked against what they are derived from: a change to the Hall window's arc that leaves them stale fails here.
    /// </summary>
    [TestClass]
    public class DerivedConstantTests
    {
        [TestMethod]
        public void The_parks_way_out_log_ratio_is_ln_of_S_over_S_prime_made_from_the_Hall_arc()
        {
            double arc = PrivateConstant(typeof(NeedleRetraction), "HallArcStrokes");
            double wayOut = PrivateConstant(typeof(NeedleRetraction), "WayOutStrokes");
            double logRatio = PrivateConstant(typeof(NeedleRetraction), "WayOutFromArcLogRatio");

            double s = 0.5 + 0.5 * arc;        // S: the window's forward edge to the bottom of the stroke
            double sPrime = 0.5 - 0.5 * arc;   // S': the window's far edge to the bottom of the stroke
            Assert.AreEqual(s, wayOut, 1e-7, "WayOutStrokes = ½ + arc/2");
            Assert.AreEqual((float)Math.Log(s / sPrime), (float)logRatio, 2e-7f, "WayOutFromArcLogRatio = ln(S/S'), within a float's last bit");
        }

        [TestMethod]
        public void The_parks_spring_and_friction_shares_at_the_windows_edge_are_made_from_the_cartridge_law_and_the_Hall_arc()
        {
            // the cartridge of plant.md §3.3 [E]: F = F_0 + k·x with x = e·(1 − cos θ), on the cam's lever e·sin θ; the seal's
            // Coulomb force on the same lever. The window's edge is half the Hall arc from the retracted point
            const double f0 = 0.3, k = 150.0, e = 1.5e-3;
            double edge = Math.PI * PrivateConstant(typeof(NeedleRetraction), "HallArcStrokes");
            double peak = 0;
            for (int i = 0; i <= 200000; i++)
            {
                double t = Math.PI * i / 200000;
                peak = Math.Max(peak, SpringTorque(t, f0, k, e));
            }

            Assert.AreEqual((float)(SpringTorque(edge, f0, k, e) / peak), (float)PrivateConstant(typeof(NeedleRetraction), "SpringAtWindowEdgeShare"), 2e-7f,
                "SpringAtWindowEdgeShare = T_s(θ_w) / max T_s");
            // a weaker or stiffer spring of that build (F_0 and k scaled together) has the same share
            Assert.AreEqual(SpringTorque(edge, f0, k, e) / peak, SpringTorque(edge, 0.7 * f0, 0.7 * k, e) / (0.7 * peak), 1e-9, "the share of a spring ×0.7");
            // the seal's torque F_c·e·|sin θ| at the edge over its mean over a turn, F_c·e·2/π
            Assert.AreEqual((float)(Math.PI / 2 * Math.Sin(edge)), (float)PrivateConstant(typeof(NeedleRetraction), "CartridgeFrictionAtWindowEdgeShare"), 2e-7f,
                "CartridgeFrictionAtWindowEdgeShare = (π/2)·sin θ_w");
        }

        private static double SpringTorque(double camRad, double f0, double k, double e) => (f0 + k * e * (1 - Math.Cos(camRad))) * e * Math.Sin(camRad);

        private static double PrivateConstant(Type type, string name)
        {
            FieldInfo field = type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
            Assert.IsNotNull(field, type.Name + "." + name + " not found");
            Assert.IsTrue(field.IsLiteral, type.Name + "." + name + " is not a constant");
            return Convert.ToDouble(field.GetRawConstantValue());
        }
    }
}
