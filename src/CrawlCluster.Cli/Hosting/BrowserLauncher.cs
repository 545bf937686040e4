using System.ComponentModel;
using System.Diagnostics;

namespace CrawlCluster.Cli.Hosting;

/// <summary>Opens a URL in the user's browser when there is a desktop to open it on; otherwise does nothing (the URL is printed).</summary>
internal static class BrowserLauncher
{
    public static void TryOpen(string url)
    {
        var opener = OperatingSystem.IsWindows() ? ("cmd", $"/c start \"\" \"{url}\"")
            : OperatingSystem.IsMacOS() ? ("open", url)
            // A server or a CI machine has no display: nothing to open there.
            : Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 } ? ("xdg-open", url)
            : default;
        if (opener.Item1 is null)
        {
            return;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener.Item1, opener.Item2)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (Win32Exception)
        {
            // No opener installed: the URL is printed.
        }
    }
}
