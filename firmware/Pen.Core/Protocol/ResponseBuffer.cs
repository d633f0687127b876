namespace Pen.Core.Protocol
{
    /// <summary>
    /// A bench answer built in one fixed buffer of <see cref="Capacity"/> characters: no string grows in a loop, and no
    /// answer can take more memory than this whatever the log holds (LOG pages records into it and says where to go on).
    /// </summary>
    public sealed class ResponseBuffer
    {
        /// <summary>Longest answer. Unit: characters. [D] the longest fixed answer (FAULTS: 16 snapshots of about 200 characters) with room; at 115,200 baud it is 0.36 s on the wire.</summary>
        public const int Capacity = 4096;

        private readonly char[] _chars = new char[Capacity];
        private int _length;

        /// <summary>Characters used.</summary>
        public int Length => _length;

        /// <summary>Characters left.</summary>
        public int Room => Capacity - _length;

        /// <summary>Empties the buffer.</summary>
        public void Clear()
        {
            _length = 0;
        }

        /// <summary>Appends text; false (and nothing appended) when it does not fit.</summary>
        public bool Add(string text)
        {
            if (text == null) return true;
            if (text.Length > Capacity - _length) return false;
            for (int i = 0; i < text.Length; i++) _chars[_length++] = text[i];
            return true;
        }

        /// <summary>Appends a line (its text and a line feed); false (and nothing appended) when it does not fit.</summary>
        public bool Line(string text)
        {
            int n = text == null ? 0 : text.Length;
            if (n + 1 > Capacity - _length) return false;
            Add(text);
            _chars[_length++] = '\n';
            return true;
        }

        /// <summary>The answer so far.</summary>
        public override string ToString()
        {
            return new string(_chars, 0, _length);
        }
    }
}
