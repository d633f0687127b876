using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;

namespace Pen.Core.Records
{
    /// <summary>
    /// Everything the pen keeps on its flash, in two kinds that never share a file:
    ///   durable records (<see cref="DurableSlot"/>: two copies each, written in turn): the cartridge's state and the
    ///     session count, the configuration, each calibration, the service state (boots, failed service logins), the
    ///     device key, a lockout a power cycle does not clear. Nothing evicts them; a copy torn by a power loss leaves
    ///     the value before it; a record found damaged at boot gets its owner's conservative value and latches
    ///     <see cref="Damaged"/> (the damage record keeps it across power cycles until a service session clears it);
    ///   the log (<see cref="EventLog"/>): sessions, fault snapshots, service actions; it drops its oldest records.
    /// A flash write stalls the interpreter (milliseconds; an erase up to 0.4 s), so while the needles run
    /// (<see cref="Deferring"/>) writes are held in RAM (bounded) and made by <see cref="Step"/>, a slice a tick, once the drive is off:
    /// the tick's timing never waits on the flash while the motor turns. The control tick and the bench serial's thread
    /// both call in: every member locks.
    /// </summary>
    public sealed class PenRecords : IRecordStore
    {
        /// <summary>Slot of the cartridge's state and the session count ("CART used=1 sessions=12", Session/Treatment).</summary>
        public const string CartridgeSlot = "cart";
        /// <summary>Slot of the configuration ("CONFIG session_cap_s=1800 pacing_s=30").</summary>
        public const string ConfigSlot = "config";
        /// <summary>Slot of the service state ("SERVICE boots=12 failures=0", Protocol/ServiceSession).</summary>
        public const string ServiceSlot = "service";
        /// <summary>Slot of the device's identity and service key ("KEY id=PEN-00042 key=…", provisioned at the factory).</summary>
        public const string KeySlot = "key";
        /// <summary>Slot of the records' damage latch ("DAMAGE slots=cart,depthcal" or "DAMAGE none"): a durable record found damaged keeps the pen from treating, across power cycles, until a service session clears it.</summary>
        public const string DamageSlot = "damage";
        /// <summary>Slot of this unit's identified motor ("MOTOR ke_nvs=… rl_uohm=…", Commissioning/MotorRecord).</summary>
        public const string MotorSlot = "motor";
        /// <summary>Slot of the seated cartridge's identified spring and friction ("CARTID tb_nnm=… tf_nnm=…", Commissioning/CartridgeRecord); "CARTID none" once it is taken out.</summary>
        public const string CartridgeIdSlot = "cartid";
        /// <summary>First word of the damage latch record.</summary>
        public const string DamageTag = "DAMAGE";
        /// <summary>Slot of a lockout a power cycle does not clear (the safety supervisor's: "LOCKOUT code=19 cleared=0").</summary>
        public const string LockoutSlot = "lockout";
        /// <summary>First word of the log record that counts records lost while the needles ran.</summary>
        public const string DroppedTag = "DROPPED";

        private readonly object _gate = new object();
        private readonly CountingFiles _files;
        private readonly LineReader _reader = new LineReader();
        private readonly byte[] _line = new byte[RecordLine.MaxBytes];
        private readonly EventLog _log;
        private readonly DurableSlot[] _slots;
        // the tick's writes: a FIFO of jobs (a log record, or a durable record's slot), each prepared by Step in slices
        private readonly string[] _jobText;
        private readonly RecordChars[] _jobChars;
        private readonly int[] _jobSlot; // index in _slots, or -1: the log
        // buffers for records built in pieces: the log's queue, its DROPPED record, and durable writes (cartridge, lockout) besides
        private readonly RecordChars[] _pool = new RecordChars[PenLimits.DeferredRecordCapacity + 6];
        private readonly bool[] _poolUsed = new bool[PenLimits.DeferredRecordCapacity + 6];
        private readonly byte[] _jobLine = new byte[RecordLine.MaxBytes];
        private int _jobHead, _jobCount, _logJobs;
        private int _jobAt; // characters of the first job copied, checked and CRC'd
        private uint _jobCrc = Crc32.Start;
        private int _queued, _finished, _lastFailed;
        private readonly int[] _slotTicket; // per slot: the ticket of its last write queued
        private bool _fresh; // a job was queued or changed since the last Step: that tick has done its share
        private int _deferredDropped;
        private bool _deferring;
        private bool _anyPending;
        private bool _damaged;
        private string _damagedNames = "";
        private bool _lastWriteFailed;
        private bool _logDamaged; // the log held damaged lines or files at boot (read each tick: kept, not recounted)

        public PenRecords(IFlashFiles files)
        {
            _files = new CountingFiles(files);
            _log = new EventLog(_files, _reader, _line);
            string[] calibrations = CalibrationKinds.SlotNames();
            _slots = new DurableSlot[8 + calibrations.Length];
            _slots[0] = new DurableSlot(CartridgeSlot);
            _slots[1] = new DurableSlot(ConfigSlot);
            _slots[2] = new DurableSlot(ServiceSlot);
            _slots[3] = new DurableSlot(KeySlot);
            _slots[4] = new DurableSlot(DamageSlot);
            _slots[5] = new DurableSlot(LockoutSlot);
            _slots[6] = new DurableSlot(MotorSlot);
            _slots[7] = new DurableSlot(CartridgeIdSlot);
            for (int i = 0; i < calibrations.Length; i++) _slots[8 + i] = new DurableSlot(calibrations[i]);
            int jobs = PenLimits.DeferredRecordCapacity + _slots.Length + 1;
            _jobText = new string[jobs];
            _jobChars = new RecordChars[jobs];
            _jobSlot = new int[jobs];
            _slotTicket = new int[_slots.Length];
            for (int i = 0; i < _pool.Length; i++) _pool[i] = new RecordChars();
        }

        // ------------------------------------------------------------------ boot

        /// <summary>
        /// Reads every durable record and the log (boot; bounded memory whatever the files hold). A durable record found
        /// damaged latches <see cref="Damaged"/> and is added to the damage record.
        /// </summary>
        public void Open()
        {
            lock (_gate)
            {
                Load();
                if (_damaged && _damagedNames != LatchedNames(Slot(DamageSlot))) WriteSlotNow(Slot(DamageSlot), DamageTag + " slots=" + _damagedNames);
            }
        }

        /// <summary>Reads every durable record and the log and writes nothing (a reader's view: reports, tests, a second look).</summary>
        public void Load()
        {
            lock (_gate)
            {
                for (int i = 0; i < _slots.Length; i++) _slots[i].Load(_files, _reader);
                _log.Open();
                _logDamaged = _log.DamagedLines > 0 || _log.DamagedFiles > 0;
                // damaged now, or latched by an earlier boot and not cleared since
                string names = LatchedNames(Slot(DamageSlot));
                for (int i = 0; i < _slots.Length; i++)
                {
                    if (_slots[i].State == SlotState.Damaged && !Listed(names, _slots[i].Name)) names = names.Length == 0 ? _slots[i].Name : names + "," + _slots[i].Name;
                }

                _damaged = names.Length > 0;
                _damagedNames = names;
            }
        }

        // ------------------------------------------------------------------ durable records

        /// <summary>The durable record of a slot (<see cref="CartridgeSlot"/>, … or a calibration's, <see cref="CalibrationKinds.SlotOf"/>); null for an unknown name.</summary>
        public DurableSlot Slot(string name)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Name == name) return _slots[i];
            }

            return null;
        }

        /// <summary>Every durable record, for reports and the service.</summary>
        public DurableSlot[] Slots => _slots;

        /// <summary>The value of a slot, or null (absent, damaged or unknown).</summary>
        public string Value(string name)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(name);
                return s == null ? null : s.Value;
            }
        }

        /// <summary>What boot found in a slot (Absent for an unknown name).</summary>
        public SlotState StateOf(string name)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(name);
                return s == null ? SlotState.Absent : s.State;
            }
        }

        /// <summary>
        /// Writes a durable record (the bench's thread). While the needles run it is queued as <see cref="QueueWrite(string, string)"/> does
        /// and true means "held"; otherwise true when it is on the flash. A volume too full for it empties the log's oldest
        /// files first: the log gives way, never a durable record.
        /// </summary>
        public bool Write(string slot, string text)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(slot);
                if (s == null || !RecordText.Storable(text)) return false;
                if (_deferring) return QueueWrite(slot, text) > 0;
                CancelQueued(s);
                return WriteSlotNow(s, text);
            }
        }

        /// <summary>
        /// Writes a durable record from the tick: queued (the newest per slot, while its write has not begun) and written by
        /// <see cref="Step"/> over the next ticks, once the drive is off. Returns the write's ticket (<see cref="Written"/>,
        /// <see cref="FailedSince"/>), or 0 when refused (unknown slot, no text or too long). A text not printable is refused
        /// when its slice is checked (a failed ticket, <see cref="Failing"/>).
        /// </summary>
        public int QueueWrite(string slot, string text)
        {
            lock (_gate)
            {
                if (text == null || text.Length > PenLimits.RecordMaxLength) return 0;
                return QueueSlot(slot, text, null);
            }
        }

        /// <summary>
        /// As <see cref="QueueWrite(string, string)"/> for a record built in pieces in <paramref name="chars"/> (from
        /// <see cref="TakeChars"/>, which returns to the store once written): nothing allocated in the tick; the slot's
        /// value is read back from the flash when someone asks for it.
        /// </summary>
        public int QueueWrite(string slot, RecordChars chars)
        {
            lock (_gate)
            {
                if (chars.Overflowed)
                {
                    Release(chars);
                    _lastWriteFailed = true;
                    return 0;
                }

                int t = QueueSlot(slot, null, chars);
                if (t == 0) Release(chars);
                return t;
            }
        }

        private int QueueSlot(string slot, string text, RecordChars chars)
        {
            int index = -1;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Name != slot) continue;
                index = i;
                break;
            }

            if (index < 0) return 0;
            // a write of this slot still waiting and not begun takes the newer text (its ticket stays)
            int t = _slotTicket[index];
            if (t > _finished && !(t == _finished + 1 && Begun))
            {
                int j = (_jobHead + (t - _finished - 1)) % _jobText.Length;
                if (_jobSlot[j] == index)
                {
                    if (_jobChars[j] != null) Release(_jobChars[j]);
                    _jobText[j] = text;
                    _jobChars[j] = chars;
                    _fresh = true;
                    return t;
                }
            }

            t = Enqueue(text, chars, index);
            if (t != 0) _slotTicket[index] = t;
            return t;
        }

        /// <summary>The first job has begun: a slice of it copied, or its pieces written out.</summary>
        private bool Begun => _jobAt > 0;

        /// <summary>Writes a durable record now (the bench's thread, boot): it supersedes a write of the slot the tick queued.</summary>
        public bool WriteNow(string slot, string text)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(slot);
                if (s == null || !RecordText.Storable(text)) return false;
                CancelQueued(s);
                return WriteSlotNow(s, text);
            }
        }

        // ------------------------------------------------------------------ damage and lockout

        /// <summary>A durable record was found damaged (now or at an earlier boot, until a service session cleared it).</summary>
        public bool Damaged => _damaged;

        /// <summary>The damaged records' slot names, comma-separated ("" when none).</summary>
        public string DamagedNames => _damagedNames;

        /// <summary>
        /// The last flash write failed (volume full even after the log gave way, or the flash failing), or the log held
        /// damaged lines or files at boot: records may be missing.
        /// </summary>
        public bool Failing => _lastWriteFailed || _logDamaged;

        /// <summary>Log lines and files found damaged at boot.</summary>
        public int LogDamagedLines => _log.DamagedLines;

        /// <summary>Log files found longer than a log file can be, or unreadable, at boot.</summary>
        public int LogDamagedFiles => _log.DamagedFiles;

        /// <summary>
        /// Service: clears the damage latch. Refused (false, with the reason) while a durable record is still damaged:
        /// its owner must write it first (the cartridge's state, a calibration or the configuration stored again).
        /// </summary>
        public bool ClearLockout(out string refusal)
        {
            lock (_gate)
            {
                refusal = null;
                for (int i = 0; i < _slots.Length; i++)
                {
                    DurableSlot s = _slots[i];
                    if (s.Name != DamageSlot && s.State == SlotState.Damaged)
                    {
                        refusal = "the " + s.Name + " record is still damaged: store it again first";
                        return false;
                    }
                }

                if (!WriteSlotNow(Slot(DamageSlot), DamageTag + " none"))
                {
                    refusal = "the flash refused the damage record";
                    return false;
                }

                _damaged = false;
                _damagedNames = "";
                return true;
            }
        }

        // ------------------------------------------------------------------ the log (IRecordStore)

        /// <summary>
        /// Appends a record to the log. While the needles run it is held in RAM (at most
        /// <see cref="PenLimits.DeferredRecordCapacity"/>; more are counted) and true means "held". Otherwise true when it is
        /// on the flash.
        /// </summary>
        public bool Append(string record)
        {
            lock (_gate)
            {
                if (!RecordText.Storable(record)) return false;
                if (_deferring)
                {
                    EnqueueLog(record, null);
                    return true;
                }

                return AppendNow(record);
            }
        }

        /// <summary>
        /// Queues a log record from the tick: written by <see cref="Step"/> over the next ticks, in order, once the drive is
        /// off. Returns its ticket (<see cref="Written"/>, <see cref="FailedSince"/>), or 0 when refused: no text, too long, or
        /// <see cref="PenLimits.DeferredRecordCapacity"/> records already waiting (counted, and the count logged in a
        /// DROPPED record). A text not printable is refused when its slice is checked (a failed ticket).
        /// </summary>
        public int Queue(string record)
        {
            lock (_gate)
            {
                if (record == null || record.Length > PenLimits.RecordMaxLength) return 0;
                return EnqueueLog(record, null);
            }
        }

        /// <summary>
        /// A buffer to build a log record in without allocating (<see cref="RecordChars"/>, cleared), to hand back with
        /// <see cref="Queue(RecordChars)"/>; null while every buffer waits to be written (try again in a later tick).
        /// </summary>
        public RecordChars TakeChars()
        {
            lock (_gate)
            {
                for (int i = 0; i < _pool.Length; i++)
                {
                    if (_poolUsed[i]) continue;
                    _poolUsed[i] = true;
                    _pool[i].Clear();
                    return _pool[i];
                }

                return null;
            }
        }

        /// <summary>
        /// Queues the record built in <paramref name="chars"/> (from <see cref="TakeChars"/>, which returns to the store
        /// once written): as <see cref="Queue(string)"/>. A text that overflowed its buffer is refused.
        /// </summary>
        public int Queue(RecordChars chars)
        {
            lock (_gate)
            {
                if (chars.Overflowed)
                {
                    Release(chars);
                    _lastWriteFailed = true;
                    return 0;
                }

                return EnqueueLog(null, chars);
            }
        }

        /// <summary>The job of <paramref name="ticket"/> is done (written, or refused: <see cref="FailedSince"/>).</summary>
        public bool Written(int ticket)
        {
            return _finished >= ticket;
        }

        /// <summary>
        /// Drops a job not yet written (its ticket then reads written and not failed): a session's BEGIN whose start the
        /// flash refused. A ticket already written, or unknown, is left as it is. Dropping one leaves <see cref="Failing"/> as the
        /// last write tried left it.
        /// </summary>
        public void Cancel(int ticket)
        {
            lock (_gate)
            {
                if (ticket <= _finished || ticket > _queued) return;
                int j = (_jobHead + (ticket - _finished - 1)) % _jobText.Length;
                if (_jobSlot[j] == LogJob) _logJobs--;
                _jobSlot[j] = Cancelled;
            }
        }

        /// <summary>A job from <paramref name="ticket"/> on failed (not printable, or the flash refused it).</summary>
        public bool FailedSince(int ticket)
        {
            return _lastFailed >= ticket;
        }

        /// <summary>Records in the log.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _log.Count;
                }
            }
        }

        /// <summary>Log record <paramref name="index"/> (0 = the oldest held), or null.</summary>
        public string Read(int index)
        {
            long sequence;
            return Read(index, out sequence);
        }

        /// <summary>Log record <paramref name="index"/> and its sequence number, or null.</summary>
        public string Read(int index, out long sequence)
        {
            lock (_gate)
            {
                return _log.Read(index, out sequence);
            }
        }

        /// <summary>
        /// Log record <paramref name="index"/>, read on the bench's thread in pieces of <see cref="PageSliceBytes"/> bytes,
        /// each under the lock, with <paramref name="slices"/> told of each piece outside it (the thread yields there, and
        /// a tick that needs the lock never waits for more than a piece). Returns the text's length, its bytes at the
        /// start of <see cref="PageLine"/> until the next read; −1 when there is none. Allocates nothing.
        /// </summary>
        public int ReadLine(int index, SliceBudget slices, out long sequence)
        {
            while (true)
            {
                int r, textLength;
                slices.Spend(PageSliceBytes * PageInstructionsPerByte);
                lock (_gate)
                {
                    r = _log.ReadStep(index, PageSliceBytes, out textLength, out sequence);
                }

                if (r == LineReader.Complete) return textLength;
                if (r == LineReader.End) return -1;
            }
        }

        /// <summary>The record <see cref="ReadLine"/> found: its text is the line's first bytes.</summary>
        public byte[] PageLine => _log.PageLine;

        /// <summary>Bytes of a log file read, checked and CRC'd in one piece of <see cref="ReadLine"/>. Unit: bytes. [D] a slice's worth (PenLimits.BenchSliceInstructions) at <see cref="PageInstructionsPerByte"/>.</summary>
        public const int PageSliceBytes = PenLimits.BenchSliceInstructions / PageInstructionsPerByte;

        /// <summary>IL instructions the log reader spends on a byte (read, kept, CRC'd, checked printable). Unit: instructions. [D] measured with the metered core: 79 a byte, and about 225 a piece besides (a piece of 25 bytes 2,225).</summary>
        public const int PageInstructionsPerByte = 90;

        /// <summary>Index of the first log record whose sequence number is <paramref name="sequence"/> or later (Count when none).</summary>
        public int IndexOfSequence(long sequence)
        {
            lock (_gate)
            {
                return _log.IndexOfSequence(sequence);
            }
        }

        /// <summary>The sequence number the next log record gets.</summary>
        public long NextSequence => _log.NextSequence;

        // ------------------------------------------------------------------ the tick

        /// <summary>True while the needles run (the drive is not off): writes are held and made by <see cref="Step"/> once it is off.</summary>
        public bool Deferring
        {
            get { return _deferring; }
            set
            {
                lock (_gate)
                {
                    _deferring = value;
                }
            }
        }

        /// <summary>
        /// The tick's share of the records (call once a tick, at its end): the first job waiting is copied, checked
        /// printable and CRC'd, <see cref="PenLimits.RecordSliceChars"/> characters a tick, then written with its sequence
        /// number in a tick of its own, once the drive is off; no tick prepares or writes more than that. Nothing waiting:
        /// it only compares. True when it did some of that work (the tick then builds no fault record: one item a tick).
        /// Allocates nothing.
        /// </summary>
        public bool Step()
        {
            // while the needles run nothing is written: no lock taken (the tick alone sets Deferring; held records wait for the stop)
            if (!_anyPending || _deferring) return false;
            lock (_gate)
            {
                if (_jobCount == 0 && _deferredDropped == 0)
                {
                    _anyPending = false;
                    return false;
                }

                if (_deferring) return false;
                if (_fresh)
                {
                    // not in the tick that queued it: that tick built its text
                    _fresh = false;
                    return true;
                }

                if (_jobCount == 0)
                {
                    if (_deferredDropped == 0 || !QueueDropped())
                    {
                        _anyPending = _deferredDropped > 0;
                        return false;
                    }
                }

                int h = _jobHead;
                if (_jobSlot[h] == Cancelled)
                {
                    // nothing was written: what the last write said of the flash stands (Failing)
                    bool failing = _lastWriteFailed;
                    FinishJob(true);
                    _lastWriteFailed = failing;
                    return true;
                }

                string text = _jobText[h];
                RecordChars chars = _jobChars[h];
                if (chars != null)
                {
                    if (!chars.Expanded)
                    {
                        // a record built in pieces (our own words and digits: printable): written out and CRC'd, about a slice a tick
                        int from = _jobAt;
                        int end = chars.Expand(_jobLine, from, PenLimits.RecordSliceChars);
                        if (chars.Overflowed)
                        {
                            FinishJob(false);
                            return true;
                        }

                        _jobCrc = Crc32.Update(_jobCrc, _jobLine, from, end - from);
                        _jobAt = end;
                        return true;
                    }

                    FinishJob(_jobSlot[h] == LogJob ? _log.AppendPrepared(_jobLine, _jobAt, _jobCrc) : WritePreparedSlot(_slots[_jobSlot[h]], null, _jobAt));
                    return true;
                }

                int length = text.Length;
                if (_jobAt < length)
                {
                    // a slice: copied, checked printable and CRC'd in one pass
                    int from = _jobAt;
                    int end = from + PenLimits.RecordSliceChars;
                    if (end > length) end = length;
                    byte[] line = _jobLine;
                    uint[] table = Crc32.Table;
                    uint crc = _jobCrc;
                    for (int i = from; i < end; i++)
                    {
                        char c = text[i];
                        if (c < ' ' || c > '~')
                        {
                            FinishJob(false);
                            return true;
                        }

                        line[i] = (byte)c;
                        crc = table[(crc ^ c) & 0xff] ^ (crc >> 8);
                    }

                    _jobCrc = crc;
                    _jobAt = end;
                    return true;
                }

                int slot = _jobSlot[h];
                FinishJob(slot == LogJob ? _log.AppendPrepared(_jobLine, length, _jobCrc) : WritePreparedSlot(_slots[slot], text, length));
                return true;
            }
        }

        /// <summary>Records or durable writes still waiting for the flash (the pen powers off only once there are none).</summary>
        public bool Pending => _anyPending;

        /// <summary>Writes everything waiting now, whatever it costs the tick (tests; the drive must be off: nothing is written while deferring).</summary>
        public void Flush()
        {
            while (_anyPending && !_deferring) Step();
        }

        /// <summary>Flash writes made so far (each stalls the interpreter: the tick after one is excused from the tick check while the drive is off).</summary>
        public int FlashWrites => _files.Writes;

        // ------------------------------------------------------------------ inside the lock

        private int EnqueueLog(string text, RecordChars chars)
        {
            if (_logJobs >= PenLimits.DeferredRecordCapacity)
            {
                if (chars != null) Release(chars);
                _deferredDropped++;
                _anyPending = true;
                return 0;
            }

            _logJobs++;
            return Enqueue(text, chars, LogJob);
        }

        private const int LogJob = -1, Cancelled = -2;

        /// <summary>A durable record written now (WriteNow) supersedes the tick's writes of it still waiting.</summary>
        private void CancelQueued(DurableSlot s)
        {
            int capacity = _jobText.Length;
            for (int k = 0; k < _jobCount; k++)
            {
                int j = (_jobHead + k) % capacity;
                if (_jobSlot[j] >= 0 && _slots[_jobSlot[j]] == s) _jobSlot[j] = Cancelled;
            }
        }

        private int Enqueue(string text, RecordChars chars, int slot)
        {
            // room: the log's jobs are bounded above and a slot has at most one job waiting that has not begun, plus its begun one
            if (_jobCount == _jobText.Length)
            {
                if (chars != null) Release(chars);
                _lastWriteFailed = true;
                return 0;
            }

            int j = (_jobHead + _jobCount) % _jobText.Length;
            _jobText[j] = text;
            _jobChars[j] = chars;
            _jobSlot[j] = slot;
            _jobCount++;
            _anyPending = true;
            _fresh = true;
            return ++_queued;
        }

        private void FinishJob(bool ok)
        {
            int h = _jobHead;
            _finished++;
            if (!ok) _lastFailed = _finished;
            _lastWriteFailed = !ok;
            if (_jobSlot[h] == LogJob) _logJobs--;
            if (_jobChars[h] != null) Release(_jobChars[h]);
            _jobText[h] = null;
            _jobChars[h] = null;
            _jobHead = (h + 1) % _jobText.Length;
            _jobCount--;
            _jobAt = 0;
            _jobCrc = Crc32.Start;
            _anyPending = _jobCount > 0 || _deferredDropped > 0;
        }

        private void Release(RecordChars chars)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                if (_pool[i] == chars) _poolUsed[i] = false;
            }
        }

        private static readonly string DroppedRecords = DroppedTag + " records=", DroppedWhile = " while=running";

        /// <summary>The count of log records the queue could not take, as a record of its own, built without allocating.</summary>
        private bool QueueDropped()
        {
            RecordChars chars = TakeChars();
            if (chars == null) return false;
            chars.Append(DroppedRecords);
            chars.Append(_deferredDropped);
            chars.Append(DroppedWhile);
            _deferredDropped = 0;
            _logJobs++;
            Enqueue(null, chars, LogJob);
            return true;
        }

        private bool WritePreparedSlot(DurableSlot slot, string text, int length)
        {
            // a volume too full for a durable record: the log's oldest files give way, one at a time
            for (int attempt = 0; attempt <= PenLimits.LogSegments; attempt++)
            {
                if (slot.WritePrepared(_files, text, _jobLine, length, _jobCrc)) return true;
                if (!_log.DropOldest()) break;
            }

            return false;
        }

        private bool AppendNow(string record)
        {
            bool ok = _log.Append(record);
            _lastWriteFailed = !ok;
            return ok;
        }

        private bool WriteSlotNow(DurableSlot slot, string text)
        {
            // a volume too full for a durable record: the log's oldest files give way, one at a time
            for (int attempt = 0; attempt <= PenLimits.LogSegments; attempt++)
            {
                if (slot.Write(_files, text, _line))
                {
                    _lastWriteFailed = false;
                    return true;
                }

                if (!_log.DropOldest()) break;
            }

            _lastWriteFailed = true;
            return false;
        }

        private static string LatchedNames(DurableSlot damage)
        {
            if (damage.State == SlotState.Damaged) return DamageSlot;
            string v = damage.Value;
            if (v == null) return "";
            string names = RecordText.Field(v, "slots");
            return names ?? "";
        }

        private static bool Listed(string names, string name)
        {
            return ("," + names + ",").IndexOf("," + name + ",") >= 0;
        }

        /// <summary>The flash, counting its writes.</summary>
        private sealed class CountingFiles : IFlashFiles
        {
            private readonly IFlashFiles _inner;
            public int Writes;

            public CountingFiles(IFlashFiles inner) { _inner = inner; }

            public int Read(string name, int offset, byte[] buffer, int count)
            {
                return _inner == null ? -1 : _inner.Read(name, offset, buffer, count);
            }

            public bool Write(string name, byte[] data, int count)
            {
                Writes++;
                return _inner != null && _inner.Write(name, data, count);
            }

            public bool Append(string name, byte[] data, int count)
            {
                Writes++;
                return _inner != null && _inner.Append(name, data, count);
            }
        }
    }
}
