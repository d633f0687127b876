namespace Pen.Core.Protocol
{
    /// <summary>Text helpers of the bench serial (the bench thread's, never the tick's: they allocate).</summary>
    public static class BenchText
    {
        /// <summary>An answer with each line ending in CR LF instead of LF, for a terminal (ECHO ON).</summary>
        public static string CrLf(string answer)
        {
            string s = "";
            int from = 0;
            for (int i = 0; i < answer.Length; i++)
            {
                if (answer[i] != '\n') continue;
                s += answer.Substring(from, i - from) + "\r\n";
                from = i + 1;
            }

            return from < answer.Length ? s + answer.Substring(from) : s;
        }
    }
}
