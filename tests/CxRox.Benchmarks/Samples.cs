using CxRox.Engine.Evaluation;

namespace CxRox.Benchmarks;

/// <summary>The sample scorecards of scorecards/, and compiling them with a clear failure.</summary>
public static class Samples
{
    public const string Retail = "retail";
    public const string Saas = "saas";
    public const string BankContactCentre = "bank-contact-centre";

    /// <summary>Not a file: the document <see cref="GeneratedScorecard"/> writes (200 metrics, 100 rules).</summary>
    public const string Generated = "generated-200";

    /// <summary>The document text of scorecards/<paramref name="name"/>.scorecard.json (or the generated one).</summary>
    public static string Load(string name)
    {
        if (name == Generated)
        {
            return new GeneratedScorecard().Json;
        }
        var file = Path.Combine("scorecards", $"{name}.scorecard.json");
        // Copied next to the assembly by the project; found in the repository when run from elsewhere.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, file);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }
        throw new FileNotFoundException($"Cannot find {file} above {AppContext.BaseDirectory}.");
    }

    /// <summary>Reads and compiles a document; throws with every error when it has any.</summary>
    public static CompiledScorecard Compile(string json, string what)
    {
        var compilation = CompiledScorecardCache.Compile(json);
        var errors = compilation.Diagnostics.Where(d => d.Severity == Engine.Validation.DiagnosticSeverity.Error).ToList();
        if (compilation.Scorecard is null || errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"{what} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, compilation.Diagnostics)}");
        }
        return compilation.Scorecard;
    }
}
