#!/usr/bin/env bash
# Issue 7's measurements in one run, against a Release build of the service on a private
# PostgreSQL (nothing else should run meanwhile):
#   1. recompute 24 monthly periods of the retail sample for ORGS organizations (default 1,000)
#      with 10,000 survey answers each (10,000,000 in all): from the first POST .../recompute to
#      the last job done, through the Hangfire jobs; one job's mean and p99 from its row's times;
#   2. GET .../scores/latest of a 60-metric scorecard with wrk, against the trivial endpoint of
#      the same service serving a JSON body of the same size from memory, in the same run.
# Usage: tests/CxRox.Benchmarks/http/score-benchmarks.sh [organizations]
set -euo pipefail
cd "$(dirname "$0")/../../.."
ORGS=${1:-1000}
HERE=tests/CxRox.Benchmarks/http
source $HERE/service.sh
start_service "${PORT:-5098}" Benchmark__TrivialEndpoint=true
# The 24 complete months before the current one.
FROM=$(date -u -d "$(date -u +%Y-%m-01) -24 months" +%Y-%m-%d)
TO=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m-%d)
SPAN=$(( $(date -u -d "$TO + 1 day" +%s) - $(date -u -d "$FROM" +%s) ))

echo "== 1. $ORGS organizations with the retail sample, 10,000 answers each, $FROM to $TO"
python3 $HERE/create_organizations.py "$API" "$ADMIN" "$ORGS" scorecards/retail.scorecard.json "$WORK/keys.tsv"
"${PSQL[@]}" -f - <<SQL
INSERT INTO survey_answers (org_id, answer_id, survey, question, answered_at, score, touchpoint, channel)
SELECT o.id, 'a' || g, q.survey, q.question,
       timestamptz '$FROM 00:00 UTC' + (abs(hashint8(g * 7 + 1)) % $SPAN) * interval '1 second',
       q.low + least(q.high - q.low, round((q.high - q.low) * (0.45 + 0.55 * (abs(hashint8(g * 17 + 3)) % 1000) / 1000.0))::int),
       (ARRAY['store', 'app', 'web'])[1 + g % 3], (ARRAY['store', 'app', 'web'])[1 + g % 3]
FROM organizations o
CROSS JOIN generate_series(1, 10000) g
JOIN (VALUES ('post_purchase', 'recommend', 0, 10, 0, 70), ('post_purchase', 'satisfaction', 1, 5, 70, 95), ('staff_pulse', 'recommend_workplace', 0, 10, 95, 100))
    AS q(survey, question, low, high, share_from, share_to) ON g % 100 >= q.share_from AND g % 100 < q.share_to
WHERE o.slug LIKE 'bench-%';
INSERT INTO observations (org_id, metric_key, observed_on, value)
SELECT o.id, k.key, m::date, k.baseline * (1 + 0.05 * sin(hashtext(o.id::text || k.key || m::text)))
FROM organizations o
CROSS JOIN generate_series(timestamp '$FROM', timestamp '$TO', interval '1 month') m
CROSS JOIN (VALUES ('service.complaints', 1200), ('sales.orders', 60000), ('sales.returned_orders', 7200), ('inventory.out_of_stock_share', 0.08),
    ('sales.purchases_per_active_customer', 1.5), ('sales.average_order_value', 65), ('store.fitting_room_wait_seconds', 420),
    ('support.chatbot_resolved_share', 0.4), ('hr.headcount', 800), ('hr.separations', 36), ('crm.active_customers_at_start', 120000),
    ('crm.customers_lost', 4500), ('finance.gross_margin', 0.52), ('inventory.rfid_tagged_share', 0.2)) AS k(key, baseline)
WHERE o.slug LIKE 'bench-%';
-- Written by SQL, not through the ingest: the histograms are counted from the raw answers, as a rebuild does.
INSERT INTO answer_histograms (org_id, survey, question, local_day, touchpoint, channel, score, answers)
SELECT org_id, survey, question, (answered_at AT TIME ZONE 'Europe/Warsaw')::date, touchpoint, channel, score, count(*)
FROM survey_answers WHERE org_id IN (SELECT id FROM organizations WHERE slug LIKE 'bench-%') GROUP BY 1, 2, 3, 4, 5, 6, 7;
-- After a bulk load, as after any: the aggregates read the histograms' key alone where vacuum
-- has seen their pages (migration 017); answers sent over months are vacuumed as they come.
VACUUM ANALYZE;
SQL
echo "   answers: $("${PSQL[@]}" -c 'SELECT count(*) FROM survey_answers'), observations: $("${PSQL[@]}" -c 'SELECT count(*) FROM observations'), histogram rows: $("${PSQL[@]}" -c 'SELECT count(*) FROM answer_histograms')"

t0=$(seconds)
python3 $HERE/start_recomputes.py "$API" "$WORK/keys.tsv" "$FROM" "$TO"
while :; do
  finished=$("${PSQL[@]}" -c "SELECT count(*) FROM score_jobs WHERE status IN ('succeeded', 'failed')")
  [ "$finished" -ge "$ORGS" ] && break
  sleep 0.2
done
t1=$(seconds)
echo "   jobs: $("${PSQL[@]}" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM score_jobs GROUP BY 1) s"); snapshots: $("${PSQL[@]}" -c 'SELECT count(*) FROM score_snapshots')"
echo "   one job, from its start to its end: $("${PSQL[@]}" -c "SELECT round(avg(extract(epoch FROM finished_at - started_at) * 1000)::numeric, 1) || ' ms mean, ' || round((percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000))::numeric, 1) || ' ms p99' FROM score_jobs")"
python3 -c "import sys; t=float(sys.argv[1]); n=int(sys.argv[2]); print(f'   recompute of {n} organizations x 24 months: {t:.1f} s, {n * 24 / t:,.0f} periods/s (goal: under 45 s; Quartz, before issue 15: 51 s)')" "$(elapsed "$t0" "$t1")" "$ORGS"

echo "== 2. GET .../scores/latest of a 60-metric scorecard with wrk, against a same-size JSON body from memory"
python3 - scorecards/retail.scorecard.json "$WORK/wide.scorecard.json" <<'PY'
import copy, json, sys
scorecard = json.load(open(sys.argv[1], encoding="utf-8"))
observed = [m for m in scorecard["metrics"] if "observation" in m and "floor" in m]
extra = 60 - len(scorecard["metrics"])
for i in range(extra):
    metric = copy.deepcopy(observed[i % len(observed)])
    metric["id"], metric["name"] = f"{metric['id']}_{i + 1}", f"{metric['name']} ({i + 1})"
    scorecard["metrics"].append(metric)
scorecard.update(organization="wrk-org", id="wide")
json.dump(scorecard, open(sys.argv[2], "w", encoding="utf-8"), indent=2)
print(f"   {len(scorecard['metrics'])} metrics")
PY
curl -sf -X POST "$API/v1/organizations" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"slug": "wrk-org", "name": "wrk", "timeZone": "Europe/Warsaw"}' >/dev/null
key() { curl -sf -X POST "$API/v1/organizations/wrk-org/api-keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"wrk-$1\", \"role\": \"$1\"}" | json '["key"]'; }
EDITOR=$(key editor); READER=$(key reader)
curl -sf -X PUT "$API/v1/organizations/wrk-org/scorecards/wide" -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/wide.scorecard.json" >/dev/null
# The data of the first benchmark organization, copied.
"${PSQL[@]}" -c "INSERT INTO observations (org_id, metric_key, observed_on, value)
  SELECT (SELECT id FROM organizations WHERE slug = 'wrk-org'), metric_key, observed_on, value FROM observations
  WHERE org_id = (SELECT id FROM organizations WHERE slug = 'bench-0001')"
"${PSQL[@]}" -c "INSERT INTO answer_histograms (org_id, survey, question, local_day, touchpoint, channel, score, answers)
  SELECT (SELECT id FROM organizations WHERE slug = 'wrk-org'), survey, question, local_day, touchpoint, channel, score, answers FROM answer_histograms
  WHERE org_id = (SELECT id FROM organizations WHERE slug = 'bench-0001')"
job=$(curl -sf -X POST "$API/v1/organizations/wrk-org/scorecards/wide/recompute?from=$FROM&to=$TO" -H "Authorization: Bearer $EDITOR" | json '["url"]')
until curl -sf "$API$job" -H "Authorization: Bearer $READER" | grep -q '"status":"succeeded"'; do sleep 0.2; done
LATEST="$API/v1/organizations/wrk-org/scorecards/wide/scores/latest"
BYTES=$(curl -sf "$LATEST" -H "Authorization: Bearer $READER" | wc -c)
echo "   latest scores: $BYTES bytes"
cat >"$WORK/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $READER"
LUA
run_wrk() { wrk -t2 -c64 -d30s --latency "$@" | sed 's/^/   /'; }
echo "   -- trivial: GET /benchmark/json?bytes=$BYTES"
run_wrk "$API/benchmark/json?bytes=$BYTES" | tee "$WORK/trivial.txt"
echo "   -- GET .../scores/latest with a reader key"
run_wrk -s "$WORK/auth.lua" "$LATEST" | tee "$WORK/latest.txt"
python3 - "$WORK/trivial.txt" "$WORK/latest.txt" <<'PY'
import re, sys
rate = lambda path: float(re.search(r"Requests/sec:\s+([\d.]+)", open(path).read()).group(1))
trivial, latest = rate(sys.argv[1]), rate(sys.argv[2])
print(f"   latest / trivial: {latest:,.0f} / {trivial:,.0f} req/s = {latest / trivial:.0%} (goal: at least 30%, p99 under 10 ms)")
PY
