namespace CrawlCluster.TestSupport;

/// <summary>Finds the repository's root folder (the one holding CrawlCluster.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CrawlCluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CrawlCluster.sln not found above " + AppContext.BaseDirectory);
    }
}
