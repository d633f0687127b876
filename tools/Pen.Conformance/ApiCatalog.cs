using System;
using System.Collections.Generic;
using System.IO;

namespace Pen.Conformance
{
    /// <summary>
    /// The nanoFramework API lists (<c>data/nanoframework/api/*.txt</c>): one documentation-comment ID per line; the
    /// file name (without <c>.txt</c>) names the list, i.e. the nanoFramework package that provides the entry.
    /// </summary>
    public sealed class ApiCatalog
    {
        private readonly Dictionary<string, string> _listOf;

        private ApiCatalog(Dictionary<string, string> listOf, IReadOnlyList<string> lists, string? directory)
        {
            _listOf = listOf;
            Lists = lists;
            Directory = directory;
        }

        /// <summary>Names of the loaded lists (file names without extension), ordinal order.</summary>
        public IReadOnlyList<string> Lists { get; }

        /// <summary>The directory the lists were read from, if any.</summary>
        public string? Directory { get; }

        /// <summary>Number of distinct API entries.</summary>
        public int Count => _listOf.Count;

        /// <summary>Finds <paramref name="docId"/>; <paramref name="list"/> names the list that holds it.</summary>
        public bool TryFind(string docId, out string list) => _listOf.TryGetValue(docId, out list!);

        public bool Contains(string docId) => _listOf.ContainsKey(docId);

        /// <summary>Reads every <c>*.txt</c> of <paramref name="directory"/>.</summary>
        /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
        /// <exception cref="InvalidDataException">The directory holds no <c>*.txt</c> list.</exception>
        public static ApiCatalog Load(string directory)
        {
            if (!System.IO.Directory.Exists(directory))
                throw new DirectoryNotFoundException($"API list directory not found: {directory}");
            string[] files = System.IO.Directory.GetFiles(directory, "*.txt");
            if (files.Length == 0)
                throw new InvalidDataException($"no API lists (*.txt) in {directory}");
            Array.Sort(files, StringComparer.Ordinal);
            var entries = new List<KeyValuePair<string, IEnumerable<string>>>(files.Length);
            foreach (string file in files)
                entries.Add(new KeyValuePair<string, IEnumerable<string>>(Path.GetFileNameWithoutExtension(file), File.ReadLines(file)));
            return Create(entries, Path.GetFullPath(directory));
        }

        /// <summary>Builds a catalog from in-memory lists (list name, entries).</summary>
        public static ApiCatalog Create(IEnumerable<KeyValuePair<string, IEnumerable<string>>> lists, string? directory = null)
        {
            var listOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new List<string>();
            foreach (var list in lists)
            {
                names.Add(list.Key);
                foreach (string raw in list.Value)
                {
                    string line = raw.Trim();
                    if (line.Length < 3 || line[1] != ':' || line.StartsWith("#", StringComparison.Ordinal))
                        continue;
                    // First list wins for a (so far hypothetical) entry listed twice; lists are read in ordinal order.
                    listOf.TryAdd(line, list.Key);
                }
            }
            names.Sort(StringComparer.Ordinal);
            return new ApiCatalog(listOf, names, directory);
        }
    }
}
