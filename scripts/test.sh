#!/usr/bin/env bash
# Runs the three test tiers one after another (unit, integration, e2e) and ends with `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp
status=0
# Unit tests run under two time zones: scheduling rules must not depend on the machine's zone.
echo "== unit tests (TZ=Asia/Ho_Chi_Minh)"
TZ=Asia/Ho_Chi_Minh npx vitest run --project unit --reporter=default --reporter=json --outputFile=tmp/vitest-unit-vn.json --passWithNoTests || status=1
echo "== unit tests (TZ=UTC)"
TZ=UTC npx vitest run --project unit --reporter=default --reporter=json --outputFile=tmp/vitest-unit-utc.json --passWithNoTests || status=1
for tier in integration e2e; do
  echo "== $tier tests${DATABASE_URL:+ (PostgreSQL)}"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile="tmp/vitest-$tier.json" --passWithNoTests || status=1
done
node scripts/count-results.mjs tmp/vitest-unit-vn.json tmp/vitest-unit-utc.json tmp/vitest-integration.json tmp/vitest-e2e.json || status=1
exit $status
