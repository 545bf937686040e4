namespace CrawlCluster.Core.Settings;

/// <summary>Where an effective setting came from, lowest precedence first (DESIGN.md §4).</summary>
internal enum SettingsLayer
{
    /// <summary>The component's built-in default.</summary>
    Default,

    /// <summary><c>localsettings.json</c> in the working directory, or the file given by <c>--settings</c>.</summary>
    File,

    /// <summary>An environment variable of the same UPPER_SNAKE name.</summary>
    Environment,

    /// <summary><c>--set KEY=VALUE</c> (or a shorthand such as <c>--log-level</c>) on the command line.</summary>
    CommandLine,
}
