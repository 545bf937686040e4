namespace CrawlCluster.Core.Sink;

/// <summary>The typed columns of a crawled page's row; JSON-valued ones are JSON text.</summary>
internal sealed record PageColumns
{
    public string? CrawlId { get; init; }

    public string? AppId { get; init; }

    public required string Url { get; init; }

    public string? ResponseUrl { get; init; }

    public int? StatusCode { get; init; }

    /// <summary>The page's <c>timestamp</c> (naive UTC in the wire format), null when absent or unreadable.</summary>
    public DateTimeOffset? CrawledAt { get; init; }

    /// <summary>The response's character encoding.</summary>
    public string? Encoding { get; init; }

    /// <summary>The body as text; null when it came as base64 (then <see cref="BodyBytes"/>).</summary>
    public string? Body { get; init; }

    /// <summary>The body's bytes when the page carried it as base64.</summary>
    public byte[]? BodyBytes { get; init; }

    public string? ResponseHeaders { get; init; }

    public string? RequestHeaders { get; init; }

    public string? Links { get; init; }

    public string? Attrs { get; init; }
}
