using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PerfRules.Rules;

/// <summary>
/// SHA-256 for the hashes made once or twice per finding (<see cref="Finding.ComputeFingerprint"/>, SARIF's
/// line hash). On Linux through OpenSSL's low-level functions on a context on the stack: .NET's hash objects
/// go through OpenSSL's EVP layer, whose per-call costs (the error queue cleared at each of three calls, the
/// context freed and allocated again at each reset) were about three quarters of a fingerprint's time and a
/// tenth of the per-document rules'. Elsewhere, or where that library or its functions are missing or do not
/// give the known digests, one hash object per thread, as before (the one-shot
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> sets up and tears down a context at every call).
/// </summary>
internal static unsafe class ThreadSha256
{
    [ThreadStatic] private static IncrementalHash? _sha;

    // int SHA256_Init(SHA256_CTX*); int SHA256_Update(SHA256_CTX*, const void*, size_t); int SHA256_Final(unsigned char*, SHA256_CTX*).
    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

    // SHA256_CTX is 112 bytes (eight state words, two length words, a 64-byte block, two ints); room to spare.
    private const int ContextBytes = 256;

    static ThreadSha256()
    {
        if (!OperatingSystem.IsLinux()) return;
        nint lib = 0;
        foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1" })
            if (NativeLibrary.TryLoad(name, out lib)) break;
        if (lib == 0
            || !NativeLibrary.TryGetExport(lib, "SHA256_Init", out var init)
            || !NativeLibrary.TryGetExport(lib, "SHA256_Update", out var update)
            || !NativeLibrary.TryGetExport(lib, "SHA256_Final", out var final))
            return;
        Init = (delegate* unmanaged<byte*, int>)init;
        Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
        Final = (delegate* unmanaged<byte*, byte*, int>)final;
        // Used only if they give the standard's digests (FIPS 180-2's examples: one block, two blocks).
        Span<byte> hash = stackalloc byte[32];
        if (!Low("abc"u8, hash) || Convert.ToHexStringLower(hash) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            || !Low("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8, hash)
            || Convert.ToHexStringLower(hash) != "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
            Final = null;
    }

    /// <summary>Whether the low-level functions are used (else .NET's hash object).</summary>
    internal static bool LowLevel => Final != null;

    /// <summary>Writes the 32-byte SHA-256 of <paramref name="data"/> to <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (Final != null && Low(data, hash)) return;
        var sha = _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(hash);
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static bool Low(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, 32);
        var context = stackalloc byte[ContextBytes];
        fixed (byte* d = data)
        fixed (byte* h = hash)
            return Init(context) == 1 && Update(context, d, (nuint)data.Length) == 1 && Final(h, context) == 1;
    }
}
