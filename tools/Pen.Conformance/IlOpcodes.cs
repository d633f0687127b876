using System;
using System.Reflection;
using System.Reflection.Emit;

namespace Pen.Conformance
{
    /// <summary>Operand layout of every IL opcode (ECMA-335 III), taken once from <see cref="OpCodes"/>.</summary>
    internal static class IlOpcodes
    {
        public const byte TwoBytePrefix = 0xFE;
        public const byte Localloc = 0x0F;   // FE 0F
        public const byte VolatilePrefix = 0x13; // FE 13

        private static readonly OperandType?[] s_oneByte = new OperandType?[256];
        private static readonly OperandType?[] s_twoByte = new OperandType?[256];
        private static readonly string?[] s_oneByteName = new string?[256];
        private static readonly string?[] s_twoByteName = new string?[256];

        static IlOpcodes()
        {
            foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetValue(null) is not OpCode op)
                    continue;
                int value = (ushort)op.Value;
                if (op.Size == 1)
                {
                    s_oneByte[value & 0xFF] = op.OperandType;
                    s_oneByteName[value & 0xFF] = op.Name;
                }
                else if (op.Size == 2 && (value >> 8) == TwoBytePrefix)
                {
                    s_twoByte[value & 0xFF] = op.OperandType;
                    s_twoByteName[value & 0xFF] = op.Name;
                }
            }
        }

        /// <summary>Operand type of opcode <paramref name="code"/>, the byte after FE when <paramref name="twoByte"/>.</summary>
        public static OperandType GetOperandType(bool twoByte, byte code)
        {
            OperandType? type = twoByte ? s_twoByte[code] : s_oneByte[code];
            if (type is null)
                throw new BadImageFormatException($"unknown IL opcode {(twoByte ? "FE " : "")}{code:X2}");
            return type.Value;
        }

        public static string GetName(bool twoByte, byte code) =>
            (twoByte ? s_twoByteName[code] : s_oneByteName[code]) ?? $"0x{code:X2}";

        /// <summary>True for operands that are a metadata token of a type, method, field or member.</summary>
        public static bool IsMemberToken(OperandType type) =>
            type is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType;
    }
}
