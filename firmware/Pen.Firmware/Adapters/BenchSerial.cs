using System;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Pen.Core.Protocol;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The bench serial: UART 2 (COM2) on the pins nf.config gives it, 115,200 baud 8N1, one request line in, the
    /// core's <see cref="BenchProtocol"/> answer out. Its own thread, below the control loop's priority, is the only one
    /// that reads or writes the port (the port is single-threaded, nanoframework.md §1.9). It keeps serving after a
    /// safe stop, so the fault snapshots can still be read off; a serial error never reaches the control loop.
    /// </summary>
    public sealed class BenchSerial
    {
        /// <summary>UART 2; UART 1 (COM1) carries deployment and debugging.</summary>
        public const string PortName = "COM2";
        /// <summary>Unit: bit/s.</summary>
        public const int BaudRate = 115200;
        /// <summary>A response that cannot leave within this is dropped (no terminal attached). Unit: ms.</summary>
        public const int WriteTimeoutMillis = 2000;
        /// <summary>Pause after a serial error before reading again. Unit: ms.</summary>
        public const int ErrorBackoffMillis = 200;

        private readonly SerialPort _port;
        private readonly BenchProtocol _protocol;

        private BenchSerial(SerialPort port, BenchProtocol protocol)
        {
            _port = port;
            _protocol = protocol;
        }

        /// <summary>Routes the pins to UART 2 and opens it.</summary>
        public static BenchSerial Open(int rxPin, int txPin, BenchProtocol protocol)
        {
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            SerialPort port = new SerialPort(PortName, BaudRate, Parity.None, 8, StopBits.One);
            port.ReadTimeout = Timeout.Infinite;
            port.WriteTimeout = WriteTimeoutMillis;
            port.NewLine = "\n";
            port.Open();
            return new BenchSerial(port, protocol);
        }

        /// <summary>Starts the bench thread.</summary>
        public void Start()
        {
            Thread thread = new Thread(Serve);
            thread.Priority = ThreadPriority.BelowNormal;
            thread.Start();
        }

        private void Serve()
        {
            while (true)
            {
                try
                {
                    string line = _port.ReadLine();
                    // a terminal may end lines with CR LF; the protocol wants the line alone
                    if (line.Length > 0 && line[line.Length - 1] == '\r') line = line.Substring(0, line.Length - 1);
                    _port.Write(_protocol.Handle(line));
                }
                catch (Exception)
                {
                    Thread.Sleep(ErrorBackoffMillis);
                }
            }
        }
    }
}
