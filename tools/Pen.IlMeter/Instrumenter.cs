using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Pen.IlMeter
{
    /// <summary>
    /// Puts a counter at the head of every basic block of every method of the core: <c>Meter.Block(instructions,
    /// calls, portCalls, allocations)</c> with the block's own static counts, so the totals are what the interpreter
    /// executes instruction by instruction (nanoCLR interprets the IL the C# compiler emitted; its metadata processor
    /// does not optimise it). In <c>PenFirmware.Tick</c> each call is preceded by <c>Meter.Phase(p)</c>, the phase of the
    /// tick it belongs to. What counts as an allocation is what nanoCLR puts on its managed heap
    /// (nf-interpreter@a3e8139 src/CLR/Core/Interpreter.cpp, Execution.cpp): newobj (objects, delegates, struct
    /// constructors), newarr, box, ldstr (CLR_RT_HeapBlock_String::CreateInstance), a local of a struct type (made on
    /// the heap when the frame is set up), a call that returns a struct, and a call into the base library that returns
    /// a string (Concat, ToString, Format, Substring...).
    /// </summary>
    public static class Instrumenter
    {
        private const string MeterAssembly = "Pen.Metering";

        /// <summary>The phase of each call that Tick makes, by the callee's declaring type (or Tick's own method).</summary>
        private static readonly Dictionary<string, int> s_tickPhases = new Dictionary<string, int>
        {
            ["SensorFrame"] = 1,
            ["SafetySupervisor"] = 2,
            ["Treatment"] = 3,
            ["IPowerLatch"] = 3,
            ["StrokeDrive"] = 4,
            ["RateDerating"] = 4, // the derated rate the drive is given (Safety/RateDerating)
            ["Commission"] = 4, // the motor and cartridge identifications started and their records queued (PenFirmware)
            ["IMotorPwm"] = 4,
            ["IDigitalOutput"] = 4,
            ["Indicator"] = 5,
            ["StateNow"] = 5,
            ["Boot"] = 0,
            ["PenRecords"] = 0, // the records: held while the drive runs, written once it is off
            ["BenchTelemetry"] = 6, // the bench's rate window and STREAM's sample (Protocol/)
            ["TakeBenchRequests"] = 6,
            ["TelemetryStream"] = 6,
            ["AveragedRate"] = 6,
            ["ServiceSession"] = 0, // the service session's idle timeout
        };

        public static string InstrumentInPlace(string corePath, string meterPath)
        {
            var meterName = AssemblyDefinition.ReadAssembly(meterPath).Name;
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(corePath)));
            resolver.AddSearchDirectory(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
            bool symbols = File.Exists(Path.ChangeExtension(corePath, ".pdb"));
            var read = new ReaderParameters { InMemory = true, ReadSymbols = symbols, AssemblyResolver = resolver };
            using var assembly = AssemblyDefinition.ReadAssembly(corePath, read);
            ModuleDefinition module = assembly.MainModule;
            if (module.AssemblyReferences.Any(r => r.Name == MeterAssembly)) return "already metered: " + corePath;

            var meterRef = new AssemblyNameReference(meterName.Name, meterName.Version);
            module.AssemblyReferences.Add(meterRef);
            var meterType = new TypeReference("Pen.Metering", "Meter", module, meterRef);
            var block = new MethodReference("Block", module.TypeSystem.Void, meterType) { HasThis = false };
            for (int i = 0; i < 5; i++) block.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            var phase = new MethodReference("Phase", module.TypeSystem.Void, meterType) { HasThis = false };
            phase.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));

            int methods = 0, blocks = 0;
            var names = new List<string>();
            foreach (TypeDefinition type in module.GetTypes().ToList())
            {
                foreach (MethodDefinition method in type.Methods)
                {
                    if (!method.HasBody) continue;
                    names.Add(type.FullName + "." + method.Name);
                    blocks += Instrument(method, block, phase, type.FullName == "Pen.Core.PenFirmware" && method.Name == "Tick", names.Count - 1);
                    methods++;
                }
            }

            // the method names, registered once when the core is first used (a module initializer)
            var register = new MethodReference("Register", module.TypeSystem.Void, meterType) { HasThis = false };
            register.Parameters.Add(new ParameterDefinition(module.TypeSystem.String));
            TypeDefinition moduleType = module.Types.First(t => t.Name == "<Module>");
            var cctor = new MethodDefinition(".cctor", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName | MethodAttributes.HideBySig, module.TypeSystem.Void);
            ILProcessor init = cctor.Body.GetILProcessor();
            init.Emit(OpCodes.Ldstr, string.Join("\n", names));
            init.Emit(OpCodes.Call, register);
            init.Emit(OpCodes.Ret);
            moduleType.Methods.Add(cctor);

            assembly.Write(corePath, new WriterParameters { WriteSymbols = symbols });
            return $"metered {methods} methods, {blocks} basic blocks: {corePath}";
        }

        private static int Instrument(MethodDefinition method, MethodReference block, MethodReference phase, bool isTick, int methodNumber)
        {
            MethodBody body = method.Body;
            body.SimplifyMacros();
            IList<Instruction> code = body.Instructions.ToList();
            var leaders = Leaders(body, code);

            // the blocks' counts, taken on the original code before anything is inserted
            var counts = new List<(Instruction Leader, int Il, int Calls, int Ports, int Allocs)>();
            int structLocals = body.Variables.Count(v => IsStruct(v.VariableType));
            for (int i = 0; i < code.Count;)
            {
                int start = i, calls = 0, ports = 0, allocs = start == 0 ? structLocals : 0;
                do
                {
                    Count(code[i], ref calls, ref ports, ref allocs);
                    i++;
                }
                while (i < code.Count && !leaders.Contains(code[i]));
                counts.Add((code[start], i - start, calls, ports, allocs));
            }

            ILProcessor il = body.GetILProcessor();
            if (isTick)
            {
                foreach (Instruction ins in code)
                {
                    if ((ins.OpCode.Code != Code.Call && ins.OpCode.Code != Code.Callvirt) || ins.Operand is not MethodReference callee) continue;
                    string key = callee.DeclaringType.Name == "PenFirmware" ? callee.Name : callee.DeclaringType.Name;
                    if (!s_tickPhases.TryGetValue(key, out int p)) throw new InvalidOperationException("Tick calls " + callee.FullName + ": no phase for it in Pen.IlMeter");
                    InsertAt(il, ins, Instruction.Create(OpCodes.Ldc_I4, p), Instruction.Create(OpCodes.Call, phase));
                }
            }

            foreach (var c in counts)
            {
                InsertAt(il, c.Leader,
                    Instruction.Create(OpCodes.Ldc_I4, c.Il), Instruction.Create(OpCodes.Ldc_I4, c.Calls),
                    Instruction.Create(OpCodes.Ldc_I4, c.Ports), Instruction.Create(OpCodes.Ldc_I4, c.Allocs),
                    Instruction.Create(OpCodes.Ldc_I4, methodNumber), Instruction.Create(OpCodes.Call, block));
            }

            body.OptimizeMacros();
            return counts.Count;
        }

        /// <summary>
        /// Inserts <paramref name="probe"/> so that it runs just before <paramref name="at"/> and every branch or handler
        /// that targeted <paramref name="at"/> lands on the probe: <paramref name="at"/> (the object the branches hold)
        /// becomes the probe's first instruction and a copy of it follows the probe.
        /// </summary>
        private static void InsertAt(ILProcessor il, Instruction at, params Instruction[] probe)
        {
            Instruction moved = Instruction.Create(OpCodes.Nop);
            moved.OpCode = at.OpCode;
            moved.Operand = at.Operand;
            at.OpCode = probe[0].OpCode;
            at.Operand = probe[0].Operand;
            Instruction last = at;
            for (int i = 1; i < probe.Length; i++)
            {
                il.InsertAfter(last, probe[i]);
                last = probe[i];
            }

            il.InsertAfter(last, moved);
        }

        private static HashSet<Instruction> Leaders(MethodBody body, IList<Instruction> code)
        {
            var leaders = new HashSet<Instruction> { code[0] };
            for (int i = 0; i < code.Count; i++)
            {
                Instruction ins = code[i];
                if (ins.Operand is Instruction target) leaders.Add(target);
                if (ins.Operand is Instruction[] targets) foreach (Instruction t in targets) leaders.Add(t);
                FlowControl flow = ins.OpCode.FlowControl;
                bool ends = flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw
                            || ins.OpCode.Code is Code.Leave or Code.Endfinally or Code.Endfilter;
                if (ends && i + 1 < code.Count) leaders.Add(code[i + 1]);
            }

            foreach (ExceptionHandler h in body.ExceptionHandlers)
            {
                foreach (Instruction x in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
                {
                    if (x != null) leaders.Add(x);
                }
            }

            return leaders;
        }

        private static void Count(Instruction ins, ref int calls, ref int ports, ref int allocs)
        {
            switch (ins.OpCode.Code)
            {
                case Code.Newobj:
                    calls++;
                    allocs++;
                    return;
                case Code.Newarr:
                case Code.Box:
                case Code.Ldstr:
                    allocs++;
                    return;
                case Code.Call:
                case Code.Callvirt:
                    calls++;
                    var m = (MethodReference)ins.Operand;
                    TypeDefinition declaring = SafeResolve(m.DeclaringType);
                    if (declaring != null && declaring.IsInterface && declaring.Namespace == "Pen.Core.Ports") ports++;
                    if (IsStruct(m.ReturnType)) allocs++;
                    else if (m.ReturnType.FullName == "System.String" && m.DeclaringType.Scope is AssemblyNameReference) allocs++;
                    return;
            }
        }

        /// <summary>A value type other than a primitive or an enum: nanoCLR keeps such a value on the heap.</summary>
        public static bool IsStruct(TypeReference t)
        {
            if (t.IsByReference || t.IsPointer || t.IsArray || t.IsGenericParameter) return false;
            if (!t.IsValueType || t.IsPrimitive) return false;
            TypeDefinition d = SafeResolve(t);
            if (d == null) return true;
            return !d.IsEnum && !d.IsPrimitive;
        }

        private static TypeDefinition SafeResolve(TypeReference t)
        {
            try { return t.Resolve(); }
            catch (AssemblyResolutionException) { return null; }
        }
    }
}
