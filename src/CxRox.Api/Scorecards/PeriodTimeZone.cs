using CxRox.Engine.Model;
using CxRox.Engine.Time;
using CxRox.Engine.Validation;

namespace CxRox.Api.Scorecards;

/// <summary>
/// One rule for which time zone decides periods: the organization's. Data is put into its week,
/// month or quarter when it arrives, in the organization's zone, and every scorecard of the
/// organization reads those periods; a scorecard's "timezone" cannot cut them differently and only
/// times its schedule. A scorecard that names a zone with other rules than the organization's
/// is therefore stored, with warning API004 saying which zone its periods are in.
/// </summary>
public static class PeriodTimeZone
{
    public const string DiffersFromOrganization = "API004";

    /// <summary>The warning for <paramref name="scorecard"/>, or null when its zone keeps the organization's time.</summary>
    public static ScorecardDiagnostic? Warning(Scorecard scorecard, string organizationSlug, string organizationZone, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        if (SameRules(scorecard.TimeZone, organizationZone))
        {
            return null;
        }
        return new ScorecardDiagnostic(DiffersFromOrganization, DiagnosticSeverity.Warning, "/timezone", line, column,
            $"The scorecard's timezone is '{scorecard.TimeZone}', but organization '{organizationSlug}' is in '{organizationZone}': "
            + $"periods (weeks, months, quarters) start and end in the organization's zone, '{organizationZone}', whatever a scorecard says; "
            + $"'{scorecard.TimeZone}' only times the schedule. Write \"timezone\": \"{organizationZone}\" so the scorecard says what happens.");
    }

    /// <summary>Equal ids, or two spellings (a link such as US/Eastern) of zones with the same offsets and transitions.</summary>
    private static bool SameRules(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (IanaTimeZones.Spelling(a) is { } first && IanaTimeZones.Spelling(b) is { } second
            && IanaTimeZones.Find(first).HasSameRules(IanaTimeZones.Find(second)));
}
