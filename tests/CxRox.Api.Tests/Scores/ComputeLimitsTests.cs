using System.Net;
using System.Text.Json;
using CxRox.Api.Scores;
using CxRox.Api.Tests.Infrastructure;
using CxRox.Engine.Binding;
using CxRox.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxRox.Api.Tests.Scores;

/// <summary>
/// What keeps one tenant's preview or recompute from taking the service: the scorecard budget
/// (SC094), the periods one run may cover, and the slots of <see cref="ComputeGate"/>.
/// </summary>
public sealed class ComputeLimitsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private ComputeGate Gate => api.Factory.Services.GetRequiredService<ComputeGate>();

    private async Task<Guid> OrganizationIdAsync(string slug)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM organizations WHERE slug = $1", connection) { Parameters = { new() { Value = slug } } };
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Takes every slot of the organization, so that anything that reaches evaluation answers 429.</summary>
    private async Task<IDisposable[]> HoldOrganizationSlotsAsync(string slug)
    {
        var id = await OrganizationIdAsync(slug);
        return [.. Enumerable.Range(0, Gate.Options.MaxConcurrentPerOrganization).Select(i => Gate.TryEnter(id, out var refusal) ?? throw new InvalidOperationException("A slot is taken."))];
    }

    private static void Release(IEnumerable<IDisposable> slots)
    {
        foreach (var slot in slots)
        {
            slot.Dispose();
        }
    }

    [Fact]
    public async Task RunawayDraft_Is422FromValidatePutAndPreview_WithoutReachingEvaluation()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var editor = TestTenant.Client(api.Factory, tenant.Tenant.Editor);
        var draft = RunawayDraft.Json(tenant.Slug, tenant.ScorecardId);
        var slots = await HoldOrganizationSlotsAsync(tenant.Slug);
        try
        {
            var answers = new[]
            {
                await editor.PostAsync(new Uri($"/v1/organizations/{tenant.Slug}/scorecards/validate", UriKind.Relative), TestTenant.Json(draft)),
                await editor.PutAsync(new Uri(tenant.ScorecardPath, UriKind.Relative), TestTenant.Json(draft)),
                await editor.PostAsync(new Uri($"{tenant.ScorecardPath}/preview", UriKind.Relative), TestTenant.Json(draft)),
            };

            // With every slot held, a preview that went on to evaluate would have answered 429.
            foreach (var answer in answers)
            {
                var problem = await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.UnprocessableEntity);
                var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
                Assert.Equal("SC094", error.GetProperty("code").GetString());
                Assert.Equal("/metrics/1/formula", error.GetProperty("pointer").GetString());
                Assert.Contains("nested windows multiply", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            Release(slots);
        }
        var versions = await (await editor.GetAsync(new Uri($"{tenant.ScorecardPath}/versions", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Single(JsonDocument.Parse(versions).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task StoredVersionOverTheBudget_Is422ForPreviewAndRecompute_NotEvaluated()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        // As if stored before the budget existed.
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            // The version's event and the projected current scorecard, which holds its document.
            await using var update = new NpgsqlCommand(
                """
                WITH version AS (
                    UPDATE mt_events SET data = jsonb_set(data, '{document}', to_jsonb($1::text))
                    WHERE tenant_id = $2::text AND stream_id = $3 AND type = 'scorecard_version_saved' RETURNING 1
                ), current AS (
                    UPDATE mt_doc_currentscorecard SET data = jsonb_set(data, '{current,document}', to_jsonb($1::text))
                    WHERE tenant_id = $2::text AND id = $3 RETURNING 1
                )
                SELECT (SELECT count(*) FROM version) + (SELECT count(*) FROM current)
                """, connection)
            {
                Parameters = { new() { Value = RunawayDraft.Json(tenant.Slug, tenant.ScorecardId) }, new() { Value = (await OrganizationIdAsync(tenant.Slug)).ToString() }, new() { Value = tenant.ScorecardId } },
            };
            Assert.Equal(2L, await update.ExecuteScalarAsync());
        }
        var editor = TestTenant.Client(api.Factory, tenant.Tenant.Editor);

        var preview = await editor.PostAsync(new Uri($"{tenant.ScorecardPath}/preview", UriKind.Relative), null);
        var recompute = await editor.PostAsync(new Uri($"{tenant.ScorecardPath}/recompute", UriKind.Relative), null);

        var runNow = await editor.PostAsync(new Uri($"{tenant.ScorecardPath}/schedule/run-now?kind=recompute", UriKind.Relative), null);

        foreach (var answer in new[] { preview, recompute })
        {
            var problem = await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.UnprocessableEntity);
            Assert.StartsWith("Version 1 of scorecard 'stores' no longer passes the engine's checks", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("SC094", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.Accepted, runNow.StatusCode);
        var run = await FinishedRunAsync(tenant);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("no longer passes the engine's checks", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> FinishedRunAsync(ScoresTenant tenant)
    {
        var reader = TestTenant.Client(api.Factory, tenant.Tenant.Reader);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = JsonDocument.Parse(await (await reader.GetAsync(new Uri($"{tenant.ScorecardPath}/schedule/runs", UriKind.Relative))).Content.ReadAsStringAsync()).RootElement;
            if (runs.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } run && run.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                return run.Clone();
            }
            Assert.True(DateTime.UtcNow < deadline, "No finished run after 30 seconds: " + runs);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Preview_WhenTheOrganizationsSlotsAreTaken_Is429WithRetryAfter_AndRunsOnceOneIsFree()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var editor = TestTenant.Client(api.Factory, tenant.Tenant.Editor);
        var preview = new Uri($"{tenant.ScorecardPath}/preview", UriKind.Relative);
        var slots = await HoldOrganizationSlotsAsync(tenant.Slug);

        var refused = await editor.PostAsync(preview, null);
        slots[0].Dispose();
        var allowed = await editor.PostAsync(preview, null);
        Release(slots);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(ComputeGate.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("previews or recomputes running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Preview_WhenTheServicesSlotsAreTaken_Is503WithRetryAfter()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var others = Enumerable.Range(0, Gate.Options.MaxConcurrent).Select(_ => Guid.NewGuid()).ToList();
        var slots = others.Select(other => Gate.TryEnter(other, out _)!).ToList();

        var refused = await TestTenant.Client(api.Factory, tenant.Tenant.Editor).PostAsync(new Uri($"{tenant.ScorecardPath}/preview", UriKind.Relative), null);
        Release(slots);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(ComputeGate.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Recompute_WhenTheOrganizationsSlotsAreTaken_WaitsQueued_ThenSucceeds()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        var slots = await HoldOrganizationSlotsAsync(tenant.Slug);
        var started = await TestTenant.Client(api.Factory, tenant.Tenant.Editor).PostAsync(new Uri($"{tenant.ScorecardPath}/recompute", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var waiting = JsonDocument.Parse(await (await TestTenant.Client(api.Factory, tenant.Tenant.Reader).GetAsync(started.Headers.Location)).Content.ReadAsStringAsync()).RootElement;
        Release(slots);
        var ended = await ScoresTenant.WaitForJobAsync(api.Factory, tenant.Tenant.Reader, started.Headers.Location!);

        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gate_AWaitThatIsCancelled_TakesNoSlot()
    {
        var organization = Guid.NewGuid();
        var slots = Enumerable.Range(0, Gate.Options.MaxConcurrentPerOrganization).Select(i => Gate.TryEnter(organization, out var refusal)!).ToList();
        using var cancel = new CancellationTokenSource();

        var waiting = Gate.EnterAsync(organization, cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        slots[0].Dispose();
        using var next = Gate.TryEnter(organization, out var why);

        Assert.NotNull(next);
        Assert.Equal(ComputeRefusal.None, why);
        Assert.Null(Gate.TryEnter(organization, out why));
        Assert.Equal(ComputeRefusal.OrganizationBusy, why);
        Release(slots);
    }

    [Fact]
    public async Task Preview_OfARangeLongerThanTheRunBudget_Is400SayingHowLongItMayBe()
    {
        var tenant = await ScoresTenant.CreateAsync(api.Factory, months: 1);
        // One formula of five nested averages: within the scorecard budget, but each period is costly.
        var draft = RunawayDraft.Json(tenant.Slug, tenant.ScorecardId, metrics: 1);
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-20);

        var response = await TestTenant.Client(api.Factory, tenant.Tenant.Editor)
            .PostAsync(new Uri($"{tenant.ScorecardPath}/preview?from={from:yyyy-MM-dd}", UriKind.Relative), TestTenant.Json(draft));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var maxPeriods = ScorecardBudget.MaxRunPeriods(18_309, 2, 118);
        Assert.Contains($"periods, but one preview or recompute of this scorecard may cover at most {maxPeriods:N0}: each period evaluates 18,309 expression nodes",
            problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
