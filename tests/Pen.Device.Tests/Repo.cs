using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.BoardGen;

namespace Pen.Device.Tests
{
    /// <summary>Paths of the repository the tests run in (the first folder above the test assembly with Pen.sln).</summary>
    internal static class Repo
    {
        private static string? s_root;

        public static string Root
        {
            get
            {
                if (s_root != null) return s_root;
                string? root = Program.FindRoot(Path.GetDirectoryName(typeof(Repo).Assembly.Location)!);
                Assert.IsNotNull(root, "no repository root (Pen.sln + nf.config) above the test assembly");
                return s_root = root!;
            }
        }

        public static string File(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

        /// <summary>The repository's copy of the nanoFramework data (data/nanoframework: API lists, packages, signatures).</summary>
        public static string NanoFramework(string relative) => Path.GetFullPath(Path.Combine(Root, "data", "nanoframework", relative));

        public static NfConfig Config() => NfConfig.Load(File("nf.config"));
    }
}
