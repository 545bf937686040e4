namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// Where <c>crawl</c> writes its pages: standard output for <c>-</c>, else a file created with the first page, so a
/// crawl that found nothing leaves no empty file behind.
/// </summary>
internal sealed class PageOutput(string path) : IAsyncDisposable
{
    private TextWriter? _writer = path == "-" ? Console.Out : null;

    /// <summary>Whether the file was created.</summary>
    public bool Created { get; private set; }

    /// <summary>Writes one line, creating the file first if need be.</summary>
    public Task WriteLineAsync(string line)
    {
        if (_writer is null)
        {
            _writer = new StreamWriter(path, append: false);
            Created = true;
        }

        return _writer.WriteLineAsync(line);
    }

    /// <summary>Flushes what was written.</summary>
    public Task FlushAsync() => _writer?.FlushAsync() ?? Task.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null && _writer != Console.Out)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
