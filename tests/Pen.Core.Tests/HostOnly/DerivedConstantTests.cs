using System;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Core.Control;

namespace Pen.Core.Tests
{
    /// <summary>
    /// Constants written as literals because nanoCLR has no compile-time logarithm, checked against the constants they are
    /// derived from: a change to the Hall window's arc that leaves them stale fails here.
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

        private static double PrivateConstant(Type type, string name)
        {
            FieldInfo field = type.GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static);
            Assert.IsNotNull(field, type.Name + "." + name + " not found");
            Assert.IsTrue(field.IsLiteral, type.Name + "." + name + " is not a constant");
            return Convert.ToDouble(field.GetRawConstantValue());
        }
    }
}
