using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxRox.Engine.Evaluation;
using CxRox.Engine.Model;
using CxRox.Engine.Rules;
using CxRox.Engine.Validation;
using CxRox.Engine.Tests.TestData;

namespace CxRox.Engine.Tests.Rules.Baseline;

/// <summary>
/// The random scorecards of the baseline, each run over its own seeded inputs. The approved
/// record of all of them is an index: per scorecard a line with its seed and the hash of its
/// document, then per period the hash of the period's full JSON and the rules that fired, in
/// order (or the loop). A few, loops among them, are also approved in full (<see cref="InFull"/>).
/// </summary>
internal sealed class RandomCorpus
{
    public const int FirstSeed = 13_000;

    private RandomCorpus(ImmutableArray<Entry> entries) => Entries = entries;

    public ImmutableArray<Entry> Entries { get; }

    /// <param name="Periods">Each period's JSON, as in the full record.</param>
    public sealed record Entry(string Name, int Seed, string Document, CompiledScorecard Scorecard, ImmutableArray<PeriodOutcome> Outcomes, ImmutableArray<string> Periods)
    {
        public string FullJson => RuleBaselineJson.Document(Name, Outcomes);

        public IEnumerable<string> IndexLines()
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{Name} seed={Seed} metrics={Scorecard.Scorecard.Metrics.Length} rules={Scorecard.Scorecard.Rules.Length} facts={Scorecard.Scorecard.AssertedFacts.Length} document={RuleBaselineJson.Hash(Document)}");
            for (var p = 0; p < Outcomes.Length; p++)
            {
                var outcome = Outcomes[p];
                var what = outcome.Loop is { } loop
                    ? "loop " + string.Join(" ", loop.RuleIds)
                    : string.Join(" ", outcome.Result!.Trace.OfType<RuleFired>().Select(f => f.RuleId)) is { Length: > 0 } fired ? fired : "-";
                yield return string.Create(CultureInfo.InvariantCulture, $"{Name} p{outcome.Period:00} {RuleBaselineJson.Hash(Periods[p])} {what}");
            }
        }
    }

    /// <summary>Generates, checks and runs <paramref name="count"/> scorecards (in parallel; the order is the seeds').</summary>
    public static RandomCorpus Record(int count, int periods)
    {
        var entries = new Entry[count];
        Parallel.For(0, count, i =>
        {
            var seed = FirstSeed + i;
            var document = new RandomRuleScorecard(seed).Json;
            var compilation = CompiledScorecardCache.Compile(document);
            // Random rules may well draw lint warnings (a fact nothing reads); only errors spoil a case.
            if (compilation.Scorecard is null || compilation.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new InvalidOperationException(
                    $"Random scorecard {seed} does not bind cleanly:\n{string.Join("\n", compilation.Diagnostics)}\n{document}");
            }
            var outcomes = RuleBaselineRecorder.Run(compilation.Scorecard, SeededInputs.For(compilation.Scorecard, periods, seed));
            entries[i] = new Entry(
                string.Create(CultureInfo.InvariantCulture, $"random-{i:000}"), seed, document, compilation.Scorecard, outcomes,
                [.. outcomes.Select(o => RuleBaselineJson.Period(o, ""))]);
        });
        return new RandomCorpus([.. entries]);
    }

    /// <summary>The full JSON of the first four scorecards and of the first two that loop, in one array.</summary>
    public string InFull() =>
        "[\n" + string.Join(",\n", Entries.Take(4).Concat(Entries.Where(e => e.Outcomes.Any(o => o.Loop is not null)).Take(2)).Distinct()
            .Select(e => e.FullJson.TrimEnd('\n'))) + "\n]\n";

    public string Index() => string.Join("\n", Entries.SelectMany(e => e.IndexLines())) + "\n";

    /// <summary>
    /// Explains an index that differs from the approved one: the first scorecard whose lines
    /// differ, its lines approved and received, and the received JSON of each period whose hash
    /// changed (the approved JSON of those is only kept for the few in <see cref="InFull"/>).
    /// </summary>
    public string FirstDifference(string approvedIndex)
    {
        var approved = approvedIndex.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(line => line.Split(' ')[0]).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            var received = entry.IndexLines().ToList();
            var before = approved.GetValueOrDefault(entry.Name) ?? [];
            if (before.SequenceEqual(received))
            {
                continue;
            }
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"First differing scorecard: {entry.Name} (new RandomRuleScorecard({entry.Seed}), inputs SeededInputs.For(scorecard, {entry.Outcomes.Length}, {entry.Seed})).\n");
            text.Append("Its index lines (- approved, + received; per period: hash of its JSON, then the rules fired in order):\n");
            text.Append(Testing.LineDiff.Describe(string.Join("\n", before), string.Join("\n", received)));
            var changed = entry.Outcomes.Select((o, p) => (o, p)).Where(x => !before.Contains(received[x.p + 1])).Take(3);
            foreach (var (outcome, p) in changed)
            {
                text.Append(CultureInfo.InvariantCulture, $"Period {outcome.Period} as received:\n").Append(entry.Periods[p]).Append('\n');
            }
            return text.ToString();
        }
        return "Every scorecard's lines are as approved; the difference is in scorecards the approved index has and this run does not.";
    }

    /// <summary>How much chaining the corpus exercises, so that a reader can see it does.</summary>
    public sealed record Figures(
        int Scorecards, int Rules, int Periods, int Firings, int Refirings, int FactChained, int StatusChained,
        int FactsAsserted, int StatusesSet, int Findings, int LoopPeriods, int ScorecardsThatLoop, int PriorityTies);

    public Figures Count()
    {
        int periods = 0, firings = 0, refirings = 0, factChained = 0, statusChained = 0, facts = 0, statuses = 0, findings = 0, loops = 0;
        foreach (var result in Entries.SelectMany(e => e.Outcomes).Select(o => o.Result))
        {
            periods++;
            if (result is null)
            {
                loops++;
                continue;
            }
            var set = new HashSet<string>(StringComparer.Ordinal);
            var fired = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in result.Trace)
            {
                switch (entry)
                {
                    case RuleFired rule:
                        firings++;
                        refirings += fired.Add(rule.RuleId) ? 0 : 1;
                        factChained += rule.Read.Any(r => r.Name.StartsWith("fact.", StringComparison.Ordinal) && r.Value == "true") ? 1 : 0;
                        statusChained += rule.Read.Any(r => set.Contains(r.Name)) ? 1 : 0;
                        break;
                    case FactAsserted:
                        facts++;
                        break;
                    case StatusSet status:
                        statuses++;
                        set.Add($"status({status.Metric})");
                        break;
                }
            }
            findings += result.Findings.Length;
        }
        var ties = Entries.Sum(e => e.Scorecard.Scorecard.Rules.GroupBy(r => r.Priority).Count(g => g.Count() > 1));
        return new Figures(
            Entries.Length, Entries.Sum(e => e.Scorecard.Scorecard.Rules.Length), periods, firings, refirings, factChained, statusChained,
            facts, statuses, findings, loops, Entries.Count(e => e.Outcomes.Any(o => o.Loop is not null)), ties);
    }
}
