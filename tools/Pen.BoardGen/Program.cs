using System;
using System.IO;

namespace Pen.BoardGen
{
    /// <summary>
    /// pen-boardgen: writes (or checks) the files generated from nf.config.
    ///   dotnet run --project tools/Pen.BoardGen                 regenerate
    ///   dotnet run --project tools/Pen.BoardGen -- --check      exit 1 and name the stale files when one is not current
    /// Exit codes: 0 done / current, 1 stale (with --check), 2 bad input (message names file and key).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool check = false;
            string? root = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--check") check = true;
                else if (args[i] == "--root" && i + 1 < args.Length) root = args[++i];
                else
                {
                    Console.Error.WriteLine("error: unknown argument \"" + args[i] + "\"");
                    Console.Error.WriteLine("usage: dotnet run --project tools/Pen.BoardGen [-- --check] [--root <repository>]");
                    return 2;
                }
            }

            root ??= FindRoot(Directory.GetCurrentDirectory());
            if (root == null)
            {
                Console.Error.WriteLine("error: no repository root (a folder with Pen.sln and nf.config) above " + Directory.GetCurrentDirectory());
                return 2;
            }

            try
            {
                if (check)
                {
                    var stale = BoardFiles.Stale(root);
                    foreach (string f in stale) Console.WriteLine("stale: " + f + " (run: " + BoardFiles.Regenerate + ")");
                    Console.WriteLine(stale.Count == 0 ? "board files: current with nf.config" : "board files: " + stale.Count + " stale");
                    return stale.Count == 0 ? 0 : 1;
                }

                var changed = BoardFiles.Write(root);
                foreach (string f in changed) Console.WriteLine("wrote " + f);
                Console.WriteLine(changed.Count == 0 ? "board files: already current" : "board files: " + changed.Count + " written");
                return 0;
            }
            catch (NfConfigException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        }

        /// <summary>First folder at or above <paramref name="start"/> with Pen.sln and nf.config; null when none.</summary>
        public static string? FindRoot(string start)
        {
            DirectoryInfo? dir = new DirectoryInfo(Path.GetFullPath(start));
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pen.sln")) && File.Exists(Path.Combine(dir.FullName, "nf.config"))) return dir.FullName;
                dir = dir.Parent;
            }
            return null;
        }
    }
}
