using CrawlCluster.Core.Frontier;

namespace CrawlCluster.Core.Tests.Frontier;

[Trait("Kind", "Unit")]
public sealed class QueueScoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(-9_999)]
    [InlineData(1_000_000)]
    public void PriorityOf_GivesBackThePriority_ForOursAndTheOriginalsScores(int priority)
    {
        Assert.Equal(priority, QueueScore.PriorityOf(QueueScore.For(priority, Now)));
        Assert.Equal(priority, QueueScore.PriorityOf(-priority));
        Assert.Equal(priority, QueueScore.PriorityOf(QueueScore.For(priority, new DateTimeOffset(2299, 1, 1, 0, 0, 0, TimeSpan.Zero))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-90)]
    [InlineData(255)]
    public void LaterPushOfEqualPriority_ScoresHigher_ToTheMillisecond(int priority) =>
        Assert.True(QueueScore.For(priority, Now) < QueueScore.For(priority, Now.AddMilliseconds(1)));

    [Fact]
    public void AnyPushOfAHigherPriority_ScoresLower_WhenEverItWasQueued()
    {
        var latest = new DateTimeOffset(2290, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(QueueScore.For(2, latest) < QueueScore.For(1, Now));
        Assert.True(QueueScore.For(2, latest) < -1);
        Assert.True(QueueScore.For(-9, latest) < QueueScore.For(-10, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue + 1)]
    public void OursAreCounted_TheOriginalsWholeScoresAreNot_UntilCounted(int priority)
    {
        Assert.False(QueueScore.IsUncounted(QueueScore.For(priority, Now)));
        Assert.True(QueueScore.IsUncounted(-(double)priority));

        var counted = QueueScore.Counted(-(double)priority, Now);
        Assert.False(QueueScore.IsUncounted(counted));
        Assert.Equal(priority, QueueScore.PriorityOf(counted));
        Assert.Equal(QueueScore.For(priority, Now), QueueScore.Counted(QueueScore.For(priority, Now), Now.AddDays(1)));
    }

    [Fact]
    public void OurScore_KeepsAFraction_OnAClockSetBefore2025() =>
        Assert.False(QueueScore.IsUncounted(QueueScore.For(3, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))));
}
