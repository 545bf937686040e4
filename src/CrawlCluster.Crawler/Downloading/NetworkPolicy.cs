using System.Net;
using System.Net.Sockets;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>
/// Which addresses a crawler may connect to, checked after name resolution for every connection, redirects included:
/// never link-local (169.254.0.0/16, fe80::/10 — where cloud metadata services answer), and with
/// BLOCK_PRIVATE_NETWORKS nothing private, loopback or unspecified either.
/// </summary>
/// <param name="blockPrivateNetworks">BLOCK_PRIVATE_NETWORKS.</param>
internal sealed class NetworkPolicy(bool blockPrivateNetworks)
{
    /// <summary>Why <paramref name="address"/> may not be fetched, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IsLinkLocal(address))
        {
            return $"{address} is link-local (never fetched)";
        }

        return blockPrivateNetworks && IsPrivate(address) ? $"{address} is a private or loopback address (BLOCK_PRIVATE_NETWORKS)" : null;
    }

    private static bool IsLinkLocal(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes() is [169, 254, ..]
        : address.IsIPv6LinkLocal;

    private static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return (bytes[0] & 0xFE) == 0xFC || address.IsIPv6SiteLocal; // fc00::/7 unique local, fec0::/10
        }

        return address.GetAddressBytes() switch
        {
            [10, ..] => true,
            [172, >= 16 and <= 31, ..] => true,
            [192, 168, ..] => true,
            [100, >= 64 and <= 127, ..] => true, // carrier-grade NAT
            [0, ..] => true,
            _ => false,
        };
    }
}
