namespace CxRox.Api.Templates;

/// <summary>A starter scorecard in the list: what it is for, and where its document is.</summary>
/// <param name="Href">The document, ready to be the body of a first PUT (add ?organization=).</param>
public sealed record ScorecardTemplateResponse(string Id, int Stage, string Name, string Description, string Href)
{
    public static ScorecardTemplateResponse From(ScorecardTemplate template) =>
        new(template.Id, template.Stage, template.Name, template.Description, $"/v1/scorecard-templates/{template.Id}");
}
