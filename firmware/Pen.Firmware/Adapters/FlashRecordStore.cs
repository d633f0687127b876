using System;
using System.Collections;
using System.IO;
using System.Threading;
using Pen.Core.Board;
using Pen.Core.Limits;
using Pen.Core.Ports;
using Pen.Firmware.Running;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The session log and fault snapshots (IRecordStore): one text file on the internal flash (LittleFS, drive I:),
    /// one record per line. Append only queues the record in RAM; a low-priority writer thread drains the queue every
    /// <see cref="WriterPeriodMillis"/>, so the tick never waits on flash. A RAM copy of every record serves Count and Read. LittleFS is power-fail safe; a record
    /// still queued when power goes is lost (at most the last few, written within tens of ms; after a compaction, the
    /// records queued while the writer rewrites the file, about a second: the core compacts at a session's end, not
    /// just before a BEGIN).
    /// </summary>
    public sealed class FlashRecordStore : IRecordStore
    {
        /// <summary>The records file on the ESP32's internal flash file system.</summary>
        public const string DefaultPath = "I:\\pen-records.txt";
        /// <summary>Most records kept (RAM copy and file); then Append refuses ("store full"). Unit: records.</summary>
        public const int MaxRecords = PenLimits.RecordStoreCapacity;
        /// <summary>Suffix of the file a compaction (Replace) writes before it takes the place of the records file.</summary>
        public const string RewriteSuffix = ".new";
        /// <summary>How often the writer looks for queued records. Unit: ms. (A plain sleep: an AutoResetEvent's Set binds
        /// to the desktop-only EventWaitHandle.Set on the host, and a record waiting 50 ms costs nothing.)</summary>
        public const int WriterPeriodMillis = 50;

        private readonly string _path;
        private readonly ArrayList _records = new ArrayList();
        private readonly Queue _pending = new Queue();
        private readonly object _gate = new object();
        private bool _failed;
        private bool _rewritePending;

        private FlashRecordStore(string path)
        {
            _path = path;
        }

        /// <summary>
        /// Opens the store and loads the records already on flash (at boot, before the control loop runs). A file that
        /// cannot be read leaves the store failed: every Append is refused and the core sees it.
        /// </summary>
        public static FlashRecordStore Open(string path)
        {
            FlashRecordStore store = new FlashRecordStore(path);
            try
            {
                // a compaction interrupted by a power loss: after the old file was deleted, the new one is complete and
                // takes its place; before, the new one may be partial and the old one still holds every record
                string rewritten = path + RewriteSuffix;
                if (File.Exists(rewritten))
                {
                    if (File.Exists(path)) File.Delete(rewritten);
                    else File.Move(rewritten, path);
                }

                if (File.Exists(path))
                {
                    string[] lines = File.ReadAllText(path).Split(new char[] { '\n' });
                    for (int i = 0; i < lines.Length && store._records.Count < MaxRecords; i++)
                    {
                        string line = lines[i].Trim();
                        if (line.Length > 0) store._records.Add(line);
                    }
                }
            }
            catch (IOException e)
            {
                store._failed = true;
                Console.WriteLine("records: cannot read " + path + ": " + e.Message);
            }

            return store;
        }

        /// <summary>Starts the writer thread at the lowest priority.</summary>
        public void StartWriter()
        {
            Thread writer = new Thread(WriteLoop);
            writer.Priority = ThreadPriority.Lowest;
            writer.Start();
        }

        public bool Append(string record)
        {
            if (!RecordText.Storable(record)) return false;
            lock (_gate)
            {
                if (_failed || _records.Count >= MaxRecords) return false;
                _records.Add(record);
                _pending.Enqueue(record);
            }

            return true;
        }

        /// <summary>
        /// Replaces the records (a compaction, at boot or a session's end): the RAM copy at once; the writer then writes the new file
        /// beside the old one, deletes the old one and renames the new one (Open finishes an interrupted rename).
        /// </summary>
        public bool Replace(string[] records, int count, int replacing)
        {
            if (!RecordText.StorableAll(records, count)) return false;
            lock (_gate)
            {
                if (_failed || _records.Count != replacing) return false;
                _records.Clear();
                for (int i = 0; i < count; i++) _records.Add(records[i]);
                _pending.Clear();
                _rewritePending = true;
            }

            return true;
        }

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _records.Count;
                }
            }
        }

        public string Read(int index)
        {
            lock (_gate)
            {
                if (index < 0 || index >= _records.Count) return null;
                return (string)_records[index];
            }
        }

        /// <summary>Writes the records of the last Replace to a new file, then lets it take the old one's place.</summary>
        private void Rewrite()
        {
            string[] snapshot;
            lock (_gate)
            {
                if (!_rewritePending) return;
                _rewritePending = false;
                snapshot = new string[_records.Count];
                for (int i = 0; i < snapshot.Length; i++) snapshot[i] = (string)_records[i];
                _pending.Clear(); // every record so far is in the snapshot; later ones queue after it
            }

            string rewritten = _path + RewriteSuffix;
            File.WriteAllText(rewritten, "");
            for (int i = 0; i < snapshot.Length; i++) File.AppendAllText(rewritten, snapshot[i] + "\n");
            if (File.Exists(_path)) File.Delete(_path);
            File.Move(rewritten, _path);
        }

        private void WriteLoop()
        {
            try
            {
                while (true)
                {
                    Thread.Sleep(WriterPeriodMillis);
                    Rewrite();
                    while (true)
                    {
                        string next;
                        lock (_gate)
                        {
                            if (_pending.Count == 0) break;
                            next = (string)_pending.Dequeue();
                        }

                        File.AppendAllText(_path, next + "\n");
                    }
                }
            }
            catch (IOException e)
            {
                // Flash full or broken: refuse further records (the core decides what a failed log means).
                lock (_gate)
                {
                    _failed = true;
                }

                Console.WriteLine("records: write failed: " + e.Message);
            }
            catch (Exception e)
            {
                SafeStop.Engage("record writer: " + e.Message);
            }
        }
    }
}
