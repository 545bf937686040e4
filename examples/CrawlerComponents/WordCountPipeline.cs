using System.Text;
using CrawlCluster.Crawler.Pipelines;

namespace CrawlCluster.Examples.CrawlerComponents;

/// <summary>
/// An example item pipeline: adds <c>word_count</c> — the words of the page's text outside tags — to the crawled-page
/// message, and drops pages whose text has fewer than X_MIN_WORDS words (none by default).
/// </summary>
public sealed class WordCountPipeline : IItemPipeline
{
    private int _minimum;

    /// <inheritdoc/>
    public ValueTask OpenAsync(CrawlCluster.Crawler.Middleware.CrawlerComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _minimum = int.TryParse(context.Settings["X_MIN_WORDS"], out var minimum) ? minimum : 0;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<CrawledItem?> ProcessAsync(CrawledItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var words = CountWords(Encoding.UTF8.GetString(item.Response.Body));
        if (words < _minimum)
        {
            return ValueTask.FromResult<CrawledItem?>(null);
        }

        item.Fields["word_count"] = words;
        return ValueTask.FromResult<CrawledItem?>(item);
    }

    private static int CountWords(string html)
    {
        var words = 0;
        var inTag = false;
        var inWord = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
                inWord = false;
            }
            else if (c == '>')
            {
                inTag = false;
            }
            else if (!inTag)
            {
                var letter = char.IsLetterOrDigit(c);
                words += letter && !inWord ? 1 : 0;
                inWord = letter;
            }
        }

        return words;
    }
}
