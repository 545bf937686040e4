using System.Buffers;
using System.Text.Json;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// The cluster's recent failures: a list of small JSON records at <c>cc:failures</c>, pushed and trimmed in one
/// transaction so it never holds more than <see cref="IFailureLog.Kept"/>. A record that does not parse (written by
/// something else) is skipped when read.
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisFailureLog(IConnectionMultiplexer redis) : IFailureLog
{
    /// <inheritdoc/>
    public async Task RecordAsync(CrawlFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var transaction = redis.GetDatabase().CreateTransaction();
        var push = transaction.ListLeftPushAsync(CrawlClusterKeys.RecentFailures, Serialize(failure));
        var trim = transaction.ListTrimAsync(CrawlClusterKeys.RecentFailures, 0, IFailureLog.Kept - 1);
        await StoreErrors.Guard(transaction.ExecuteAsync(), cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(push, trim).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CrawlFailure>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var values = await StoreErrors.Guard(redis.GetDatabase().ListRangeAsync(CrawlClusterKeys.RecentFailures, 0, count - 1), cancellationToken).ConfigureAwait(false);
        var failures = new List<CrawlFailure>(values.Length);
        foreach (var value in values)
        {
            if (Deserialize(value) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return failures;
    }

    private static byte[] Serialize(CrawlFailure failure)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("url", failure.Url);
            writer.WriteString("reason", failure.Reason);
            writer.WriteString("spiderid", failure.SpiderId);
            writer.WriteString("appid", failure.AppId);
            writer.WriteString("crawlid", failure.CrawlId);
            writer.WriteNumber("at", failure.At.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static CrawlFailure? Deserialize(RedisValue value)
    {
        try
        {
            using var document = JsonDocument.Parse((ReadOnlyMemory<byte>)value);
            var root = document.RootElement;
            return new CrawlFailure(Text(root, "url"), Text(root, "reason"), Text(root, "spiderid"), Text(root, "appid"), Text(root, "crawlid"),
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("at").GetInt64()));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string Text(JsonElement root, string name) => root.GetProperty(name).GetString() ?? "";
}
