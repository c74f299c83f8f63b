namespace EventTracking.Cli;

/// <summary>A failure the user can act on: its message is printed after <c>eventtracking:</c> and the process exits with its code.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Failure)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
