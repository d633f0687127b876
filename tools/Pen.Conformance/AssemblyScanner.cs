using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Pen.Conformance
{
    /// <summary>
    /// One pass over one assembly. Every reference (TypeRef, TypeSpec, MemberRef, MethodSpec, StandAloneSig) is analysed
    /// once into the issues it carries (its own and those of everything its signature names), cached, and the issues are
    /// reported against each definition that uses it: a method when the reference is an IL operand, a local or a catch
    /// type of its body; a field, method, event or type when it appears in its signature, base type, interfaces,
    /// constraints or custom attributes.
    /// </summary>
    internal sealed partial class AssemblyScanner : ISignatureTypeProvider<string, object?>
    {
        internal const string AssemblyUser = "<assembly>";
        internal const string ModuleUser = "<module>";

        private const string CompilerGeneratedAttribute = "System.Runtime.CompilerServices.CompilerGeneratedAttribute";
        private const string IsVolatile = "System.Runtime.CompilerServices.IsVolatile";

        /// <summary>
        /// What the C# compiler emits for a field-like event's add/remove accessor on desktop .NET: a lock-free loop on
        /// <c>Interlocked.CompareExchange&lt;T&gt;</c>. Against nanoFramework's mscorlib, which lacks that generic method,
        /// the compiler emits the plain <c>Delegate.Combine</c>/<c>Delegate.Remove</c> body instead, so this reference is
        /// not held against compiler-generated event accessors.
        /// </summary>
        internal const string EventAccessorCompareExchange = "M:System.Threading.Interlocked.CompareExchange``1(``0@,``0,``0)";

        /// <summary>Assembly/module-level attributes that the SDK or the compiler adds to every desktop build.</summary>
        private static readonly HashSet<string> s_sdkAssemblyAttributes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.Runtime.Versioning.TargetFrameworkAttribute",
            "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
            "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
            "System.Diagnostics.DebuggableAttribute",
            "System.Diagnostics.DebuggableAttribute.DebuggingModes",
            // Added by the compiler for /unsafe when the types exist (optional, absent from nanoFramework).
            "System.Security.UnverifiableCodeAttribute",
            "System.Security.Permissions.SecurityPermissionAttribute",
            "System.Security.Permissions.SecurityAction",
        };

        /// <summary>
        /// Attributes the compiler synthesizes itself (and leaves out, or embeds into the assembly, when the target
        /// library lacks them): never held against the code, wherever they are applied.
        /// </summary>
        private static readonly HashSet<string> s_synthesizedAttributes = new HashSet<string>(StringComparer.Ordinal)
        {
            CompilerGeneratedAttribute,
            "System.Runtime.CompilerServices.NullableAttribute",
            "System.Runtime.CompilerServices.NullableContextAttribute",
            "System.Runtime.CompilerServices.NullablePublicOnlyAttribute",
            "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
            "Microsoft.CodeAnalysis.EmbeddedAttribute",
            "System.Runtime.CompilerServices.IsReadOnlyAttribute",
            "System.Runtime.CompilerServices.IsByRefLikeAttribute",
            "System.Runtime.CompilerServices.IsUnmanagedAttribute",
            "System.Runtime.CompilerServices.NativeIntegerAttribute",
            "System.Runtime.CompilerServices.ScopedRefAttribute",
            "System.Runtime.CompilerServices.RequiresLocationAttribute",
            "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute",
            "System.Runtime.CompilerServices.ParamCollectionAttribute",
        };

        /// <summary>
        /// Desktop-only members that the desktop compiler picks for source that compiles just as well against
        /// nanoFramework, where it binds to or lowers into the listed member on the right. A reference to the left one is
        /// accepted when the right one is listed:
        /// <list type="bullet">
        /// <item><c>lock</c> lowers to <c>Monitor.Enter(object, ref bool)</c> when that exists, else <c>Monitor.Enter(object)</c>;</item>
        /// <item><c>string.Format(f, a[, b[, c]])</c> binds to the fixed-arity overloads on desktop, to
        /// <c>Format(string, params object[])</c> on nanoFramework.</item>
        /// </list>
        /// </summary>
        private static readonly Dictionary<string, string> s_equivalentMembers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)"] = "M:System.Threading.Monitor.Enter(System.Object)",
            ["M:System.String.Format(System.String,System.Object)"] = StringFormatParams,
            ["M:System.String.Format(System.String,System.Object,System.Object)"] = StringFormatParams,
            ["M:System.String.Format(System.String,System.Object,System.Object,System.Object)"] = StringFormatParams,
        };

        /// <summary>
        /// Desktop-only types that only the compiler's lowering uses, mapped to what it lowers to without them: an
        /// interpolated string (<c>$"..."</c>) becomes <c>DefaultInterpolatedStringHandler</c> calls (even under C# 9), or
        /// <c>string.Format(string, object[])</c>/<c>string.Concat</c> against nanoFramework. The type and all its members
        /// (generic <c>AppendFormatted&lt;T&gt;</c> included) are accepted when the fallback is listed.
        /// </summary>
        private static readonly Dictionary<string, string> s_loweringOnlyTypes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Runtime.CompilerServices.DefaultInterpolatedStringHandler"] = StringFormatParams,
        };

        private const string StringFormatParams = "M:System.String.Format(System.String,System.Object[])";

        /// <summary>
        /// Generic desktop-only methods that only the compiler's lowering calls, with a fallback that needs no API: a
        /// call of a <c>params</c> method with no argument passes <c>Array.Empty&lt;T&gt;()</c> when it exists and
        /// <c>new T[0]</c> (IL <c>newarr</c>) otherwise. Accepted (the element type is still checked).
        /// </summary>
        private static readonly HashSet<string> s_loweringOnlyMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "M:System.Array.Empty``1",
        };

        private readonly PEReader _pe;
        private readonly MetadataReader _md;
        private readonly ApiCatalog _api;

        private readonly Dictionary<EntityHandle, RefInfo> _refs = new Dictionary<EntityHandle, RefInfo>();
        private readonly Dictionary<TypeDefinitionHandle, string> _typeNames = new Dictionary<TypeDefinitionHandle, string>();
        private readonly Dictionary<MethodDefinitionHandle, string> _methodIds = new Dictionary<MethodDefinitionHandle, string>();
        private readonly Dictionary<ParameterHandle, MethodDefinitionHandle> _parameterOwner = new Dictionary<ParameterHandle, MethodDefinitionHandle>();
        private readonly Dictionary<InterfaceImplementationHandle, TypeDefinitionHandle> _interfaceOwner = new Dictionary<InterfaceImplementationHandle, TypeDefinitionHandle>();
        private readonly HashSet<MethodDefinitionHandle> _generatedEventAccessors = new HashSet<MethodDefinitionHandle>();

        private readonly HashSet<Violation> _violations = new HashSet<Violation>();
        private readonly HashSet<string> _checked = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _needed = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Where the signature decoder puts the issues it meets; null = discard.</summary>
        private List<Issue>? _sink;

        public AssemblyScanner(PEReader pe, ApiCatalog api)
        {
            _pe = pe;
            _md = pe.GetMetadataReader();
            _api = api;
        }

        private readonly struct Issue
        {
            public Issue(ViolationKind kind, string member)
            {
                Kind = kind;
                Member = member;
            }

            public ViolationKind Kind { get; }

            public string Member { get; }
        }

        private sealed class RefInfo
        {
            public RefInfo(string name, string docId, bool external, Issue[] issues)
            {
                Name = name;
                DocId = docId;
                External = external;
                Issues = issues;
            }

            /// <summary>Type name as in a doc ID without prefix (types), or the doc ID (members).</summary>
            public string Name { get; }

            public string DocId { get; }

            public bool External { get; }

            public Issue[] Issues { get; }

            /// <summary>For a TypeSpec that instantiates a generic type: the generic type (TypeRef/TypeDef).</summary>
            public EntityHandle GenericDefinition { get; set; }

            /// <summary>A lowering-only type or one of its members (see s_loweringOnlyTypes): accepted as a whole.</summary>
            public bool LoweringOnly { get; set; }
        }

        // ------------------------------------------------------------------------------------------------------------
        // Driver

        public ConformanceResult Run()
        {
            BuildOwnerMaps();

            foreach (TypeDefinitionHandle type in _md.TypeDefinitions)
                ScanType(type);

            ScanCustomAttributes();
            ScanUnreachedReferences();
            ScanTickPath();

            var violations = new List<Violation>(_violations);
            violations.Sort();

            var needed = new List<string>(_needed);
            needed.Sort((a, b) =>
            {
                bool aCore = a == "mscorlib", bCore = b == "mscorlib";
                return aCore != bCore ? (aCore ? -1 : 1) : string.CompareOrdinal(a, b);
            });

            string name = _md.IsAssembly ? _md.GetString(_md.GetAssemblyDefinition().Name) : _md.GetString(_md.GetModuleDefinition().Name);
            return new ConformanceResult(name, violations, _checked.Count, _api.Count, needed);
        }

        public IReadOnlyList<string> GetDefinitionIds()
        {
            var ids = new List<string>();
            foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
            {
                TypeDefinition type = _md.GetTypeDefinition(th);
                ids.Add("T:" + TypeName(th));
                foreach (MethodDefinitionHandle m in type.GetMethods()) ids.Add(MethodId(m));
                foreach (FieldDefinitionHandle f in type.GetFields()) ids.Add(FieldId(f));
                foreach (PropertyDefinitionHandle p in type.GetProperties()) ids.Add(PropertyId(p, th));
                foreach (EventDefinitionHandle e in type.GetEvents()) ids.Add(EventId(e, th));
            }
            return ids;
        }

        /// <summary>
        /// Like <see cref="GetDefinitionIds"/>, but only what another assembly can see: public and protected types and
        /// members of visible types; the special <c>value__</c> field of enums left out (the public API of a library).
        /// </summary>
        public IReadOnlyList<string> GetVisibleDefinitionIds()
        {
            var ids = new List<string>();
            foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
            {
                TypeDefinition type = _md.GetTypeDefinition(th);
                if (!IsVisible(type)) continue;
                ids.Add("T:" + TypeName(th));
                foreach (MethodDefinitionHandle m in type.GetMethods())
                {
                    if (IsVisibleMember(_md.GetMethodDefinition(m).Attributes & MethodAttributes.MemberAccessMask)) ids.Add(MethodId(m));
                }
                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldAttributes a = _md.GetFieldDefinition(f).Attributes;
                    if ((a & (FieldAttributes.SpecialName | FieldAttributes.RTSpecialName)) != 0) continue;
                    if (IsVisibleMember((MethodAttributes)(int)(a & FieldAttributes.FieldAccessMask))) ids.Add(FieldId(f));
                }
                foreach (PropertyDefinitionHandle p in type.GetProperties())
                {
                    PropertyAccessors acc = _md.GetPropertyDefinition(p).GetAccessors();
                    if (IsVisibleAccessor(acc.Getter) || IsVisibleAccessor(acc.Setter)) ids.Add(PropertyId(p, th));
                }
                foreach (EventDefinitionHandle e in type.GetEvents())
                {
                    EventAccessors acc = _md.GetEventDefinition(e).GetAccessors();
                    if (IsVisibleAccessor(acc.Adder) || IsVisibleAccessor(acc.Remover)) ids.Add(EventId(e, th));
                }
            }
            return ids;
        }

        private bool IsVisible(TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (!type.IsNested) return visibility == TypeAttributes.Public;
            return (visibility == TypeAttributes.NestedPublic || visibility == TypeAttributes.NestedFamily || visibility == TypeAttributes.NestedFamORAssem)
                   && IsVisible(_md.GetTypeDefinition(type.GetDeclaringType()));
        }

        // Field and method access share their values (Public 6, Family 4, FamORAssem 5).
        private static bool IsVisibleMember(MethodAttributes access) =>
            access == MethodAttributes.Public || access == MethodAttributes.Family || access == MethodAttributes.FamORAssem;

        private bool IsVisibleAccessor(MethodDefinitionHandle accessor) =>
            !accessor.IsNil && IsVisibleMember(_md.GetMethodDefinition(accessor).Attributes & MethodAttributes.MemberAccessMask);

        private void BuildOwnerMaps()
        {
            foreach (TypeDefinitionHandle th in _md.TypeDefinitions)
            {
                TypeDefinition type = _md.GetTypeDefinition(th);
                foreach (InterfaceImplementationHandle ih in type.GetInterfaceImplementations())
                    _interfaceOwner[ih] = th;
                foreach (MethodDefinitionHandle mh in type.GetMethods())
                {
                    foreach (ParameterHandle ph in _md.GetMethodDefinition(mh).GetParameters())
                        _parameterOwner[ph] = mh;
                }
                foreach (EventDefinitionHandle eh in type.GetEvents())
                {
                    EventAccessors accessors = _md.GetEventDefinition(eh).GetAccessors();
                    foreach (MethodDefinitionHandle accessor in new[] { accessors.Adder, accessors.Remover })
                    {
                        if (!accessor.IsNil && HasAttribute(_md.GetMethodDefinition(accessor).GetCustomAttributes(), CompilerGeneratedAttribute))
                            _generatedEventAccessors.Add(accessor);
                    }
                }
            }
        }

        private void ScanType(TypeDefinitionHandle handle)
        {
            TypeDefinition type = _md.GetTypeDefinition(handle);
            string typeId = "T:" + TypeName(handle);

            // A nested type repeats its enclosing types' generic parameters; report only types that add their own.
            int inherited = type.IsNested ? _md.GetTypeDefinition(type.GetDeclaringType()).GetGenericParameters().Count : 0;
            if (type.GetGenericParameters().Count > inherited)
                Report(ViolationKind.Generic, typeId, typeId);
            ScanGenericConstraints(type.GetGenericParameters(), typeId);

            if (!type.BaseType.IsNil)
                ReportReference(type.BaseType, typeId);

            bool enumerator = false;
            foreach (InterfaceImplementationHandle ih in type.GetInterfaceImplementations())
            {
                EntityHandle iface = _md.GetInterfaceImplementation(ih).Interface;
                ReportReference(iface, typeId);
                if (Info(iface).Name == "System.Collections.IEnumerator")
                    enumerator = true;
            }

            // An iterator method compiles to a nested, compiler-generated class that implements IEnumerator.
            if (enumerator && type.IsNested &&
                (_md.GetString(type.Name).StartsWith("<", StringComparison.Ordinal) ||
                 HasAttribute(type.GetCustomAttributes(), CompilerGeneratedAttribute)))
                Report(ViolationKind.Iterator, typeId, typeId);

            bool isInterface = (type.Attributes & TypeAttributes.Interface) != 0;

            foreach (FieldDefinitionHandle fh in type.GetFields())
            {
                var issues = new List<Issue>();
                Decode(() => _md.GetFieldDefinition(fh).DecodeSignature(this, null), issues);
                Report(issues, FieldId(fh));
            }

            foreach (MethodDefinitionHandle mh in type.GetMethods())
                ScanMethod(mh, isInterface);

            foreach (EventDefinitionHandle eh in type.GetEvents())
                ReportReference(_md.GetEventDefinition(eh).Type, EventId(eh, handle));

            foreach (MethodImplementationHandle ih in type.GetMethodImplementations())
            {
                MethodImplementation impl = _md.GetMethodImplementation(ih);
                string user = impl.MethodBody.Kind == HandleKind.MethodDefinition ? MethodId((MethodDefinitionHandle)impl.MethodBody) : typeId;
                ReportReference(impl.MethodDeclaration, user);
                if (impl.MethodBody.Kind != HandleKind.MethodDefinition)
                    ReportReference(impl.MethodBody, user);
            }
        }

        private void ScanMethod(MethodDefinitionHandle handle, bool inInterface)
        {
            MethodDefinition method = _md.GetMethodDefinition(handle);
            string methodId = MethodId(handle);

            var issues = new List<Issue>();
            Decode(() => method.DecodeSignature(this, null), issues);
            Report(issues, methodId);

            if (method.GetGenericParameters().Count > 0)
                Report(ViolationKind.Generic, methodId, methodId);
            ScanGenericConstraints(method.GetGenericParameters(), methodId);

            if (inInterface && (method.Attributes & MethodAttributes.Abstract) == 0 && _md.GetString(method.Name) != ".cctor")
                Report(ViolationKind.DefaultInterfaceMethod, methodId, methodId);

            if (method.RelativeVirtualAddress != 0)
                ScanBody(handle, method, methodId);
        }

        private void ScanGenericConstraints(GenericParameterHandleCollection parameters, string user)
        {
            foreach (GenericParameterHandle gh in parameters)
            {
                foreach (GenericParameterConstraintHandle ch in _md.GetGenericParameter(gh).GetConstraints())
                    ReportReference(_md.GetGenericParameterConstraint(ch).Type, user);
            }
        }

        private void ScanBody(MethodDefinitionHandle handle, MethodDefinition method, string methodId)
        {
            MethodBodyBlock body = _pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                ReportReference(body.LocalSignature, methodId);
            foreach (ExceptionRegion region in body.ExceptionRegions)
            {
                if (!region.CatchType.IsNil)
                    ReportReference(region.CatchType, methodId);
            }

            bool generatedEventAccessor = _generatedEventAccessors.Contains(handle);
            bool volatilePending = false;
            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                byte code = il.ReadByte();
                bool twoByte = code == IlOpcodes.TwoBytePrefix;
                if (twoByte)
                    code = il.ReadByte();
                OperandType operand = IlOpcodes.GetOperandType(twoByte, code);

                // The `volatile.` prefix applies to the instruction after it.
                bool volatileHere = volatilePending;
                volatilePending = twoByte && code == IlOpcodes.VolatilePrefix;
                string? volatileTarget = null;

                if (twoByte && code == IlOpcodes.Localloc)
                    Report(ViolationKind.Stackalloc, "localloc", methodId);

                switch (operand)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
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
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        if (targets < 0 || targets > il.RemainingBytes / 4)
                            throw new BadImageFormatException($"bad switch operand in {methodId}");
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineSig:
                        ReportReference(ReadToken(ref il, methodId), methodId);
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        EntityHandle token = ReadToken(ref il, methodId);
                        if (volatileHere)
                            volatileTarget = Info(token).DocId;
                        if (generatedEventAccessor && token.Kind == HandleKind.MethodSpecification &&
                            Info(token).DocId == EventAccessorCompareExchange)
                            break;
                        ReportReference(token, methodId);
                        break;
                    default:
                        throw new BadImageFormatException($"unexpected operand type {operand} in {methodId}");
                }

                if (volatileHere)
                    Report(ViolationKind.Volatile, volatileTarget ?? "volatile. " + IlOpcodes.GetName(twoByte, code), methodId);
            }
        }

        private static EntityHandle ReadToken(ref BlobReader il, string methodId)
        {
            int token = il.ReadInt32();
            try
            {
                return MetadataTokens.EntityHandle(token);
            }
            catch (ArgumentException)
            {
                throw new BadImageFormatException($"bad metadata token 0x{token:X8} in {methodId}");
            }
        }

        private void ScanCustomAttributes()
        {
            foreach (CustomAttributeHandle ch in _md.CustomAttributes)
            {
                CustomAttribute attribute = _md.GetCustomAttribute(ch);
                string type = AttributeTypeName(attribute.Constructor);
                bool assemblyLevel = attribute.Parent.Kind is HandleKind.AssemblyDefinition or HandleKind.ModuleDefinition;
                if (s_synthesizedAttributes.Contains(type) || (assemblyLevel && s_sdkAssemblyAttributes.Contains(type)))
                    continue;
                ReportReference(attribute.Constructor, UserOf(attribute.Parent));
            }
        }

        /// <summary>Anything referenced that no definition reached (should be rare): report it against the assembly.</summary>
        private void ScanUnreachedReferences()
        {
            foreach (TypeReferenceHandle th in _md.TypeReferences)
            {
                if (_refs.ContainsKey(th) || IsIgnoredType(TypeRefName(th)))
                    continue;
                ReportReference(th, AssemblyUser);
            }
            foreach (MemberReferenceHandle mh in _md.MemberReferences)
            {
                if (_refs.ContainsKey(mh))
                    continue;
                EntityHandle parent = _md.GetMemberReference(mh).Parent;
                if (parent.Kind == HandleKind.TypeReference && IsIgnoredType(TypeRefName((TypeReferenceHandle)parent)))
                    continue;
                ReportReference(mh, AssemblyUser);
            }
        }

        private static bool IsIgnoredType(string name) =>
            s_synthesizedAttributes.Contains(name) || s_sdkAssemblyAttributes.Contains(name);

        // ------------------------------------------------------------------------------------------------------------
        // Reporting

        private void Report(ViolationKind kind, string member, string usedIn) =>
            _violations.Add(new Violation(kind, member, usedIn));

        private void Report(IEnumerable<Issue> issues, string usedIn)
        {
            foreach (Issue issue in issues)
                Report(issue.Kind, issue.Member, usedIn);
        }

        private void ReportReference(EntityHandle handle, string usedIn)
        {
            if (handle.IsNil)
                return;
            Report(Info(handle).Issues, usedIn);
        }

        private void Lookup(string docId, List<Issue> issues)
        {
            _checked.Add(docId);
            if (_api.TryFind(docId, out string list) ||
                (s_equivalentMembers.TryGetValue(docId, out string? equivalent) && _api.TryFind(equivalent, out list)))
            {
                _needed.Add(list);
                return;
            }
            issues.Add(new Issue(ViolationKind.MissingApi, docId));
        }

        private bool IsAcceptedLoweringType(string typeName)
        {
            if (!s_loweringOnlyTypes.TryGetValue(typeName, out string? fallback))
                return false;
            _checked.Add("T:" + typeName);
            _checked.Add(fallback);
            if (!_api.TryFind(fallback, out string list))
                return false;
            _needed.Add(list);
            return true;
        }

        private T Decode<T>(Func<T> decode, List<Issue>? sink)
        {
            List<Issue>? saved = _sink;
            _sink = sink;
            try
            {
                return decode();
            }
            finally
            {
                _sink = saved;
            }
        }

        private void Sink(Issue[] issues) => _sink?.AddRange(issues);

        private void Sink(ViolationKind kind, string member) => _sink?.Add(new Issue(kind, member));

        // ------------------------------------------------------------------------------------------------------------
        // Reference analysis (cached)

        private RefInfo Info(EntityHandle handle)
        {
            if (_refs.TryGetValue(handle, out RefInfo? info))
                return info;
            info = handle.Kind switch
            {
                HandleKind.TypeReference => AnalyzeTypeReference((TypeReferenceHandle)handle),
                HandleKind.TypeDefinition => AnalyzeTypeDefinition((TypeDefinitionHandle)handle),
                HandleKind.TypeSpecification => AnalyzeTypeSpecification((TypeSpecificationHandle)handle),
                HandleKind.MemberReference => AnalyzeMemberReference((MemberReferenceHandle)handle),
                HandleKind.MethodSpecification => AnalyzeMethodSpecification((MethodSpecificationHandle)handle),
                HandleKind.StandaloneSignature => AnalyzeStandaloneSignature((StandaloneSignatureHandle)handle),
                HandleKind.MethodDefinition => Internal(MethodId((MethodDefinitionHandle)handle)),
                HandleKind.FieldDefinition => Internal(FieldId((FieldDefinitionHandle)handle)),
                _ => Internal(handle.Kind.ToString()),
            };
            _refs[handle] = info;
            return info;
        }

        private static RefInfo Internal(string docId) => new RefInfo(docId, docId, false, Array.Empty<Issue>());

        private RefInfo AnalyzeTypeReference(TypeReferenceHandle handle)
        {
            TypeReference reference = _md.GetTypeReference(handle);
            var issues = new List<Issue>();
            string name;
            bool external;
            if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                RefInfo enclosing = Info(reference.ResolutionScope);
                issues.AddRange(enclosing.Issues);
                name = enclosing.Name + "." + _md.GetString(reference.Name);
                external = enclosing.External;
            }
            else
            {
                name = QualifiedName(reference.Namespace, reference.Name);
                external = reference.ResolutionScope.IsNil ||
                           reference.ResolutionScope.Kind is HandleKind.AssemblyReference or HandleKind.ModuleReference;
            }

            if (external && IsAcceptedLoweringType(name))
                return new RefInfo(name, "T:" + name, external, Array.Empty<Issue>()) { LoweringOnly = true };

            // The desktop build of the core is metered (firmware/Pen.Core.Host runs tools/Pen.IlMeter): its counter calls
            // are not the core's and the device build has none of them.
            if (external && IsMeter(reference))
                return new RefInfo(name, "T:" + name, false, Array.Empty<Issue>());

            if (external)
            {
                if (name == IsVolatile)
                    issues.Add(new Issue(ViolationKind.Volatile, "T:" + name)); // the modreq of a volatile field
                else
                    Lookup("T:" + name, issues);

                if (name == "System.Decimal")
                    issues.Add(new Issue(ViolationKind.Decimal, "T:" + name));
                if (_md.GetString(reference.Name).IndexOf('`') >= 0) // nested in a generic type: the enclosing one carries it
                    issues.Add(new Issue(ViolationKind.Generic, "T:" + name));
                if (name is "System.Runtime.CompilerServices.IteratorStateMachineAttribute")
                    issues.Add(new Issue(ViolationKind.Iterator, "T:" + name));
                if (name is "System.Runtime.CompilerServices.AsyncStateMachineAttribute"
                        or "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"
                        or "System.Runtime.CompilerServices.IAsyncStateMachine" ||
                    (name.StartsWith("System.Runtime.CompilerServices.Async", StringComparison.Ordinal) &&
                     name.Contains("MethodBuilder", StringComparison.Ordinal)))
                    issues.Add(new Issue(ViolationKind.Async, "T:" + name));
            }
            return new RefInfo(name, "T:" + name, external, issues.ToArray());
        }

        private RefInfo AnalyzeTypeDefinition(TypeDefinitionHandle handle)
        {
            string name = TypeName(handle);
            Issue[] issues = _md.GetTypeDefinition(handle).GetGenericParameters().Count > 0
                ? new[] { new Issue(ViolationKind.Generic, "T:" + name) }
                : Array.Empty<Issue>();
            return new RefInfo(name, "T:" + name, false, issues);
        }

        private RefInfo AnalyzeTypeSpecification(TypeSpecificationHandle handle)
        {
            TypeSpecification spec = _md.GetTypeSpecification(handle);
            var issues = new List<Issue>();
            string name = Decode(() => spec.DecodeSignature(this, null), issues);
            var info = new RefInfo(name, "T:" + name, false, issues.ToArray());

            BlobReader blob = _md.GetBlobReader(spec.Signature);
            if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
            {
                blob.ReadSignatureTypeCode(); // CLASS or VALUETYPE
                info.GenericDefinition = blob.ReadTypeHandle();
            }
            return info;
        }

        /// <summary>The assembly whose calls tools/Pen.IlMeter puts into the desktop core.</summary>
        internal const string MeterAssembly = "Pen.Metering";

        private bool IsMeter(TypeReference reference) =>
            reference.ResolutionScope.Kind == HandleKind.AssemblyReference &&
            _md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name) == MeterAssembly;

        private RefInfo AnalyzeMemberReference(MemberReferenceHandle handle)
        {
            MemberReference member = _md.GetMemberReference(handle);
            var issues = new List<Issue>();
            string parentName;
            bool external = false;
            switch (member.Parent.Kind)
            {
                case HandleKind.TypeReference:
                {
                    RefInfo parent = Info(member.Parent);
                    if (parent.LoweringOnly)
                    {
                        string loweredId = "M:" + parent.Name + "." + EscapeMemberName(_md.GetString(member.Name));
                        return new RefInfo(loweredId, loweredId, true, Array.Empty<Issue>()) { LoweringOnly = true };
                    }
                    issues.AddRange(parent.Issues);
                    parentName = parent.Name;
                    external = parent.External;
                    break;
                }
                case HandleKind.TypeSpecification:
                {
                    RefInfo parent = Info(member.Parent);
                    issues.AddRange(parent.Issues);
                    if (!parent.GenericDefinition.IsNil)
                    {
                        // A member of a constructed type has the doc ID of the generic type's member.
                        RefInfo definition = Info(parent.GenericDefinition);
                        parentName = definition.Name;
                        external = definition.External;
                    }
                    else
                    {
                        parentName = parent.Name; // an array type's Get/Set/Address/.ctor: provided by the runtime
                    }
                    break;
                }
                case HandleKind.TypeDefinition:
                    parentName = TypeName((TypeDefinitionHandle)member.Parent);
                    break;
                case HandleKind.MethodDefinition:
                    parentName = TypeName(_md.GetMethodDefinition((MethodDefinitionHandle)member.Parent).GetDeclaringType());
                    break;
                default:
                    parentName = ModuleUser;
                    break;
            }

            string name = _md.GetString(member.Name);
            string docId;
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                Decode(() => member.DecodeFieldSignature(this, null), issues);
                docId = "F:" + parentName + "." + EscapeMemberName(name);
            }
            else
            {
                MethodSignature<string> signature = Decode(() => member.DecodeMethodSignature(this, null), issues);
                docId = MethodDocId(parentName, name, signature);
            }

            if (external && s_loweringOnlyMethods.Contains(docId))
                return new RefInfo(docId, docId, external, Array.Empty<Issue>()) { LoweringOnly = true };
            if (external)
                Lookup(docId, issues);
            return new RefInfo(docId, docId, external, issues.ToArray());
        }

        private RefInfo AnalyzeMethodSpecification(MethodSpecificationHandle handle)
        {
            MethodSpecification spec = _md.GetMethodSpecification(handle);
            RefInfo method = Info(spec.Method);
            var issues = new List<Issue>(method.Issues);
            Decode(() => spec.DecodeSignature(this, null), issues);
            if (!method.LoweringOnly)
                issues.Add(new Issue(ViolationKind.Generic, method.DocId));
            return new RefInfo(method.DocId, method.DocId, method.External, issues.ToArray());
        }

        private RefInfo AnalyzeStandaloneSignature(StandaloneSignatureHandle handle)
        {
            StandaloneSignature signature = _md.GetStandaloneSignature(handle);
            var issues = new List<Issue>();
            if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                Decode(() => signature.DecodeLocalSignature(this, null), issues);
            else
                Decode(() => signature.DecodeMethodSignature(this, null), issues);
            return new RefInfo("signature", "signature", false, issues.ToArray());
        }

        // ------------------------------------------------------------------------------------------------------------
        // Names (documentation-comment IDs, the C# compiler's format)

        private string QualifiedName(StringHandle ns, StringHandle name) =>
            ns.IsNil || _md.GetString(ns).Length == 0 ? _md.GetString(name) : _md.GetString(ns) + "." + _md.GetString(name);

        private string TypeName(TypeDefinitionHandle handle)
        {
            if (_typeNames.TryGetValue(handle, out string? name))
                return name;
            TypeDefinition type = _md.GetTypeDefinition(handle);
            name = type.IsNested
                ? TypeName(type.GetDeclaringType()) + "." + _md.GetString(type.Name)
                : QualifiedName(type.Namespace, type.Name);
            _typeNames[handle] = name;
            return name;
        }

        private string TypeRefName(TypeReferenceHandle handle)
        {
            TypeReference reference = _md.GetTypeReference(handle);
            return reference.ResolutionScope.Kind == HandleKind.TypeReference
                ? TypeRefName((TypeReferenceHandle)reference.ResolutionScope) + "." + _md.GetString(reference.Name)
                : QualifiedName(reference.Namespace, reference.Name);
        }

        private string AttributeTypeName(EntityHandle constructor)
        {
            EntityHandle type = constructor.Kind == HandleKind.MemberReference
                ? _md.GetMemberReference((MemberReferenceHandle)constructor).Parent
                : constructor.Kind == HandleKind.MethodDefinition
                    ? _md.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()
                    : default;
            return type.Kind switch
            {
                HandleKind.TypeReference => TypeRefName((TypeReferenceHandle)type),
                HandleKind.TypeDefinition => TypeName((TypeDefinitionHandle)type),
                _ => string.Empty,
            };
        }

        private string MethodId(MethodDefinitionHandle handle)
        {
            if (_methodIds.TryGetValue(handle, out string? id))
                return id;
            MethodDefinition method = _md.GetMethodDefinition(handle);
            MethodSignature<string> signature = Decode(() => method.DecodeSignature(this, null), null);
            id = MethodDocId(TypeName(method.GetDeclaringType()), _md.GetString(method.Name), signature);
            _methodIds[handle] = id;
            return id;
        }

        private string FieldId(FieldDefinitionHandle handle)
        {
            FieldDefinition field = _md.GetFieldDefinition(handle);
            return "F:" + TypeName(field.GetDeclaringType()) + "." + EscapeMemberName(_md.GetString(field.Name));
        }

        private string PropertyId(PropertyDefinitionHandle handle, TypeDefinitionHandle declaringType)
        {
            PropertyDefinition property = _md.GetPropertyDefinition(handle);
            MethodSignature<string> signature = Decode(() => property.DecodeSignature(this, null), null);
            var id = new StringBuilder("P:").Append(TypeName(declaringType)).Append('.').Append(EscapeMemberName(_md.GetString(property.Name)));
            AppendParameters(id, signature.ParameterTypes);
            return id.ToString();
        }

        private string EventId(EventDefinitionHandle handle, TypeDefinitionHandle declaringType) =>
            "E:" + TypeName(declaringType) + "." + EscapeMemberName(_md.GetString(_md.GetEventDefinition(handle).Name));

        private string UserOf(EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeDefinition:
                    return "T:" + TypeName((TypeDefinitionHandle)parent);
                case HandleKind.MethodDefinition:
                    return MethodId((MethodDefinitionHandle)parent);
                case HandleKind.FieldDefinition:
                    return FieldId((FieldDefinitionHandle)parent);
                case HandleKind.Parameter:
                    return _parameterOwner.TryGetValue((ParameterHandle)parent, out MethodDefinitionHandle owner) ? MethodId(owner) : AssemblyUser;
                case HandleKind.PropertyDefinition:
                {
                    var property = (PropertyDefinitionHandle)parent;
                    MethodDefinitionHandle accessor = _md.GetPropertyDefinition(property).GetAccessors().Getter;
                    if (accessor.IsNil) accessor = _md.GetPropertyDefinition(property).GetAccessors().Setter;
                    return accessor.IsNil ? AssemblyUser : PropertyId(property, _md.GetMethodDefinition(accessor).GetDeclaringType());
                }
                case HandleKind.EventDefinition:
                {
                    var ev = (EventDefinitionHandle)parent;
                    MethodDefinitionHandle accessor = _md.GetEventDefinition(ev).GetAccessors().Adder;
                    return accessor.IsNil ? AssemblyUser : EventId(ev, _md.GetMethodDefinition(accessor).GetDeclaringType());
                }
                case HandleKind.InterfaceImplementation:
                    return _interfaceOwner.TryGetValue((InterfaceImplementationHandle)parent, out TypeDefinitionHandle type) ? "T:" + TypeName(type) : AssemblyUser;
                case HandleKind.GenericParameter:
                    return UserOf(_md.GetGenericParameter((GenericParameterHandle)parent).Parent);
                case HandleKind.GenericParameterConstraint:
                    return UserOf(_md.GetGenericParameterConstraint((GenericParameterConstraintHandle)parent).Parameter);
                case HandleKind.ModuleDefinition:
                    return ModuleUser;
                default:
                    return AssemblyUser;
            }
        }

        private static string MethodDocId(string typeName, string name, MethodSignature<string> signature)
        {
            var id = new StringBuilder("M:").Append(typeName).Append('.').Append(EscapeMemberName(name));
            if (signature.GenericParameterCount > 0)
                id.Append("``").Append(signature.GenericParameterCount);
            AppendParameters(id, signature.ParameterTypes);
            if (name is "op_Implicit" or "op_Explicit")
                id.Append('~').Append(signature.ReturnType);
            return id.ToString();
        }

        private static void AppendParameters(StringBuilder id, ImmutableArray<string> parameters)
        {
            if (parameters.Length == 0)
                return;
            id.Append('(');
            for (int i = 0; i < parameters.Length; i++)
            {
                if (i > 0) id.Append(',');
                id.Append(parameters[i]);
            }
            id.Append(')');
        }

        /// <summary>
        /// The compiler writes <c>.ctor</c> as <c>#ctor</c> and an explicit implementation
        /// <c>System.IDisposable.Dispose</c> as <c>System#IDisposable#Dispose</c>. Compiler-generated names
        /// (<c>&lt;Main&gt;b__0_0</c>) have no doc ID of their own and are kept readable.
        /// </summary>
        private static string EscapeMemberName(string name)
        {
            if (name.Length > 0 && name[0] == '<')
                return name;
            return name.Replace('.', '#').Replace('<', '{').Replace('>', '}').Replace(',', '@');
        }

        private static string FormatInstantiation(string genericType, ImmutableArray<string> arguments)
        {
            // List`1 + [Int32] -> List{System.Int32}; Outer`1.Inner`1 + [A, B] -> Outer{A}.Inner{B}.
            var result = new StringBuilder();
            int next = 0;
            string[] segments = genericType.Split('.');
            for (int s = 0; s < segments.Length; s++)
            {
                if (s > 0) result.Append('.');
                string segment = segments[s];
                int tick = segment.LastIndexOf('`');
                if (tick > 0 && int.TryParse(segment.AsSpan(tick + 1), out int arity) && arity > 0 && next + arity <= arguments.Length)
                {
                    result.Append(segment, 0, tick).Append('{');
                    for (int i = 0; i < arity; i++)
                    {
                        if (i > 0) result.Append(',');
                        result.Append(arguments[next++]);
                    }
                    result.Append('}');
                }
                else
                {
                    result.Append(segment);
                }
            }
            if (next < arguments.Length)
                result.Append('{').Append(string.Join(",", arguments, next, arguments.Length - next)).Append('}');
            return result.ToString();
        }

        private bool HasAttribute(CustomAttributeHandleCollection attributes, string typeName)
        {
            foreach (CustomAttributeHandle ch in attributes)
            {
                if (AttributeTypeName(_md.GetCustomAttribute(ch).Constructor) == typeName)
                    return true;
            }
            return false;
        }

        // ------------------------------------------------------------------------------------------------------------
        // ISignatureTypeProvider: builds doc-ID type names and collects the issues of what a signature names.

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Void => "System.Void",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            RefInfo info = Info(handle);
            Sink(info.Issues);
            return info.Name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            RefInfo info = Info(handle);
            Sink(info.Issues);
            return info.Name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            RefInfo info = Info(handle);
            Sink(info.Issues);
            return info.Name;
        }

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            var name = new StringBuilder(elementType).Append('[');
            for (int i = 0; i < shape.Rank; i++)
            {
                if (i > 0) name.Append(',');
                int lower = i < shape.LowerBounds.Length ? shape.LowerBounds[i] : 0;
                name.Append(lower).Append(':');
                if (i < shape.Sizes.Length) name.Append(lower + shape.Sizes[i] - 1);
            }
            string result = name.Append(']').ToString();
            Sink(ViolationKind.MultidimArray, result);
            return result;
        }

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        // Custom modifiers are not part of a doc ID; the modifier type itself was analysed already (IsVolatile).
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            Sink(ViolationKind.Generic, "T:" + genericType);
            return FormatInstantiation(genericType, typeArguments);
        }

        public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            var name = new StringBuilder("=FUNC:").Append(signature.ReturnType);
            AppendParameters(name, signature.ParameterTypes);
            return name.ToString();
        }
    }
}
