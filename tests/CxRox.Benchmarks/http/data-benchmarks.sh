#!/usr/bin/env bash
# Issue 6's two measurements in one run, against a Release build of the service on a private
# PostgreSQL (nothing else should run meanwhile):
#   1. importing N survey answers (default 1,000,000) from CSV through POST .../data/survey-answers,
#      against `psql \copy` of the same file into the same table (survey_answers, for another organization);
#   2. NPS by month over 24 months for an organization with 2,000,000 answers in a table of
#      10,000,000: from the per-day histograms against a plain GROUP BY over the raw answers,
#      checking that both give the same numbers.
# Usage: tests/CxRox.Benchmarks/http/data-benchmarks.sh [answers-to-import]
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROWS=${1:-1000000}
ORG=northwind-fashion
SCORECARD=northwind-fashion-stores
source tests/CxRox.Benchmarks/http/service.sh
start_service "${PORT:-5097}"

curl -sf -X POST "$API/v1/organizations" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"slug\": \"$ORG\", \"name\": \"Northwind Fashion\", \"timeZone\": \"Europe/Warsaw\"}" >/dev/null
key() { curl -sf -X POST "$API/v1/organizations/$ORG/api-keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench-$1\", \"role\": \"$1\"}" | json '["key"]'; }
EDITOR=$(key editor); INGEST=$(key ingest); READER=$(key reader)
curl -sf -X PUT "$API/v1/organizations/$ORG/scorecards/$SCORECARD" -H "X-Api-Key: $EDITOR" -H 'Content-Type: application/json' \
  --data-binary @scorecards/retail.scorecard.json >/dev/null
ORG_ID=$("${PSQL[@]}" -c "SELECT id FROM organizations WHERE slug = '$ORG'")

echo "== writing $ROWS answers to CSV"
python3 - "$WORK/answers.csv" "$ROWS" <<'EOF'
import random, sys, datetime
path, rows = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
start = datetime.datetime(2024, 11, 1, tzinfo=datetime.timezone.utc)
span = 24 * 30 * 86400
questions = [("post_purchase", "recommend", 0, 10, 70), ("post_purchase", "satisfaction", 1, 5, 25), ("staff_pulse", "recommend_workplace", 0, 10, 5)]
weights = [q[4] for q in questions]
touchpoints = ["store visit", "fitting room", "receipt e-mail", "returns desk"]
with open(path, "w") as f:
    f.write("answerId,survey,question,answeredAt,score,touchpoint,channel\n")
    for i in range(rows):
        survey, question, low, high, _ = rnd.choices(questions, weights)[0]
        at = start + datetime.timedelta(seconds=rnd.randrange(span))
        score = min(high, max(low, round(rnd.gauss(high * 0.75, (high - low) / 4))))
        f.write(f"a{i:08d},{survey},{question},{at.strftime('%Y-%m-%dT%H:%M:%SZ')},{score},{rnd.choice(touchpoints)},store\n")
EOF
ls -l "$WORK/answers.csv" | awk '{printf "   %.1f MB\n", $5 / 1e6}'

echo "== 1. import through HTTP, then psql \\copy of the same file"
t0=$(seconds)
curl -sf -X POST "$API/v1/organizations/$ORG/data/survey-answers" -H "X-Api-Key: $INGEST" -H 'Content-Type: text/csv' \
  --data-binary @"$WORK/answers.csv" >"$WORK/ingest.json"
t1=$(seconds)
http=$(elapsed "$t0" "$t1")
echo "   HTTP: $(cat "$WORK/ingest.json")"
# The same file into the same table, for another organization (answer ids are unique per
# organization), as the superuser the embedded server was created with: it bypasses row-level
# security, which refuses COPY FROM, but pays for the same keys, indexes and foreign key.
COPY_ORG=$("${PSQL[@]}" -c "INSERT INTO organizations (slug, name, time_zone) VALUES ('copy-target', 'Copy target', 'Europe/Warsaw') RETURNING id")
"${PSQL[@]}" -c "ALTER TABLE survey_answers ALTER COLUMN org_id SET DEFAULT '$COPY_ORG'"
t0=$(seconds)
"${PSQL[@]}" -c "\\copy survey_answers (answer_id, survey, question, answered_at, score, touchpoint, channel) FROM '$WORK/answers.csv' WITH (FORMAT csv, HEADER true)"
t1=$(seconds)
copy=$(elapsed "$t0" "$t1")
"${PSQL[@]}" -c "ALTER TABLE survey_answers ALTER COLUMN org_id DROP DEFAULT; DELETE FROM survey_answers WHERE org_id = '$COPY_ORG'; DELETE FROM organizations WHERE id = '$COPY_ORG'"
python3 - "$ROWS" "$http" "$copy" <<'EOF'
import sys
rows, http, copy = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"   HTTP import: {http:.2f} s, {rows / http:,.0f} rows/s")
print(f"   psql \\copy:  {copy:.2f} s, {rows / copy:,.0f} rows/s")
print(f"   HTTP / \\copy rate: {copy / http:.0%} (goal: at least 70%)")
EOF

echo "== 2. NPS by month: 2,000,000 answers of this organization in a table of 10,000,000"
have=$("${PSQL[@]}" -c "SELECT count(*) FROM survey_answers WHERE org_id = '$ORG_ID'")
"${PSQL[@]}" <<EOF
INSERT INTO survey_answers (org_id, answer_id, survey, question, answered_at, score, touchpoint, channel)
SELECT '$ORG_ID', 'g' || g, 'post_purchase', 'recommend',
       timestamptz '2024-11-01 00:00Z' + (g % 62208000) * interval '1 second', (g::bigint * 7919) % 11, 'store visit', 'store'
FROM generate_series(1, 2000000 - $have) g;
INSERT INTO organizations (slug, name, time_zone)
SELECT 'other-' || o, 'Other ' || o, 'UTC' FROM generate_series(1, 4) o;
INSERT INTO survey_answers (org_id, answer_id, survey, question, answered_at, score, touchpoint, channel)
SELECT o.id, 'o' || g, 'post_purchase', 'recommend',
       timestamptz '2024-11-01 00:00Z' + (g % 62208000) * interval '1 second', (g::bigint * 31) % 11, 'store visit', 'store'
FROM organizations o CROSS JOIN generate_series(1, 2000000) g WHERE o.slug LIKE 'other-%';
ANALYZE survey_answers;
EOF
# Answers written by SQL bypassed the ingest, so their histograms are recounted from the raw answers.
curl -sf -X POST "$API/v1/organizations/$ORG/data/answer-histograms/rebuild" -H "X-Api-Key: $INGEST" >/dev/null
"${PSQL[@]}" -c "ANALYZE answer_histograms"
echo "   answers in the table: $("${PSQL[@]}" -c 'SELECT count(*) FROM survey_answers'), of this organization: $("${PSQL[@]}" -c "SELECT count(*) FROM survey_answers WHERE org_id = '$ORG_ID'")"

HISTOGRAMS="SELECT to_char(date_trunc('month', local_day), 'YYYY-MM') AS month,
       round(100.0 * (coalesce(sum(answers) FILTER (WHERE score >= 9), 0) - coalesce(sum(answers) FILTER (WHERE score <= 6), 0)) / sum(answers), 6)
FROM answer_histograms
WHERE org_id = '$ORG_ID' AND survey = 'post_purchase' AND question = 'recommend' AND local_day >= '2024-11-01' AND local_day < '2026-11-01'
GROUP BY 1 ORDER BY 1"
RAW="SELECT to_char(date_trunc('month', answered_at AT TIME ZONE 'Europe/Warsaw'), 'YYYY-MM') AS month,
       round(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*), 6)
FROM survey_answers
WHERE org_id = '$ORG_ID' AND survey = 'post_purchase' AND question = 'recommend'
  AND (answered_at AT TIME ZONE 'Europe/Warsaw') >= '2024-11-01' AND (answered_at AT TIME ZONE 'Europe/Warsaw') < '2026-11-01'
GROUP BY 1 ORDER BY 1"
best() { # the fastest of five runs, in milliseconds, as the server measured it
  for _ in 1 2 3 4 5; do "${PSQL[@]}" -c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) $1" | sed -n 's/^Execution Time: \(.*\) ms$/\1/p'; done | sort -n | head -1
}
h=$(best "$HISTOGRAMS"); r=$(best "$RAW")
"${PSQL[@]}" -c "$HISTOGRAMS" >"$WORK/histograms.txt"; "${PSQL[@]}" -c "$RAW" >"$WORK/raw.txt"
same=$(cmp -s "$WORK/histograms.txt" "$WORK/raw.txt" && echo identical || echo DIFFERENT)
echo "   months: $(wc -l <"$WORK/histograms.txt"); results $same"
python3 - "$h" "$r" <<'EOF'
import sys
h, r = float(sys.argv[1]), float(sys.argv[2])
print(f"   from histograms: {h:.1f} ms (goal: under 50 ms)")
print(f"   plain GROUP BY:  {r:.1f} ms")
print(f"   speed-up: {r / h:.0f}x (goal: at least 20x)")
EOF
t0=$(seconds)
curl -sf "$API/v1/organizations/$ORG/data/aggregates?scorecard=$SCORECARD&from=2024-11-01&to=2026-10-31" -H "X-Api-Key: $READER" >/dev/null
echo "   GET .../data/aggregates, every survey and observation metric of the scorecard, 24 months: $(elapsed "$t0" "$(seconds)" | cut -c1-5) s"
