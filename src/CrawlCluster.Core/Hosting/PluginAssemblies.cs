using System.Reflection;
using System.Runtime.Loader;

namespace CrawlCluster.Core.Hosting;

/// <summary>
/// Loads plugins — public classes implementing <typeparamref name="T"/> with a parameterless constructor — from the
/// <c>*.dll</c> files of a directory, in a load context of their own: a plugin's own dependencies come from its
/// directory, and everything the host ships comes from the host, so the plugin sees the host's types.
/// </summary>
/// <typeparam name="T">The plugin interface.</typeparam>
internal static class PluginAssemblies<T>
    where T : class
{
    /// <summary>Every plugin in <paramref name="directory"/> with the file it came from; none when the directory does not exist.</summary>
    /// <param name="directory">The plugin directory.</param>
    /// <param name="setting">The setting that names the directory, for error messages.</param>
    /// <exception cref="InvalidOperationException">An assembly cannot be loaded or a plugin cannot be created; the message says which.</exception>
    public static IReadOnlyList<(T Plugin, string Source)> Load(string directory, string setting)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var context = new PluginLoadContext(Path.GetFullPath(directory));
        var plugins = new List<(T, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            Type[] types;
            try
            {
                types = context.LoadFromAssemblyPath(Path.GetFullPath(path)).GetExportedTypes();
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or TypeLoadException)
            {
                throw new InvalidOperationException($"{setting}: could not load {path}: {ex.Message}", ex);
            }

            foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t)))
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new InvalidOperationException($"{setting}: {type.FullName} in {path} needs a public parameterless constructor");
                }

                plugins.Add(((T)Activator.CreateInstance(type)!, path));
            }
        }

        return plugins;
    }

    private sealed class PluginLoadContext(string directory) : AssemblyLoadContext($"plugins:{directory}")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                // Not the host's: the plugin's own dependency.
            }

            var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
