using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Pen.Conformance.Tests
{
    [TestClass]
    public sealed class CleanSampleTests
    {
        /// <summary>
        /// What the core may use on nanoFramework 1.x (reference/nanoframework.md §2.3): classes, structs, enums,
        /// interfaces, abstract/virtual, static ctors, properties, indexers, events with a custom non-generic delegate and
        /// EventHandler, non-generic Action with a closure, lock, arrays, jagged arrays, switch (IL switch, too),
        /// string ops (interpolation, string.Format), params called without arguments, System.Math, ArrayList and foreach, long/double constants (8-byte IL operands), try/catch/finally.
        /// </summary>
        internal const string CleanSource = @"
using System;
using System.Collections;

[assembly: System.Runtime.Versioning.TargetFramework("".NETCoreApp,Version=v10.0"")]

namespace Samples
{
    public delegate void SpeedChangedHandler(object sender, float rpm);

    public enum Mode { Idle, Running, Fault, Cooling, Calibrating, Locked }

    public interface IMotor
    {
        float Rpm { get; }
        void SetDuty(float duty);
    }

    public struct Reading
    {
        public int Raw;
        public float Volts;

        public Reading(int raw, float volts)
        {
            Raw = raw;
            Volts = volts;
        }

        public override string ToString() => ""R"" + Raw.ToString() + ""/"" + Volts.ToString(""F2"");
    }

    public abstract class MotorBase : IMotor
    {
        public abstract float Rpm { get; }
        public float Duty { get; protected set; }
        public virtual void SetDuty(float duty) { Duty = duty; }
    }

    public sealed class Motor : MotorBase
    {
        private static readonly int[] s_table = { 1, 2, 3, 5, 8, 13, 21, 34 };
        private static int s_instances;
        private readonly object _gate = new object();
        private readonly int[][] _jagged = new int[3][];
        private readonly Reading[] _readings = new Reading[4];
        private float _rpm;

        static Motor() { s_instances = 0; }

        public Motor() { s_instances++; }

        public event SpeedChangedHandler SpeedChanged;
        public event EventHandler Stopped;

        public override float Rpm => _rpm;
        public Mode Mode { get; private set; }
        public int this[int index] => s_table[index & 7];

        public void Update(float target, float measured)
        {
            float duty = Math.Max(0f, Math.Min(1f, (target - measured) * 0.01f));
            lock (_gate)
            {
                _rpm = measured;
            }
            SetDuty(duty);
            SpeedChanged?.Invoke(this, measured);
            if (duty == 0f)
                Stopped?.Invoke(this, EventArgs.Empty);
        }

        public string Describe(Mode mode)
        {
            switch (mode)
            {
                case Mode.Idle: return ""idle"";
                case Mode.Running: return ""run "" + _rpm.ToString(""F1"");
                case Mode.Fault: return ""fault"";
                case Mode.Cooling: return ""cooling"";
                case Mode.Calibrating: return ""calibrating"";
                default: return ""locked"";
            }
        }

        public int Classify(int code) => code switch { 0 => 1, 1 => 2, 2 => 3, 3 => 5, 4 => 8, _ => -1 };

        public long Ticks() => 1234567890123L;

        public double Scale() => 3.14159265358979;

        public int CountWithClosure(int n)
        {
            int count = 0;
            Action bump = () => count++;
            for (int i = 0; i < n; i++)
                bump();
            return count;
        }

        public string Report(int depth, float speed) =>
            $""depth={depth} speed={speed:F1}"" + string.Format(""{0}/{1}"", depth, speed) + string.Format(""{0}"", Mode);

        public static int CountArgs(params object[] args) => args.Length;

        public int NoArgs() => CountArgs();

        public string Text(string s)
        {
            string t = s.Trim().ToUpper();
            return t.Length > 1 ? t.Substring(1) : t;
        }

        public int[][] Jagged()
        {
            _jagged[0] = new int[2];
            _jagged[0][1] = _readings.Length;
            return _jagged;
        }

        public int SumList()
        {
            var list = new ArrayList();
            list.Add(1);
            list.Add(2);
            int sum = 0;
            foreach (object o in list)
                sum += (int)o;
            return sum;
        }

        public int Safe(int a, int b)
        {
            try
            {
                return a / b;
            }
            catch (Exception)
            {
                return 0;
            }
            finally
            {
                _rpm = 0f;
            }
        }
    }
}
";

        [TestMethod]
        public void CleanSample_HasNoViolations()
        {
            ConformanceResult result = Samples.Check(CleanSource);
            Samples.AssertClean(result);
            Assert.IsTrue(result.ExternalReferencesChecked > 20, $"only {result.ExternalReferencesChecked} external references checked");
            CollectionAssert.AreEqual(new[] { "mscorlib", "System.Math" }, result.NeededLists.ToArray());
        }

        [TestMethod]
        public void Result_IsDeterministicAndSorted()
        {
            byte[] image = Samples.Compile(CleanSource + FailingSampleTests.ManyProblemsSource);
            ConformanceResult first = Samples.Checker.Check(new MemoryStream(image));
            ConformanceResult second = Samples.Checker.Check(new MemoryStream(image));
            Assert.IsTrue(first.Violations.Count > 5, Samples.Describe(first));
            CollectionAssert.AreEqual(first.Violations.Select(v => v.ToString()).ToArray(), second.Violations.Select(v => v.ToString()).ToArray());
            var sorted = first.Violations.ToList();
            sorted.Sort();
            CollectionAssert.AreEqual(sorted, first.Violations.ToList());
            Assert.AreEqual(first.Violations.Count, first.Violations.Distinct().Count());
        }
    }
}
