using Pen.Core.Ports;

namespace Pen.Core.Records
{
    /// <summary>What a durable record's copies held at boot. Numbers are stable (bench protocol): append only.</summary>
    public enum SlotState
    {
        /// <summary>Neither copy exists: never written (or the volume was formatted).</summary>
        Absent = 0,
        /// <summary>A whole, unchanged copy was found; its value is in use.</summary>
        Valid = 1,
        /// <summary>A copy exists but none is whole and unchanged (corrupt, garbage, oversize, unreadable): the conservative value is in use.</summary>
        Damaged = 2,
    }

    /// <summary>
    /// One record that safety depends on across power cycles (the cartridge's state, a calibration, the configuration,
    /// the service state, a lockout), kept in two files, "name.a" and "name.b", each one record line (RecordLine: text,
    /// sequence number, CRC). A write goes to the copy that does not hold the value in use, with the next sequence number,
    /// so a write torn by a power loss leaves the other copy, and the value before the write, intact. At boot the whole,
    /// unchanged copy with the higher sequence number wins. No log compaction, flood or full log touches these files.
    /// Not thread-safe: <see cref="PenRecords"/> locks around it.
    /// </summary>
    public sealed class DurableSlot
    {
        private readonly string _fileA;
        private readonly string _fileB;
        private string _value;
        private long _sequence;
        private bool _valueInA;
        private SlotState _state = SlotState.Absent;

        /// <param name="name">Short name; its files are name + ".a" and name + ".b".</param>
        public DurableSlot(string name)
        {
            Name = name;
            _fileA = name + ".a";
            _fileB = name + ".b";
        }

        /// <summary>The slot's name.</summary>
        public string Name { get; }

        /// <summary>What boot found (then Valid after a successful write).</summary>
        public SlotState State => _state;

        /// <summary>
        /// The record in use, or null (absent or damaged: the owner applies its conservative value). After a write from
        /// a record built without a string (<see cref="WritePrepared"/>) it is read back from the copy just written, once:
        /// the reader allocates, never the tick that wrote it.
        /// </summary>
        public string Value
        {
            get
            {
                if (_stale && _files != null && _reader != null)
                {
                    long seq;
                    string text = ReadCopy(_files, _reader, _valueInA ? _fileA : _fileB, out seq);
                    if (text != null && seq == _sequence) _value = text;
                    _stale = false;
                }

                return _value;
            }
        }

        // a value written from a record built without a string (read back on demand), and where to read it
        private bool _stale;
        private IFlashFiles _files;
        private LineReader _reader;

        /// <summary>Sequence number of the value in use (0 when none).</summary>
        public long Sequence => _sequence;

        /// <summary>Reads both copies (boot). <paramref name="reader"/> bounds the memory used whatever the files hold.</summary>
        public void Load(IFlashFiles files, LineReader reader)
        {
            _files = files;
            _reader = reader;
            _stale = false;
            long seqA, seqB;
            string a = ReadCopy(files, reader, _fileA, out seqA);
            bool damagedA = seqA == -2;
            string b = ReadCopy(files, reader, _fileB, out seqB);
            bool damagedB = seqB == -2;
            _value = null;
            _sequence = 0;
            if (a != null && (b == null || seqA >= seqB))
            {
                _value = a;
                _sequence = seqA;
                _valueInA = true;
                _state = SlotState.Valid;
            }
            else if (b != null)
            {
                _value = b;
                _sequence = seqB;
                _valueInA = false;
                _state = SlotState.Valid;
            }
            else
            {
                _state = damagedA || damagedB ? SlotState.Damaged : SlotState.Absent;
                _valueInA = false; // the next write goes to copy A
            }
        }

        /// <summary>
        /// Writes <paramref name="text"/> to the copy not in use, with the next sequence number. True when it is on the flash
        /// (then it is the value in use); false when the flash refused it (the value before stays in use and on the flash).
        /// <paramref name="line"/>: a buffer of at least <see cref="RecordLine.MaxBytes"/>.
        /// </summary>
        public bool Write(IFlashFiles files, string text, byte[] line)
        {
            long next = _sequence + 1;
            int length = RecordLine.Format(text, next, line, 0);
            if (length < 0) return false;
            bool toA = !_valueInA;
            if (!files.Write(toA ? _fileA : _fileB, line, length)) return false;
            _value = text;
            _stale = false;
            _sequence = next;
            _valueInA = toA;
            _state = SlotState.Valid;
            return true;
        }

        /// <summary>
        /// As <see cref="Write"/> for <paramref name="text"/> already prepared at the start of <paramref name="line"/>
        /// (<paramref name="textLength"/> printable bytes, CRC register <paramref name="textCrc"/>: Records/PenRecords' slices):
        /// the sequence number and the line's tail are added here. Allocates nothing.
        /// </summary>
        public bool WritePrepared(IFlashFiles files, string text, byte[] line, int textLength, uint textCrc)
        {
            long next = _sequence + 1;
            int length = RecordLine.FinishPrepared(textCrc, textLength, next, line);
            if (length < 0) return false;
            bool toA = !_valueInA;
            if (!files.Write(toA ? _fileA : _fileB, line, length)) return false;
            // no string (a record built in pieces): the value is read back from this copy when someone asks for it
            _value = text;
            _stale = text == null;
            if (_files == null) _files = files;
            _sequence = next;
            _valueInA = toA;
            _state = SlotState.Valid;
            return true;
        }

        /// <summary>One copy's record, or null; <paramref name="sequence"/> −1 when the file is absent or empty, −2 when it is damaged.</summary>
        private static string ReadCopy(IFlashFiles files, LineReader reader, string file, out long sequence)
        {
            reader.Start(files, file, 0, RecordLine.MaxBytes);
            sequence = -1;
            if (!reader.Next())
            {
                if (reader.Failed || reader.Oversize) sequence = -2;
                return null;
            }

            long seq;
            int textLength;
            if (reader.TooLong || reader.Unterminated || !RecordLine.Check(reader.Line, 0, reader.Length, out seq, out textLength))
            {
                sequence = -2;
                return null;
            }

            string text = RecordLine.Text(reader.Line, 0, textLength);
            // exactly one line: anything after it means the file is not what this slot writes
            if (reader.Next() || reader.Failed || reader.Oversize)
            {
                sequence = -2;
                return null;
            }

            sequence = seq;
            return text;
        }
    }
}
