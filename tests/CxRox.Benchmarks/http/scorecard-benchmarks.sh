#!/usr/bin/env bash
# Issue 14's measurements in one run, against a Release build of the service on a private
# PostgreSQL seeded with the demo (nothing else should run meanwhile): latency, p50 and p99 over
# REQUESTS sequential requests each (default 1,000) on one kept-alive connection, of
#   1. GET  .../scorecards/{id}               (the current version, with its document)
#   2. PUT  .../scorecards/{id}               (each a new version: the name changes, If-Match the last ETag)
#   3. GET  .../scorecards/{id}/scores/latest (issue 7's read path)
# The same script runs on a checkout of an older build (copy it to its tests/CxRox.Benchmarks/http/),
# which gives the figures before and after.
# Usage: tests/CxRox.Benchmarks/http/scorecard-benchmarks.sh [requests]
set -euo pipefail
cd "$(dirname "$0")/../../.."
REQUESTS=${1:-1000}
HERE=tests/CxRox.Benchmarks/http
source $HERE/service.sh
start_service "${PORT:-5097}" Demo=true
READER=$(cat "$WORK/demo-reader.key")
EDITOR=$(curl -sf -X POST "$API/v1/organizations/northwind-fashion/api-keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name": "benchmark editor", "role": "editor"}' | json '["key"]')
BUILD=$(git rev-parse --short HEAD 2>/dev/null || pwd)
echo "== $REQUESTS requests each, one connection, build $BUILD; load average: $(uptime | sed 's/.*load average: //')"
python3 $HERE/scorecard_latency.py "$API" "$EDITOR" "$READER" northwind-fashion northwind-fashion-stores scorecards/retail.scorecard.json "$REQUESTS"
