using System;
using System.Collections.Generic;

namespace Pen.Simulator
{
    /// <summary>A command-line mistake: the message says which argument and what was expected.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }

    /// <summary>Small, strict argument reader: a command, positionals, --options with values and --flags.</summary>
    public sealed class Arguments
    {
        private readonly List<string> _rest;

        public Arguments(string[] args)
        {
            _rest = new List<string>(args);
            if (_rest.Count > 0 && !_rest[0].StartsWith("--", StringComparison.Ordinal))
            {
                Command = _rest[0];
                _rest.RemoveAt(0);
            }
            else if (_rest.Count > 0 && (_rest[0] == "--help"))
            {
                Command = "help";
                _rest.RemoveAt(0);
            }
        }

        public string Command { get; }

        public string Option(string name)
        {
            int i = _rest.IndexOf(name);
            if (i < 0) return null;
            if (i + 1 >= _rest.Count || _rest[i + 1].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException(name + " needs a value");
            string v = _rest[i + 1];
            _rest.RemoveRange(i, 2);
            return v;
        }

        public bool OptionIs(string name, string value, string defaultValue)
        {
            string v = Option(name) ?? defaultValue;
            if (v != value && v != defaultValue) throw new UsageException(name + " must be \"" + value + "\" or \"" + defaultValue + "\", got \"" + v + "\"");
            return v == value;
        }

        public bool Flag(string name)
        {
            return _rest.Remove(name);
        }

        /// <summary>An optional positional argument, or null when there is none.</summary>
        public string PositionalOrNull(int index)
        {
            try { return Positional(index, "argument"); }
            catch (UsageException) { return null; }
        }

        public string Positional(int index, string what)
        {
            int seen = 0;
            for (int i = 0; i < _rest.Count; i++)
            {
                if (_rest[i].StartsWith("--", StringComparison.Ordinal)) { i++; continue; }
                if (seen++ == index)
                {
                    string v = _rest[i];
                    _rest.RemoveAt(i);
                    return v;
                }
            }

            throw new UsageException("missing " + what);
        }

        public void EnsureNoMore()
        {
            if (_rest.Count > 0) throw new UsageException("unexpected argument \"" + _rest[0] + "\"");
        }
    }
}
