namespace Pen.Core.Ports
{
    /// <summary>
    /// The calling thread gives up the CPU: a control tick that has fallen due runs before the caller goes on. The
    /// interpreter never preempts a thread by priority (nf-interpreter@a3e8139 src/CLR/Core/Execution.cpp), so a thread
    /// besides the tick that computes for long must yield in between. On the ESP32 Thread.Sleep(0): the thread waits,
    /// and the scheduler runs the next thread that is ready (Execution.cpp, CLR_RT_ExecutionEngine::Sleep).
    /// </summary>
    public interface IYield
    {
        /// <summary>Ends the calling thread's slice.</summary>
        void Yield();
    }
}
