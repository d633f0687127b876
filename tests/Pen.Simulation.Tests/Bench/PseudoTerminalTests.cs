using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Simulation.Serial;

namespace Pen.Simulation.Tests.Bench
{
    /// <summary>
    /// The simulated pen's serial line (Linux): a pseudo-terminal's name must open that pseudo-terminal, and the check
    /// that proves it must tell another one apart, so the QA tool never talks to somebody else's pen.
    /// </summary>
    [TestClass]
    public sealed class PseudoTerminalTests
    {
        [TestMethod]
        public void A_pseudo_terminals_name_leads_to_it_and_another_ones_does_not()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("pseudo-terminals for the simulated pen are Linux only");
            using PseudoTerminal a = PseudoTerminal.Open(), b = PseudoTerminal.Open();
            Assert.AreNotEqual(a.Path, b.Path);
            Assert.IsTrue(PseudoTerminal.Carries(a, a), a.Path + " opens the pseudo-terminal it names");
            Assert.IsFalse(PseudoTerminal.Carries(a, b), "bytes into " + a.Path + " never come out of " + b.Path);
        }
    }
}
