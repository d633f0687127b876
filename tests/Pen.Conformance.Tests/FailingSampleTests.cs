using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Pen.Conformance.Tests.Samples;

namespace Pen.Conformance.Tests
{
    /// <summary>One sample per violation kind: each asserts the kind, the offending member and the user it names.</summary>
    [TestClass]
    public sealed class FailingSampleTests
    {
        /// <summary>Several problems at once, for the determinism test.</summary>
        internal const string ManyProblemsSource = @"
namespace More
{
    public class Bag<T> { public T Item; }
    public class Mixed
    {
        private volatile int _v;
        public int[,] Grid = new int[2, 2];
        public string Join(string[] parts) => string.Join("","", parts);
        public decimal Money() => 1.5m;
        public int Use() { var b = new Bag<int>(); b.Item = _v; return b.Item; }
    }
}";

        [TestMethod]
        public void MissingApi_StringJoin_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public static class Text
    {
        public static string Joined(string[] parts) => string.Join("","", parts);
    }
}");
            AssertHas(result, ViolationKind.MissingApi, "M:System.String.Join(System.String,System.String[])", "M:Samples.Text.Joined(System.String[])");
            Assert.AreEqual(1, result.Violations.Count, Describe(result));
        }

        [TestMethod]
        public void MissingApi_MathF_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public static class Geometry
    {
        public static float Length(float x, float y) => System.MathF.Sqrt(x * x + y * y);
    }
}");
            AssertHas(result, ViolationKind.MissingApi, "T:System.MathF", "M:Samples.Geometry.Length(System.Single,System.Single)");
            AssertHas(result, ViolationKind.MissingApi, "M:System.MathF.Sqrt(System.Single)", "M:Samples.Geometry.Length(System.Single,System.Single)");
        }

        [TestMethod]
        public void MissingApi_InSignatureBaseTypeAndAttribute_IsAttributedToTheDeclaration()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class MathError : System.ArithmeticException
    {
        public MathError() : base(""math"") { }
    }
    public class Timing
    {
        public System.Diagnostics.Stopwatch Watch;
        [System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
        public void Slow() { }
    }
}");
            AssertHas(result, ViolationKind.MissingApi, "T:System.ArithmeticException", "T:Samples.MathError");
            AssertHas(result, ViolationKind.MissingApi, "M:System.ArithmeticException.#ctor(System.String)", "M:Samples.MathError.#ctor");
            AssertHas(result, ViolationKind.MissingApi, "T:System.Diagnostics.Stopwatch", "F:Samples.Timing.Watch");
            AssertHas(result, ViolationKind.MissingApi, "M:System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute.#ctor", "M:Samples.Timing.Slow");
        }

        [TestMethod]
        public void Needs_NamesTheListsOfTheApisUsed()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Log
    {
        private readonly System.Text.StringBuilder _text = new System.Text.StringBuilder();
        private readonly System.Collections.Hashtable _seen = new System.Collections.Hashtable();
        public void Add(string line) { _text.Append(line); _seen[line] = 1; }
    }
}");
            AssertClean(result);
            CollectionAssert.AreEqual(new[] { "mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text" }, new System.Collections.Generic.List<string>(result.NeededLists));
        }

        [TestMethod]
        public void Generic_UserDefinedClass_IsReportedAtDefinitionAndUse()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Box<T> { public T Value; }
    public class User
    {
        public int Use() { var b = new Box<int>(); b.Value = 3; return b.Value; }
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:Samples.Box`1", "T:Samples.Box`1");
            AssertHas(result, ViolationKind.Generic, "T:Samples.Box`1", "M:Samples.User.Use");
        }

        [TestMethod]
        public void Generic_Method_IsReportedAtDefinitionAndCall()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public static class G
    {
        public static T Echo<T>(T x) => x;
        public static int Call() => Echo(5);
    }
}");
            AssertHas(result, ViolationKind.Generic, "M:Samples.G.Echo``1(``0)", "M:Samples.G.Echo``1(``0)");
            AssertHas(result, ViolationKind.Generic, "M:Samples.G.Echo``1(``0)", "M:Samples.G.Call");
        }

        [TestMethod]
        public void Generic_ActionOfInt_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class C
    {
        public int Total;
        public void Run()
        {
            System.Action<int> add = x => Total += x;
            add(1);
        }
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:System.Action`1", "M:Samples.C.Run");
            AssertHas(result, ViolationKind.MissingApi, "M:System.Action`1.Invoke(`0)", "M:Samples.C.Run");
        }

        [TestMethod]
        public void Generic_FuncOfInt_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class C
    {
        public int Run()
        {
            System.Func<int> answer = () => 42;
            return answer();
        }
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:System.Func`1", "M:Samples.C.Run");
            AssertHas(result, ViolationKind.MissingApi, "M:System.Func`1.Invoke", "M:Samples.C.Run");
        }

        [TestMethod]
        public void Generic_EventHandlerOfT_Event_IsReported()
        {
            ConformanceResult result = Check(@"
using System;
namespace Samples
{
    public class Sensor
    {
        public event EventHandler<EventArgs> Changed;
        public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:System.EventHandler`1", "E:Samples.Sensor.Changed");
            AssertHas(result, ViolationKind.Generic, "T:System.EventHandler`1", "F:Samples.Sensor.Changed");
            AssertHas(result, ViolationKind.Generic, "T:System.EventHandler`1", "M:Samples.Sensor.Raise");
            AssertHas(result, ViolationKind.MissingApi, "M:System.EventHandler`1.Invoke(System.Object,`0)", "M:Samples.Sensor.Raise");
        }

        [TestMethod]
        public void Generic_ListOfInt_IsReported()
        {
            ConformanceResult result = Check(@"
using System.Collections.Generic;
namespace Samples
{
    public class C
    {
        public int Count()
        {
            var list = new List<int>();
            list.Add(1);
            return list.Count;
        }
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:System.Collections.Generic.List`1", "M:Samples.C.Count");
            AssertHas(result, ViolationKind.MissingApi, "M:System.Collections.Generic.List`1.Add(`0)", "M:Samples.C.Count");
            AssertHas(result, ViolationKind.MissingApi, "T:System.Collections.Generic.List`1", "M:Samples.C.Count");
        }

        [TestMethod]
        public void Generic_NullableInt_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class C
    {
        public int? Maybe(bool b) => b ? 1 : (int?)null;
        public int Use()
        {
            int? v = Maybe(true);
            return v.HasValue ? v.Value : 0;
        }
    }
}");
            AssertHas(result, ViolationKind.Generic, "T:System.Nullable`1", "M:Samples.C.Maybe(System.Boolean)");
            AssertHas(result, ViolationKind.Generic, "T:System.Nullable`1", "M:Samples.C.Use");
            AssertHas(result, ViolationKind.MissingApi, "M:System.Nullable`1.get_HasValue", "M:Samples.C.Use");
        }

        [TestMethod]
        public void Generic_HandWrittenInterlockedCompareExchangeOfT_IsReported()
        {
            // Only compiler-generated event accessors may use CompareExchange<T> (see the clean sample); user code may not.
            ConformanceResult result = Check(@"
using System;
using System.Threading;
namespace Samples
{
    public class C
    {
        private EventHandler _handler;
        public void Swap(EventHandler h) => Interlocked.CompareExchange(ref _handler, h, null);
    }
}");
            AssertHas(result, ViolationKind.Generic, "M:System.Threading.Interlocked.CompareExchange``1(``0@,``0,``0)", "M:Samples.C.Swap(System.EventHandler)");
        }

        [TestMethod]
        public void Volatile_Field_IsReportedOnFieldAndAccess()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Worker
    {
        private volatile bool _stop;
        public void Stop() { _stop = true; }
    }
}");
            AssertHas(result, ViolationKind.Volatile, "T:System.Runtime.CompilerServices.IsVolatile", "F:Samples.Worker._stop");
            AssertHas(result, ViolationKind.Volatile, "F:Samples.Worker._stop", "M:Samples.Worker.Stop");
            AssertNoKind(result, ViolationKind.MissingApi); // IsVolatile is reported as volatile, not twice
        }

        [TestMethod]
        public void MultidimArray_IsReportedInFieldAndMethod()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Grid
    {
        private int[,] _cells = new int[2, 3];
        public int Get()
        {
            var g = new int[4, 5];
            g[1, 2] = 5;
            return g[1, 2] + _cells.Length;
        }
    }
}");
            AssertHas(result, ViolationKind.MultidimArray, "System.Int32[0:,0:]", "F:Samples.Grid._cells");
            AssertHas(result, ViolationKind.MultidimArray, "System.Int32[0:,0:]", "M:Samples.Grid.Get");
            AssertHas(result, ViolationKind.MultidimArray, "System.Int32[0:,0:]", "M:Samples.Grid.#ctor");
        }

        [TestMethod]
        public void Stackalloc_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Buffer
    {
        public unsafe int Sum()
        {
            int* p = stackalloc int[4];
            for (int i = 0; i < 4; i++) p[i] = i;
            return p[0] + p[3];
        }
    }
}", allowUnsafe: true);
            AssertHas(result, ViolationKind.Stackalloc, "localloc", "M:Samples.Buffer.Sum");
        }

        [TestMethod]
        public void DefaultInterfaceMethod_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public interface ILimit
    {
        int Max { get; }
        int Clamp(int v) => v > Max ? Max : v;
    }
}");
            AssertHas(result, ViolationKind.DefaultInterfaceMethod, "M:Samples.ILimit.Clamp(System.Int32)", "M:Samples.ILimit.Clamp(System.Int32)");
            Assert.AreEqual(1, result.Violations.Count, Describe(result)); // the abstract getter is fine
        }

        [TestMethod]
        public void Iterator_IsReported()
        {
            ConformanceResult result = Check(@"
using System.Collections;
namespace Samples
{
    public class Seq
    {
        public IEnumerable Numbers()
        {
            yield return 1;
            yield return 2;
        }
    }
}");
            AssertHas(result, ViolationKind.Iterator, "T:System.Runtime.CompilerServices.IteratorStateMachineAttribute", "M:Samples.Seq.Numbers");
            AssertHas(result, ViolationKind.Iterator, "T:Samples.Seq.<Numbers>d__0", "T:Samples.Seq.<Numbers>d__0");
        }

        [TestMethod]
        public void Async_IsReported()
        {
            ConformanceResult result = Check(@"
using System.Threading.Tasks;
namespace Samples
{
    public class Worker
    {
        public async Task RunAsync()
        {
            await Task.Delay(1);
        }
    }
}");
            AssertHas(result, ViolationKind.Async, "T:System.Runtime.CompilerServices.AsyncStateMachineAttribute", "M:Samples.Worker.RunAsync");
            AssertHas(result, ViolationKind.Async, "T:System.Runtime.CompilerServices.IAsyncStateMachine", "T:Samples.Worker.<RunAsync>d__0");
            AssertHas(result, ViolationKind.MissingApi, "T:System.Threading.Tasks.Task", "M:Samples.Worker.RunAsync");
        }

        [TestMethod]
        public void Decimal_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Samples
{
    public class Shop
    {
        public decimal Price(decimal x) => x * 2m;
    }
}");
            AssertHas(result, ViolationKind.Decimal, "T:System.Decimal", "M:Samples.Shop.Price(System.Decimal)");
            AssertHas(result, ViolationKind.MissingApi, "T:System.Decimal", "M:Samples.Shop.Price(System.Decimal)");
        }

        private const string TickSample = @"
namespace Pen.Core
{
    public struct Reading
    {
        public long Count;
        public long Micros;
    }

    public interface ICounter { long Read(out long micros); }

    public sealed class Estimator
    {
        private long _last;
        public long Update(ICounter c)
        {
            Reading r;
            r.Count = c.Read(out r.Micros);
            long d = r.Count - _last;
            _last = r.Count;
            return d;
        }
    }

    public sealed class PenFirmware
    {
        private readonly Estimator _estimator = new Estimator();
        private readonly ICounter _counter;
        public PenFirmware(ICounter counter) { _counter = counter; }
        public void Tick(long nowMicros) { _estimator.Update(_counter); }
        public Reading Report() { Reading r; r.Count = 1; r.Micros = 2; return r; }
    }
}";

        [TestMethod]
        public void StructLocal_ReachedFromTick_IsReported()
        {
            ConformanceResult result = Check(TickSample);
            AssertHas(result, ViolationKind.StructOnTickPath, "T:Pen.Core.Reading", "M:Pen.Core.Estimator.Update(Pen.Core.ICounter)");
            // a struct off the tick's path (Report is never called from Tick) is not the rule's business
            Assert.IsFalse(result.Violations.Any(v => v.Kind == ViolationKind.StructOnTickPath && v.UsedIn.Contains("Report")), Describe(result));
        }

        [TestMethod]
        public void StructReturnedThroughAnInterface_ReachedFromTick_IsReported()
        {
            ConformanceResult result = Check(@"
namespace Pen.Core
{
    public struct Pair { public int A; public int B; }
    public interface ISource { Pair Next(); }
    public sealed class Source : ISource { public Pair Next() { Pair p; p.A = 1; p.B = 2; return p; } }
    public sealed class PenFirmware
    {
        private readonly ISource _source = new Source();
        private int _sum;
        public void Tick(long nowMicros) { _sum += _source.Next().A; }
    }
}");
            AssertHas(result, ViolationKind.StructOnTickPath, "T:Pen.Core.Pair", "M:Pen.Core.ISource.Next");
            AssertHas(result, ViolationKind.StructOnTickPath, "T:Pen.Core.Pair", "M:Pen.Core.Source.Next");
        }

        [TestMethod]
        public void PrimitivesAndEnumsOnTheTickPath_AreNotReported()
        {
            ConformanceResult result = Check(@"
namespace Pen.Core
{
    public enum Mode { Off, On }
    public interface ICounter { long Read(out long micros); }
    public sealed class PenFirmware
    {
        private ICounter _counter;
        private Mode _mode;
        private long _count, _micros;
        public void Tick(long nowMicros) { _count = _counter.Read(out _micros); _mode = _count > 0 ? Mode.On : Mode.Off; }
    }
}");
            AssertNoKind(result, ViolationKind.StructOnTickPath);
        }
    }
}
