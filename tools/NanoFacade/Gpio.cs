// Facade of nanoFramework.System.Device.Gpio 1.1.62 (and GpioPulseCounter from nanoFramework.Hardware.Esp32 1.6.40,
// which ships it in the System.Device.Gpio namespace). Compile-only; declared members and why:
//   GpioController()                      GpioOutput/GpioInput share one controller (Program.cs)
//   GpioController.OpenPin(int, PinMode)  opens every output and input pin with its mode in one call
//   GpioController.Read(int)              ButtonInput: a button's pin level at open and while it has been down since
//   GpioPin.Write(PinValue)               GpioOutput: enable, LEDs, buzzer, heartbeat, power latch
//   GpioPin.Read()                        GpioInput: buttons and cartridge switch, polled once per tick
//   GpioPin.Toggle()                      GpioOutput: a level change without a PinValue struct (27 kHz loops vs 1.5 kHz)
//   PinMode.Output / InputPullUp          the two pin modes the board uses
//   PinValue.High / Low, ==, !=           levels written and compared (== needs != , Equals and GetHashCode in C#)
//   GpioPulseCounter(int, int)            CamPulseCounter on the cam Hall pin (second pin -1: not quadrature)
//   GpioPulseCounter.Polarity, FilterPulses, Start(), Read()   edge, glitch filter, start, one read per tick
//   GpioPulseCount.Count, RelativeTime    what one read returns
//   GpioPulsePolarity.Falling / Rising    one edge per stroke (nf.config pulseCounter.polarity)
// Enum members: only those used; their numeric values here are not the real ones (the device build compiles against
// the real enums). Return types, parameter types and defaults are those of data/nanoframework/signatures.md §1.1, §1.4.
using System;

namespace System.Device.Gpio
{
    public sealed class GpioController
    {
        public GpioController() { }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw new NotSupportedException(Facade.Message); }
        public PinValue Read(int pinNumber) { throw new NotSupportedException(Facade.Message); }
    }

    public sealed class GpioPin
    {
        private GpioPin() { }
        public PinValue Read() { throw new NotSupportedException(Facade.Message); }
        public void Write(PinValue value) { throw new NotSupportedException(Facade.Message); }
        public void Toggle() { throw new NotSupportedException(Facade.Message); }
    }

    public enum PinMode
    {
        InputPullUp,
        Output,
    }

    public readonly struct PinValue
    {
        public static PinValue High { get { throw new NotSupportedException(Facade.Message); } }
        public static PinValue Low { get { throw new NotSupportedException(Facade.Message); } }
        public static bool operator ==(PinValue obj1, PinValue obj2) { throw new NotSupportedException(Facade.Message); }
        public static bool operator !=(PinValue obj1, PinValue obj2) { throw new NotSupportedException(Facade.Message); }
        public override bool Equals(object obj) { throw new NotSupportedException(Facade.Message); }
        public override int GetHashCode() { throw new NotSupportedException(Facade.Message); }
    }

    public sealed class GpioPulseCounter
    {
        public GpioPulseCounter(int pinNumberA, int pinNumberB = -1) { }
        public GpioPulsePolarity Polarity { get { throw new NotSupportedException(Facade.Message); } set { } }
        public ushort FilterPulses { get { throw new NotSupportedException(Facade.Message); } set { } }
        public void Start() { throw new NotSupportedException(Facade.Message); }
        public GpioPulseCount Read() { throw new NotSupportedException(Facade.Message); }
    }

    public struct GpioPulseCount
    {
        public long Count;
        public TimeSpan RelativeTime;
    }

    public enum GpioPulsePolarity
    {
        Falling,
        Rising,
    }
}
