using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace EventTracking.Tests;

/// <summary>
/// Renders an assembly's public surface and compares it with the approved file committed beside the test.
/// A change to the public API fails the test and leaves a <c>.received.txt</c> file to review; to approve it,
/// run the tests with <c>EVENTTRACKING_APPROVE_API=1</c> (or copy the received file over the approved one)
/// and commit the diff.
/// </summary>
internal static class PublicApiApproval
{
    public static void Verify(Assembly assembly, [CallerFilePath] string callerPath = "")
    {
        // The generator skips Microsoft.* namespaces unless allowed; our DI and app-builder extensions live there by convention.
        var options = new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute"],
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"],
        };
        var actual = Normalize(assembly.GeneratePublicApi(options));
        var directory = Path.GetDirectoryName(callerPath)!;
        var approvedPath = Path.Combine(directory, $"{assembly.GetName().Name}.approved.txt");
        var receivedPath = Path.Combine(directory, $"{assembly.GetName().Name}.received.txt");

        if (Environment.GetEnvironmentVariable("EVENTTRACKING_APPROVE_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"The public API of {assembly.GetName().Name} changed. Review the diff between {approvedPath} and {receivedPath}; "
            + "if the change is intended, approve it with EVENTTRACKING_APPROVE_API=1 and commit the approved file.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}
