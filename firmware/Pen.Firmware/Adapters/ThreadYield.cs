using System.Threading;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// IYield on nanoFramework: Thread.Sleep(0). The interpreter puts the caller in its waiting state
    /// (nf-interpreter@a3e8139 src/CLR/Core/Execution.cpp, CLR_RT_ExecutionEngine::Sleep) and runs the next thread that
    /// is ready, the control loop's when its tick has fallen due; the caller is ready again at once.
    /// </summary>
    public sealed class ThreadYield : IYield
    {
        public void Yield()
        {
            Thread.Sleep(0);
        }
    }
}
