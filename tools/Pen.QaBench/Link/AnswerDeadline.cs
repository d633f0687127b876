using System.Globalization;

namespace Pen.QaBench.Link
{
    /// <summary>
    /// When a request's answer is no longer waited for. The timeout runs on the device's own clock while its lines show
    /// that clock (the pen's telemetry t_ms, the instrument's t_us): a device that the host hears late (a simulated pen
    /// starved of CPU, a host that reads its line late) has had less of its own time than the host has, and is judged on
    /// its own. Three rules, the first that holds ends the wait:
    ///   own clock: the device's lines show its clock ran on the timeout since the request was sent, with no answer;
    ///   silence:   no line at all came for the timeout of the host's time (a silent device shows no clock);
    ///   ceiling:   <see cref="CeilingFactor"/> times the timeout of the host's time passed, whatever the lines show.
    /// A real pen's clock runs with the host's, so on a real bench the first two rules are the host's timeout.
    /// Times in µs; the device's clock as <see cref="LineChannel.DeviceProgressMicros"/> (its advances summed, so a
    /// device that restarts its clock at a power-up goes on counting).
    /// </summary>
    public sealed class AnswerDeadline
    {
        /// <summary>The host-time ceiling as a multiple of the timeout (3 s: 60 s), however alive the device looks.</summary>
        public const double CeilingFactor = 20;

        private readonly long _timeoutMicros;
        private readonly long _sentHostMicros;
        private readonly long _sentDeviceMicros;

        /// <param name="timeoutS">The request's timeout. Unit: s.</param>
        /// <param name="sentHostMicros">Host time the request was sent.</param>
        /// <param name="deviceProgressMicros">The device's clock as its lines had shown it when the request was sent.</param>
        public AnswerDeadline(double timeoutS, long sentHostMicros, long deviceProgressMicros)
        {
            TimeoutS = timeoutS;
            _timeoutMicros = (long)(timeoutS * 1e6);
            _sentHostMicros = sentHostMicros;
            _sentDeviceMicros = deviceProgressMicros;
        }

        /// <summary>The request's timeout. Unit: s.</summary>
        public double TimeoutS { get; }

        /// <summary>The host-time ceiling. Unit: s.</summary>
        public double CeilingS => TimeoutS * CeilingFactor;

        /// <summary>
        /// Null while the answer may still come; else why it will not (for the timeout's message).
        /// </summary>
        /// <param name="hostMicros">Host time now.</param>
        /// <param name="lastLineHostMicros">Host time the device's newest line arrived (any line; 0 for none yet).</param>
        /// <param name="deviceProgressMicros">The device's clock as its lines show it now.</param>
        public string Expired(long hostMicros, long lastLineHostMicros, long deviceProgressMicros)
        {
            long host = hostMicros - _sentHostMicros;
            if (host >= CeilingS * 1e6)
                return "within " + S(CeilingS) + " s of the host's time (the ceiling), its clock having run on " + S((deviceProgressMicros - _sentDeviceMicros) / 1e6) + " s";
            if (deviceProgressMicros - _sentDeviceMicros >= _timeoutMicros)
                return "within " + S(TimeoutS) + " s of its own clock (its lines show it running, " + S(host / 1e6) + " s of the host's time)";
            long quiet = hostMicros - (lastLineHostMicros > _sentHostMicros ? lastLineHostMicros : _sentHostMicros);
            if (quiet >= _timeoutMicros)
                return "within " + S(TimeoutS) + " s, and sent no line for " + S(quiet / 1e6) + " s";
            return null;
        }

        private static string S(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
