namespace Pen.Core.Records
{
    /// <summary>
    /// A record's text built in a preallocated buffer, without allocating: literal pieces (held in static strings, so
    /// no string is created per use), whole numbers and rounded values as the records write them (the same digits as
    /// <c>int.ToString()</c> and <see cref="Board.RecordText.Rounded"/>). What does not fit is cut and marks the text
    /// <see cref="Overflowed"/>.
    /// </summary>
    public sealed class RecordChars
    {
        private readonly char[] _text = new char[Limits.PenLimits.RecordMaxLength];
        private readonly char[] _digits = new char[20];
        private int _length;
        private bool _overflowed;

        /// <summary>The text so far (the first <see cref="Length"/> characters).</summary>
        public char[] Text => _text;

        /// <summary>Characters written.</summary>
        public int Length => _length;

        /// <summary>Something did not fit.</summary>
        public bool Overflowed => _overflowed;

        /// <summary>Starts a new text.</summary>
        public void Clear()
        {
            _length = 0;
            _overflowed = false;
        }

        /// <summary>Appends the characters of <paramref name="s"/>.</summary>
        public void Append(string s)
        {
            char[] text = _text;
            int n = _length;
            int count = s.Length;
            if (count > text.Length - n)
            {
                count = text.Length - n;
                _overflowed = true;
            }

            for (int i = 0; i < count; i++) text[n + i] = s[i];
            _length = n + count;
        }

        /// <summary>Appends a whole number in decimal, a minus sign first when negative.</summary>
        public void Append(long v)
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

            int count = 0;
            do
            {
                _digits[count++] = (char)('0' + (int)(v % 10));
                v /= 10;
            }
            while (v != 0);
            while (count > 0) Put(_digits[--count]);
        }

        /// <summary>Appends <paramref name="v"/> rounded half away from zero to a whole number (as <see cref="Board.RecordText.Rounded"/>).</summary>
        public void AppendRounded(float v)
        {
            Append((long)(int)(v >= 0f ? v + 0.5f : v - 0.5f));
        }

        private void Put(char c)
        {
            if (_length < _text.Length) _text[_length++] = c;
            else _overflowed = true;
        }
    }
}
