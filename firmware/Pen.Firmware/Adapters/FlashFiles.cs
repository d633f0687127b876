using System;
using System.IO;
using Pen.Core.Ports;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The records' files (IFlashFiles) on the ESP32's internal flash: LittleFS, drive I: (nf-interpreter
    /// targets/ESP32/ESP32/target_FileSystem.cpp; the "config" partition, 256 kB on a 4 MB part, partitions_nanoclr_4mb.csv).
    /// Each call opens the file, reads or writes, and closes it: nanoFramework's Write calls fwrite and fflush, and LittleFS
    /// commits a file's new content at its close (lfs_file_close syncs), so a write is on the flash when the call returns
    /// true, and a power loss before that leaves the file as it was. Every failure (a full volume, a missing file, a broken
    /// flash) is an answer (0, −1, false), never an exception into the core. The call runs inside the interpreter's native
    /// call and stalls every managed thread for its duration; the core writes only while the needles are stopped.
    /// </summary>
    public sealed class FlashFiles : IFlashFiles
    {
        /// <summary>Where the records live: a file per name, "I:\pen-&lt;name&gt;".</summary>
        public const string Prefix = "I:\\pen-";

        private readonly string _prefix;

        /// <param name="prefix">The path before each name (<see cref="Prefix"/> on the device; a directory on a host check).</param>
        public FlashFiles(string prefix)
        {
            _prefix = prefix;
        }

        public int Read(string name, int offset, byte[] buffer, int count)
        {
            FileStream file = null;
            try
            {
                string path = _prefix + name;
                if (!File.Exists(path)) return 0;
                file = new FileStream(path, FileMode.Open, FileAccess.Read);
                if (offset >= file.Length) return 0;
                file.Seek(offset, SeekOrigin.Begin);
                int n = file.Read(buffer, 0, count);
                return n < 0 ? 0 : n;
            }
            catch (Exception)
            {
                return -1;
            }
            finally
            {
                Close(file);
            }
        }

        public bool Write(string name, byte[] data, int count)
        {
            return Put(name, data, count, false);
        }

        public bool Append(string name, byte[] data, int count)
        {
            return Put(name, data, count, true);
        }

        private bool Put(string name, byte[] data, int count, bool append)
        {
            FileStream file = null;
            try
            {
                file = append ? new FileStream(_prefix + name, FileMode.Append, FileAccess.Write) : new FileStream(_prefix + name, FileMode.Create, FileAccess.Write);
                if (count > 0) file.Write(data, 0, count);
                file.Close(); // LittleFS commits here
                file = null;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
            finally
            {
                Close(file);
            }
        }

        private static void Close(FileStream file)
        {
            if (file == null) return;
            try
            {
                file.Close();
            }
            catch (Exception)
            {
                // already failing: the caller reports it
            }
        }
    }
}
