using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Conformance.Tests
{
    /// <summary>The gate's documentation-comment IDs must be the C# compiler's: compare with Roslyn's own.</summary>
    [TestClass]
    public sealed class DocIdTests
    {
        private const string Source = @"
using System;
using System.Collections.Generic;

namespace Ids
{
    public delegate int Transform(int x);

    public class Outer
    {
        public class Inner
        {
            public struct Deep { public int V; }
            public void Take(Deep d, Inner i, Outer o) { }
        }

        static Outer() { }
        public Outer() { }
        public Outer(int a, string b) { }

        public int Field;
        public const double Ratio = 0.5;
        public event EventHandler Changed;
        public int Prop { get; set; }
        public int this[int i, string s] => i;

        public void NoArgs() { }
        public void Prims(bool a, byte b, sbyte c, char d, short e, ushort f, int g, uint h, long i, ulong j, float k, double l, string m, object n, IntPtr o, UIntPtr p) { }
        public void Arrays(int[] a, int[][] b, int[,] c, int[,,] d, string[][,] e) { }
        public void Refs(ref int a, out int b, in int c) { b = a + c; }
        public unsafe void Pointers(int* a, byte** b, void* c) { }
        public void Params(params object[] args) { }
        public void Nested(Inner.Deep d) { }
        public void Generics(List<int> a, Dictionary<string, List<int[]>> b, Func<int, Outer> c, int? d) { }
        public T Echo<T>(T x, List<T> y, T[] z) => x;
        public void Two<TA, TB>(TB b, TA a) { }

        public static Outer operator +(Outer a, Outer b) => a;
        public static implicit operator int(Outer o) => 0;
        public static explicit operator Outer(int i) => null;
        public static bool operator ==(Outer a, int b) => false;
        public static bool operator !=(Outer a, int b) => true;
        public override bool Equals(object o) => false;
        public override int GetHashCode() => 0;
    }

    public class Box<T>
    {
        public T Value;
        public Box(T value) { Value = value; }
        public void Set(T value, Box<T> other) { }
        public U Map<U>(Func<T, U> f) => f(Value);
        public class Slot { public T Held; public void Put(T t) { } }
        public class Pair<V> { public void Both(T t, V v) { } }
    }

    public sealed class Disposer : IDisposable, IEnumerable<int>
    {
        void IDisposable.Dispose() { }
        IEnumerator<int> IEnumerable<int>.GetEnumerator() => null;
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null;
    }
}";

        [TestMethod]
        public void DefinitionIds_MatchTheCompilers()
        {
            CSharpCompilation compilation = Samples.CreateCompilation(Source, allowUnsafe: true);
            using var image = new MemoryStream();
            Assert.IsTrue(compilation.Emit(image).Success);
            image.Position = 0;
            var ours = new HashSet<string>(ConformanceChecker.GetDefinitionIds(image));

            var expected = new List<string>();
            Collect(compilation.Assembly.GlobalNamespace, expected);
            Assert.IsTrue(expected.Count > 50, $"only {expected.Count} symbols");

            var missing = expected.Where(id => !ours.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                Assert.Fail("doc IDs the compiler gives but the gate does not:\n" + string.Join("\n", missing) +
                            "\n\nthe gate's:\n" + string.Join("\n", ours.OrderBy(s => s, System.StringComparer.Ordinal)));
            }
        }

        private static void Collect(INamespaceOrTypeSymbol container, List<string> ids)
        {
            foreach (ISymbol member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    Collect(ns, ids);
                    continue;
                }
                // Implicit constructors exist in metadata, except a struct's parameterless one.
                if (member.IsImplicitlyDeclared &&
                    (member is not IMethodSymbol { MethodKind: MethodKind.Constructor } || member.ContainingType.IsValueType))
                    continue;
                string? id = member.GetDocumentationCommentId();
                if (id != null)
                    ids.Add(id);
                if (member is INamedTypeSymbol type)
                    Collect(type, ids);
            }
        }
    }
}
