using Pen.Core.Ports;

namespace Pen.Core.Records
{
    /// <summary>
    /// Reads a file one line at a time through two fixed buffers (a chunk of the file and one line of at most
    /// <see cref="RecordLine.MaxBytes"/>), so reading needs the same memory whatever the file holds: a line longer than a
    /// record can be is reported as too long and skipped, and reading stops at <see cref="Limit"/> bytes.
    /// </summary>
    public sealed class LineReader
    {
        /// <summary>Bytes read from the file at a time.</summary>
        public const int ChunkBytes = 512;

        private readonly byte[] _chunk = new byte[ChunkBytes];
        private IFlashFiles _files;
        private string _name;
        private int _chunkLength;
        private int _chunkPosition;
        private int _fileOffset;

        /// <summary>The current line (without its line feed), <see cref="Length"/> bytes from 0.</summary>
        public readonly byte[] Line = new byte[RecordLine.MaxBytes];

        /// <summary>Bytes of the current line in <see cref="Line"/> (0 when it was too long).</summary>
        public int Length { get; private set; }

        /// <summary>The current line was longer than any record line: not kept.</summary>
        public bool TooLong { get; private set; }

        /// <summary>The current line is the file's last and has no line feed (a write cut short).</summary>
        public bool Unterminated { get; private set; }

        /// <summary>Where the current line begins in the file. Unit: bytes.</summary>
        public int LineStart { get; private set; }

        /// <summary>Where the next line begins in the file. Unit: bytes.</summary>
        public int Position => _fileOffset - _chunkLength + _chunkPosition;

        /// <summary>The file system failed while reading.</summary>
        public bool Failed { get; private set; }

        /// <summary>Reading stopped at <see cref="Limit"/>: the file is longer than a file of this kind can be.</summary>
        public bool Oversize { get; private set; }

        /// <summary>Most bytes read from the file. Unit: bytes.</summary>
        public int Limit { get; private set; }

        /// <summary>Starts reading <paramref name="name"/> at byte <paramref name="offset"/>, reading no further than <paramref name="limit"/>.</summary>
        public void Start(IFlashFiles files, string name, int offset, int limit)
        {
            _files = files;
            _name = name;
            _fileOffset = offset;
            _chunkLength = 0;
            _chunkPosition = 0;
            Limit = limit;
            Failed = false;
            Oversize = false;
            Length = 0;
            TooLong = false;
            Unterminated = false;
        }

        /// <summary>The next line; false at the end of the file (or on failure, or at the limit).</summary>
        public bool Next()
        {
            Length = 0;
            TooLong = false;
            Unterminated = false;
            LineStart = Position;
            bool any = false;
            while (true)
            {
                if (_chunkPosition >= _chunkLength)
                {
                    if (!Fill())
                    {
                        if (any) Unterminated = true;
                        return any;
                    }
                }

                byte b = _chunk[_chunkPosition++];
                any = true;
                if (b == (byte)'\n') return true;
                if (TooLong) continue;
                if (Length < Line.Length) Line[Length++] = b;
                else
                {
                    TooLong = true;
                    Length = 0;
                }
            }
        }

        private bool Fill()
        {
            if (Failed || Oversize) return false;
            int room = Limit - _fileOffset;
            if (room <= 0)
            {
                // one byte more tells a file of exactly the limit from a longer one
                int probe = _files.Read(_name, _fileOffset, _chunk, 1);
                if (probe > 0) Oversize = true;
                if (probe < 0) Failed = true;
                return false;
            }

            int n = _files.Read(_name, _fileOffset, _chunk, room < ChunkBytes ? room : ChunkBytes);
            if (n < 0)
            {
                Failed = true;
                return false;
            }

            if (n == 0) return false;
            _fileOffset += n;
            _chunkLength = n;
            _chunkPosition = 0;
            return true;
        }
    }
}
