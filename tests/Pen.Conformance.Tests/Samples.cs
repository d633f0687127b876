using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Conformance.Tests
{
    /// <summary>
    /// Compiles C# samples in memory the way the core is compiled (C# 9, a class library) against the running .NET's own
    /// assemblies (from the trusted-platform-assemblies list), and checks them with the real nanoFramework API lists.
    /// </summary>
    internal static class Samples
    {
        private static readonly Lazy<MetadataReference[]> s_references = new Lazy<MetadataReference[]>(LoadReferences);
        private static readonly Lazy<ConformanceChecker> s_checker = new Lazy<ConformanceChecker>(() => new ConformanceChecker(ApiCatalog.Load(ApiDirectory)));

        /// <summary>
        /// The real API lists: the repository root (walking up from the test assembly to Pen.sln or .git), then
        /// data/nanoframework/api.
        /// </summary>
        public static string ApiDirectory
        {
            get
            {
                string? dir = RepositoryLocator.FindApiDirectory(AppContext.BaseDirectory);
                if (dir == null || !Directory.Exists(dir))
                    Assert.Fail($"nanoFramework API lists not found (looked for data/nanoframework/api in the repository root of {AppContext.BaseDirectory}, got {dir ?? "no root"})");
                return dir!;
            }
        }

        public static ConformanceChecker Checker => s_checker.Value;

        private static MetadataReference[] LoadReferences()
        {
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
                         ?? throw new InvalidOperationException("no TRUSTED_PLATFORM_ASSEMBLIES");
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "System.Private.CoreLib", "System.Runtime", "System.Console", "System.Collections", "System.Threading",
                "System.Threading.Tasks", "System.Linq",
            };
            return tpa.Split(Path.PathSeparator)
                .Where(path => wanted.Contains(Path.GetFileNameWithoutExtension(path)))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToArray();
        }

        public static CSharpCompilation CreateCompilation(string source, bool allowUnsafe = false, string assemblyName = "Sample")
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9));
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Debug, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Disable,
                deterministic: true);
            return CSharpCompilation.Create(assemblyName, new[] { tree }, s_references.Value, options);
        }

        /// <summary>Compiles <paramref name="source"/>; fails the test on a compile error.</summary>
        public static byte[] Compile(string source, bool allowUnsafe = false)
        {
            CSharpCompilation compilation = CreateCompilation(source, allowUnsafe);
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            if (!result.Success)
            {
                Assert.Fail("sample does not compile:\n" + string.Join("\n",
                    result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())));
            }
            return image.ToArray();
        }

        public static ConformanceResult Check(string source, bool allowUnsafe = false)
        {
            using var image = new MemoryStream(Compile(source, allowUnsafe));
            return Checker.Check(image);
        }

        public static string Describe(ConformanceResult result) =>
            result.Violations.Count == 0 ? "(no violations)" : string.Join("\n", result.Violations.Select(v => v.ToString()));

        public static void AssertHas(ConformanceResult result, ViolationKind kind, string member, string usedIn)
        {
            bool found = result.Violations.Any(v => v.Kind == kind && v.Member == member && v.UsedIn == usedIn);
            if (!found)
            {
                Assert.Fail($"expected {new Violation(kind, member, usedIn)}\nbut the gate reported:\n{Describe(result)}");
            }
        }

        public static void AssertHasKind(ConformanceResult result, ViolationKind kind)
        {
            if (!result.Violations.Any(v => v.Kind == kind))
                Assert.Fail($"expected a {Violation.GetKindName(kind)} violation\nbut the gate reported:\n{Describe(result)}");
        }

        public static void AssertNoKind(ConformanceResult result, ViolationKind kind)
        {
            var found = result.Violations.Where(v => v.Kind == kind).ToList();
            if (found.Count > 0)
                Assert.Fail($"expected no {Violation.GetKindName(kind)} violation, got:\n{string.Join("\n", found)}");
        }

        public static void AssertClean(ConformanceResult result)
        {
            if (!result.IsClean)
                Assert.Fail("expected no violations, got:\n" + Describe(result));
        }
    }
}
