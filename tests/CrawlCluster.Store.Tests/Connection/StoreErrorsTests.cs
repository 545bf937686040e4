using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Connection;

/// <summary>Which store errors are waited out and which are refusals (a wrong call, a bug): the processes live or stop by it.</summary>
[Trait("Kind", "Unit")]
public sealed class StoreErrorsTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    public void AStoreThatIsUpButNotServingYet_IsAnOutage_NotARefusal(string reply)
    {
        Assert.True(StoreErrors.Translate(new RedisServerException(reply)).Transient);
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("NOSCRIPT No matching script. Please use EVAL.")]
    [InlineData("BUSYGROUP Consumer Group name already exists")]
    [InlineData("ERR unknown command 'FOO'")]
    public void ARefusedCommand_IsNotAnOutage(string reply)
    {
        Assert.False(StoreErrors.Translate(new RedisServerException(reply)).Transient);
    }

    [Fact]
    public void UnreachableOrTimedOut_IsAnOutage()
    {
        Assert.True(StoreErrors.Translate(new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset")).Transient);
        Assert.True(StoreErrors.Translate(new RedisTimeoutException("timed out", CommandStatus.Sent)).Transient);
    }
}
