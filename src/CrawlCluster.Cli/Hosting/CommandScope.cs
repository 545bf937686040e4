using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Logging;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli.Hosting;

/// <summary>What a command runs with: its component's bound settings and a logger built from them.</summary>
internal sealed class CommandScope : IDisposable
{
    private readonly LayeredSettings _settings;
    private readonly IReadOnlyList<SettingsSection> _sections;

    private CommandScope(LayeredSettings settings, IReadOnlyList<SettingsSection> sections, ILoggerFactory loggers)
    {
        _settings = settings;
        _sections = sections;
        Loggers = loggers;
    }

    /// <summary>The process's loggers.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>Loads and validates every section of the component, then builds the logger.</summary>
    /// <param name="parseResult">The command line.</param>
    /// <param name="loader">Reads the settings layers.</param>
    /// <param name="sections">The component's sections, one of them <see cref="LogOptions"/>.</param>
    /// <param name="logOutput">Where standard-output logging goes instead (e.g. standard error, so a dump's stdout stays data).</param>
    /// <param name="loggerName">Overrides the component's logger name (the original's tools had their own).</param>
    /// <exception cref="SettingsException">A setting is bad.</exception>
    /// <param name="defaultLevel">The log level when no layer sets one (a command with its own progress display is quieter).</param>
    /// <param name="quietByDefault">Event ids left out when no layer sets the level (the command's display counts them).</param>
    public static CommandScope Create(ParseResult parseResult, SettingsLoader loader, IReadOnlyList<SettingsSection> sections,
        TextWriter? logOutput = null, string? loggerName = null, string? defaultLevel = null, IReadOnlySet<int>? quietByDefault = null)
    {
        var settings = loader.Load(parseResult);
        SettingsBinder.Describe(settings, sections);
        var logSection = sections.Single(s => s.OptionsType == typeof(LogOptions));
        var log = (LogOptions)SettingsBinder.Bind(settings, logSection);
        if (loggerName is not null)
        {
            log.LoggerName = loggerName;
        }

        var levelSet = settings.Configuration[logSection.KeyPrefix + "LOG_LEVEL"] is not null;
        if (defaultLevel is not null && !levelSet)
        {
            log.Level = defaultLevel;
        }

        return new CommandScope(settings, sections, ProcessLogging.Create(log, stdout: logOutput, leftOut: levelSet ? null : quietByDefault));
    }

    /// <summary>Every setting by its original name, for plugins.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration Configuration => _settings.Configuration;

    /// <summary>The component's options of type <typeparamref name="T"/>.</summary>
    public T Get<T>()
        where T : class => SettingsBinder.Bind<T>(_settings, _sections.First(s => s.OptionsType == typeof(T)));

    /// <summary>A logger for a category.</summary>
    public ILogger Logger(string category) => Loggers.CreateLogger(category);

    /// <inheritdoc/>
    public void Dispose() => Loggers.Dispose();
}
