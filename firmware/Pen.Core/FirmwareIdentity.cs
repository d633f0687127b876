namespace Pen.Core
{
    /// <summary>
    /// Which firmware this is, as the bench's ID answer states it: the release version (raised by hand when a release is
    /// cut) and the build identity, the source's git commit as the build found it (`git describe --always --dirty`,
    /// written into BuildStamp by Pen.Core.projitems before every compile; "unknown" where no git was at hand).
    /// </summary>
    public static class FirmwareIdentity
    {
        /// <summary>The release version (major.minor.patch).</summary>
        public const string Version = "0.9.0";

        /// <summary>The source the build was compiled from (a commit, "-dirty" with uncommitted changes).</summary>
        public static string Build => BuildStamp.Source;
    }
}
