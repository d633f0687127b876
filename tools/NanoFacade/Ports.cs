// Facade of nanoFramework.System.IO.Ports 1.1.139. Compile-only; declared members and why:
//   SerialPort(string, int, Parity, int, StopBits)   the bench serial on COM2 at 115,200 baud 8N1 (BenchSerial; the
//                                                    defaults of the last three are the real ones' names)
//   SerialPort.Open()                                once, at boot
//   SerialPort.ReadTimeout / WriteTimeout (set)     the reader blocks for a line; a write gives up after 2 s
//   SerialPort.NewLine (set)                         "\n": a terminal's or a script's line end (a CR is trimmed)
//   SerialPort.ReadLine()                            one request line (only the bench thread reads: the port is
//                                                    single-threaded, nanoframework.md §1.9)
//   SerialPort.Write(string)                         the response
//   Parity.None, StopBits.One                        8N1 (enum values here are not the real ones; the device build
//                                                    compiles against the real enums)
// Return types and parameter types are those of data/nanoframework/signatures.md §1.9.
using System;

namespace System.IO.Ports
{
    public enum Parity
    {
        None,
    }

    public enum StopBits
    {
        One,
    }

    public sealed class SerialPort
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            throw new NotSupportedException(Facade.Message);
        }

        public int ReadTimeout { set { throw new NotSupportedException(Facade.Message); } }
        public int WriteTimeout { set { throw new NotSupportedException(Facade.Message); } }
        public string NewLine { set { throw new NotSupportedException(Facade.Message); } }
        public void Open() { throw new NotSupportedException(Facade.Message); }
        public string ReadLine() { throw new NotSupportedException(Facade.Message); }
        public void Write(string text) { throw new NotSupportedException(Facade.Message); }
    }
}
