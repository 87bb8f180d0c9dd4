using System.Diagnostics;

namespace CxRox.Api.Storage.Embedded;

/// <summary>Runs a program to completion, optionally as another user through runuser (when we are root).</summary>
public static class OsCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => (StandardOutput + StandardError).Trim();
    }

    public static Result Run(string program, IReadOnlyList<string> arguments, string? runAsUser, TimeSpan timeout)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAsUser is null ? program : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter our working directory (say, under /root).
            WorkingDirectory = "/",
        };
        if (runAsUser is not null)
        {
            foreach (var part in new[] { "-u", runAsUser, "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
