namespace EventTracking.Cli;

/// <summary>The exit codes, as a shell user expects them.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>The store could not be opened or read (a missing file, a refused connection, a corrupt file).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown option, a missing store, a value that does not parse.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the command finished (128 + SIGINT, as a shell reports it).</summary>
    public const int Cancelled = 130;
}
