using System.IO;

namespace Pen.Conformance
{
    /// <summary>Finds the repository root and the nanoFramework API lists in it (<c>data/nanoframework/api</c>).</summary>
    public static class RepositoryLocator
    {
        /// <summary>The API lists' path relative to the repository root.</summary>
        public static readonly string ApiListsRelativeToRoot = Path.Combine("data", "nanoframework", "api");

        /// <summary>
        /// Walks up from <paramref name="start"/> to the first folder holding <c>Pen.sln</c> or <c>.git</c>; null if none.
        /// </summary>
        public static string? FindRepositoryRoot(string start)
        {
            DirectoryInfo? dir = new DirectoryInfo(Path.GetFullPath(start));
            while (dir != null)
            {
                string path = dir.FullName;
                if (File.Exists(Path.Combine(path, "Pen.sln")) ||
                    Directory.Exists(Path.Combine(path, ".git")) || File.Exists(Path.Combine(path, ".git")))
                    return path;
                dir = dir.Parent;
            }
            return null;
        }

        /// <summary>The API list directory for the repository containing <paramref name="start"/>; null if no root.</summary>
        public static string? FindApiDirectory(string start)
        {
            string? root = FindRepositoryRoot(start);
            return root == null ? null : Path.GetFullPath(Path.Combine(root, ApiListsRelativeToRoot));
        }
    }
}
