using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Pen.Simulation.Serial
{
    /// <summary>
    /// A pseudo-terminal (Linux, and other POSIX systems with the same libc calls): the simulated pen's side is the
    /// master, read and written here without blocking; the other side, <see cref="Path"/> (/dev/pts/N), is a serial
    /// device any program opens as it would a USB-serial adapter (System.IO.Ports, screen, picocom). The slave is kept
    /// open here in raw mode, so a program may open and close it at will. Bytes written while nobody reads pile up in
    /// the kernel's buffer until it is full, then are lost, as on a UART with nothing attached.
    /// The master comes from /dev/pts/ptmx where it can be opened (the devpts instance the /dev/pts/N names lead to),
    /// else posix_openpt; a token through the pair proves the name leads to this pseudo-terminal.
    /// Calls: open, posix_openpt, grantpt, unlockpt, ptsname_r, tcgetattr/cfmakeraw/tcsetattr, fcntl, read, write, close.
    /// </summary>
    public sealed class PseudoTerminal : IDisposable
    {
        private const int O_RDWR = 2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, F_GETFL = 3, F_SETFL = 4, EAGAIN = 11, EINTR = 4;
        private int _master = -1, _slave = -1;

        private PseudoTerminal() { }

        /// <summary>The device the other side opens (/dev/pts/N).</summary>
        public string Path { get; private set; }

        /// <summary>Opens a new pseudo-terminal. Throws <see cref="IOException"/> (naming the call that failed) where there is none.</summary>
        public static PseudoTerminal Open()
        {
            if (!OperatingSystem.IsLinux())
                throw new PlatformNotSupportedException("the simulated pen's serial line is a Linux pseudo-terminal; on this system run the QA tool against a real pen (--port)");
            var pty = new PseudoTerminal();
            try
            {
                // the multiplexer of the devpts instance that /dev/pts/N names lead to, where there is one to open: where
                // /dev/ptmx belongs to another instance (a container's second devpts mount), posix_openpt's pty would have
                // a name that opens somebody else's pseudo-terminal
                pty._master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY);
                if (pty._master < 0) pty._master = posix_openpt(O_RDWR | O_NOCTTY);
                Check(pty._master, "posix_openpt");
                Check(grantpt(pty._master), "grantpt");
                Check(unlockpt(pty._master), "unlockpt");
                var name = new byte[128];
                Check(ptsname_r(pty._master, name, (IntPtr)name.Length), "ptsname_r");
                pty.Path = System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
                pty._slave = open(pty.Path, O_RDWR | O_NOCTTY);
                Check(pty._slave, "open " + pty.Path);
                MakeRaw(pty._slave);
                MakeRaw(pty._master);
                int flags = fcntl(pty._master, F_GETFL, 0);
                Check(flags, "fcntl F_GETFL");
                Check(fcntl(pty._master, F_SETFL, flags | O_NONBLOCK), "fcntl F_SETFL");
                pty.CheckPathLeadsHere();
                return pty;
            }
            catch
            {
                pty.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Proves that <see cref="Path"/> opens this pseudo-terminal (<see cref="Carries"/>). Throws
        /// <see cref="IOException"/> otherwise (the name leads to another program's pseudo-terminal), rather than let the
        /// QA tool talk to a pen that is not this one.
        /// </summary>
        private void CheckPathLeadsHere()
        {
            if (!Carries(this, this))
                throw new IOException("the name " + Path + " does not lead to the pseudo-terminal just opened (/dev/ptmx and /dev/pts are different devpts instances here, " +
                                      "and the name opens another program's); no serial line for the simulated pen");
        }

        /// <summary>
        /// Whether bytes written to <paramref name="masterSide"/>'s master come out of the slave that
        /// <paramref name="slaveSide"/> opened by its name: a token goes through, within 2 s.
        /// </summary>
        public static bool Carries(PseudoTerminal masterSide, PseudoTerminal slaveSide)
        {
            byte[] token = System.Text.Encoding.ASCII.GetBytes("\u0001pen-pty-" + Guid.NewGuid().ToString("N") + "\u0002");
            int slave = slaveSide._slave;
            int flags = fcntl(slave, F_GETFL, 0);
            Check(flags, "fcntl F_GETFL");
            Check(fcntl(slave, F_SETFL, flags | O_NONBLOCK), "fcntl F_SETFL");
            try
            {
                if (masterSide.Write(token, token.Length) != token.Length) return false;
                var got = new System.Collections.Generic.List<byte>();
                var buffer = new byte[256];
                var watch = System.Diagnostics.Stopwatch.StartNew();
                while (got.Count < token.Length && watch.ElapsedMilliseconds < 2000)
                {
                    int n = (int)read(slave, buffer, (IntPtr)buffer.Length);
                    if (n > 0) got.AddRange(buffer[..n]);
                    else System.Threading.Thread.Sleep(1);
                }

                return got.ToArray().AsSpan().SequenceEqual(token);
            }
            finally
            {
                fcntl(slave, F_SETFL, flags);
            }
        }

        /// <summary>Reads what has arrived (from the other side) into <paramref name="buffer"/>; 0 when nothing has.</summary>
        public int Read(byte[] buffer) => Read(buffer, buffer.Length);

        /// <summary>Reads at most <paramref name="max"/> of the bytes that have arrived into <paramref name="buffer"/>; 0 when nothing has.</summary>
        public int Read(byte[] buffer, int max)
        {
            while (true)
            {
                int n = (int)read(_master, buffer, (IntPtr)Math.Min(max, buffer.Length));
                if (n >= 0) return n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                if (errno == EAGAIN) return 0;
                throw new IOException("reading the pseudo-terminal " + Path + " failed (errno " + errno + ")");
            }
        }

        /// <summary>Writes to the other side; what does not fit in the kernel's buffer now is lost (returns the bytes taken).</summary>
        public int Write(byte[] buffer, int count)
        {
            int done = 0;
            while (done < count)
            {
                var part = done == 0 ? buffer : buffer[done..count];
                int n = (int)write(_master, part, (IntPtr)(count - done));
                if (n > 0)
                {
                    done += n;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (n < 0 && errno == EINTR) continue;
                break; // full (EAGAIN) or gone: dropped, as a UART's bytes with nothing attached
            }

            return done;
        }

        /// <summary>Writes text (ASCII) to the other side.</summary>
        public int Write(string text)
        {
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);
            return Write(bytes, bytes.Length);
        }

        public void Dispose()
        {
            if (_slave >= 0) close(_slave);
            if (_master >= 0) close(_master);
            _slave = _master = -1;
        }

        private static void MakeRaw(int fd)
        {
            var termios = new byte[256]; // struct termios is 60 bytes on Linux; room to spare
            Check(tcgetattr(fd, termios), "tcgetattr");
            cfmakeraw(termios);
            Check(tcsetattr(fd, 0, termios), "tcsetattr");
        }

        private static void Check(int result, string call)
        {
            if (result < 0) throw new IOException(call + " failed (errno " + Marshal.GetLastPInvokeError() + "): no pseudo-terminal for the simulated pen's serial line");
        }

        [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
        [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
        [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
        [DllImport("libc", SetLastError = true)] private static extern int ptsname_r(int fd, byte[] buf, IntPtr buflen);
        [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);
        [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
        [DllImport("libc", SetLastError = true)] private static extern int fcntl(int fd, int cmd, int arg);
        [DllImport("libc", SetLastError = true)] private static extern IntPtr read(int fd, byte[] buf, IntPtr count);
        [DllImport("libc", SetLastError = true)] private static extern IntPtr write(int fd, byte[] buf, IntPtr count);
        [DllImport("libc", SetLastError = true)] private static extern int tcgetattr(int fd, byte[] termios);
        [DllImport("libc", SetLastError = true)] private static extern int tcsetattr(int fd, int action, byte[] termios);
        [DllImport("libc")] private static extern void cfmakeraw(byte[] termios);
    }
}
