using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace QaServerless.Sampling;

/// <summary>
/// The only source of randomness in sampling and assignment: a hash of named inputs, so the same inputs always give
/// the same "random" choice (reruns and replays reproduce the sample). SHA-256 is used for its stable definition across
/// platforms and .NET versions (string.GetHashCode is randomised per process), not for secrecy.
/// </summary>
public static class SeededRandom
{
    public static ulong Hash64(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>A uniform number in [0, 1) from the hash of the text.</summary>
    public static double Unit(string text) => (Hash64(text) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The seed of a sampling run: center + day + plan version (documented in docs/sampling.md).</summary>
    public static string Seed(string centerId, DateOnly day, int planVersion) => $"{centerId}|{day:yyyy-MM-dd}|v{planVersion}";
}
