#!/usr/bin/env bash
# Runs the three test tiers one after another (unit, integration, e2e) and ends with `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp
status=0
for tier in unit integration e2e; do
  echo "== $tier tests${DATABASE_URL:+ (PostgreSQL)}"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile="tmp/vitest-$tier.json" --passWithNoTests || status=1
done
node scripts/count-results.mjs tmp/vitest-unit.json tmp/vitest-integration.json tmp/vitest-e2e.json || status=1
exit $status
