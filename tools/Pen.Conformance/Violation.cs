using System;

namespace Pen.Conformance
{
    /// <summary>What a violation is about. The order is the order of the report.</summary>
    public enum ViolationKind
    {
        /// <summary>A type or member from outside the assembly that no nanoFramework API list holds.</summary>
        MissingApi,
        /// <summary>A generic type or method, defined or instantiated (crashes the 1.x runtime).</summary>
        Generic,
        /// <summary>A <c>volatile</c> field (modreq IsVolatile) or a <c>volatile.</c> access.</summary>
        Volatile,
        /// <summary>A multidimensional array (<c>int[,]</c>); jagged arrays are fine.</summary>
        MultidimArray,
        /// <summary><c>stackalloc</c> (IL <c>localloc</c>), which crashes the metadata processor.</summary>
        Stackalloc,
        /// <summary>An interface method with a body (default interface implementation).</summary>
        DefaultInterfaceMethod,
        /// <summary>An iterator (<c>yield</c>) state machine.</summary>
        Iterator,
        /// <summary>An async state machine.</summary>
        Async,
        /// <summary><c>decimal</c> (System.Decimal), absent on nanoFramework.</summary>
        Decimal,
        /// <summary>A struct value (a value type other than a primitive or an enum) on the path of PenFirmware.Tick: nanoCLR keeps it on the heap.</summary>
        StructOnTickPath,
    }

    /// <summary>
    /// One finding of the gate: <see cref="Kind"/>, the offending <see cref="Member"/> (a documentation-comment ID such as
    /// <c>M:System.String.Join(System.String,System.String[])</c> or <c>T:System.Action`1</c>, or an IL opcode name) and
    /// the definition that uses it (<see cref="UsedIn"/>, again a documentation-comment ID of the assembly's own method,
    /// field, type, property or event, or <c>&lt;assembly&gt;</c>/<c>&lt;module&gt;</c>). When the offending thing is a
    /// definition itself (a generic type, a default interface method), Member and UsedIn are the same.
    /// </summary>
    public sealed class Violation : IEquatable<Violation>, IComparable<Violation>
    {
        public Violation(ViolationKind kind, string member, string usedIn)
        {
            Kind = kind;
            Member = member ?? throw new ArgumentNullException(nameof(member));
            UsedIn = usedIn ?? throw new ArgumentNullException(nameof(usedIn));
        }

        public ViolationKind Kind { get; }

        public string Member { get; }

        public string UsedIn { get; }

        /// <summary>True when the violation is the definition itself rather than a use of something.</summary>
        public bool IsDefinition => string.Equals(Member, UsedIn, StringComparison.Ordinal);

        /// <summary>The kind as printed: <c>missing-api</c>, <c>generic</c>, <c>volatile</c>, ...</summary>
        public string KindName => GetKindName(Kind);

        public static string GetKindName(ViolationKind kind) => kind switch
        {
            ViolationKind.MissingApi => "missing-api",
            ViolationKind.Generic => "generic",
            ViolationKind.Volatile => "volatile",
            ViolationKind.MultidimArray => "multidim-array",
            ViolationKind.Stackalloc => "stackalloc",
            ViolationKind.DefaultInterfaceMethod => "default-interface-method",
            ViolationKind.Iterator => "iterator",
            ViolationKind.Async => "async",
            ViolationKind.Decimal => "decimal",
            ViolationKind.StructOnTickPath => "struct-on-tick-path",
            _ => kind.ToString(),
        };

        /// <summary><c>kind: member used in user</c>, or <c>kind: member (definition)</c>.</summary>
        public override string ToString() =>
            IsDefinition ? $"{KindName}: {Member} (definition)" : $"{KindName}: {Member} used in {UsedIn}";

        public bool Equals(Violation? other) =>
            other is not null && Kind == other.Kind &&
            string.Equals(Member, other.Member, StringComparison.Ordinal) &&
            string.Equals(UsedIn, other.UsedIn, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as Violation);

        public override int GetHashCode() =>
            HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Member), StringComparer.Ordinal.GetHashCode(UsedIn));

        public int CompareTo(Violation? other)
        {
            if (other is null) return 1;
            int c = Kind.CompareTo(other.Kind);
            if (c != 0) return c;
            c = string.CompareOrdinal(Member, other.Member);
            return c != 0 ? c : string.CompareOrdinal(UsedIn, other.UsedIn);
        }
    }
}
