namespace Pen.Core.Records
{
    /// <summary>
    /// A record's text, kept as its pieces until the record store writes it: words (static strings, so that no string is
    /// created per use: nanoCLR makes a new string object for each <c>ldstr</c>), whole numbers and hundredths. Adding a
    /// piece costs a few instructions and allocates nothing; <see cref="Expand"/> writes the characters (the same digits as
    /// <c>int.ToString()</c> and <see cref="Board.RecordText.Rounded"/>) into the record line a
    /// slice at a time, in the ticks after (Records/PenRecords.Step). No character buffer of its own: about 0.9 kB each.
    /// What does not fit is cut and marks the text <see cref="Overflowed"/>.
    /// </summary>
    public sealed class RecordChars
    {
        /// <summary>Pieces a record can have. [D] the longest, a session's END record, has about 50.</summary>
        public const int MaxPieces = 64;

        private const byte Word = 0, Whole = 1, Hundredths = 2;



        private readonly char[] _digits = new char[20];
        private readonly string[] _words = new string[MaxPieces];
        private readonly long[] _values = new long[MaxPieces];
        private readonly byte[] _kinds = new byte[MaxPieces];
        private int _pieces;
        private int _expanded;
        private byte[] _line;
        private int _length;
        private bool _overflowed;

        /// <summary>Pieces added (nothing yet: 0).</summary>
        public int Pieces => _pieces;

        /// <summary>Something did not fit.</summary>
        public bool Overflowed => _overflowed;

        /// <summary>Every piece is written out (<see cref="Expand"/>).</summary>
        public bool Expanded => _expanded == _pieces;

        /// <summary>Starts a new text.</summary>
        public void Clear()
        {
            _pieces = 0;
            _expanded = 0;
            _overflowed = false;
        }

        /// <summary>Appends <paramref name="s"/> (a string made once: a static field or a constant's field, never a literal in the tick).</summary>
        public void Append(string s)
        {
            int n = _pieces;
            if (n == MaxPieces)
            {
                _overflowed = true;
                return;
            }

            _words[n] = s;
            _kinds[n] = Word;
            _pieces = n + 1;
        }

        /// <summary>Appends a whole number in decimal, a minus sign first when negative.</summary>
        public void Append(long v)
        {
            AddNumber(v, Whole);
        }

        /// <summary>Appends <paramref name="v"/> rounded half away from zero to a whole number (as <see cref="Board.RecordText.Rounded"/>).</summary>
        public void AppendRounded(float v)
        {
            AddNumber((long)(int)(v >= 0f ? v + 0.5f : v - 0.5f), Whole);
        }

        /// <summary>Appends <paramref name="hundredths"/> / 100 with two decimals ("1.05", "-0.50").</summary>
        public void AppendHundredths(long hundredths)
        {
            AddNumber(hundredths, Hundredths);
        }

        /// <summary>
        /// Writes the characters of the next whole pieces into <paramref name="line"/> from <paramref name="at"/> (a record
        /// line's text, at most <see cref="Limits.PenLimits.RecordMaxLength"/> characters): about
        /// <paramref name="maxChars"/> of them, at least one piece, no piece begun that would take the slice past it.
        /// Returns where the text now ends.
        /// </summary>
        public int Expand(byte[] line, int at, int maxChars)
        {
            _line = line;
            _length = at;
            int stop = at + maxChars;
            while (_expanded < _pieces)
            {
                int i = _expanded;
                byte kind = _kinds[i];
                int next = kind == Word ? _words[i].Length : Chars(_values[i], kind);
                if (_length > at && _length + next > stop) break;
                _expanded = i + 1;
                if (kind == Word)
                {
                    string s = _words[i];
                    int n = _length;
                    int count = s.Length;
                    if (count > Limits.PenLimits.RecordMaxLength - n)
                    {
                        count = Limits.PenLimits.RecordMaxLength - n;
                        _overflowed = true;
                    }

                    for (int k = 0; k < count; k++) line[n + k] = (byte)s[k];
                    _length = n + count;
                }
                else
                {
                    long v = _values[i];
                    if (kind == Hundredths)
                    {
                        if (v < 0)
                        {
                            Put('-');
                            v = -v;
                        }

                        PutDigits(v / 100);
                        Put('.');
                        long frac = v % 100;
                        Put((char)('0' + (int)(frac / 10)));
                        Put((char)('0' + (int)(frac % 10)));
                    }
                    else PutWhole(v);
                }
            }

            _line = null;
            return _length;
        }

        /// <summary>The whole text of the pieces as a string (allocates: for answers off the tick, such as the bench's).</summary>
        public string ToText()
        {
            var line = new byte[Limits.PenLimits.RecordMaxLength];
            _expanded = 0;
            int length = Expand(line, 0, Limits.PenLimits.RecordMaxLength);
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)line[i];
            return new string(chars);
        }

        /// <summary>Characters a number piece writes.</summary>
        private static int Chars(long v, byte kind)
        {
            int n = 1;
            if (v < 0)
            {
                n = 2;
                v = v == long.MinValue ? long.MaxValue : -v;
            }

            if (kind == Hundredths)
            {
                n += 3;
                v /= 100;
            }

            for (v /= 10; v > 0; v /= 10) n++;
            return n;
        }

        private void AddNumber(long v, byte kind)
        {
            int n = _pieces;
            if (n == MaxPieces)
            {
                _overflowed = true;
                return;
            }

            _values[n] = v;
            _kinds[n] = kind;
            _pieces = n + 1;
        }

        private void PutWhole(long v)
        {
            if (v < 0)
            {
                Put('-');
                // the most negative long has no positive twin: its digits come from the negated remainders
                int n = 0;
                do
                {
                    _digits[n++] = (char)('0' - (int)(v % 10));
                    v /= 10;
                }
                while (v != 0);
                while (n > 0) Put(_digits[--n]);
                return;
            }

            PutDigits(v);
        }

        private void PutDigits(long v)
        {
            int count = 0;
            do
            {
                _digits[count++] = (char)('0' + (int)(v % 10));
                v /= 10;
            }
            while (v != 0);
            while (count > 0) Put(_digits[--count]);
        }

        private void Put(char c)
        {
            if (_length < Limits.PenLimits.RecordMaxLength) _line[_length++] = (byte)c;
            else _overflowed = true;
        }
    }
}
