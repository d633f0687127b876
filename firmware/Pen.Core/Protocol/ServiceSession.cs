using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Core.Records;
using Pen.Core.Security;

namespace Pen.Core.Protocol
{
    /// <summary>
    /// The service session: what must be open before anything on the bench serial may change how the pen treats a
    /// patient (calibration, configuration, the clinic depth cap, the bench rate, clearing the records' damage latch).
    /// It opens by challenge and response with the pen's own key, provisioned at the factory (the durable record
    /// "KEY id=… key=…", never shown on the serial):
    ///   AUTH            → "CHALLENGE device=PEN-00042 boot=17 n=1 nonce=&lt;32 hex&gt;"
    ///   AUTH &lt;mac&gt;      mac = HMAC-SHA-256(key, the challenge's text after "CHALLENGE "), 64 hex digits
    /// (<see cref="Response"/> computes it for a host tool). A challenge is good for one answer and
    /// <see cref="PenLimits.ServiceChallengeMicros"/>; it carries the boot count (durable, one more at every boot) and a
    /// counter, so it never repeats and an old answer is worth nothing. Each wrong answer doubles the wait before the
    /// next challenge (1, 2, 4 … s, at most <see cref="PenLimits.ServiceMaxBackoffSeconds"/>); the count of failures is a
    /// durable record, so a power cycle does not reset it (the wait starts again at power-up). A session closes on END,
    /// after <see cref="PenLimits.ServiceIdleMicros"/> without a service command, and at power-off (it lives in RAM).
    /// No session opens while a patient's session is open. Time is the last tick's (the bench thread calls in); every
    /// member locks.
    /// </summary>
    public sealed class ServiceSession
    {
        /// <summary>First word of the service state record ("SERVICE boots=17 failures=0").</summary>
        public const string ServiceTag = "SERVICE";
        /// <summary>First word of the key record ("KEY id=PEN-00042 key=…").</summary>
        public const string KeyTag = "KEY";
        /// <summary>Length of a device key. Unit: bytes.</summary>
        public const int KeyLength = 32;

        private readonly object _gate = new object();
        private readonly PenRecords _records;
        private readonly IRandomSource _random;
        private byte[] _key;
        private string _deviceId;
        private int _boots;
        private int _failures;
        private bool _keyDamaged;
        private long _waitUntilMicros;
        private string _challenge;
        private long _challengeMicros;
        private int _challenges;
        private bool _open;
        private long _lastActivityMicros;

        public ServiceSession(PenRecords records, IRandomSource random)
        {
            _records = records;
            _random = random;
        }

        /// <summary>A service session is open now.</summary>
        public bool Open => _open;

        /// <summary>The device's identity from the factory ("PEN-00042"), or null when none is provisioned.</summary>
        public string DeviceId => _deviceId;

        /// <summary>A key is provisioned (and readable).</summary>
        public bool Provisioned => _key != null;

        /// <summary>Wrong answers in a row (durable).</summary>
        public int Failures => _failures;

        /// <summary>Power-ups so far (durable; one more at each <see cref="Boot"/>).</summary>
        public int Boots => _boots;

        /// <summary>
        /// Reads the key and the service state (boot), counts this power-up and writes the count back (also the boot's
        /// first write: a flash that refuses it shows at once). A damaged service record counts as
        /// <see cref="PenLimits.ServiceFailuresInDoubt"/> failures.
        /// </summary>
        public void Boot(long nowMicros)
        {
            lock (_gate)
            {
                _open = false;
                _challenge = null;
                _key = null;
                _deviceId = null;
                _keyDamaged = false;
                if (_records == null) return;
                string key = _records.Value(PenRecords.KeySlot);
                _keyDamaged = _records.StateOf(PenRecords.KeySlot) == SlotState.Damaged;
                if (key != null)
                {
                    byte[] k = Hex.Decode(RecordText.Field(key, "key"));
                    string id = RecordText.Field(key, "id");
                    if (k != null && k.Length == KeyLength && id != null)
                    {
                        _key = k;
                        _deviceId = id;
                    }
                }

                string state = _records.Value(PenRecords.ServiceSlot);
                int boots = 0, failures = 0;
                if (state != null)
                {
                    ReadInt(state, "boots", out boots);
                    ReadInt(state, "failures", out failures);
                }
                else if (_records.StateOf(PenRecords.ServiceSlot) == SlotState.Damaged)
                {
                    failures = PenLimits.ServiceFailuresInDoubt;
                }

                _boots = boots + 1;
                _failures = failures;
                _records.Write(PenRecords.ServiceSlot, StateRecord());
                _waitUntilMicros = nowMicros + BackoffMicros(_failures);
            }
        }

        /// <summary>The wait before the next challenge may be asked for. Unit: s (0: none).</summary>
        public int WaitSeconds(long nowMicros)
        {
            long left = _waitUntilMicros - nowMicros;
            return left <= 0 ? 0 : (int)((left + 999999) / 1000000);
        }

        /// <summary>
        /// A new challenge (replacing any pending one), or null with <paramref name="refusal"/> saying why: no key
        /// provisioned, a back-off wait still running, or a patient's session open.
        /// </summary>
        public string Challenge(long nowMicros, bool patientSessionOpen, out string refusal)
        {
            lock (_gate)
            {
                refusal = null;
                if (_key == null)
                {
                    refusal = _keyDamaged ? "the device key record is damaged: the factory must provision the pen again" : "no device key: the pen is not provisioned (PROVISION at the factory)";
                    return null;
                }

                if (patientSessionOpen)
                {
                    refusal = "a treatment session is open: end it first";
                    return null;
                }

                int wait = WaitSeconds(nowMicros);
                if (wait > 0)
                {
                    refusal = "wait " + wait.ToString() + " s (" + _failures.ToString() + " wrong answers in a row)";
                    return null;
                }

                byte[] nonce = new byte[16];
                if (_random != null) _random.NextBytes(nonce);
                _challenges++;
                _challenge = "device=" + _deviceId + " boot=" + _boots.ToString() + " n=" + _challenges.ToString() + " nonce=" + Hex.Encode(nonce);
                _challengeMicros = nowMicros;
                return _challenge;
            }
        }

        /// <summary>
        /// Checks an answer to the pending challenge (which it uses up, right or wrong). True opens the session; false
        /// with <paramref name="refusal"/>: no challenge pending, expired, or wrong (the failure is counted durably and the
        /// wait doubles).
        /// </summary>
        public bool Answer(string macHex, long nowMicros, bool patientSessionOpen, out string refusal)
        {
            return Answer(macHex, nowMicros, patientSessionOpen, new SliceBudget(null), out refusal);
        }

        /// <summary>
        /// As <see cref="Answer(string, long, bool, out string)"/>, the HMAC computed outside the lock in slices (the
        /// bench's thread yields between them: docs/scheduler.md). The challenge is used up before it, so a second answer
        /// meanwhile finds none.
        /// </summary>
        public bool Answer(string macHex, long nowMicros, bool patientSessionOpen, SliceBudget slices, out string refusal)
        {
            string challenge;
            byte[] key;
            lock (_gate)
            {
                refusal = null;
                challenge = _challenge;
                _challenge = null;
                if (challenge == null || _key == null)
                {
                    refusal = "no challenge pending: send AUTH first";
                    return false;
                }

                if (nowMicros - _challengeMicros > PenLimits.ServiceChallengeMicros)
                {
                    refusal = "the challenge expired: send AUTH for a new one";
                    return false;
                }

                if (patientSessionOpen)
                {
                    refusal = "a treatment session is open: end it first";
                    return false;
                }

                key = _key;
            }

            slices.End();
            byte[] given = Hex.Decode(macHex);
            slices.End();
            byte[] message = Hex.Ascii(challenge);
            byte[] expected = HmacSha256.Compute(key, message, 0, message.Length, slices);
            slices.End();
            lock (_gate)
            {
                if (!HmacSha256.FixedTimeEquals(given, expected))
                {
                    _failures++;
                    _waitUntilMicros = nowMicros + BackoffMicros(_failures);
                    if (_records != null) _records.Write(PenRecords.ServiceSlot, StateRecord());
                    refusal = "wrong answer (" + _failures.ToString() + " in a row); next challenge in " + WaitSeconds(nowMicros).ToString() + " s";
                    return false;
                }

                if (_failures != 0)
                {
                    _failures = 0;
                    if (_records != null) _records.Write(PenRecords.ServiceSlot, StateRecord());
                }

                _waitUntilMicros = nowMicros;
                _open = true;
                _lastActivityMicros = nowMicros;
                return true;
            }
        }

        /// <summary>A service command ran: the idle time starts again.</summary>
        public void Touch(long nowMicros)
        {
            lock (_gate)
            {
                _lastActivityMicros = nowMicros;
            }
        }

        /// <summary>Closes the session (END, idle, power-off). Returns whether one was open.</summary>
        public bool Close()
        {
            lock (_gate)
            {
                bool was = _open;
                _open = false;
                _challenge = null;
                return was;
            }
        }

        /// <summary>The tick: a session idle for <see cref="PenLimits.ServiceIdleMicros"/> closes. True on the tick it closed. Allocates nothing.</summary>
        public bool Tick(long nowMicros)
        {
            if (!_open) return false;
            if (nowMicros - _lastActivityMicros < PenLimits.ServiceIdleMicros) return false;
            return Close();
        }

        /// <summary>
        /// The factory's provisioning: the device's identity and key, accepted only by a pen that has none (and whose
        /// key record is not damaged). False with the reason otherwise.
        /// </summary>
        public bool Provision(string deviceId, string keyHex, out string refusal)
        {
            lock (_gate)
            {
                refusal = null;
                if (_key != null || _keyDamaged)
                {
                    refusal = _keyDamaged ? "the key record is damaged: the factory must reflash the records" : "already provisioned: a key cannot be replaced from the serial";
                    return false;
                }

                byte[] key = Hex.Decode(keyHex);
                if (key == null || key.Length != KeyLength)
                {
                    refusal = "key=: " + (KeyLength * 2).ToString() + " hex digits";
                    return false;
                }

                if (!ValidId(deviceId))
                {
                    refusal = "id=: 1 to 24 letters, digits or '-'";
                    return false;
                }

                if (_records == null || !_records.WriteNow(PenRecords.KeySlot, KeyRecord(deviceId, key)))
                {
                    refusal = "the flash refused the key record";
                    return false;
                }

                _key = key;
                _deviceId = deviceId;
                return true;
            }
        }

        /// <summary>The answer to a challenge: HMAC-SHA-256 of its text under the key, in hex (the host tool's side).</summary>
        public static string Response(byte[] key, string challenge)
        {
            return Hex.Encode(HmacSha256.Compute(key, Hex.Ascii(challenge)));
        }

        /// <summary>The key record's text (the factory writes it through PROVISION; the simulator's factory directly).</summary>
        public static string KeyRecord(string deviceId, byte[] key)
        {
            return KeyTag + " id=" + deviceId + " key=" + Hex.Encode(key);
        }

        /// <summary>A device identity: 1 to 24 characters, letters, digits and '-'.</summary>
        public static bool ValidId(string id)
        {
            if (id == null || id.Length < 1 || id.Length > 24) return false;
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-')) return false;
            }

            return true;
        }

        private string StateRecord()
        {
            return ServiceTag + " boots=" + _boots.ToString() + " failures=" + _failures.ToString();
        }

        /// <summary>The wait after <paramref name="failures"/> wrong answers: 2^(n−1) s, at most the ceiling. Unit: µs.</summary>
        public static long BackoffMicros(int failures)
        {
            if (failures <= 0) return 0;
            long seconds = 1;
            for (int i = 1; i < failures && seconds < PenLimits.ServiceMaxBackoffSeconds; i++) seconds *= 2;
            if (seconds > PenLimits.ServiceMaxBackoffSeconds) seconds = PenLimits.ServiceMaxBackoffSeconds;
            return seconds * 1000000L;
        }

        private static void ReadInt(string record, string key, out int value)
        {
            string text = RecordText.Field(record, key);
            if (text == null || !int.TryParse(text, out value) || value < 0) value = 0;
        }
    }
}
