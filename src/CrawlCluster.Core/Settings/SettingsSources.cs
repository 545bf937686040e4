namespace CrawlCluster.Core.Settings;

/// <summary>What a process was told about where to read settings from.</summary>
internal sealed record SettingsSources
{
    /// <summary>The file looked for in the working directory when no <see cref="SettingsFile"/> is given.</summary>
    public const string DefaultFileName = "localsettings.json";

    /// <summary>The file named by <c>--settings</c>; it must exist. When null, <see cref="DefaultFileName"/> is used if present.</summary>
    public string? SettingsFile { get; init; }

    /// <summary>The directory searched for <see cref="DefaultFileName"/>.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Environment variables; null reads the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary><c>--set KEY=VALUE</c> arguments in the order given; a later one wins.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
}
