using Pen.Core.Limits;
using Pen.Core.Ports;

namespace Pen.Core.Records
{
    /// <summary>
    /// The session and fault log: a ring of <see cref="PenLimits.LogSegments"/> files ("log0" …), each appended one record
    /// line at a time (RecordLine) up to <see cref="PenLimits.LogRecordsPerSegment"/> lines. When the newest file is full,
    /// the oldest is rewritten from empty with the next record: the log drops its oldest records, a file's worth at a time,
    /// and holds between (segments − 1) and all segments' worth. Appending to a file is what LittleFS does cheaply (its files
    /// grow at the end; a write into the middle would rewrite the rest). A volume that fills drops the oldest file early.
    /// At boot each file is read through a <see cref="LineReader"/> (bounded memory, and no further than a file of the log
    /// can be long): lines that are torn, corrupt or too long are counted and skipped, never believed.
    /// Nothing safety depends on lives here (that is <see cref="DurableSlot"/>'s job). Not thread-safe: PenRecords locks.
    /// </summary>
    public sealed class EventLog
    {
        /// <summary>Longest a file of the log can be. Unit: bytes.</summary>
        public const int MaxSegmentBytes = PenLimits.LogRecordsPerSegment * RecordLine.MaxBytes;

        private const int Segments = PenLimits.LogSegments;

        private readonly IFlashFiles _files;
        private readonly LineReader _reader;
        private readonly byte[] _line;
        private readonly string[] _names = new string[Segments];
        private readonly long[] _first = new long[Segments];
        private readonly long[] _last = new long[Segments];
        private readonly int[] _valid = new int[Segments];
        private readonly int[] _lines = new int[Segments];
        private readonly int[] _bytes = new int[Segments];
        private readonly bool[] _full = new bool[Segments];
        private int _active = -1;
        private long _nextSequence = 1;

        // where the last Read left off, so that paging through the log reads each file once
        private int _cursorSegment = -1;
        private int _cursorValid;
        // Read's own reader: the log's pages are read in pieces between other readers' use of the shared one
        private readonly LineReader _pageReader = new LineReader();

        /// <param name="files">The flash.</param>
        /// <param name="reader">The reader boot and <see cref="Read"/> use (bounded memory).</param>
        /// <param name="line">A buffer of <see cref="RecordLine.MaxBytes"/> for formatting a line.</param>
        public EventLog(IFlashFiles files, LineReader reader, byte[] line)
        {
            _files = files;
            _reader = reader;
            _line = line;
            for (int s = 0; s < Segments; s++) _names[s] = "log" + s.ToString();
            for (int s = 0; s < Segments; s++) Empty(s);
        }

        /// <summary>Lines found corrupt or too long at boot (skipped); a last line cut short by a power loss is not counted.</summary>
        public int DamagedLines { get; private set; }

        /// <summary>Files found longer than a file of the log can be, or unreadable, at boot (read only up to the limit).</summary>
        public int DamagedFiles { get; private set; }

        /// <summary>Records held, 0 to <see cref="PenLimits.RecordStoreCapacity"/>.</summary>
        public int Count
        {
            get
            {
                int n = 0;
                for (int s = 0; s < Segments; s++) n += _valid[s];
                return n;
            }
        }

        /// <summary>The sequence number the next record gets.</summary>
        public long NextSequence => _nextSequence;

        /// <summary>Reads every file of the log (boot).</summary>
        public void Open()
        {
            DamagedLines = 0;
            DamagedFiles = 0;
            _active = -1;
            long newest = 0;
            for (int s = 0; s < Segments; s++)
            {
                Scan(s);
                if (_valid[s] > 0 && _last[s] > newest)
                {
                    newest = _last[s];
                    _active = s;
                }
            }

            _nextSequence = newest + 1;
            _cursorSegment = -1;
        }

        /// <summary>
        /// Appends one record; true when it is on the flash. The newest file full: the oldest is rewritten with it. The
        /// flash refusing (volume full): the oldest file is emptied to make room and the record tried again. False only
        /// when no file can take it (the flash failed).
        /// </summary>
        public bool Append(string record)
        {
            return AppendLine(RecordLine.Format(record, _nextSequence, _line, 0));
        }

        /// <summary>As <see cref="Append(string)"/> for a record built in a preallocated buffer (<see cref="RecordChars"/>). Allocates nothing.</summary>
        public bool Append(char[] record, int length)
        {
            return AppendLine(RecordLine.Format(record, length, _nextSequence, _line, 0));
        }

        /// <summary>
        /// As <see cref="Append(string)"/> for a text prepared at the start of <paramref name="line"/> (its own buffer, not
        /// this log's): <paramref name="textLength"/> printable bytes whose CRC register is <paramref name="textCrc"/>. The
        /// sequence number and the line's tail are added here. Allocates nothing.
        /// </summary>
        public bool AppendPrepared(byte[] line, int textLength, uint textCrc)
        {
            return AppendLine(line, RecordLine.FinishPrepared(textCrc, textLength, _nextSequence, line));
        }

        private bool AppendLine(int length)
        {
            return AppendLine(_line, length);
        }

        /// <summary>Writes the line formatted in <paramref name="line"/> (<paramref name="length"/> bytes; negative: refused).</summary>
        private bool AppendLine(byte[] line, int length)
        {
            if (length < 0) return false;
            for (int attempt = 0; attempt <= Segments; attempt++)
            {
                if (_active >= 0 && !_full[_active])
                {
                    int a = _active;
                    if (_files.Append(_names[a], line, length))
                    {
                        Added(a, length);
                        return true;
                    }

                    _full[a] = true; // part of the line may be there: the next record starts a file
                    if (!DropOldest(a)) return false;
                    continue;
                }

                int target = Oldest(-1);
                if (_files.Write(_names[target], line, length))
                {
                    Empty(target);
                    _active = target;
                    Added(target, length);
                    return true;
                }

                // the file may now hold part of the line and nothing else
                Empty(target);
                _full[target] = true;
                _bytes[target] = length;
                if (!DropOldest(target)) return false;
            }

            return false;
        }

        /// <summary>
        /// Empties the oldest file of the log other than the newest (to free room on a full volume for a durable record).
        /// False when there is none to empty, or the flash refused.
        /// </summary>
        public bool DropOldest()
        {
            return DropOldest(_active);
        }

        /// <summary>
        /// Record <paramref name="index"/> (0 = the oldest held) and its sequence number; null when there is none or it
        /// can no longer be read. Allocates the text (readers of the log, never the tick).
        /// </summary>
        public string Read(int index, out long sequence)
        {
            int textLength;
            int r;
            do
            {
                r = ReadStep(index, int.MaxValue, out textLength, out sequence);
            }
            while (r == LineReader.NotYet);

            return r == LineReader.Complete ? RecordLine.Text(_pageReader.Line, 0, textLength) : null;
        }

        /// <summary>The line <see cref="ReadStep"/> found: the record's text is its first textLength bytes (until the next step).</summary>
        public byte[] PageLine => _pageReader.Line;

        /// <summary>
        /// Reads on toward record <paramref name="index"/>, at most <paramref name="maxBytes"/> bytes of the file this
        /// call: <see cref="LineReader.Complete"/> with the record's text in <see cref="PageLine"/> (its first
        /// <paramref name="textLength"/> bytes), <see cref="LineReader.NotYet"/> (call again: the read goes on where it
        /// stopped, or starts over if the log was written meanwhile), <see cref="LineReader.End"/> when there is none.
        /// Records read in order cost one pass over the log's files; a read in bounded pieces lets the bench's thread
        /// yield between them. Allocates nothing.
        /// </summary>
        public int ReadStep(int index, int maxBytes, out int textLength, out long sequence)
        {
            sequence = -1;
            textLength = 0;
            if (index < 0) return LineReader.End;
            int segment = -1;
            int within = index;
            int after = -1;
            for (int k = 0; k < Segments; k++)
            {
                int s = NextAfter(after);
                if (s < 0) return LineReader.End;
                after = s;
                if (within < _valid[s])
                {
                    segment = s;
                    break;
                }

                within -= _valid[s];
            }

            if (segment < 0) return LineReader.End;
            if (_cursorSegment != segment || _cursorValid > within)
            {
                _pageReader.Start(_files, _names[segment], 0, MaxSegmentBytes);
                _cursorSegment = segment;
                _cursorValid = 0;
            }

            int budget = maxBytes;
            while (true)
            {
                int from = _pageReader.Position;
                int r = _pageReader.Next(budget);
                budget -= _pageReader.Position - from;
                if (r == LineReader.NotYet) return r;
                if (r == LineReader.End)
                {
                    _cursorSegment = -1;
                    return r;
                }

                long seq = -1;
                int length = 0;
                bool whole = !_pageReader.Unterminated && RecordLine.CheckRead(_pageReader, out seq, out length);
                if (whole && _cursorValid++ >= within)
                {
                    sequence = seq;
                    textLength = length;
                    return LineReader.Complete;
                }

                if (budget <= 0) return LineReader.NotYet;
            }
        }

        /// <summary>Index of the first record held whose sequence number is <paramref name="sequence"/> or later (Count when none).</summary>
        public int IndexOfSequence(long sequence)
        {
            int index = 0;
            int after = -1;
            for (int k = 0; k < Segments; k++)
            {
                int s = NextAfter(after);
                if (s < 0) break;
                after = s;
                if (_last[s] >= sequence)
                {
                    if (_first[s] >= sequence) return index;
                    // inside this file: count its records before the sequence number
                    int n = 0;
                    _reader.Start(_files, _names[s], 0, MaxSegmentBytes);
                    _cursorSegment = -1;
                    while (_reader.Next())
                    {
                        long seq;
                        int textLength;
                        if (_reader.TooLong || _reader.Unterminated || !RecordLine.CheckRead(_reader, out seq, out textLength)) continue;
                        if (seq >= sequence) return index + n;
                        n++;
                    }

                    return index + n;
                }

                index += _valid[s];
            }

            return index;
        }

        private void Added(int s, int length)
        {
            if (_valid[s] == 0) _first[s] = _nextSequence;
            _last[s] = _nextSequence;
            _valid[s]++;
            _lines[s]++;
            _bytes[s] += length;
            _full[s] = _lines[s] >= PenLimits.LogRecordsPerSegment || _bytes[s] + RecordLine.MaxBytes > MaxSegmentBytes;
            _nextSequence++;
            if (_cursorSegment == s) _cursorSegment = -1;
        }

        private void Empty(int s)
        {
            _first[s] = -1;
            _last[s] = -1;
            _valid[s] = 0;
            _lines[s] = 0;
            _bytes[s] = 0;
            _full[s] = false;
            if (_cursorSegment == s) _cursorSegment = -1;
        }

        private bool DropOldest(int keep)
        {
            // the oldest file that holds anything: one with no good record first
            int s = -1;
            for (int k = 0; k < Segments; k++)
            {
                if (k == keep || (_bytes[k] == 0 && _valid[k] == 0)) continue;
                if (s < 0 || Rank(k) < Rank(s)) s = k;
            }

            if (s < 0) return false;
            if (!_files.Write(_names[s], _line, 0)) return false;
            Empty(s);
            if (_active == s) _active = -1;
            return true;
        }

        /// <summary>The file to reuse: an empty one, else one holding no good record, else the one with the oldest records; never <paramref name="keep"/> (−1: any).</summary>
        private int Oldest(int keep)
        {
            int best = -1;
            for (int s = 0; s < Segments; s++)
            {
                if (s == keep) continue;
                if (best < 0 || Rank(s) < Rank(best)) best = s;
            }

            return best;
        }

        // empty files first, then files with no good record, then by their oldest record
        private long Rank(int s)
        {
            if (_bytes[s] == 0 && _valid[s] == 0) return -2;
            if (_valid[s] == 0) return -1;
            return _first[s];
        }

        /// <summary>The file holding records that come next after file <paramref name="after"/>'s (−1: the oldest); −1 when none.</summary>
        private int NextAfter(int after)
        {
            long floor = after < 0 ? long.MinValue : _first[after];
            int best = -1;
            for (int s = 0; s < Segments; s++)
            {
                if (_valid[s] == 0 || _first[s] <= floor) continue;
                if (best < 0 || _first[s] < _first[best]) best = s;
            }

            return best;
        }

        private void Scan(int s)
        {
            Empty(s);
            _reader.Start(_files, _names[s], 0, MaxSegmentBytes);
            while (_reader.Next())
            {
                _lines[s]++;
                long seq;
                int textLength;
                if (_reader.TooLong || _reader.Unterminated || !RecordLine.CheckRead(_reader, out seq, out textLength))
                {
                    // a last line without its line feed is a write cut short by a power loss: expected, not damage; the file
                    // takes no more lines (the next record starts a file), so the cut line stays last and is never joined
                    if (_reader.Unterminated) _full[s] = true;
                    else DamagedLines++;
                    continue;
                }

                if (_valid[s] == 0) _first[s] = seq;
                if (seq > _last[s]) _last[s] = seq;
                _valid[s]++;
            }

            _bytes[s] = _reader.Position;
            if (_reader.Oversize || _reader.Failed)
            {
                DamagedFiles++;
                _full[s] = true; // reused (rewritten from empty) when its turn comes, never appended to
            }
            else if (_lines[s] >= PenLimits.LogRecordsPerSegment || _bytes[s] + RecordLine.MaxBytes > MaxSegmentBytes)
            {
                _full[s] = true;
            }

            _cursorSegment = -1;
        }
    }
}
