namespace CrawlCluster.Crawler.Downloading;

/// <summary>Why a download produced no response.</summary>
internal enum DownloadFailure
{
    /// <summary>No response within DOWNLOAD_TIMEOUT (retried, counted as 504, as the original did).</summary>
    Timeout,

    /// <summary>The name did not resolve, or the connection failed or broke (retried).</summary>
    Connection,

    /// <summary>The body, decompressed, is larger than DOWNLOAD_MAXSIZE.</summary>
    TooLarge,

    /// <summary>The address is not allowed by the network policy.</summary>
    Blocked,

    /// <summary>More than REDIRECT_MAX_TIMES redirects, or a redirect to a URL that may not be followed.</summary>
    Redirect,
}
