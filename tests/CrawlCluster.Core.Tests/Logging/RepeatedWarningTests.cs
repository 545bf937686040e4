using CrawlCluster.Core.Logging;

namespace CrawlCluster.Core.Tests.Logging;

[Trait("Kind", "Unit")]
public sealed class RepeatedWarningTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SameMessage_SaidOnce_ThenOncePerInterval()
    {
        var warning = new RepeatedWarning(TimeSpan.FromHours(1));

        var said = Enumerable.Range(0, 180).Count(minute => warning.ShouldSay("offline", Start.AddMinutes(minute)));

        Assert.Equal(3, said);
    }

    [Fact]
    public void ChangedMessage_OrAResetCondition_IsSaidAtOnce()
    {
        var warning = new RepeatedWarning(TimeSpan.FromHours(1));
        Assert.True(warning.ShouldSay("offline", Start));

        Assert.True(warning.ShouldSay("DNS failed", Start.AddMinutes(1)));
        Assert.False(warning.ShouldSay("DNS failed", Start.AddMinutes(2)));
        warning.Reset();
        Assert.True(warning.ShouldSay("DNS failed", Start.AddMinutes(3)));
    }
}
