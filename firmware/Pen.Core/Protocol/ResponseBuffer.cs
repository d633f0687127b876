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

        /// <summary>The bench thread's slices: told of every piece of text copied in (the thread yields between pieces).</summary>
        public SliceBudget Slices { get; set; } = new SliceBudget(null);

        /// <summary>Characters copied between two reports to <see cref="Slices"/> (a power of two). Unit: characters. [D] 64 at <see cref="InstructionsPerChar"/> are about 1,500 instructions, under a slice (PenLimits.BenchSliceInstructions).</summary>
        public const int PieceChars = 64;

        /// <summary>IL instructions one character copied costs on the interpreter. Unit: instructions. [D] measured with the metered core: 719 for 32.</summary>
        public const int InstructionsPerChar = 23;

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
            int n = text.Length;
            if (n > Capacity - _length) return false;
            char[] chars = _chars;
            int at = _length;
            for (int i = 0; i < n; i++)
            {
                if ((i & (PieceChars - 1)) == 0) Slices.Spend(PieceChars * InstructionsPerChar);
                chars[at++] = text[i];
            }

            _length = at;
            return true;
        }

        /// <summary>Appends <paramref name="count"/> bytes of printable ASCII from <paramref name="bytes"/>; false (and nothing appended) when they do not fit.</summary>
        public bool Add(byte[] bytes, int count)
        {
            if (count > Capacity - _length) return false;
            char[] chars = _chars;
            int at = _length;
            for (int i = 0; i < count; i++)
            {
                if ((i & (PieceChars - 1)) == 0) Slices.Spend(PieceChars * InstructionsPerChar);
                chars[at++] = (char)bytes[i];
            }

            _length = at;
            return true;
        }

        /// <summary>Appends a line (its text and a line feed); false (and nothing appended) when it does not fit.</summary>
        public bool Line(string text)
        {
            int n = text == null ? 0 : text.Length;
            if (n + 1 > Capacity - _length) return false;
            Add(text);
            _chars[_length++] = '\n';
            Slices.End(); // a line is a slice's end: the work of building the next one starts a slice of its own
            return true;
        }

        /// <summary>The answer so far.</summary>
        public override string ToString()
        {
            return new string(_chars, 0, _length);
        }
    }
}
