using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Pen.Conformance
{
    /// <summary>
    /// The tick-path rule: nanoCLR keeps every struct value (a local, a return, a parameter, a field's value, a copy) on
    /// its managed heap, so a struct on the control tick's path is garbage made every tick (issue 31: ~291 B a tick on
    /// the real interpreter). From <c>Pen.Core.PenFirmware.Tick</c> the rule walks every method the tick can reach in
    /// this assembly (calls, constructors, delegates; a virtual or interface call reaches every override or
    /// implementation here) and reports each value type other than a primitive or an enum met in a reached method's
    /// return type, parameters or locals, in a field it reads or writes, in a struct it boxes, makes or copies, and in
    /// the return of an external method it calls.
    /// </summary>
    internal sealed partial class AssemblyScanner
    {
        internal const string TickTypeName = "Pen.Core.PenFirmware";
        internal const string TickMethodName = "Tick";

        private void ScanTickPath()
        {
            MethodDefinitionHandle tick = default;
            foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
            {
                if (TypeName(th) != TickTypeName) continue;
                foreach (MethodDefinitionHandle mh in _md.GetTypeDefinition(th).GetMethods())
                {
                    if (_md.GetString(_md.GetMethodDefinition(mh).Name) == TickMethodName) tick = mh;
                }
            }

            if (tick.IsNil) return;
            var shapes = new StructShapes(_md);
            var seen = new HashSet<MethodDefinitionHandle> { tick };
            var queue = new Queue<MethodDefinitionHandle>();
            queue.Enqueue(tick);
            while (queue.Count > 0)
            {
                MethodDefinitionHandle mh = queue.Dequeue();
                foreach (MethodDefinitionHandle callee in ScanTickMethod(mh, shapes))
                {
                    if (seen.Add(callee)) queue.Enqueue(callee);
                }
            }
        }

        private IEnumerable<MethodDefinitionHandle> ScanTickMethod(MethodDefinitionHandle handle, StructShapes shapes)
        {
            var callees = new List<MethodDefinitionHandle>();
            MethodDefinition method = _md.GetMethodDefinition(handle);
            string methodId = MethodId(handle);
            MethodSignature<Shape> signature = method.DecodeSignature(shapes, null);
            ReportStruct(signature.ReturnType, methodId);
            foreach (Shape p in signature.ParameterTypes) ReportStruct(p, methodId);
            if (method.RelativeVirtualAddress == 0) return callees;

            MethodBodyBlock body = _pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                StandaloneSignature locals = _md.GetStandaloneSignature(body.LocalSignature);
                foreach (Shape l in locals.DecodeLocalSignature(shapes, null)) ReportStruct(l, methodId);
            }

            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                int at = il.Offset;
                byte code = il.ReadByte();
                bool twoByte = code == IlOpcodes.TwoBytePrefix;
                if (twoByte) code = il.ReadByte();
                OperandType operand;
                try { operand = IlOpcodes.GetOperandType(twoByte, code); }
                catch (BadImageFormatException e) { throw new BadImageFormatException(e.Message + " at IL_" + at.ToString("X4") + " in " + methodId); }
                switch (operand)
                {
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    {
                        EntityHandle token = ReadToken(ref il, methodId);
                        ReportStruct(FieldShape(token, shapes), methodId);
                        break;
                    }
                    case OperandType.InlineMethod:
                    {
                        EntityHandle token = ReadToken(ref il, methodId);
                        MethodTarget(token, shapes, methodId, callees);
                        break;
                    }
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    {
                        // box, initobj, ldobj, stobj, newarr, cpobj... of a struct type
                        EntityHandle token = ReadToken(ref il, methodId);
                        if (token.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification)
                            ReportStruct(shapes.OfToken(token), methodId);
                        break;
                    }
                    case OperandType.InlineSig:
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineI:
                    case OperandType.ShortInlineR:
                    case OperandType.InlineString:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }

            return callees;
        }

        private Shape FieldShape(EntityHandle token, StructShapes shapes)
        {
            if (token.Kind == HandleKind.FieldDefinition)
                return _md.GetFieldDefinition((FieldDefinitionHandle)token).DecodeSignature(shapes, null);
            if (token.Kind == HandleKind.MemberReference)
            {
                MemberReference r = _md.GetMemberReference((MemberReferenceHandle)token);
                if (r.GetKind() == MemberReferenceKind.Field) return r.DecodeFieldSignature(shapes, null);
            }

            return Shape.None;
        }

        private void MethodTarget(EntityHandle token, StructShapes shapes, string user, List<MethodDefinitionHandle> callees)
        {
            if (token.Kind == HandleKind.MethodSpecification)
                token = _md.GetMethodSpecification((MethodSpecificationHandle)token).Method;
            if (token.Kind == HandleKind.MethodDefinition)
            {
                var mh = (MethodDefinitionHandle)token;
                callees.Add(mh);
                AddOverrides(mh, callees);
                return;
            }

            if (token.Kind != HandleKind.MemberReference) return;
            MemberReference r = _md.GetMemberReference((MemberReferenceHandle)token);
            if (r.GetKind() != MemberReferenceKind.Method) return;
            MethodSignature<Shape> sig = r.DecodeMethodSignature(shapes, null);
            ReportStruct(sig.ReturnType, user);
            // a constructor of a struct type (newobj or call .ctor on a struct) makes a struct value
            if (_md.GetString(r.Name) == ".ctor") ReportStruct(shapes.OfToken(r.Parent), user);
        }

        /// <summary>A virtual or interface method reaches every method of this assembly that overrides or implements it (by name and parameter count).</summary>
        private void AddOverrides(MethodDefinitionHandle handle, List<MethodDefinitionHandle> callees)
        {
            MethodDefinition method = _md.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.Virtual) == 0) return;
            TypeDefinitionHandle declaring = method.GetDeclaringType();
            string name = _md.GetString(method.Name);
            int parameters = method.DecodeSignature(new StructShapes(_md), null).ParameterTypes.Length;
            foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
            {
                if (th == declaring || !DerivesFrom(th, declaring)) continue;
                foreach (MethodDefinitionHandle mh in _md.GetTypeDefinition(th).GetMethods())
                {
                    MethodDefinition m = _md.GetMethodDefinition(mh);
                    if (_md.GetString(m.Name) == name && m.GetParameters().Count >= 0 &&
                        m.DecodeSignature(new StructShapes(_md), null).ParameterTypes.Length == parameters)
                        callees.Add(mh);
                }
            }
        }

        private bool DerivesFrom(TypeDefinitionHandle type, TypeDefinitionHandle ancestor)
        {
            for (int depth = 0; depth < 32 && !type.IsNil; depth++)
            {
                TypeDefinition t = _md.GetTypeDefinition(type);
                foreach (InterfaceImplementationHandle ih in t.GetInterfaceImplementations())
                {
                    EntityHandle iface = _md.GetInterfaceImplementation(ih).Interface;
                    if (iface.Kind == HandleKind.TypeDefinition && (TypeDefinitionHandle)iface == ancestor) return true;
                }

                if (t.BaseType.Kind != HandleKind.TypeDefinition) return false;
                type = (TypeDefinitionHandle)t.BaseType;
                if (type == ancestor) return true;
            }

            return false;
        }

        private void ReportStruct(Shape shape, string user)
        {
            if (shape.IsStruct) Report(ViolationKind.StructOnTickPath, "T:" + shape.Name, user);
        }

        /// <summary>A type as the tick-path rule sees it: its name, and whether a value of it is a struct value on nanoCLR's heap.</summary>
        internal readonly struct Shape
        {
            public Shape(string name, bool isStruct)
            {
                Name = name;
                IsStruct = isStruct;
            }

            public static Shape None => new Shape("", false);
            public string Name { get; }
            public bool IsStruct { get; }
        }

        /// <summary>Decodes signatures into <see cref="Shape"/>s: value types other than primitives and enums are structs.</summary>
        private sealed class StructShapes : ISignatureTypeProvider<Shape, object?>
        {
            private readonly MetadataReader _md;
            public StructShapes(MetadataReader md) { _md = md; }

            public Shape OfToken(EntityHandle token)
            {
                switch (token.Kind)
                {
                    case HandleKind.TypeDefinition: return GetTypeFromDefinition(_md, (TypeDefinitionHandle)token, IsValueTypeDef((TypeDefinitionHandle)token) ? (byte)SignatureTypeKind.ValueType : (byte)0);
                    case HandleKind.TypeReference: return RefShape((TypeReferenceHandle)token, null);
                    case HandleKind.TypeSpecification: return _md.GetTypeSpecification((TypeSpecificationHandle)token).DecodeSignature(this, null);
                    default: return Shape.None;
                }
            }

            private bool IsValueTypeDef(TypeDefinitionHandle handle)
            {
                EntityHandle b = _md.GetTypeDefinition(handle).BaseType;
                string baseName = BaseName(b);
                return baseName == "System.ValueType" || baseName == "System.Enum";
            }

            private string BaseName(EntityHandle b)
            {
                if (b.IsNil) return "";
                if (b.Kind == HandleKind.TypeReference)
                {
                    TypeReference r = _md.GetTypeReference((TypeReferenceHandle)b);
                    return _md.GetString(r.Namespace) + "." + _md.GetString(r.Name);
                }

                if (b.Kind == HandleKind.TypeDefinition)
                {
                    TypeDefinition d = _md.GetTypeDefinition((TypeDefinitionHandle)b);
                    return _md.GetString(d.Namespace) + "." + _md.GetString(d.Name);
                }

                return "";
            }

            /// <summary>A referenced type: a struct when it is a value type, except the base library's enums and the few value types a reference alone cannot tell (those met only as enums in practice).</summary>
            private Shape RefShape(TypeReferenceHandle handle, bool? valueType)
            {
                TypeReference r = _md.GetTypeReference(handle);
                string name = (r.ResolutionScope.Kind == HandleKind.TypeReference ? RefShape((TypeReferenceHandle)r.ResolutionScope, null).Name + "." : (_md.GetString(r.Namespace).Length > 0 ? _md.GetString(r.Namespace) + "." : "")) + _md.GetString(r.Name);
                bool isStruct = valueType == true && !KnownEnums.Contains(name);
                return new Shape(name, isStruct);
            }

            // value types of the base library that are enums: a TypeReference does not say enum or struct
            private static readonly HashSet<string> KnownEnums = new HashSet<string>(StringComparer.Ordinal)
            {
                "System.DateTimeKind", "System.DayOfWeek", "System.StringComparison", "System.StringSplitOptions",
                "System.MidpointRounding", "System.Globalization.NumberStyles", "System.AttributeTargets",
            };

            public Shape GetPrimitiveType(PrimitiveTypeCode typeCode) => new Shape(typeCode.ToString(), false);

            public Shape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                TypeDefinition d = reader.GetTypeDefinition(handle);
                string name = (reader.GetString(d.Namespace).Length > 0 ? reader.GetString(d.Namespace) + "." : "") + reader.GetString(d.Name);
                bool isStruct = rawTypeKind == (byte)SignatureTypeKind.ValueType && BaseName(d.BaseType) != "System.Enum";
                return new Shape(name, isStruct);
            }

            public Shape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
                RefShape(handle, rawTypeKind == (byte)SignatureTypeKind.ValueType);

            public Shape GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public Shape GetSZArrayType(Shape elementType) => new Shape(elementType.Name + "[]", elementType.IsStruct);
            public Shape GetArrayType(Shape elementType, ArrayShape shape) => new Shape(elementType.Name + "[,]", elementType.IsStruct);
            public Shape GetByReferenceType(Shape elementType) => elementType;
            public Shape GetPointerType(Shape elementType) => new Shape(elementType.Name + "*", false);
            public Shape GetPinnedType(Shape elementType) => elementType;
            public Shape GetGenericInstantiation(Shape genericType, ImmutableArray<Shape> typeArguments) => genericType;
            public Shape GetGenericMethodParameter(object? genericContext, int index) => new Shape("``" + index, false);
            public Shape GetGenericTypeParameter(object? genericContext, int index) => new Shape("`" + index, false);
            public Shape GetModifiedType(Shape modifier, Shape unmodifiedType, bool isRequired) => unmodifiedType;
            public Shape GetFunctionPointerType(MethodSignature<Shape> signature) => new Shape("method*", false);
        }
    }
}
