namespace CrawlCluster.Store.Dedup;

/// <summary>
/// The size of a Bloom filter for <paramref name="Capacity"/> entries at false-positive rate
/// <paramref name="ErrorRate"/>: m = −n·ln p / (ln 2)² bits and k = (m / n)·ln 2 hash functions.
/// </summary>
/// <param name="Capacity">Entries the filter is sized for.</param>
/// <param name="ErrorRate">False-positive probability at that many entries.</param>
internal sealed record BloomFilterShape(long Capacity, double ErrorRate)
{
    /// <summary>Bits in the filter.</summary>
    public long Bits => (long)Math.Ceiling(-Capacity * Math.Log(ErrorRate) / (Math.Log(2) * Math.Log(2)));

    /// <summary>Bit positions set per entry.</summary>
    public int Hashes => Math.Max(1, (int)Math.Round((double)Bits / Capacity * Math.Log(2)));

    /// <summary>Bytes of store memory per entry at capacity.</summary>
    public double BytesPerEntry => Bits / 8.0 / Capacity;

    /// <summary>
    /// The bit positions of a fingerprint (hex SHA-1): double hashing over two 64-bit halves, as Kirsch and Mitzenmacher
    /// showed is as good as independent hashes.
    /// </summary>
    public long[] Positions(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var digest = fingerprint.Length >= 32 && fingerprint.All(Uri.IsHexDigit)
            ? Convert.FromHexString(fingerprint.AsSpan(0, 32))
            : System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fingerprint));
        var first = BitConverter.ToUInt64(digest, 0);
        var second = BitConverter.ToUInt64(digest, 8) | 1;
        var positions = new long[Hashes];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = (long)((first + ((ulong)i * second)) % (ulong)Bits);
        }

        return positions;
    }
}
