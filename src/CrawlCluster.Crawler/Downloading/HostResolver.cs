using System.Net;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>
/// Resolves host names, with HOST_RESOLVE overrides (<c>host:address</c>, like curl's <c>--resolve</c>) for tests,
/// benchmarks and split-horizon setups: an overridden name never reaches DNS.
/// </summary>
internal sealed class HostResolver
{
    private readonly Dictionary<string, IPAddress> _overrides = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the overrides.</summary>
    /// <exception cref="FormatException">An entry is not <c>host:address</c>.</exception>
    public HostResolver(IEnumerable<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var entry in overrides)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IPAddress.TryParse(entry.AsSpan(colon + 1).Trim("[]"), out var address))
            {
                throw new FormatException($"HOST_RESOLVE entry '{entry}' is not host:address (e.g. example.com:127.0.0.1)");
            }

            _overrides[entry[..colon]] = address;
        }
    }

    /// <summary>The addresses of <paramref name="host"/>.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (_overrides.TryGetValue(host, out var address))
        {
            return [address];
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
    }
}
