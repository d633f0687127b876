using System;
using System.Collections.Generic;
using Pen.Core.Ports;

namespace Pen.Simulation.Peripherals
{
    /// <summary>
    /// How long the pen's flash takes, and how big its volume is. Each figure is cited; <see cref="Typical"/> is what a
    /// write costs on most days, <see cref="Worst"/> the datasheet's maximum (an aged part, a hot one).
    /// </summary>
    public sealed class FlashTiming
    {
        /// <summary>Program one 256-byte page. Unit: µs. Winbond W25Q32JV datasheet (rev. F, 2017), AC electrical characteristics: tPP 0.4 ms typical, 3 ms maximum.</summary>
        public double PageProgramMicros = 400;

        /// <summary>Erase one 4 kB sector. Unit: µs. W25Q32JV: tSE 45 ms typical, 400 ms maximum; ESP-IDF waits up to 600 ms for one (components/spi_flash/spi_flash_chip_generic.c, SPI_FLASH_GENERIC_SECTOR_ERASE_TIMEOUT_MS "according to GD25Q127 (125 °C) + 100 ms").</summary>
        public double SectorEraseMicros = 45000;

        /// <summary>A program unit. Unit: bytes. SPI NOR page (W25Q32JV; ESP-IDF's page_size).</summary>
        public int PageBytes = 256;

        /// <summary>LittleFS's block: the flash's erase sector. Unit: bytes. esp_littlefs uses the 4 kB sector (CONFIG_WL_SECTOR_SIZE).</summary>
        public int BlockBytes = 4096;

        /// <summary>Files up to this size live inside their directory's metadata block (LittleFS inline files: inline_max = min(cache size 512, block/8)). Unit: bytes.</summary>
        public int InlineMaxBytes = 512;

        /// <summary>Bookkeeping LittleFS adds to a file's metadata commit (tags, CRC). Unit: bytes. [E] littlefs SPEC.md: a commit's tags are 4 bytes each, a CRC tag and padding to the program size.</summary>
        public int CommitOverheadBytes = 32;

        /// <summary>The volume I: (the "config" partition, 0x40000 on a 4 MB part: nf-interpreter@a3e8139 targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv). Unit: bytes.</summary>
        public int VolumeBytes = 0x40000;

        /// <summary>Blocks LittleFS keeps for itself: the superblock pair and the root directory's metadata pair. Unit: blocks.</summary>
        public int ReservedBlocks = 4;

        /// <summary>
        /// Every append to a file beyond the inline size takes a fresh block: LittleFS extends a file it is not already
        /// writing by allocating a block, erasing it and copying the partial last block into it, and every close or sync
        /// ends that (littlefs@adad0fb lfs.c: lfs_file_flushedwrite calls lfs_ctz_extend, which calls lfs_bd_erase and
        /// "just copy out the last block if it is incomplete"; lfs_file_flush clears LFS_F_WRITING). False: an append is
        /// charged an erase only when it begins a new block (the model before docs/scheduler.md; still the default).
        /// </summary>
        public bool AppendTakesFreshBlock;

        /// <summary>Typical part, room temperature.</summary>
        public static FlashTiming Typical() => new FlashTiming();

        /// <summary>Typical part, every append past the inline size in a fresh block (<see cref="AppendTakesFreshBlock"/>).</summary>
        public static FlashTiming LittleFsTypical() => new FlashTiming { AppendTakesFreshBlock = true };

        /// <summary>The datasheet maximum, every append past the inline size in a fresh block.</summary>
        public static FlashTiming LittleFsWorst() => new FlashTiming { PageProgramMicros = 3000, SectorEraseMicros = 400000, AppendTakesFreshBlock = true };

        /// <summary>The datasheet maximum: 3 ms a page, 400 ms a sector.</summary>
        public static FlashTiming Worst() => new FlashTiming { PageProgramMicros = 3000, SectorEraseMicros = 400000 };

        /// <summary>Writes take no time (the simulator's instant interpreter preset, where the firmware's work takes none).</summary>
        public static FlashTiming Instant() => new FlashTiming { PageProgramMicros = 0, SectorEraseMicros = 0 };
    }

    /// <summary>
    /// The flash file system as the pen has it (LittleFS on the ESP32's internal flash, drive I:): files that survive
    /// power loss and power cycles (they belong to the simulated pen, not to one firmware instance), and
    ///   - write latency: each write or append costs its page programs and, where LittleFS must take a fresh block, a
    ///     sector erase (<see cref="FlashTiming"/>); <see cref="Busy"/> is told each cost so the simulated CPU stops every
    ///     managed thread for it (a LittleFS write runs inside the interpreter's native call);
    ///   - power loss that tears the write in progress: <see cref="PowerLoss"/> cuts a write whose time has not yet run
    ///     out after the bytes programmed so far (a prefix: a stricter fault than LittleFS's all-or-nothing commit, so a
    ///     store that survives it survives the device);
    ///   - a volume that fills: blocks are counted as LittleFS takes them (an inline file inside the directory's
    ///     metadata, a larger file a block per 4 kB, the rest of the volume holding other files:
    ///     <see cref="ForeignBytes"/>), and a write that would not fit is refused and changes nothing.
    /// <see cref="Failed"/> refuses everything (a broken flash).
    /// </summary>
    public sealed class SimFlashFiles : IFlashFiles
    {
        private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>();
        private readonly List<InFlight> _inFlight = new List<InFlight>();
        private double _metadataFill;
        private long _busyUntil;

        /// <summary>The flash's timing and size.</summary>
        public FlashTiming Timing { get; set; } = FlashTiming.Typical();

        /// <summary>The flash failed (a fault to inject): every write is refused, every read fails.</summary>
        public bool Failed { get; set; }

        /// <summary>Bytes of the volume other files hold (nanoFramework's own configuration, deployed files): fills it. Unit: bytes.</summary>
        public int ForeignBytes { get; set; }

        /// <summary>Now, on the simulated clock (set by the pen: inside a tick, the tick's own instant). Unit: µs.</summary>
        public Func<long> Now { get; set; } = () => 0;

        /// <summary>Told of each write's cost as it starts (µs): the pen's CPU stops every managed thread for it.</summary>
        public Action<long, double> Busy { get; set; }

        /// <summary>The files, by name (for reports and tests).</summary>
        public IReadOnlyDictionary<string, byte[]> Files => _files;

        /// <summary>Writes and appends made so far (accepted or refused), and the longest one. Unit: µs.</summary>
        public int Operations { get; private set; }
        public double LongestMicros { get; private set; }
        public double TotalMicros { get; private set; }

        /// <summary>Blocks in use, of <see cref="FlashTiming.VolumeBytes"/> / <see cref="FlashTiming.BlockBytes"/>.</summary>
        public int UsedBlocks => BlocksFor(null, 0);

        /// <summary>Blocks of the volume.</summary>
        public int TotalBlocks => Timing.VolumeBytes / Timing.BlockBytes;

        public int Read(string name, int offset, byte[] buffer, int count)
        {
            if (Failed) return -1;
            if (!_files.TryGetValue(name, out byte[] data) || offset >= data.Length) return 0;
            int n = Math.Min(count, data.Length - offset);
            Array.Copy(data, offset, buffer, 0, n);
            return n;
        }

        public bool Write(string name, byte[] data, int count)
        {
            byte[] content = new byte[count];
            Array.Copy(data, content, count);
            return Put(name, content, count, false);
        }

        public bool Append(string name, byte[] data, int count)
        {
            _files.TryGetValue(name, out byte[] old);
            old ??= new byte[0];
            byte[] joined = new byte[old.Length + count];
            Array.Copy(old, joined, old.Length);
            Array.Copy(data, 0, joined, old.Length, count);
            return Put(name, joined, count, true);
        }

        /// <summary>
        /// Power is lost at <paramref name="atMicros"/>: a write still in progress then is cut after the bytes programmed
        /// so far (its cost spread evenly over its bytes). Returns how many writes were torn.
        /// </summary>
        public int PowerLoss(long atMicros)
        {
            int torn = 0;
            // latest first, so that a file written twice ends as the earlier write left it
            for (int i = _inFlight.Count - 1; i >= 0; i--)
            {
                InFlight w = _inFlight[i];
                if (atMicros >= w.End) continue;
                if (atMicros <= w.Start)
                {
                    _files[w.Name] = w.Old; // not begun: the file as it was
                    continue;
                }

                double done = w.End > w.Start ? (double)(atMicros - w.Start) / (w.End - w.Start) : 0;
                if (done < 0) done = 0;
                int written = (int)Math.Floor(done * w.NewBytes);
                int keep = w.Old.Length;
                if (!w.IsAppend) keep = 0; // a rewrite truncates first
                byte[] cut = new byte[keep + written];
                if (w.IsAppend) Array.Copy(w.Old, cut, keep);
                Array.Copy(w.New, w.IsAppend ? w.Old.Length : 0, cut, keep, written);
                _files[w.Name] = cut;
                torn++;
            }

            _inFlight.Clear();
            _busyUntil = 0;
            return torn;
        }

        /// <summary>Every write so far counts as done (the factory's, before the pen's clock starts).</summary>
        public void Settle()
        {
            _inFlight.Clear();
            _busyUntil = 0;
        }

        /// <summary>Puts bytes in a file as they are, bypassing timing and space (a test's or campaign's corruption).</summary>
        public void Put(string name, byte[] content)
        {
            _files[name] = (byte[])content.Clone();
        }

        /// <summary>A copy of every file (a campaign's snapshot).</summary>
        public Dictionary<string, byte[]> Snapshot()
        {
            var copy = new Dictionary<string, byte[]>();
            foreach (var f in _files) copy[f.Key] = (byte[])f.Value.Clone();
            return copy;
        }

        /// <summary>Replaces every file by a snapshot's.</summary>
        public void Restore(Dictionary<string, byte[]> snapshot)
        {
            _files.Clear();
            foreach (var f in snapshot) _files[f.Key] = (byte[])f.Value.Clone();
            _inFlight.Clear();
        }

        /// <summary>Told of every accepted write: the file, its content before and after (a campaign's record of the writes).</summary>
        public Action<string, byte[], byte[], bool> Wrote { get; set; }

        private bool Put(string name, byte[] content, int newBytes, bool isAppend)
        {
            Operations++;
            if (Failed) return false;
            _files.TryGetValue(name, out byte[] old);
            old ??= new byte[0];
            if (BlocksFor(name, content.Length) > TotalBlocks) return false; // ENOSPC: LittleFS leaves the file as it was

            double micros = Cost(old.Length, content.Length, newBytes, isAppend);
            long now = Now();
            long start = Math.Max(now, _busyUntil);
            long end = start + (long)Math.Round(micros);
            _busyUntil = end;
            _inFlight.RemoveAll(w => w.End <= now);
            _inFlight.Add(new InFlight { Name = name, Old = old, New = content, NewBytes = newBytes, IsAppend = isAppend, Start = start, End = end });
            _files[name] = content;
            TotalMicros += micros;
            if (micros > LongestMicros) LongestMicros = micros;
            Busy?.Invoke(start, micros);
            Wrote?.Invoke(name, old, content, isAppend);
            return true;
        }

        /// <summary>
        /// What one write costs: its bytes in page programs, one page for the metadata commit, and a sector erase for
        /// every fresh block LittleFS takes (a larger file's new blocks; an inline file's metadata block when its log of
        /// commits fills and is compacted into the other block of the pair). Unit: µs.
        /// </summary>
        private double Cost(int oldLength, int newLength, int newBytes, bool isAppend)
        {
            FlashTiming t = Timing;
            int pages = (newBytes + t.PageBytes - 1) / t.PageBytes + 1;
            int erases = 0;
            if (newLength <= t.InlineMaxBytes)
            {
                _metadataFill += newLength + t.CommitOverheadBytes;
                if (_metadataFill > t.BlockBytes)
                {
                    erases++;
                    _metadataFill = 0;
                }
            }
            else if (isAppend && oldLength > t.InlineMaxBytes && t.AppendTakesFreshBlock)
            {
                // a fresh block from the old last block's start, its bytes copied, then every block the new bytes reach
                int partial = oldLength % t.BlockBytes;
                erases += (newLength - 1) / t.BlockBytes - oldLength / t.BlockBytes + 1;
                pages += (partial + t.PageBytes - 1) / t.PageBytes;
            }
            else if (isAppend && oldLength > t.InlineMaxBytes)
            {
                erases += newLength / t.BlockBytes - oldLength / t.BlockBytes; // blocks the appended bytes begin
            }
            else
            {
                erases += (newLength + t.BlockBytes - 1) / t.BlockBytes;      // a file rewritten (copy on write), or leaving the metadata
            }

            return pages * t.PageProgramMicros + erases * t.SectorEraseMicros;
        }

        /// <summary>Blocks in use with file <paramref name="name"/> at <paramref name="length"/> bytes (null: as it is).</summary>
        private int BlocksFor(string name, int length)
        {
            FlashTiming t = Timing;
            int blocks = t.ReservedBlocks + (ForeignBytes + t.BlockBytes - 1) / t.BlockBytes;
            long inline = 0;
            foreach (var f in _files)
            {
                int size = f.Key == name ? length : f.Value.Length;
                if (size == 0) continue;
                if (size <= t.InlineMaxBytes) inline += size + t.CommitOverheadBytes;
                else blocks += (size + t.BlockBytes - 1) / t.BlockBytes;
            }

            if (name != null && !_files.ContainsKey(name) && length > 0)
            {
                if (length <= t.InlineMaxBytes) inline += length + t.CommitOverheadBytes;
                else blocks += (length + t.BlockBytes - 1) / t.BlockBytes;
            }

            // inline files beyond what the root pair holds need more metadata pairs (two blocks each)
            blocks += 2 * (int)(inline / t.BlockBytes);
            return blocks;
        }

        private sealed class InFlight
        {
            public string Name;
            public byte[] Old, New;
            public int NewBytes;
            public bool IsAppend;
            public long Start, End;
        }
    }

    /// <summary>The chip's random generator, as a seeded sequence (a run repeats; another seed, other challenges).</summary>
    public sealed class SimRandom : IRandomSource
    {
        private readonly Plant.SplitMix _mix;

        public SimRandom(int seed)
        {
            _mix = Plant.SplitMix.For(seed, "esp-random");
        }

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(_mix.NextDouble() * 256);
        }
    }

    /// <summary>The soft power latch: remembers that the firmware switched the pen off.</summary>
    public sealed class SimPowerLatch : IPowerLatch
    {
        /// <summary>The firmware released the latch and has not been woken since.</summary>
        public bool Released;
        /// <summary>How often the firmware switched the pen off.</summary>
        public int PowerOffs;

        public void PowerOff()
        {
            Released = true;
            PowerOffs++;
        }
    }
}
