using System;

namespace Pen.Simulation.Plant
{
    /// <summary>
    /// A small, fast, seedable random source (SplitMix64). Every random draw of a run comes from one of these,
    /// forked per purpose, so a seed gives the same run on every machine and adding a draw in one place does
    /// not shift the draws elsewhere.
    /// </summary>
    public sealed class SplitMix
    {
        private ulong _state;

        /// <summary>A generator that draws the same numbers from here on as this one.</summary>
        public SplitMix Copy() => (SplitMix)MemberwiseClone();

        private double _spareGaussian = double.NaN;

        public SplitMix(ulong seed) { _state = seed; }

        /// <summary>A generator for one purpose, derived from the seed and a purpose name.</summary>
        public static SplitMix For(int seed, string purpose)
        {
            ulong h = 1469598103934665603UL;
            foreach (char c in purpose) { h ^= c; h *= 1099511628211UL; }
            return new SplitMix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ h);
        }

        public ulong NextULong()
        {
            return Mix(_state += 0x9E3779B97F4A7C15UL);
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>
        /// The key of a purpose's draws by index (<see cref="UniformAt"/>): the same seed and purpose give the same
        /// numbers as <see cref="For"/>, draw n of the stream being index n.
        /// </summary>
        public static ulong KeyFor(int seed, string purpose) => For(seed, purpose)._state;

        /// <summary>
        /// Uniform in [0, 1): draw <paramref name="index"/> of the keyed family, a function of the key and the index
        /// alone. A draw tied to an event of the run (a step's start time, an edge's time, a conversion's time) is then
        /// the same whatever number of draws came before it.
        /// </summary>
        public static double UniformAt(ulong key, ulong index)
        {
            return (Mix(key + (index + 1) * 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>
        /// The key of a family of its own for draw <paramref name="index"/> of the keyed family (e.g. one moment's draws,
        /// <see cref="UniformAt"/> of it by their order in the moment): as many draws in it as asked, none shared with
        /// another index's family.
        /// </summary>
        public static ulong KeyAt(ulong key, ulong index) => Mix(key + (index + 1) * 0x9E3779B97F4A7C15UL);

        /// <summary>Standard normal from draws 2·index and 2·index + 1 of the keyed family (Box–Muller, the cosine branch).</summary>
        public static double GaussianAt(ulong key, ulong index)
        {
            double u1 = 1.0 - UniformAt(key, 2 * index);
            double u2 = UniformAt(key, 2 * index + 1);
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        /// <summary>Uniform in [0, 1).</summary>
        public double NextDouble() { return (NextULong() >> 11) * (1.0 / 9007199254740992.0); }

        /// <summary>Uniform in [-1, 1).</summary>
        public double NextSigned() { return NextDouble() * 2.0 - 1.0; }

        /// <summary>Standard normal (Box–Muller, pairs cached).</summary>
        public double NextGaussian()
        {
            if (!double.IsNaN(_spareGaussian))
            {
                double s = _spareGaussian;
                _spareGaussian = double.NaN;
                return s;
            }

            double u1 = 1.0 - NextDouble();
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
            return r * Math.Cos(2 * Math.PI * u2);
        }
    }
}
