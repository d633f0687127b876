using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Pen.Conformance;

namespace Pen.Device.Tests
{
    /// <summary>
    /// The compile-only facade (tools/NanoFacade) may declare only what nanoFramework really has: every public member is
    /// in data/nanoframework/api/*.txt (doc IDs from the conformance gate's own code), and every return, property and
    /// field type is the one data/nanoframework/signatures.md (section 1 of the nanoFramework reference) gives.
    /// </summary>
    [TestClass]
    public sealed class FacadeTests
    {
        private static Assembly Facade => typeof(System.Device.Gpio.GpioPin).Assembly;

        [TestMethod]
        public void Every_facade_member_is_in_the_nanoFramework_API_lists()
        {
            IReadOnlyList<string> missing = MissingFromLists(File.ReadAllBytes(Facade.Location));
            Assert.AreEqual(0, missing.Count, "facade members not in the API lists: " + string.Join(", ", missing));
        }

        [TestMethod]
        public void The_facade_declares_something_from_every_package_the_adapters_use()
        {
            var ids = new HashSet<string>(PublicIds(File.ReadAllBytes(Facade.Location)));
            foreach (string id in new[]
                     {
                         "M:System.Device.Gpio.GpioController.OpenPin(System.Int32,System.Device.Gpio.PinMode)",
                         "M:System.Device.Pwm.PwmChannel.CreateFromPin(System.Int32,System.Int32,System.Double)",
                         "M:System.Device.Adc.AdcController.OpenChannel(System.Int32)",
                         "M:System.Device.Gpio.GpioPulseCounter.Read",
                         "M:nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent",
                         "M:nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(System.Int32,nanoFramework.Hardware.Esp32.DeviceFunction)",
                     })
            {
                Assert.IsTrue(ids.Contains(id), "facade lacks " + id);
            }
        }

        [TestMethod]
        public void A_misspelled_or_invented_member_is_caught()
        {
            byte[] bad = Compile(@"namespace System.Device.Gpio {
                public sealed class GpioPin { private GpioPin() { } public void Toggel() { } public int Read() { return 0; } }
                public sealed class GpioController { public GpioPin OpenPin(int pinNumber, long mode) { return null; } } }");
            IReadOnlyList<string> missing = MissingFromLists(bad);
            CollectionAssert.Contains((System.Collections.ICollection)missing, "M:System.Device.Gpio.GpioPin.Toggel");
            CollectionAssert.Contains((System.Collections.ICollection)missing, "M:System.Device.Gpio.GpioController.OpenPin(System.Int32,System.Int64)");
            CollectionAssert.DoesNotContain((System.Collections.ICollection)missing, "M:System.Device.Gpio.GpioPin.Read");
            CollectionAssert.DoesNotContain((System.Collections.ICollection)missing, "M:System.Device.Gpio.GpioPin.#ctor");
        }

        [TestMethod]
        public void Facade_types_of_returns_properties_and_fields_are_those_of_the_reference()
        {
            string reference = File.ReadAllText(Repo.NanoFramework("signatures.md"));
            List<string> wrong = WrongTypes(Facade, reference);
            Assert.AreEqual(0, wrong.Count, "facade types not as in data/nanoframework/signatures.md: " + string.Join("; ", wrong));
        }

        [TestMethod]
        public void A_wrong_return_type_is_caught()
        {
            Assembly bad = Assembly.Load(Compile("namespace nanoFramework.Hardware.Esp32 { public class HighResTimer { private HighResTimer() { } public static long GetCurrent() { return 0; } } }"));
            List<string> wrong = WrongTypes(bad, "public static ulong GetCurrent();");
            Assert.AreEqual(1, wrong.Count);
            StringAssert.Contains(wrong[0], "long GetCurrent");
        }

        // ------------------------------------------------------------------

        internal static IReadOnlyList<string> PublicIds(byte[] image)
        {
            using var stream = new MemoryStream(image);
            return ConformanceChecker.GetPublicApiIds(stream);
        }

        internal static IReadOnlyList<string> MissingFromLists(byte[] image)
        {
            ApiCatalog catalog = ApiCatalog.Load(Repo.NanoFramework("api"));
            var missing = new List<string>();
            foreach (string id in PublicIds(image))
            {
                if (!catalog.Contains(id)) missing.Add(id);
            }
            return missing;
        }

        /// <summary>
        /// Members whose type the reference gives in prose or that C# fixes: PinValue.High/Low ("PinValue.High /
        /// PinValue.Low", §1.1), and the Object overrides Equals/GetHashCode and operators the compiler requires with ==.
        /// </summary>
        private static readonly HashSet<string> s_typeGivenElsewhere = new HashSet<string>(StringComparer.Ordinal)
        {
            "PinValue.High", "PinValue.Low", "PinValue.Equals", "PinValue.GetHashCode", "PinValue.op_Equality", "PinValue.op_Inequality",
        };

        internal static List<string> WrongTypes(Assembly assembly, string reference)
        {
            var wrong = new List<string>();
            const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (Type type in assembly.GetExportedTypes())
            {
                if (type.IsEnum) continue;
                if (type.Namespace == "nanoFramework.TestFramework")
                {
                    // §3 names the attributes and asserts without signatures; every assert returns void
                    foreach (MethodInfo m in type.GetMethods(declared))
                        if (m.ReturnType != typeof(void)) wrong.Add(type.FullName + "." + m.Name + " must return void");
                    continue;
                }
                foreach (MethodInfo m in type.GetMethods(declared))
                {
                    if (m.IsSpecialName && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal))) continue;
                    Check(type, m.Name, m.ReturnType, @"\s*\(", reference, wrong);
                }
                // a property may be written as a field or in a list ("public int BaudRate, DataBits, ReadTimeout { get; set; }",
                // "public string NewLine;", §1.9)
                foreach (PropertyInfo p in type.GetProperties(declared)) Check(type, p.Name, p.PropertyType, @"\s*[{;,]", reference, wrong);
                foreach (FieldInfo f in type.GetFields(declared)) Check(type, f.Name, f.FieldType, @"\s*;", reference, wrong);
            }
            return wrong;
        }

        private static void Check(Type type, string name, Type declared, string after, string reference, List<string> wrong)
        {
            if (s_typeGivenElsewhere.Contains(type.Name + "." + name)) return;
            string csharp = CSharpName(declared);
            if (!Regex.IsMatch(reference, @"(^|[^\w.])" + Regex.Escape(csharp) + @"\s+(\w+\s*,\s*)*" + Regex.Escape(name) + after))
                wrong.Add(type.FullName + ": \"" + csharp + " " + name + "\" is not in the reference");
        }

        private static string CSharpName(Type t)
        {
            if (t.IsEnum) return t.Name;
            switch (Type.GetTypeCode(t))
            {
                case TypeCode.Boolean: return "bool";
                case TypeCode.Int32: return "int";
                case TypeCode.Int64: return "long";
                case TypeCode.UInt16: return "ushort";
                case TypeCode.UInt64: return "ulong";
                case TypeCode.Double: return "double";
                case TypeCode.Single: return "float";
                case TypeCode.String: return "string";
            }
            return t == typeof(void) ? "void" : t.Name;
        }

        private static byte[] Compile(string source)
        {
            var refs = new List<MetadataReference>();
            foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
                refs.Add(MetadataReference.CreateFromFile(path));
            CSharpCompilation compilation = CSharpCompilation.Create("BadFacade" + Guid.NewGuid().ToString("N"),
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9)) }, refs,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
            return stream.ToArray();
        }
    }
}
