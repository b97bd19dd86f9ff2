#!/usr/bin/env bash
# Where a bench scenario's CPU goes: runs it under Linux perf (software clock sampling, which works where the
# hardware counters are not exposed, as on this machine) with .NET's perf maps, so JIT-compiled methods have names,
# and prints the split by thread, by library and the top methods.
#   bench/profile.sh SCENARIO        e.g. bench/profile.sh send
# For `signup` the profile is the service's own (the child process the scenario starts), sampled for
# PROFILE_SECONDS (10) once it is up, during the load. Needs Debian's linux-perf; run as root or with
# kernel.perf_event_paranoid <= 1. Other scenarios are sampled whole, set-up included: compare the methods of the
# step you care about, not the totals.
set -euo pipefail
scenario=${1:?usage: bench/profile.sh SCENARIO}
here=$(cd "$(dirname "$0")" && pwd)
out=${PROFILE_DIR:-/tmp/digestmailer-profile}
mkdir -p "$out"
dotnet build -c Release "$here/DigestMailer.Bench" -v q -nologo >/dev/null
dll="$here/DigestMailer.Bench/bin/Release/net10.0/DigestMailer.Bench.dll"
data="$out/$scenario.perf"

# Perf maps name JIT-compiled code; without W^X the code is not in a memfd perf cannot attribute.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
if [ "$scenario" = signup ]; then
  dotnet "$dll" signup > "$out/$scenario.log" 2>&1 &
  bench=$!
  pid=""
  for _ in $(seq 600); do
    pid=$(grep -oE 'service: [0-9]+' "$out/$scenario.log" | awk '{print $2}' || true)
    [ -n "$pid" ] && break
    sleep 0.2
  done
  [ -n "$pid" ] || { cat "$out/$scenario.log"; echo "the service did not start" >&2; exit 1; }
  sleep 3   # past the warm-up requests, into the measured load
  perf record -q -e cpu-clock -F 499 -g -p "$pid" -o "$data" -- sleep "${PROFILE_SECONDS:-10}"
  wait "$bench"
  cat "$out/$scenario.log"
else
  perf record -q -e cpu-clock -F 499 -g -o "$data" -- dotnet "$dll" "$scenario" | tee "$out/$scenario.log"
fi

report() { perf report -i "$data" --no-children --stdio -g none "$@" 2>/dev/null | grep -vE '^(#|$)'; }
echo; echo "== by thread"; report --sort comm | head -12
echo; echo "== by library ([JIT] is managed code compiled at run time)"; report --sort dso | head -12
echo; echo "== top methods"; report --sort sym | head -40
echo; echo "profile in $data"
