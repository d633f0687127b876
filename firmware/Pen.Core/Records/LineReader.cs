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
            _inLine = false;
        }

        // the line being read, kept between calls of Next(maxBytes): its bytes so far, the CRC register after each of
        // the last CrcRing of them, and where its first byte that is not printable ASCII sits
        private bool _inLine;
        private bool _any;
        private int _length;
        private bool _tooLong;
        private uint _crc;
        private int _unprintable;
        private readonly uint[] _crcAfter = new uint[CrcRing];

        /// <summary>CRC registers kept: the register after each of the line's last this many bytes (a power of two, more than a record line's CRC suffix).</summary>
        public const int CrcRing = 16;

        /// <summary>
        /// The CRC-32 register (Crc32.Update from Crc32.Start) of the current line's first <paramref name="count"/> bytes,
        /// for a count within <see cref="CrcRing"/> − 1 of <see cref="Length"/>: what RecordLine needs to check a line
        /// without a second pass over it.
        /// </summary>
        public uint CrcRegisterAfter(int count)
        {
            return _crcAfter[count & (CrcRing - 1)];
        }

        /// <summary>Where the current line's first byte that is not printable ASCII sits (−1: none).</summary>
        public int FirstUnprintable { get; private set; }

        /// <summary>Reads the next line. False at the end of the file (or the limit, or a read error).</summary>
        public bool Next()
        {
            int r;
            do
            {
                r = Next(int.MaxValue);
            }
            while (r == NotYet);

            return r == Complete;
        }

        /// <summary>What <see cref="Next(int)"/> returns: a line read (or the last, unterminated), the budget spent inside a line, the end.</summary>
        public const int Complete = 1, NotYet = 0, End = -1;

        /// <summary>
        /// Reads on in the next line, at most <paramref name="maxBytes"/> bytes of the file this call: <see cref="Complete"/>
        /// when the line is read (<see cref="Line"/>, <see cref="Length"/>, <see cref="CrcRegisterAfter"/>),
        /// <see cref="NotYet"/> when the bytes ran out first (call again: it goes on where it stopped), <see cref="End"/>
        /// at the end of the file. Lets a reader on another thread than the tick stop after a bounded piece of work.
        /// </summary>
        public int Next(int maxBytes)
        {
            if (!_inLine)
            {
                _inLine = true;
                _any = false;
                _length = 0;
                _tooLong = false;
                _crc = Crc32.Start;
                _crcAfter[0] = _crc;
                _unprintable = -1;
                Length = 0;
                TooLong = false;
                Unterminated = false;
                LineStart = Position;
            }

            byte[] line = Line;
            uint[] table = Crc32.Table;
            uint[] after = _crcAfter;
            int length = _length;
            uint crc = _crc;
            int budget = maxBytes;
            while (true)
            {
                if (_chunkPosition >= _chunkLength)
                {
                    if (!Fill())
                    {
                        _inLine = false;
                        Length = _length = length;
                        _crc = crc;
                        FirstUnprintable = _unprintable;
                        if (_any) Unterminated = true;
                        if (!_any) return End;
                        TooLong = _tooLong;
                        if (_tooLong) Length = 0;
                        return Complete;
                    }
                }

                if (budget-- <= 0)
                {
                    _length = length;
                    _crc = crc;
                    return NotYet;
                }

                byte b = _chunk[_chunkPosition++];
                _any = true;
                if (b == (byte)'\n')
                {
                    _inLine = false;
                    Length = _length = _tooLong ? 0 : length;
                    TooLong = _tooLong;
                    _crc = crc;
                    FirstUnprintable = _unprintable;
                    return Complete;
                }

                if (_tooLong) continue;
                if (length < line.Length)
                {
                    line[length] = b;
                    crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
                    length++;
                    after[length & (CrcRing - 1)] = crc;
                    if ((b < (byte)' ' || b > (byte)'~') && _unprintable < 0) _unprintable = length - 1;
                }
                else
                {
                    _tooLong = true;
                    length = 0;
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
