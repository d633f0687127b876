using System;
using System.IO;

namespace Pen.IlMeter
{
    /// <summary>
    /// <c>Pen.IlMeter &lt;Pen.Core.dll&gt; &lt;Pen.Metering.dll&gt;</c>: instruments the core in place (symbols kept) so
    /// that it counts, as it runs, what the nanoFramework interpreter would execute. Idempotent: an assembly that
    /// already references Pen.Metering is left alone. Exit 0 done or already done, 2 bad input.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: Pen.IlMeter <Pen.Core.dll> <Pen.Metering.dll>");
                return 2;
            }

            try
            {
                string result = Instrumenter.InstrumentInPlace(args[0], args[1]);
                Console.WriteLine("Pen.IlMeter: " + result);
                return 0;
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: Pen.IlMeter could not instrument " + args[0] + ": " + e.Message);
                return 2;
            }
        }
    }
}
