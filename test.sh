#!/usr/bin/env bash
# Runs every CrawlCluster test. Works on a fresh Debian 12 machine with only the .NET SDK: it installs the servers
# the tests start (redis-server, PostgreSQL) and the browser the dashboard test drives (chromium) when they are missing, builds, tests and prints a summary line.
#   ./test.sh                      everything
#   ./test.sh --filter Kind=Unit   only tests that need no server (any `dotnet test` arguments pass through)
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages providing the servers the test fixtures start, and the headless browser of the dashboard test.
required_packages=(redis-server postgresql chromium)
missing=()
for package in "${required_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} (needed by the test fixtures)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
# The fixtures start their own servers on free loopback ports; stop the ones a package install may have started.
for service in redis-server postgresql; do
  command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null && systemctl stop "$service" || true
done

results=artifacts/test-results
rm -rf "$results"
dotnet build CrawlCluster.sln -c Release --nologo -v quiet -clp:NoSummary
status=0
dotnet test CrawlCluster.sln -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?

# One closing line for CI: "N passed, N failed, N skipped", summed over the test assemblies.
cat "$results"/*.trx 2>/dev/null | awk '
  /<Counters / {
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      gsub(/[^0-9]/, "", kv[2])
      if (kv[1] == "passed") passed += kv[2]
      if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") failed += kv[2]
      if (kv[1] == "notExecuted") skipped += kv[2]
    }
  }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit "$status"
