using System;
using System.Collections.Generic;
using System.IO;

namespace Pen.Conformance
{
    /// <summary>
    /// <c>Pen.Conformance &lt;path/to/Pen.Core.dll&gt; [--api &lt;dir&gt;] [--accept &lt;file&gt;]</c>. Exit code 0: conforms; 1: violations;
    /// 2: bad input (missing or unreadable assembly or API lists, bad arguments).
    /// </summary>
    public static class Program
    {
        public const int ExitClean = 0;
        public const int ExitViolations = 1;
        public const int ExitBadInput = 2;

        private const string Usage = "usage: Pen.Conformance <path/to/Pen.Core.dll> [--api <dir>] [--accept <file>]";

        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        /// <summary>Runs the gate; writes the report to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            try
            {
                return RunCore(args, stdout, stderr);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidDataException)
            {
                stderr.WriteLine("error: " + ex.Message);
                return ExitBadInput;
            }
            catch (Exception ex)
            {
                // Never a stack trace: one line that says what went wrong.
                stderr.WriteLine($"error: could not check the assembly ({ex.GetType().Name}: {ex.Message})");
                return ExitBadInput;
            }
        }

        private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr)
        {
            string? assembly = null;
            string? apiDirectory = null;
            string? acceptFile = null;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                if (arg is "-h" or "--help" or "-?")
                {
                    stdout.WriteLine(Usage);
                    return ExitClean;
                }
                if (arg == "--api")
                {
                    if (i + 1 >= args.Length)
                    {
                        stderr.WriteLine("error: --api needs a directory. " + Usage);
                        return ExitBadInput;
                    }
                    apiDirectory = args[++i];
                }
                else if (arg == "--accept")
                {
                    if (i + 1 >= args.Length)
                    {
                        stderr.WriteLine("error: --accept needs a file. " + Usage);
                        return ExitBadInput;
                    }
                    acceptFile = args[++i];
                }
                else if (arg.StartsWith("--api=", StringComparison.Ordinal))
                {
                    apiDirectory = arg.Substring("--api=".Length);
                }
                else if (arg.StartsWith("-", StringComparison.Ordinal) && arg.Length > 1)
                {
                    stderr.WriteLine($"error: unknown option {arg}. " + Usage);
                    return ExitBadInput;
                }
                else if (assembly == null)
                {
                    assembly = arg;
                }
                else
                {
                    stderr.WriteLine($"error: more than one assembly given ({assembly}, {arg}). " + Usage);
                    return ExitBadInput;
                }
            }

            if (string.IsNullOrWhiteSpace(assembly))
            {
                stderr.WriteLine("error: no assembly given. " + Usage);
                return ExitBadInput;
            }
            if (!File.Exists(assembly))
            {
                stderr.WriteLine($"error: assembly not found: {assembly}");
                return ExitBadInput;
            }

            if (apiDirectory == null)
            {
                apiDirectory = RepositoryLocator.FindApiDirectory(Directory.GetCurrentDirectory());
                if (apiDirectory == null)
                {
                    stderr.WriteLine("error: no repository root (a folder with Pen.sln or .git) above the current directory; pass --api <dir>");
                    return ExitBadInput;
                }
            }
            if (!Directory.Exists(apiDirectory))
            {
                stderr.WriteLine($"error: API list directory not found: {apiDirectory}");
                return ExitBadInput;
            }

            var accepted = new HashSet<string>(StringComparer.Ordinal);
            if (acceptFile != null)
            {
                if (!File.Exists(acceptFile))
                {
                    stderr.WriteLine($"error: accepted-violations file not found: {acceptFile}");
                    return ExitBadInput;
                }
                foreach (string line in File.ReadAllLines(acceptFile))
                {
                    string t = line.Trim();
                    if (t.Length > 0 && !t.StartsWith("#", StringComparison.Ordinal)) accepted.Add(t);
                }
            }

            ApiCatalog catalog = ApiCatalog.Load(apiDirectory);
            ConformanceResult checkedResult = new ConformanceChecker(catalog).Check(assembly);
            var kept = new List<Violation>();
            int acceptedCount = 0;
            foreach (Violation violation in checkedResult.Violations)
            {
                if (accepted.Contains(violation.ToString())) acceptedCount++;
                else kept.Add(violation);
            }
            ConformanceResult result = new ConformanceResult(checkedResult.AssemblyName, kept, checkedResult.ExternalReferencesChecked, checkedResult.ApiEntries, checkedResult.NeededLists);
            if (acceptedCount > 0) stdout.WriteLine($"accepted: {acceptedCount} listed in {acceptFile}");

            foreach (Violation violation in result.Violations)
                stdout.WriteLine(violation.ToString());
            stdout.WriteLine("needs: " + (result.NeededLists.Count == 0 ? "(nothing)" : string.Join(", ", result.NeededLists)));
            stdout.WriteLine($"conformance: {result.Violations.Count} violation{(result.Violations.Count == 1 ? "" : "s")} in {assembly} " +
                             $"({result.ExternalReferencesChecked} external references checked against {result.ApiEntries} API entries)");
            return result.IsClean ? ExitClean : ExitViolations;
        }
    }
}
