using System.Text.RegularExpressions;
using CxRox.Engine.Time;

namespace CxRox.Api.Organizations;

/// <param name="Slug">Lower-case letters, digits and hyphens (2 to 63); used in every URL of the organization.</param>
/// <param name="Name">For people, 1 to 200 characters.</param>
/// <param name="TimeZone">An IANA time zone such as Europe/Warsaw; periods start and end in it.</param>
public sealed partial record CreateOrganizationRequest(string? Slug, string? Name, string? TimeZone)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Slug is null || !SlugPattern().IsMatch(Slug))
        {
            errors["slug"] = ["Use 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit."];
        }
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200)
        {
            errors["name"] = ["Give a name of 1 to 200 characters."];
        }
        // Spelled exactly: a spelling .NET's lookup cache happened to accept would fail after a restart.
        if (IanaTimeZones.Refusal(TimeZone) is { } refusal)
        {
            errors["timeZone"] = [refusal];
        }
        return errors;
    }

    // Mirrors the CHECK constraint of migration 001.
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();
}

public sealed record OrganizationResponse(string Slug, string Name, string TimeZone, DateTimeOffset CreatedAt)
{
    public static OrganizationResponse From(Organization organization) =>
        new(organization.Slug, organization.Name, organization.TimeZone, organization.CreatedAt);
}
