using System.Globalization;
using CxRox.Api.Auth;

namespace CxRox.Api.Demo;

/// <summary>
/// What the person at the terminal reads about the demo: the reader key once (only when stdout is
/// a terminal, see <see cref="KeyFiles"/>), and curl commands on the service's real address that
/// can be pasted as they are (the lines between them are shell comments). The commands read the
/// key from its file, so that they never put the secret in whatever keeps stdout.
/// </summary>
public static class DemoCommands
{
    /// <summary>
    /// The first start: the key itself when stdout is a terminal, since it is the only time it can
    /// be shown; otherwise where its file is. Without a file (Windows) the key is shown and put in
    /// the commands, as it could not be found again.
    /// </summary>
    public static IReadOnlyList<string> AfterSeeding(string baseUrl, DemoSeeding seeded, bool stdoutIsTerminal)
    {
        var first = seeded.Periods[0].Start;
        var last = seeded.Periods[^1];
        var key = seeded.ReaderKey;
        return
        [
            $"CxRox demo: organization {DemoOrganization.Slug}, scorecard {DemoOrganization.ScorecardId}, {seeded.Observations} observations and {seeded.Answers} survey answers, "
                + $"{seeded.Periods.Count} months scored from {first:yyyy-MM} to {last.Start:yyyy-MM}{(last.Partial ? " (to date)" : "")}, "
                + $"seeded in {seeded.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.",
            KeyFiles.Announcement("demo reader API key", key, seeded.KeyFile, stdoutIsTerminal),
            .. Commands(baseUrl, seeded.KeyFile is null ? key.Value : FromFile(seeded.KeyFile)),
        ];
    }

    /// <summary>Later starts: the same commands, reading the key from its file.</summary>
    public static IReadOnlyList<string> OnLaterStart(string baseUrl, string keyFile) =>
    [
        $"CxRox demo: organization {DemoOrganization.Slug}, reader key in {keyFile}.",
        .. Commands(baseUrl, FromFile(keyFile)),
    ];

    private static string FromFile(string keyFile) => $"$(cat '{keyFile}')";

    /// <summary>A later start asked for the demo on a configured database: there is no file to point at.</summary>
    public static IReadOnlyList<string> AlreadySeeded() =>
        [$"CxRox demo: organization {DemoOrganization.Slug} already holds the demo; its reader key ('{DemoOrganization.ReaderKeyName}') was shown when it was created."];

    private static IEnumerable<string> Commands(string baseUrl, string key)
    {
        var scorecard = $"{baseUrl}/v1/organizations/{DemoOrganization.Slug}/scorecards/{DemoOrganization.ScorecardId}";
        var header = $"-H \"Authorization: Bearer {key}\"";
        return
        [
            "# The latest scores",
            $"curl -s {header} {scorecard}/scores/latest",
            "# Every month as CSV (opens in Power BI, Tableau and Excel)",
            $"curl -s {header} {scorecard}/scores.csv",
            "# The latest result's findings",
            $"curl -s {header} {scorecard}/scores/latest/findings",
            "# The executive summary of the last complete month, as a page to open in a browser",
            $"curl -s {header} '{scorecard}/summaries/latest?format=html' -o summary.html",
            "# The job that computed them",
            $"curl -s {header} '{baseUrl}/v1/organizations/{DemoOrganization.Slug}/jobs?scorecard={DemoOrganization.ScorecardId}'",
        ];
    }

    /// <summary>
    /// Where a client on this machine reaches the service: its first http address (else its first),
    /// with a wildcard host (0.0.0.0, [::], +, *) as localhost; http://localhost when it has none
    /// (an in-memory test server).
    /// </summary>
    public static string BaseUrl(IEnumerable<string> addresses)
    {
        var parsed = addresses.Select(BindingAddress.Parse).Where(a => !a.IsUnixPipe).ToList();
        if ((parsed.FirstOrDefault(a => a.Scheme == "http") ?? parsed.FirstOrDefault()) is not { } address)
        {
            return "http://localhost";
        }
        var host = address.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "localhost" : address.Host;
        var isDefaultPort = (address.Scheme, address.Port) is ("http", 80) or ("https", 443);
        var port = isDefaultPort ? "" : $":{address.Port.ToString(CultureInfo.InvariantCulture)}";
        return $"{address.Scheme}://{host}{port}{address.PathBase}";
    }
}
