namespace System
{
    /// <summary>The one message every facade body throws: this assembly is for compiling, never for running.</summary>
    internal static class Facade
    {
        internal const string Message = "NanoFacade is compile-only: the device build uses the real nanoFramework packages.";
    }
}
