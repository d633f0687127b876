// Facade of nanoFramework.System.IO.Ports 1.1.139. Compile-only; declared members and why:
//   SerialPort(string, int, Parity, int, StopBits)   the bench serial on COM2 at 115,200 baud 8N1 (BenchSerial; the
//                                                    defaults of the last three are the real ones' names)
//   SerialPort.Open()                                once, at boot
//   SerialPort.WriteTimeout (set)                   a write gives up after 2 s
//   SerialPort.BytesToRead, Read(byte[], int, int)   the bytes that arrived (only the bench thread reads: the port is
//                                                    single-threaded, nanoframework.md §1.9); the core's
//                                                    BenchLineInput makes lines of them (CR, LF or CR LF)
//   SerialPort.Write(string)                         the response
//   SerialPort.Write(byte[], int, int)               echo, and the telemetry lines STREAM sends
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

        public int WriteTimeout { set { throw new NotSupportedException(Facade.Message); } }
        public int BytesToRead { get { throw new NotSupportedException(Facade.Message); } }
        public void Open() { throw new NotSupportedException(Facade.Message); }
        public int Read(byte[] buffer, int offset, int count) { throw new NotSupportedException(Facade.Message); }
        public void Write(string text) { throw new NotSupportedException(Facade.Message); }
        public void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(Facade.Message); }
    }
}
