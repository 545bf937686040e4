using CrawlCluster.Core.Logging;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Core.Tests.Logging;

[Trait("Kind", "Unit")]
public sealed class LevelExpressionTests
{
    [Theory]
    [InlineData(">=INFO", LogLevel.Debug, false)]
    [InlineData(">=INFO", LogLevel.Information, true)]
    [InlineData(">=INFO", LogLevel.Critical, true)]
    [InlineData("<WARNING", LogLevel.Information, true)]
    [InlineData("<WARNING", LogLevel.Warning, false)]
    [InlineData("<=WARN", LogLevel.Warning, true)]
    [InlineData(">ERROR", LogLevel.Critical, true)]
    [InlineData(">ERROR", LogLevel.Error, false)]
    [InlineData("=ERROR", LogLevel.Error, true)]
    [InlineData("ERROR", LogLevel.Warning, false)]
    [InlineData("debug", LogLevel.Trace, true)]
    [InlineData("*", LogLevel.Debug, true)]
    public void Matches_FollowsTheOriginalRanks(string expression, LogLevel level, bool expected) =>
        Assert.Equal(expected, LevelExpression.Parse(expression).Matches(level));

    [Theory]
    [InlineData(">=LOUD")]
    [InlineData("")]
    [InlineData("=>INFO")]
    public void Parse_NotAnExpression_Throws(string expression) =>
        Assert.Throws<FormatException>(() => LevelExpression.Parse(expression));

    [Fact]
    public void Callbacks_FireOnLevelAndCriteria_AndStopWhenDisposed()
    {
        var callbacks = new LogCallbacks();
        var received = new List<(string Message, IReadOnlyDictionary<string, object?> Extras)>();
        var registration = callbacks.Register(">=WARNING", (m, e) => received.Add((m, e)), new Dictionary<string, object?> { ["x"] = 5 });

        callbacks.Dispatch(LogLevel.Warning, "five", new Dictionary<string, object?> { ["x"] = 5L });
        callbacks.Dispatch(LogLevel.Error, "ten", new Dictionary<string, object?> { ["x"] = 10 });
        callbacks.Dispatch(LogLevel.Information, "info five", new Dictionary<string, object?> { ["x"] = 5 });
        callbacks.Dispatch(LogLevel.Critical, "no extras", new Dictionary<string, object?>());
        registration.Dispose();
        callbacks.Dispatch(LogLevel.Critical, "after dispose", new Dictionary<string, object?> { ["x"] = 5 });

        var only = Assert.Single(received);
        Assert.Equal("five", only.Message);
        Assert.Equal(5L, only.Extras["x"]);
        Assert.True(callbacks.IsEmpty);
    }

    [Fact]
    public void Callbacks_WithoutCriteria_ReceiveEveryMatchingLevel()
    {
        var callbacks = new LogCallbacks();
        var count = 0;
        using var _ = callbacks.Register("<WARNING", (_, _) => count++);

        callbacks.Dispatch(LogLevel.Debug, "a", new Dictionary<string, object?>());
        callbacks.Dispatch(LogLevel.Information, "b", new Dictionary<string, object?>());
        callbacks.Dispatch(LogLevel.Warning, "c", new Dictionary<string, object?>());

        Assert.Equal(2, count);
    }
}
