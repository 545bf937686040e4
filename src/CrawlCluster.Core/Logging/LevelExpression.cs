using Microsoft.Extensions.Logging;

namespace CrawlCluster.Core.Logging;

/// <summary>
/// A level filter written as the original's log callbacks take it: <c>&lt;=X</c>, <c>&lt;X</c>, <c>&gt;=X</c>,
/// <c>&gt;X</c>, <c>=X</c>, a bare <c>X</c> (that level only) or <c>*</c> (every level).
/// </summary>
internal sealed class LevelExpression
{
    private readonly Func<int, bool> _matches;

    private LevelExpression(string text, Func<int, bool> matches)
    {
        Text = text;
        _matches = matches;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Whether a record at <paramref name="level"/> passes the filter.</summary>
    public bool Matches(LogLevel level) => _matches(Rank(level));

    /// <summary>Parses an expression.</summary>
    /// <exception cref="FormatException">The text is not a level expression.</exception>
    public static LevelExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed == "*")
        {
            return new LevelExpression(trimmed, _ => true);
        }

        string[] operators = ["<=", ">=", "<", ">", "="];
        var op = operators.FirstOrDefault(o => trimmed.StartsWith(o, StringComparison.Ordinal)) ?? "=";
        var name = trimmed.StartsWith(op, StringComparison.Ordinal) ? trimmed[op.Length..] : trimmed;
        if (!LogLevelNames.TryParse(name, out var level))
        {
            throw new FormatException($"'{text}' is not a level expression (use e.g. >=INFO, <WARNING, =ERROR or *)");
        }

        var rank = Rank(level);
        Func<int, bool> matches = op switch
        {
            "<=" => r => r <= rank,
            ">=" => r => r >= rank,
            "<" => r => r < rank,
            ">" => r => r > rank,
            _ => r => r == rank,
        };
        return new LevelExpression(trimmed, matches);
    }

    // The original ranks DEBUG 0 .. CRITICAL 4; Trace counts as DEBUG.
    private static int Rank(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 0,
        LogLevel.Information => 1,
        LogLevel.Warning => 2,
        LogLevel.Error => 3,
        _ => 4,
    };
}
