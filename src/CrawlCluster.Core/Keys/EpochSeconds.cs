using System.Globalization;

namespace CrawlCluster.Core.Keys;

/// <summary>Times as the original writes them into Redis: Python's <c>time.time()</c> float text, e.g. <c>1617812345.123456</c>.</summary>
internal static class EpochSeconds
{
    /// <summary>The float epoch seconds of <paramref name="time"/>, to the microsecond.</summary>
    public static string Text(DateTimeOffset time) =>
        ((time - DateTimeOffset.UnixEpoch).Ticks / 10 / 1_000_000.0).ToString("R", CultureInfo.InvariantCulture);
}
