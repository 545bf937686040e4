using CrawlCluster.Core.Throttling;

namespace CrawlCluster.Core.Tests.Throttling;

[Trait("Kind", "Unit")]
public sealed class ThrottlePolicyTests
{
    [Fact]
    public void AtLeastApart_SlowsAFastPolicy_ToTheCrawlDelay()
    {
        var fast = new ThrottlePolicy(TimeSpan.FromSeconds(60), 1000, Moderated: false);

        var slowed = fast.AtLeastApart(TimeSpan.FromSeconds(5));

        Assert.Equal((12, true), (slowed.Limit, slowed.Moderated));
        Assert.Equal(TimeSpan.FromSeconds(5), slowed.ModerationInterval);
    }

    [Fact]
    public void AtLeastApart_LeavesASlowerPolicyAlone_AndNeverGoesBelowOnePop()
    {
        var slow = new ThrottlePolicy(TimeSpan.FromSeconds(60), 2);

        Assert.Same(slow, slow.AtLeastApart(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, new ThrottlePolicy(TimeSpan.FromSeconds(60), 10).AtLeastApart(TimeSpan.FromMinutes(5)).Limit);
    }
}
