extern alias device;
extern alias nfunittest;

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Conformance;

namespace Pen.Device.Tests
{
    /// <summary>
    /// The device application as the nanoFramework toolchain will see it: the host compile check (every adapter,
    /// the run loop and Program.cs, compiled with the core against the facade) passes the conformance gate; the
    /// .nfproj compiles exactly the folder's files and the core; packages.config is pinned to the API lists' versions and
    /// holds every package the gate says the code needs; Pen.sln lists the application without building it on the host.
    /// </summary>
    [TestClass]
    public sealed class DeviceProjectTests
    {
        private const string FirmwareDir = "firmware/Pen.Firmware";
        private const string NfProj = FirmwareDir + "/Pen.Firmware.nfproj";
        private const string PackagesConfig = FirmwareDir + "/packages.config";
        private const string TestNfProj = "tests/Pen.Core.DeviceTests/Pen.Core.DeviceTests.nfproj";
        private const string TestPackagesConfig = "tests/Pen.Core.DeviceTests/packages.config";

        private static ConformanceResult? s_gate;
        private static ConformanceResult? s_testGate;

        private static string HostCheckAssembly => typeof(device::Pen.Firmware.Program).Assembly.Location;

        private static string TestHostCheckAssembly => typeof(nfunittest::Pen.Core.Tests.GoldenReplay).Assembly.Location;

        private static ConformanceResult Gate =>
            s_gate ??= ConformanceChecker.Check(HostCheckAssembly, Repo.NanoFramework("api"));

        private static ConformanceResult TestGate =>
            s_testGate ??= ConformanceChecker.Check(TestHostCheckAssembly, Repo.NanoFramework("api"));

        [TestMethod]
        public void Host_compile_check_holds_every_adapter_the_run_loop_and_Program()
        {
            Type program = typeof(device::Pen.Firmware.Program);
            var types = new HashSet<string>();
            foreach (Type t in program.Assembly.GetTypes()) types.Add(t.FullName!);
            foreach (string file in Directory.GetFiles(Repo.File(FirmwareDir), "*.cs", SearchOption.AllDirectories))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                string folder = Path.GetFileName(Path.GetDirectoryName(file)!);
                string expected = folder == "Pen.Firmware" || folder == "Board" ? "Pen.Firmware." + name : "Pen.Firmware." + folder + "." + name;
                Assert.IsTrue(types.Contains(expected), file + ": no type " + expected + " in the host compile check");
            }
        }

        [TestMethod]
        public void Device_code_and_core_pass_the_conformance_gate()
        {
            var lines = new List<string>();
            foreach (Violation v in Gate.Violations)
            {
                if (!DeviceStructsTheApiForces.Contains(v.ToString())) lines.Add(v.ToString());
            }

            Assert.AreEqual(0, lines.Count, "conformance violations in the device build:\n" + string.Join("\n", lines));
        }

        /// <summary>
        /// Violations the nanoFramework API forces on the device layer, each with its reason:
        /// tools/Pen.Conformance/device-accepted.txt (the same file .ci/run gives the gate).
        /// </summary>
        private static readonly HashSet<string> DeviceStructsTheApiForces = LoadAccepted();

        private static HashSet<string> LoadAccepted()
        {
            var set = new HashSet<string>();
            foreach (string line in File.ReadAllLines(Repo.File("tools/Pen.Conformance/device-accepted.txt")))
            {
                string t = line.Trim();
                if (t.Length > 0 && !t.StartsWith("#")) set.Add(t);
            }

            return set;
        }

        [TestMethod]
        public void Shared_core_tests_compiled_for_nanoFramework_pass_the_conformance_gate()
        {
            var lines = new List<string>();
            foreach (Violation v in TestGate.Violations) lines.Add(v.ToString());
            Assert.AreEqual(0, TestGate.Violations.Count, "conformance violations in NFUnitTest (tests/Pen.Core.Tests/Shared with NANOFRAMEWORK_1_0):\n" + string.Join("\n", lines));
        }

        [TestMethod]
        public void Every_package_the_gate_says_the_device_code_needs_is_in_packages_config_and_the_nfproj()
        {
            NeededAreReferenced(Gate, NfProj);
            NeededAreReferenced(TestGate, TestNfProj);
        }

        private static void NeededAreReferenced(ConformanceResult gate, string nfproj)
        {
            var assemblies = new HashSet<string>(StringComparer.Ordinal);
            foreach (XElement r in Descendants(Repo.File(nfproj), "Reference")) assemblies.Add((string)r.Attribute("Include")!);
            foreach (string list in gate.NeededLists)
                Assert.IsTrue(assemblies.Contains(list), "the code needs " + list + " (conformance gate) but " + nfproj + " does not reference it");
        }

        [TestMethod]
        public void Packages_are_pinned_to_the_versions_of_the_API_lists()
        {
            PinnedToReadme(PackagesConfig);
            PinnedToReadme(TestPackagesConfig);
        }

        private static void PinnedToReadme(string packagesConfig)
        {
            Dictionary<string, string> table = ReadmeVersions();
            foreach (XElement p in XDocument.Load(Repo.File(packagesConfig)).Descendants("package"))
            {
                string id = (string)p.Attribute("id")!;
                string version = (string)p.Attribute("version")!;
                Assert.IsTrue(table.ContainsKey(id), id + " is not in data/nanoframework/packages.md");
                Assert.AreEqual(table[id], version, id + ": packages.config pins " + version + ", the API lists are of " + table[id]);
                Assert.AreEqual("netnano1.0", (string)p.Attribute("targetFramework")!, id + ": targetFramework");
            }
        }

        [TestMethod]
        public void Every_nfproj_reference_points_into_its_package_of_packages_config()
        {
            ReferencesMatchPackages(NfProj, PackagesConfig);
            ReferencesMatchPackages(TestNfProj, TestPackagesConfig);
        }

        private static void ReferencesMatchPackages(string nfproj, string packagesConfig)
        {
            var packages = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (XElement p in XDocument.Load(Repo.File(packagesConfig)).Descendants("package"))
                packages[(string)p.Attribute("id")!] = (string)p.Attribute("version")!;
            foreach (XElement r in Descendants(Repo.File(nfproj), "Reference"))
            {
                string include = (string)r.Attribute("Include")!;
                string hint = Child(r, "HintPath");
                Match m = Regex.Match(hint, @"^\.\.\\\.\.\\packages\\(?<id>[^\\]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\(?<dll>[^\\]+)\.(dll|exe)$");
                Assert.IsTrue(m.Success, include + ": HintPath " + hint + " is not ..\\..\\packages\\<id>.<version>\\lib\\<assembly>.dll");
                Assert.AreEqual(include, m.Groups["dll"].Value, include + ": HintPath names another assembly");
                string id = m.Groups["id"].Value;
                Assert.IsTrue(packages.ContainsKey(id), include + ": package " + id + " is not in packages.config");
                Assert.AreEqual(packages[id], m.Groups["version"].Value, include + ": HintPath version differs from packages.config");
            }
        }

        [TestMethod]
        public void The_nfproj_compiles_exactly_the_folders_files_and_the_core()
        {
            string dir = Repo.File(FirmwareDir);
            var listed = new List<string>();
            foreach (XElement c in Descendants(Repo.File(NfProj), "Compile")) listed.Add(((string)c.Attribute("Include")!).Replace('\\', '/'));
            var onDisk = new List<string>();
            foreach (string f in Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
                if (!rel.StartsWith("bin/", StringComparison.Ordinal) && !rel.StartsWith("obj/", StringComparison.Ordinal)) onDisk.Add(rel);
            }
            listed.Sort(StringComparer.Ordinal);
            onDisk.Sort(StringComparer.Ordinal);
            Assert.AreEqual(string.Join("\n", onDisk), string.Join("\n", listed), "Pen.Firmware.nfproj Compile items (case-sensitive) differ from the .cs files of " + FirmwareDir);

            bool importsCore = false;
            foreach (XElement i in Descendants(Repo.File(NfProj), "Import"))
                importsCore |= (string)i.Attribute("Project")! == "..\\Pen.Core\\Pen.Core.projitems";
            Assert.IsTrue(importsCore, "Pen.Firmware.nfproj must import ..\\Pen.Core\\Pen.Core.projitems (the core the gate checked)");
        }

        [TestMethod]
        public void The_device_test_project_is_a_library_named_NFUnitTest_compiling_the_shared_tests_and_the_core()
        {
            string text = File.ReadAllText(Repo.File(TestNfProj));
            StringAssert.Contains(text, "{11A8DD76-328B-46DF-9F39-F559912D0360}");
            StringAssert.Contains(text, "<AssemblyName>NFUnitTest</AssemblyName>");
            StringAssert.Contains(text, "<Compile Include=\"..\\Pen.Core.Tests\\Shared\\**\\*.cs\">");
            StringAssert.Contains(text, "<Import Project=\"..\\..\\firmware\\Pen.Core\\Pen.Core.projitems\" Label=\"Shared\" />");
            string hostCheck = File.ReadAllText(Repo.File("tests/Pen.Core.DeviceTests.HostCheck/Pen.Core.DeviceTests.HostCheck.csproj"));
            StringAssert.Contains(hostCheck, "<Compile Include=\"..\\Pen.Core.Tests\\Shared\\**\\*.cs\" />", "the host check must compile what the device test project compiles");
        }

        [TestMethod]
        public void The_nfproj_is_an_Exe_named_PenFirmware_in_the_stable_format()
        {
            string text = File.ReadAllText(Repo.File(NfProj));
            StringAssert.Contains(text, "{11A8DD76-328B-46DF-9F39-F559912D0360}");
            StringAssert.Contains(text, "<OutputType>Exe</OutputType>");
            StringAssert.Contains(text, "<AssemblyName>PenFirmware</AssemblyName>");
            StringAssert.Contains(text, "<TargetFrameworkVersion>v1.0</TargetFrameworkVersion>");
            StringAssert.Contains(text, "<LangVersion>9.0</LangVersion>");
        }

        [TestMethod]
        public void Pen_sln_lists_the_device_projects_without_building_them_on_the_host()
        {
            string sln = File.ReadAllText(Repo.File("Pen.sln"));
            foreach (string path in new[] { "firmware\\Pen.Firmware\\Pen.Firmware.nfproj", "tests\\Pen.Core.DeviceTests\\Pen.Core.DeviceTests.nfproj" })
            {
                Match m = Regex.Match(sln, "Project\\(\"\\{11A8DD76-328B-46DF-9F39-F559912D0360\\}\"\\) = \"[^\"]+\", \"" + Regex.Escape(path) + "\", \"(?<guid>\\{[0-9A-F-]+\\})\"");
                Assert.IsTrue(m.Success, "Pen.sln lacks " + path + " with the nanoFramework project type");
                string guid = m.Groups["guid"].Value;
                StringAssert.Contains(sln, guid + ".Debug|Any CPU.ActiveCfg", path + " has no configuration entry");
                Assert.IsFalse(sln.Contains(guid + ".Debug|Any CPU.Build.0", StringComparison.Ordinal) || sln.Contains(guid + ".Release|Any CPU.Build.0", StringComparison.Ordinal),
                    path + " must not be built by the host build (no Build.0 entry)");
            }
        }

        [TestMethod]
        public void The_device_solution_builds_the_application_and_restores_where_its_HintPaths_look()
        {
            // nanoFramework's VS Code extension builds and deploys a solution whose projects sit one folder below it
            // (nf-VSCodeExtension src/dotnet.ts: findExeProjects, findDeployableBinFiles) and restores packages.config
            // into the solution's packages/ folder unless a nuget.config beside it says otherwise
            string sln = File.ReadAllText(Repo.File("firmware/Pen.Firmware.sln"));
            Match m = Regex.Match(sln, "Project\\(\"\\{11A8DD76-328B-46DF-9F39-F559912D0360\\}\"\\) = \"Pen.Firmware\", \"Pen.Firmware\\\\Pen.Firmware.nfproj\", \"(?<guid>\\{[0-9A-F-]+\\})\"");
            Assert.IsTrue(m.Success, "firmware/Pen.Firmware.sln lacks Pen.Firmware\\Pen.Firmware.nfproj with the nanoFramework project type");
            string guid = m.Groups["guid"].Value;
            StringAssert.Contains(File.ReadAllText(Repo.File("Pen.sln")), guid, "the same project GUID as in Pen.sln");
            StringAssert.Contains(sln, guid + ".Debug|Any CPU.Build.0");
            StringAssert.Contains(sln, guid + ".Release|Any CPU.Build.0");
            Assert.AreEqual(1, Regex.Matches(sln, "(?m)^Project\\(").Count, "only the application: the host projects do not build with the nanoFramework toolchain");

            XElement? repositoryPath = null;
            foreach (XElement add in XDocument.Load(Repo.File("firmware/nuget.config")).Descendants("add"))
                if ((string?)add.Attribute("key") == "repositoryPath") repositoryPath = add;
            Assert.IsNotNull(repositoryPath, "firmware/nuget.config sets repositoryPath");
            string restored = Path.GetFullPath(Path.Combine(Repo.File("firmware"), (string)repositoryPath!.Attribute("value")!));
            // every HintPath is ..\..\packages\... from firmware/Pen.Firmware (checked above): the repository root's packages/
            Assert.AreEqual(Path.GetFullPath(Path.Combine(Repo.File(FirmwareDir), "..", "..", "packages")), restored);
        }

        private static Dictionary<string, string> ReadmeVersions()
        {
            var table = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(File.ReadAllText(Repo.NanoFramework("packages.md")), @"(?m)^\|[^|]+\|\s*(?<id>nanoFramework\.[\w.]+) (?<version>\d+\.\d+\.\d+)"))
                table[m.Groups["id"].Value] = m.Groups["version"].Value;
            Assert.IsTrue(table.Count >= 10, "could not read the package table of data/nanoframework/packages.md");
            return table;
        }

        private static IEnumerable<XElement> Descendants(string file, string name) =>
            XDocument.Load(file).Descendants(XName.Get(name, "http://schemas.microsoft.com/developer/msbuild/2003"));

        private static string Child(XElement e, string name) =>
            (string?)e.Element(XName.Get(name, "http://schemas.microsoft.com/developer/msbuild/2003")) ?? "";
    }
}
