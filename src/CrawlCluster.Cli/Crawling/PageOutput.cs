using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// Where <c>crawl</c> writes its pages, in their <see cref="PageFormat"/>: standard output for <c>-</c>, else a file
/// created with the first page, so a crawl that found nothing leaves no empty file behind. Standard output is written
/// through its file descriptor, not <see cref="Console.Out"/>, which drops writes to a closed pipe in silence:
/// <c>crawl --out - | head -2</c> must learn that its reader is gone (an <see cref="IOException"/>) and stop.
/// </summary>
internal sealed class PageOutput(string path, PageFormat format) : IAsyncDisposable
{
    private TextWriter? _writer;
    private long _pages;

    /// <summary>Whether the file was created.</summary>
    public bool Created { get; private set; }

    /// <summary>Writes one page, creating the file (and its header) first if need be.</summary>
    /// <exception cref="IOException">The output is gone (a closed pipe, a full disk).</exception>
    public async Task WriteAsync(string message)
    {
        if (_writer is null)
        {
            _writer = path == "-"
                ? new StreamWriter(new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0), new UTF8Encoding(false)) { AutoFlush = true }
                : new StreamWriter(path, append: false);
            Created = path != "-";
            if (format.Header is { } header)
            {
                await _writer.WriteLineAsync(header).ConfigureAwait(false);
            }
        }

        await _writer.WriteLineAsync(format.Format(message, first: _pages++ == 0)).ConfigureAwait(false);
    }

    /// <summary>Flushes what was written; a reader that is gone is not an error any more.</summary>
    public async Task FlushAsync()
    {
        try
        {
            await (_writer?.FlushAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Standard output's reader left: what it did not read is not ours to deliver.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_writer is null)
        {
            return;
        }

        try
        {
            if (format.Footer is { } footer)
            {
                await _writer.WriteLineAsync(footer).ConfigureAwait(false);
            }

            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // As in FlushAsync.
        }
    }
}
