using System.Text.RegularExpressions;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// A crawl request's <c>allow_regex</c> or <c>deny_regex</c> pattern as crawlers run it: Python's named groups
/// <c>(?P&lt;name&gt;…)</c> read as .NET's, and <see cref="RegexOptions.NonBacktracking"/>, so a hostile pattern costs
/// linear time. One rule for the crawler and for the admission check, so a pattern the crawler could not run is refused
/// when the request comes in rather than found out page by page.
/// </summary>
internal static class LinkPattern
{
    // A refusal quotes the pattern; a megabyte pattern is not quoted whole.
    private const int QuotedLength = 80;

    /// <summary>The compiled pattern.</summary>
    /// <exception cref="ArgumentException">It cannot be run; the message names <paramref name="field"/>, the pattern and why.</exception>
    public static Regex Compile(string pattern, string field)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var translated = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        try
        {
            return new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            var quoted = pattern.Length <= QuotedLength ? pattern : pattern[..QuotedLength] + "…";
            var reason = ex is NotSupportedException ? LinearTimeRefusal(ex.Message) : ex.Message.Replace($"'{translated}'", $"'{quoted}'", StringComparison.Ordinal);
            throw new ArgumentException($"{field} '{quoted}' cannot be used: {reason}", ex);
        }
    }

    // .NET says "RegexOptions.NonBacktracking is not supported in conjunction with expressions containing: '<construct>'."
    // (or that the pattern's automaton would be too large, as for nested counted loops).
    // The sender of a crawl request (often a Python user) is told in the terms of the crawl API.
    private static string LinearTimeRefusal(string message)
    {
        var at = message.IndexOf("containing: ", StringComparison.Ordinal);
        return at < 0
            ? $"link patterns are matched in linear time: {message}"
            : $"link patterns are matched in linear time, which rules out {message[(at + "containing: ".Length)..].TrimEnd('.')}";
    }

    /// <summary>Why <paramref name="pattern"/> cannot be run, or null when it can.</summary>
    public static string? Problem(string pattern, string field)
    {
        try
        {
            Compile(pattern, field);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
