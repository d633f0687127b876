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
    /// (<see cref="Deferring"/>) writes are held in RAM (bounded) and made by <see cref="Flush"/> once the drive is off:
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
        private readonly string[] _deferred = new string[PenLimits.DeferredRecordCapacity];
        private int _deferredCount;
        private int _deferredDropped;
        private bool _deferring;
        private bool _anyPending;
        private bool _damaged;
        private string _damagedNames = "";
        private bool _lastWriteFailed;

        public PenRecords(IFlashFiles files)
        {
            _files = new CountingFiles(files);
            _log = new EventLog(_files, _reader, _line);
            string[] calibrations = CalibrationKinds.SlotNames();
            _slots = new DurableSlot[7 + calibrations.Length];
            _slots[0] = new DurableSlot(CartridgeSlot);
            _slots[1] = new DurableSlot(ConfigSlot);
            _slots[2] = new DurableSlot(ServiceSlot);
            _slots[3] = new DurableSlot(KeySlot);
            _slots[4] = new DurableSlot(DamageSlot);
            _slots[5] = new DurableSlot(LockoutSlot);
            _slots[6] = new DurableSlot(MotorSlot);
            for (int i = 0; i < calibrations.Length; i++) _slots[7 + i] = new DurableSlot(calibrations[i]);
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
        /// Writes a durable record. While the needles run it is held (the newest per slot) and written by
        /// <see cref="Flush"/>; true then means "held". Otherwise true when it is on the flash. A volume too full for it
        /// empties the log's oldest files first: the log gives way, never a durable record.
        /// </summary>
        public bool Write(string slot, string text)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(slot);
                if (s == null || !RecordText.Storable(text)) return false;
                if (_deferring)
                {
                    s.Pending = text;
                    _anyPending = true;
                    return true;
                }

                s.Pending = null;
                return WriteSlotNow(s, text);
            }
        }

        /// <summary>Writes a durable record now, whatever the drive does (boot, power-off, the start of a session: the needles are stopped there).</summary>
        public bool WriteNow(string slot, string text)
        {
            lock (_gate)
            {
                DurableSlot s = Slot(slot);
                if (s == null || !RecordText.Storable(text)) return false;
                s.Pending = null;
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
        public bool Failing => _lastWriteFailed || _log.DamagedLines > 0 || _log.DamagedFiles > 0;

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
                    if (_deferredCount < _deferred.Length) _deferred[_deferredCount++] = record;
                    else _deferredDropped++;
                    _anyPending = true;
                    return true;
                }

                return AppendNow(record);
            }
        }

        /// <summary>
        /// Appends a record built in a preallocated buffer (<see cref="RecordChars"/>), now, allocating nothing. While the
        /// needles run it is not taken (false: the caller keeps it and tries again once they stop); otherwise true when it
        /// is on the flash.
        /// </summary>
        public bool Append(char[] record, int length)
        {
            lock (_gate)
            {
                if (_deferring) return false;
                bool ok = _log.Append(record, length);
                _lastWriteFailed = !ok;
                return ok;
            }
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

        /// <summary>True while the needles run (the drive is not off): writes are held and made by <see cref="Flush"/>.</summary>
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

        /// <summary>Writes what was held while the needles ran, once they stopped. Allocates nothing when nothing is held.</summary>
        public void Flush()
        {
            if (!_anyPending) return;
            lock (_gate)
            {
                if (_deferring || !_anyPending) return;
                _anyPending = false;
                for (int i = 0; i < _slots.Length; i++)
                {
                    string text = _slots[i].Pending;
                    if (text == null) continue;
                    _slots[i].Pending = null;
                    WriteSlotNow(_slots[i], text);
                }

                for (int i = 0; i < _deferredCount; i++)
                {
                    AppendNow(_deferred[i]);
                    _deferred[i] = null;
                }

                _deferredCount = 0;
                if (_deferredDropped > 0)
                {
                    AppendNow(DroppedTag + " records=" + _deferredDropped.ToString() + " while=running");
                    _deferredDropped = 0;
                }
            }
        }

        /// <summary>Flash writes made so far (each stalls the interpreter: the tick after one is excused from the tick check while the drive is off).</summary>
        public int FlashWrites => _files.Writes;

        // ------------------------------------------------------------------ inside the lock

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
