// Facade of nanoFramework.TestFramework 3.0.80, for the host compile check of the tests the device test project
// (tests/Pen.Core.DeviceTests, assembly NFUnitTest) compiles. Compile-only; declared members and why:
//   TestClassAttribute(), TestMethodAttribute()   the attributes every shared test uses
//   Assert.IsTrue/IsFalse/IsNull/IsNotNull(x, message)   the asserts the shared tests may use (tests/README.md)
//   Assert.AreEqual(T, T, message) for every T the reference has: all overloads, so that overload resolution on the
//     host picks what the device compiler picks (a call that needs a delta or a type nanoFramework lacks fails here)
// All return void; the reference (../shared/reference/nanoframework.md §3) names them without signatures.
using System;

namespace nanoFramework.TestFramework
{
    public class TestClassAttribute : Attribute
    {
        public TestClassAttribute() { }
    }

    public class TestMethodAttribute : Attribute
    {
        public TestMethodAttribute() { }
    }

    public static class Assert
    {
        public static void IsTrue(bool condition, string message = "") { }
        public static void IsFalse(bool condition, string message = "") { }
        public static void IsNull(object obj, string message = "") { }
        public static void IsNotNull(object obj, string message = "") { }
        public static void AreEqual(bool expected, bool actual, string message = "") { }
        public static void AreEqual(byte expected, byte actual, string message = "") { }
        public static void AreEqual(char expected, char actual, string message = "") { }
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") { }
        public static void AreEqual(double expected, double actual, string message = "") { }
        public static void AreEqual(short expected, short actual, string message = "") { }
        public static void AreEqual(int expected, int actual, string message = "") { }
        public static void AreEqual(long expected, long actual, string message = "") { }
        public static void AreEqual(object expected, object actual, string message = "") { }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { }
        public static void AreEqual(float expected, float actual, string message = "") { }
        public static void AreEqual(string expected, string actual, string message = "") { }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { }
        public static void AreEqual(uint expected, uint actual, string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { }
    }
}
