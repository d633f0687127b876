using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pen.Simulation.Scenarios
{
    /// <summary>What a <see cref="ScenarioJsonNode"/> holds.</summary>
    internal enum ScenarioJsonKind { Object, Array, String, Number, Bool, Null }

    /// <summary>One "name": value pair of an object, with the position of its name.</summary>
    internal sealed class ScenarioJsonProperty
    {
        public string Name;
        public int Line;
        public int Column;
        public ScenarioJsonNode Value;
    }

    /// <summary>A JSON value with the 1-based line and column of its first character.</summary>
    internal sealed class ScenarioJsonNode
    {
        public ScenarioJsonKind Kind;
        public int Line;
        public int Column;
        /// <summary>String: the decoded value. Number, Bool, Null: the literal as written.</summary>
        public string Text;
        public double Number;
        public bool Bool;
        /// <summary>Object: the properties in file order (names are unique).</summary>
        public List<ScenarioJsonProperty> Properties;
        /// <summary>Array: the items.</summary>
        public List<ScenarioJsonNode> Items;

        /// <summary>The value as an error message shows it after "got".</summary>
        public string Describe()
        {
            switch (Kind)
            {
                case ScenarioJsonKind.Object: return "an object";
                case ScenarioJsonKind.Array: return "an array";
                case ScenarioJsonKind.String:
                    string s = Text.Length > 40 ? Text.Substring(0, 40) + "..." : Text;
                    return "\"" + s + "\"";
                default: return Text;
            }
        }
    }

    /// <summary>
    /// A small strict JSON reader (RFC 8259) that keeps the line and column of every value, for error messages.
    /// Extension: "//" starts a comment that runs to the end of the line. Duplicate keys, trailing commas,
    /// NaN/Infinity, leading zeros and unquoted words are errors. Errors are <see cref="ScenarioException"/>.
    /// </summary>
    internal sealed class ScenarioJsonReader
    {
        private const int MaxDepth = 64;
        private readonly string text;
        private readonly string source;
        private int pos;
        private int line = 1;
        private int lineStart;

        private ScenarioJsonReader(string text, string source)
        {
            this.text = text;
            this.source = source;
        }

        /// <summary>Reads one JSON document.</summary>
        public static ScenarioJsonNode Read(string text, string source)
        {
            ScenarioJsonReader r = new ScenarioJsonReader(text ?? "", source);
            if (r.text.Length > 0 && r.text[0] == '\uFEFF') r.pos = r.lineStart = 1;
            r.SkipSpace();
            ScenarioJsonNode root = r.ReadValue("", 0);
            r.SkipSpace();
            if (r.pos < r.text.Length) throw r.Error("unexpected text after the end of the JSON document");
            return root;
        }

        private int Column => pos - lineStart + 1;
        private bool AtEnd => pos >= text.Length;
        private char Peek => pos < text.Length ? text[pos] : '\0';

        private ScenarioException Error(string problem) { return Error(line, Column, problem); }

        private ScenarioException Error(int atLine, int atColumn, string problem)
        {
            return new ScenarioException(source, atLine, atColumn, "", "syntax error: " + problem);
        }

        private void SkipSpace()
        {
            while (pos < text.Length)
            {
                char c = text[pos];
                if (c == '\n') { pos++; line++; lineStart = pos; }
                else if (c == ' ' || c == '\t' || c == '\r') pos++;
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
                {
                    while (pos < text.Length && text[pos] != '\n') pos++;
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
                    throw Error("/* */ comments are not supported; use // to the end of the line");
                else return;
            }
        }

        private ScenarioJsonNode NewNode(ScenarioJsonKind kind)
        {
            return new ScenarioJsonNode { Kind = kind, Line = line, Column = Column };
        }

        private ScenarioJsonNode ReadValue(string path, int depth)
        {
            if (AtEnd) throw Error("expected a value, got the end of the file");
            char c = Peek;
            if (c == '{' || c == '[')
            {
                if (depth >= MaxDepth) throw Error("nesting deeper than " + MaxDepth + " levels");
                return c == '{' ? ReadObject(path, depth + 1) : ReadArray(path, depth + 1);
            }

            if (c == '"')
            {
                ScenarioJsonNode s = NewNode(ScenarioJsonKind.String);
                s.Text = ReadString();
                return s;
            }

            if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
            if (char.IsLetter(c)) return ReadWord();
            throw Error("unexpected character '" + c + "'; expected a value");
        }

        private ScenarioJsonNode ReadObject(string path, int depth)
        {
            ScenarioJsonNode node = NewNode(ScenarioJsonKind.Object);
            node.Properties = new List<ScenarioJsonProperty>();
            Dictionary<string, ScenarioJsonProperty> seen = new Dictionary<string, ScenarioJsonProperty>();
            pos++;
            SkipSpace();
            if (Peek == '}') { pos++; return node; }
            while (true)
            {
                if (AtEnd) throw Unclosed("object", node);
                if (Peek != '"') throw Error("expected a property name in double quotes");
                ScenarioJsonProperty p = new ScenarioJsonProperty { Line = line, Column = Column };
                p.Name = ReadString();
                string childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (seen.TryGetValue(p.Name, out ScenarioJsonProperty first))
                {
                    throw new ScenarioException(source, p.Line, p.Column, childPath,
                        "duplicate key (first defined at line " + first.Line + ")");
                }

                seen.Add(p.Name, p);
                SkipSpace();
                if (Peek != ':') throw Error("expected ':' after the property name \"" + p.Name + "\"");
                pos++;
                SkipSpace();
                p.Value = ReadValue(childPath, depth);
                node.Properties.Add(p);
                int valueEndLine = line;
                SkipSpace();
                if (AtEnd) throw Unclosed("object", node);
                if (Peek == '}') { pos++; return node; }
                if (Peek != ',')
                {
                    string hint = Peek == '"' && line > valueEndLine
                        ? " (is a ',' missing at the end of line " + valueEndLine + "?)" : "";
                    throw Error("expected ',' or '}' after a property value" + hint);
                }

                int commaLine = line, commaColumn = Column;
                pos++;
                SkipSpace();
                if (Peek == '}') throw Error(commaLine, commaColumn, "trailing comma before '}' (JSON allows no ',' after the last property)");
            }
        }

        private ScenarioJsonNode ReadArray(string path, int depth)
        {
            ScenarioJsonNode node = NewNode(ScenarioJsonKind.Array);
            node.Items = new List<ScenarioJsonNode>();
            pos++;
            SkipSpace();
            if (Peek == ']') { pos++; return node; }
            while (true)
            {
                if (AtEnd) throw Unclosed("array", node);
                node.Items.Add(ReadValue(path + "[" + node.Items.Count + "]", depth));
                int valueEndLine = line;
                SkipSpace();
                if (AtEnd) throw Unclosed("array", node);
                if (Peek == ']') { pos++; return node; }
                if (Peek != ',')
                {
                    string hint = (Peek == '{' || Peek == '"') && line > valueEndLine
                        ? " (is a ',' missing at the end of line " + valueEndLine + "?)" : "";
                    throw Error("expected ',' or ']' after an array item" + hint);
                }

                int commaLine = line, commaColumn = Column;
                pos++;
                SkipSpace();
                if (Peek == ']') throw Error(commaLine, commaColumn, "trailing comma before ']' (JSON allows no ',' after the last item)");
            }
        }

        private ScenarioException Unclosed(string what, ScenarioJsonNode open)
        {
            return Error("unexpected end of file: the " + what + " opened at line " + open.Line + ", column " + open.Column + " is not closed");
        }

        private string ReadString()
        {
            int startLine = line, startColumn = Column;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true)
            {
                if (AtEnd || text[pos] == '\n' || text[pos] == '\r')
                    throw Error(startLine, startColumn, "unterminated string (no closing '\"' on this line)");
                char c = text[pos];
                if (c == '"') { pos++; return sb.ToString(); }
                if (c < ' ') throw Error("control character in a string; write it as an escape such as \\t");
                if (c != '\\') { sb.Append(c); pos++; continue; }
                if (pos + 1 >= text.Length) throw Error(startLine, startColumn, "unterminated string");
                char e = text[pos + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 6 > text.Length || !int.TryParse(text.AsSpan(pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                            throw Error("\\u must be followed by 4 hex digits");
                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default: throw Error("invalid escape '\\" + e + "' in a string");
                }

                pos += 2;
            }
        }

        private ScenarioJsonNode ReadNumber()
        {
            ScenarioJsonNode node = NewNode(ScenarioJsonKind.Number);
            int start = pos;
            if (Peek == '-') pos++;
            if (Peek == '0') pos++;
            else if (Peek >= '1' && Peek <= '9') SkipDigits();
            else throw Error("expected a digit after '-'");
            if (Peek == '.')
            {
                pos++;
                if (!(Peek >= '0' && Peek <= '9')) throw Error("expected a digit after '.'");
                SkipDigits();
            }

            if (Peek == 'e' || Peek == 'E')
            {
                pos++;
                if (Peek == '+' || Peek == '-') pos++;
                if (!(Peek >= '0' && Peek <= '9')) throw Error("expected a digit in the exponent");
                SkipDigits();
            }

            if (char.IsLetterOrDigit(Peek) || Peek == '.' || Peek == '_')
                throw Error(node.Line, node.Column, "malformed number (JSON numbers look like 12, -0.5 or 1e-3; no leading zeros)");
            node.Text = text.Substring(start, pos - start);
            node.Number = double.Parse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(node.Number)) throw Error(node.Line, node.Column, "number " + node.Text + " is too large");
            return node;
        }

        private void SkipDigits()
        {
            while (Peek >= '0' && Peek <= '9') pos++;
        }

        private ScenarioJsonNode ReadWord()
        {
            ScenarioJsonNode node = NewNode(ScenarioJsonKind.Null);
            int start = pos;
            while (char.IsLetterOrDigit(Peek) || Peek == '_' || Peek == '-' || Peek == '.') pos++;
            node.Text = text.Substring(start, pos - start);
            if (node.Text == "true" || node.Text == "false")
            {
                node.Kind = ScenarioJsonKind.Bool;
                node.Bool = node.Text == "true";
            }
            else if (node.Text != "null")
            {
                string problem = node.Text == "NaN" || node.Text == "Infinity"
                    ? node.Text + " is not allowed in JSON"
                    : "unexpected word '" + node.Text + "'; text values must be in double quotes";
                throw Error(node.Line, node.Column, problem);
            }

            return node;
        }
    }
}
