using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Store;

/// <summary>How to reach the Redis-protocol store (CONTRACT.md Part B §1.8).</summary>
internal sealed class RedisOptions
{
    /// <summary>The store's host name or address.</summary>
    /// <value>The default is <c>localhost</c>.</value>
    [ConfigurationKeyName("REDIS_HOST"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Host { get; set; } = "localhost";

    /// <summary>The store's TCP port.</summary>
    /// <value>The default is 6379.</value>
    [ConfigurationKeyName("REDIS_PORT"), Range(1, 65535, ErrorMessage = "must be a TCP port between {1} and {2}")]
    public int Port { get; set; } = 6379;

    /// <summary>The database number.</summary>
    /// <value>The default is 0.</value>
    [ConfigurationKeyName("REDIS_DB"), Range(0, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int Database { get; set; }

    /// <summary>The password (AUTH); never printed.</summary>
    /// <value>The default is null (no AUTH).</value>
    [ConfigurationKeyName("REDIS_PASSWORD"), Secret]
    public string? Password { get; set; }

    /// <summary>Seconds a command may take before it times out.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("REDIS_SOCKET_TIMEOUT"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int SocketTimeoutSeconds { get; set; } = 10;

    /// <summary>Connect with TLS.</summary>
    /// <value>The default is false.</value>
    [ConfigurationKeyName("REDIS_TLS")]
    public bool Tls { get; set; }
}
