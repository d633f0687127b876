using System;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Pen.Core;
using Pen.Core.Protocol;

namespace Pen.Firmware.Adapters
{
    /// <summary>
    /// The bench serial: UART 2 (COM2) on the pins nf.config gives it, 115,200 baud 8N1. Its own thread, below the
    /// control loop's priority, is the only one that reads or writes the port (the port is single-threaded,
    /// nanoframework.md §1.9): it takes the bytes that arrived into the core's <see cref="BenchLineInput"/> (a line ends
    /// at CR, LF or CR LF; echoed when ECHO is on), answers each line with the core's <see cref="BenchProtocol"/>, and
    /// sends the telemetry lines the tick captured (<see cref="TelemetryStream"/>, while STREAM is on). It keeps serving
    /// after a safe stop, so the fault snapshots can still be read off; a serial error never reaches the control loop.
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
        /// <summary>Sleep when nothing arrived and nothing is to be sent: half the stream's shortest period. Unit: ms.</summary>
        public const int IdleMillis = 5;

        private readonly SerialPort _port;
        private readonly BenchProtocol _protocol;
        private readonly PenFirmware _firmware;
        private readonly BenchLineInput _input = new BenchLineInput();
        private readonly byte[] _received = new byte[64];
        // one telemetry line a write: formatting one takes about a slice's worth (docs/scheduler.md), then the thread yields
        private readonly byte[] _telemetry = new byte[TelemetryStream.MaxLineBytes];

        private BenchSerial(SerialPort port, BenchProtocol protocol, PenFirmware firmware)
        {
            _port = port;
            _protocol = protocol;
            _firmware = firmware;
            _slices = new SliceBudget(new ThreadYield());
            _protocol.Slices = _slices;
        }

        // the thread's share of the CPU: long answers yield inside, and the thread yields after every line and write
        // (docs/scheduler.md), so a due control tick waits for one slice at most
        private readonly SliceBudget _slices;

        /// <summary>Routes the pins to UART 2 and opens it.</summary>
        public static BenchSerial Open(int rxPin, int txPin, BenchProtocol protocol, PenFirmware firmware)
        {
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            SerialPort port = new SerialPort(PortName, BaudRate, Parity.None, 8, StopBits.One);
            port.WriteTimeout = WriteTimeoutMillis;
            port.Open();
            return new BenchSerial(port, protocol, firmware);
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
                    int waiting = _port.BytesToRead;
                    if (waiting > 0) Take(_port.Read(_received, 0, waiting < _received.Length ? waiting : _received.Length));
                    int telemetry = _firmware.Stream.Drain(_telemetry);
                    if (telemetry > 0)
                    {
                        _port.Write(_telemetry, 0, telemetry);
                        _slices.End();
                    }

                    if (waiting == 0 && telemetry == 0) Thread.Sleep(IdleMillis);
                }
                catch (Exception)
                {
                    Thread.Sleep(ErrorBackoffMillis);
                }
            }
        }

        private void Take(int count)
        {
            for (int i = 0; i < count; i++)
            {
                bool complete = _input.Add(_received[i]);
                if (_input.EchoLength > 0) _port.Write(_input.EchoBytes, 0, _input.EchoLength);
                if (!complete) continue;
                bool tooLong = _input.TooLong;
                int length = _input.Received;
                string line = _input.Line();
                string answer = tooLong ? BenchProtocol.Overlong(length) : _protocol.Handle(line);
                // a person at a terminal (echo on) gets CR LF line ends; a script gets LF
                _port.Write(_protocol.Echo ? BenchText.CrLf(answer) : answer);
                _input.Echo = _protocol.Echo;
                _slices.End();
            }
        }
    }
}
