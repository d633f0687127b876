using Pen.Core.Limits;
using Pen.Core.Ports;

namespace Pen.Core
{
    /// <summary>
    /// The bench serial's thread's share of the CPU, in slices: its long loops (the log read in pieces, an answer copied
    /// into its buffer, SHA-256's rounds) tell it the IL instructions of each piece before they do it, and when a piece
    /// would take the slice past <see cref="PenLimits.BenchSliceInstructions"/> the thread yields first (<see cref="IYield"/>),
    /// so a control tick that fell due waits for about one slice at most. Call it only where no lock is held: a tick waiting on a
    /// lock would wait for the whole work. Without a yield port (tests, boot) it only counts.
    /// </summary>
    public sealed class SliceBudget
    {
        private readonly IYield _yield;
        private int _spent;

        /// <param name="yield">How the thread yields; null: never (a caller with no tick beside it).</param>
        public SliceBudget(IYield yield)
        {
            _yield = yield;
        }

        /// <summary>Times the thread yielded. Unit: count.</summary>
        public int Yields { get; private set; }

        /// <summary>Work about to be done (IL instructions, the caller's measured estimate): yields first when it would take the slice past its budget.</summary>
        public void Spend(int instructions)
        {
            if (_spent + instructions > PenLimits.BenchSliceInstructions) End();
            _spent += instructions;
        }

        /// <summary>Ends the slice now (between two commands, after a write).</summary>
        public void End()
        {
            _spent = 0;
            Yields++;
            if (_yield != null) _yield.Yield();
        }
    }
}
