namespace CxRox.Api.Auth;

/// <summary>
/// What a key may do. Admin is the platform (organizations and keys) and may do everything;
/// editor writes an organization's scorecards and schedules and reads what a reader reads;
/// ingest only sends its organization's data; reader reads scores and summaries (BI tools).
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Ingest = "ingest";
    public const string Reader = "reader";

    /// <summary>The roles an organization's key may have (admin keys belong to no organization).</summary>
    public static readonly IReadOnlyList<string> OfOrganization = [Editor, Ingest, Reader];

    /// <summary>
    /// The roles of the organization's keys that a key of <paramref name="role"/> may issue and
    /// revoke: an admin any of them; an editor the keys that only read or only send data (for its
    /// BI tools and feeds), never another editor's, so an editor cannot multiply or remove editors.
    /// </summary>
    public static IReadOnlyList<string> IssuableBy(string role) => role switch
    {
        Admin => OfOrganization,
        Editor => [Ingest, Reader],
        _ => [],
    };
}

/// <summary>Authorization policies, named after the least role that satisfies them.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Ingest = "ingest";
    public const string Reader = "reader";

    /// <summary>The roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Admits = new Dictionary<string, string[]>
    {
        [Admin] = [Roles.Admin],
        [Editor] = [Roles.Admin, Roles.Editor],
        [Ingest] = [Roles.Admin, Roles.Ingest],
        [Reader] = [Roles.Admin, Roles.Editor, Roles.Reader],
    };
}
