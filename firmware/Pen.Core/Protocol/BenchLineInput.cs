namespace Pen.Core.Protocol
{
    /// <summary>
    /// Assembles request lines from the bench UART's bytes as any terminal or script sends them: a line ends at CR, at
    /// LF, or at CR LF (the LF after a CR is not a second, empty line). Backspace (BS or DEL) removes the last character.
    /// With <see cref="Echo"/> on, each byte taken is written back (a line's end as CR LF, a backspace as BS space BS),
    /// so a person at a terminal without local echo sees what they type. One fixed buffer; no allocation per byte.
    /// </summary>
    public sealed class BenchLineInput
    {
        private const byte Cr = 13, Lf = 10, Bs = 8, Del = 127;

        private readonly char[] _line = new char[BenchProtocol.MaxLineLength];
        private int _length;
        private int _received;
        private bool _afterCr;

        /// <summary>Write each byte back (set from <see cref="BenchProtocol.Echo"/> after each answer).</summary>
        public bool Echo;

        /// <summary>The bytes to write back for the last byte taken (<see cref="EchoLength"/> of them).</summary>
        public readonly byte[] EchoBytes = new byte[3];

        /// <summary>How many of <see cref="EchoBytes"/> to write back for the last byte taken (0 with echo off).</summary>
        public int EchoLength { get; private set; }

        /// <summary>
        /// Characters the completed line had (more than <see cref="BenchProtocol.MaxLineLength"/>: only the first were
        /// kept, and <see cref="Line"/> is not to be answered; <see cref="BenchProtocol.Overlong"/> says so instead).
        /// </summary>
        public int Received => _received;

        /// <summary>The completed line was longer than a request may be.</summary>
        public bool TooLong => _received > _line.Length;

        /// <summary>
        /// Takes one byte. Returns true when it completed a line: <see cref="Line"/> then gives it (once), and the next
        /// byte starts a new one.
        /// </summary>
        public bool Add(byte b)
        {
            EchoLength = 0;
            if (b == Lf && _afterCr)
            {
                _afterCr = false;
                return false;
            }

            _afterCr = b == Cr;
            if (b == Cr || b == Lf)
            {
                EchoOf(Cr, Lf, 0, 2);
                return true;
            }

            if (b == Bs || b == Del)
            {
                if (_received > 0)
                {
                    _received--;
                    if (_length > _received) _length = _received;
                    EchoOf(Bs, (byte)' ', Bs, 3);
                }

                return false;
            }

            if (_length < _line.Length) _line[_length++] = (char)b;
            _received++;
            EchoOf(b, 0, 0, 1);
            return false;
        }

        /// <summary>The completed line (without its line end); the input is empty again afterwards. Allocates one string.</summary>
        public string Line()
        {
            string s = new string(_line, 0, _length);
            _length = 0;
            _received = 0;
            return s;
        }

        private void EchoOf(byte a, byte b, byte c, int n)
        {
            if (!Echo) return;
            EchoBytes[0] = a;
            EchoBytes[1] = b;
            EchoBytes[2] = c;
            EchoLength = n;
        }
    }
}
