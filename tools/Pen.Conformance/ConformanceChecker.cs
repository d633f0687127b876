using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;

namespace Pen.Conformance
{
    /// <summary>The outcome of checking one assembly.</summary>
    public sealed class ConformanceResult
    {
        internal ConformanceResult(string assemblyName, IReadOnlyList<Violation> violations, int externalReferencesChecked,
            int apiEntries, IReadOnlyList<string> neededLists)
        {
            AssemblyName = assemblyName;
            Violations = violations;
            ExternalReferencesChecked = externalReferencesChecked;
            ApiEntries = apiEntries;
            NeededLists = neededLists;
        }

        /// <summary>Simple name of the checked assembly (from its metadata).</summary>
        public string AssemblyName { get; }

        /// <summary>All violations, sorted (kind, member, user), no duplicates.</summary>
        public IReadOnlyList<Violation> Violations { get; }

        /// <summary>Distinct external documentation-comment IDs looked up in the API lists.</summary>
        public int ExternalReferencesChecked { get; }

        /// <summary>Number of API entries the references were checked against.</summary>
        public int ApiEntries { get; }

        /// <summary>
        /// API lists (= nanoFramework packages) the assembly's external references were found in; mscorlib first, then
        /// ordinal order. The device project must reference these packages.
        /// </summary>
        public IReadOnlyList<string> NeededLists { get; }

        public bool IsClean => Violations.Count == 0;
    }

    /// <summary>
    /// Checks a compiled assembly against the nanoFramework 1.x API lists and language/runtime restrictions, by reading
    /// its metadata and IL with System.Reflection.Metadata (the assembly is never loaded).
    /// </summary>
    public sealed class ConformanceChecker
    {
        public ConformanceChecker(ApiCatalog catalog)
        {
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        }

        public ApiCatalog Catalog { get; }

        /// <summary>Loads the API lists of <paramref name="apiDirectory"/> and checks <paramref name="assemblyPath"/>.</summary>
        public static ConformanceResult Check(string assemblyPath, string apiDirectory) =>
            new ConformanceChecker(ApiCatalog.Load(apiDirectory)).Check(assemblyPath);

        /// <exception cref="FileNotFoundException">No such file.</exception>
        /// <exception cref="BadImageFormatException">Not a .NET assembly.</exception>
        public ConformanceResult Check(string assemblyPath)
        {
            if (!File.Exists(assemblyPath))
                throw new FileNotFoundException($"assembly not found: {assemblyPath}", assemblyPath);
            using FileStream stream = File.OpenRead(assemblyPath);
            return Check(stream);
        }

        /// <summary>Checks a PE image (a file or an in-memory compilation). The stream is read, not kept.</summary>
        /// <exception cref="BadImageFormatException">Not a .NET assembly.</exception>
        public ConformanceResult Check(Stream peImage)
        {
            using var pe = new PEReader(peImage, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
            if (!pe.HasMetadata)
                throw new BadImageFormatException("not a .NET assembly (no metadata)");
            return new AssemblyScanner(pe, Catalog).Run();
        }

        /// <summary>
        /// Documentation-comment IDs this checker gives the assembly's own types, methods, fields, properties and
        /// events (the names used in <see cref="Violation.UsedIn"/>). For tests against the C# compiler's own IDs.
        /// </summary>
        /// <summary>
        /// Documentation-comment IDs of what the assembly exposes to other assemblies (public and protected types and
        /// members), e.g. to check that a compile-only facade declares nothing the API lists lack.
        /// </summary>
        public static IReadOnlyList<string> GetPublicApiIds(Stream peImage)
        {
            using var pe = new PEReader(peImage, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
            return new AssemblyScanner(pe, ApiCatalog.Create(Array.Empty<KeyValuePair<string, IEnumerable<string>>>())).GetVisibleDefinitionIds();
        }

        internal static IReadOnlyList<string> GetDefinitionIds(Stream peImage)
        {
            using var pe = new PEReader(peImage, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
            return new AssemblyScanner(pe, ApiCatalog.Create(Array.Empty<KeyValuePair<string, IEnumerable<string>>>())).GetDefinitionIds();
        }
    }
}
