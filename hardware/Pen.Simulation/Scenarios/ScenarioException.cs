using System;
using System.Text;

namespace Pen.Simulation.Scenarios
{
    /// <summary>
    /// A scenario file that cannot be read or is not valid. <see cref="Exception.Message"/> is the full human text,
    /// compiler style: <c>demo.json:14:23: events[3].kind: unknown fault kind "jamm"; expected one of: ...</c>.
    /// Show the message only; the stack trace says nothing useful to the author of the file.
    /// </summary>
    public sealed class ScenarioException : Exception
    {
        public ScenarioException(string source, int line, int column, string field, string problem)
            : base(Format(source, line, column, field, problem))
        {
            SourceName = source ?? "";
            Line = line;
            Column = column;
            Field = field ?? "";
            Problem = problem ?? "";
        }

        /// <summary>
        /// The file (or source name given to <see cref="ScenarioParser.Parse"/>). Overrides
        /// <see cref="Exception.Source"/>, which would otherwise name the assembly that threw.
        /// </summary>
        public override string Source
        {
            get => SourceName;
            set => SourceName = value ?? "";
        }

        /// <summary>Same as <see cref="Source"/>.</summary>
        public string SourceName { get; private set; }

        /// <summary>1-based line of the offending text; 0 when the error is not about a place in the file.</summary>
        public int Line { get; }

        /// <summary>1-based column (characters, a tab counts 1); 0 when not known.</summary>
        public int Column { get; }

        /// <summary>Path of the offending field, e.g. "events[3].kind"; "" for syntax errors and whole-file errors.</summary>
        public string Field { get; }

        /// <summary>The message without the "file:line:column: field: " prefix.</summary>
        public string Problem { get; }

        private static string Format(string source, int line, int column, string field, string problem)
        {
            StringBuilder sb = new StringBuilder(string.IsNullOrEmpty(source) ? "<scenario>" : source);
            if (line > 0)
            {
                sb.Append(':').Append(line);
                if (column > 0) sb.Append(':').Append(column);
            }

            sb.Append(": ");
            if (!string.IsNullOrEmpty(field)) sb.Append(field).Append(": ");
            sb.Append(problem);
            return sb.ToString();
        }
    }
}
