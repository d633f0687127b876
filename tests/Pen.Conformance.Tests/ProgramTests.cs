using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Conformance.Tests
{
    /// <summary>The command line: arguments, exit codes, output format.</summary>
    [TestClass]
    public sealed class ProgramTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateTempDir()
        {
            _dir = Path.Combine(Path.GetTempPath(), "pen-conformance-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TestCleanup]
        public void DeleteTempDir()
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }

        private static (int Code, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = Program.Run(args, stdout, stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }

        private string WriteSample(string name, string source)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, Samples.Compile(source));
            return path;
        }

        [TestMethod]
        public void MissingAssembly_Exits2_AndNamesThePath()
        {
            string path = Path.Combine(_dir, "no-such", "Pen.Core.dll");
            var (code, stdout, stderr) = Run(path, "--api", Samples.ApiDirectory);
            Assert.AreEqual(Program.ExitBadInput, code);
            StringAssert.Contains(stderr, path);
            Assert.AreEqual(1, stderr.Trim().Split('\n').Length, "one line, no stack trace: " + stderr);
            Assert.AreEqual("", stdout);
        }

        [TestMethod]
        public void MissingApiDirectory_Exits2_AndNamesThePath()
        {
            string assembly = WriteSample("Clean.dll", CleanSampleTests.CleanSource);
            string api = Path.Combine(_dir, "no-api");
            var (code, _, stderr) = Run(assembly, "--api", api);
            Assert.AreEqual(Program.ExitBadInput, code);
            StringAssert.Contains(stderr, api);
        }

        [TestMethod]
        public void NotAnAssembly_Exits2_WithOneLine()
        {
            string path = Path.Combine(_dir, "garbage.dll");
            File.WriteAllText(path, "this is not a PE file");
            var (code, _, stderr) = Run(path, "--api", Samples.ApiDirectory);
            Assert.AreEqual(Program.ExitBadInput, code);
            StringAssert.StartsWith(stderr, "error: ");
            Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        }

        [TestMethod]
        public void NoArguments_Or_UnknownOption_Exits2()
        {
            Assert.AreEqual(Program.ExitBadInput, Run().Code);
            Assert.AreEqual(Program.ExitBadInput, Run("x.dll", "--frobnicate").Code);
            Assert.AreEqual(Program.ExitBadInput, Run("x.dll", "--api").Code);
        }

        [TestMethod]
        public void CleanAssembly_Exits0_WithSummaryAndNeeds()
        {
            string assembly = WriteSample("Clean.dll", CleanSampleTests.CleanSource);
            var (code, stdout, stderr) = Run(assembly, "--api", Samples.ApiDirectory);
            Assert.AreEqual(Program.ExitClean, code, stdout + stderr);
            string[] lines = stdout.TrimEnd().Split(Environment.NewLine);
            Assert.AreEqual(2, lines.Length, stdout);
            Assert.AreEqual("needs: mscorlib, System.Math", lines[0]);
            StringAssert.StartsWith(lines[1], $"conformance: 0 violations in {assembly} (");
            StringAssert.EndsWith(lines[1], " API entries)");
        }

        [TestMethod]
        public void ViolatingAssembly_Exits1_OneLinePerViolation()
        {
            string assembly = WriteSample("Bad.dll", FailingSampleTests.ManyProblemsSource);
            var (code, stdout, _) = Run(assembly, $"--api={Samples.ApiDirectory}");
            Assert.AreEqual(Program.ExitViolations, code);
            string[] lines = stdout.TrimEnd().Split(Environment.NewLine);
            string summary = lines[^1];
            StringAssert.StartsWith(summary, "conformance: ");
            int count = int.Parse(summary.Split(' ')[1]);
            Assert.AreEqual(count + 2, lines.Length, stdout); // violations, needs, summary
            CollectionAssert.Contains(lines, "generic: T:More.Bag`1 (definition)");
            CollectionAssert.Contains(lines, "generic: T:More.Bag`1 used in M:More.Mixed.Use");
            CollectionAssert.Contains(lines, "missing-api: M:System.String.Join(System.String,System.String[]) used in M:More.Mixed.Join(System.String[])");
            var sorted = lines.Take(count).ToList();
            Assert.AreEqual(count, sorted.Distinct().Count());
        }

        [TestMethod]
        public void DefaultApiDirectory_IsFoundFromTheRepositoryRoot()
        {
            string? root = RepositoryLocator.FindRepositoryRoot(AppContext.BaseDirectory);
            Assert.IsNotNull(root);
            Assert.IsTrue(File.Exists(Path.Combine(root, "Pen.sln")) || Directory.Exists(Path.Combine(root, ".git")) || File.Exists(Path.Combine(root, ".git")));
            Assert.AreEqual(Path.GetFullPath(Path.Combine(root, "data", "nanoframework", "api")), RepositoryLocator.FindApiDirectory(AppContext.BaseDirectory));
        }
    }
}
