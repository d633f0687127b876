using Pen.Core.Ports;

namespace Pen.Core.Indication
{
    /// <summary>
    /// Drives the LEDs and the buzzer from the pen's state. The treatment issue replaces this with one table of
    /// states and patterns.
    /// </summary>
    public sealed class Indicator
    {
        private PenState _shownState = PenState.Boot;
        private long _sinceMicros;

        public void Update(PenPorts io, PenState state, long nowMicros)
        {
            if (state != _shownState)
            {
                _shownState = state;
                _sinceMicros = nowMicros;
            }

            bool blink = ((nowMicros - _sinceMicros) / 250000) % 2 == 0;
            io.LedGreen.Write(state == PenState.Idle || state == PenState.Running || (state == PenState.Stopping && blink));
            io.LedAmber.Write(false);
            io.LedRed.Write(state == PenState.Fault);
            io.Buzzer.Write(false);
        }
    }
}
