using System.Security.Cryptography;

namespace PerfRules.Rules;

/// <summary>
/// SHA-256 through one hash object per thread, for the hashes made once or twice per finding
/// (<see cref="Finding.ComputeFingerprint"/>, SARIF's line hash): the one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// sets up and tears down the crypto library's context at every call.
/// </summary>
internal static class ThreadSha256
{
    [ThreadStatic] private static IncrementalHash? _sha;

    /// <summary>Writes the 32-byte SHA-256 of <paramref name="data"/> to <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var sha = _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(hash);
    }
}
