using System.Globalization;

namespace CrawlCluster.Harness.Crawl;

/// <summary>CPU time from Linux's /proc, of processes the benchmark runs and of the whole machine (peak memory: <c>RunningProcess.PeakRssMiB</c>).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ProcFs
{
    // USER_HZ: the unit of /proc's CPU times, 100 on every Linux the benchmark targets.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time of process <paramref name="pid"/> so far.</summary>
    public static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU time the whole machine spent busy (all cores, everything but idle and I/O wait) since boot.</summary>
    public static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        var busy = fields.Take(8).Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
