#!/usr/bin/env bash
# Where a bench scenario's CPU goes: runs it under Linux perf (software clock sampling, which works where the
# hardware counters are not exposed, as on this machine) with .NET's perf maps, so JIT-compiled methods have names,
# and prints the split by thread, by library and the top methods.
#   bench/profile.sh SCENARIO [perf report filter...]     e.g. bench/profile.sh send
# For `signup` the split is the service's own (the child process the scenario starts). Needs Debian's linux-perf;
# run as root or with kernel.perf_event_paranoid <= 1. The whole run is sampled, set-up included: compare the
# methods of the step you care about, not the totals.
set -euo pipefail
scenario=${1:?usage: bench/profile.sh SCENARIO}
shift
here=$(cd "$(dirname "$0")" && pwd)
out=${PROFILE_DIR:-/tmp/digestmailer-profile}
mkdir -p "$out"
dotnet build -c Release "$here/DigestMailer.Bench" -v q -nologo >/dev/null
dll="$here/DigestMailer.Bench/bin/Release/net10.0/DigestMailer.Bench.dll"

# Perf maps name JIT-compiled code; without W^X the code is not in a memfd perf cannot attribute.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
perf record -q -e cpu-clock -F 499 -g -o "$out/$scenario.perf" -- dotnet "$dll" "$scenario" | tee "$out/$scenario.log"

filter=("$@")
if [ "$scenario" = signup ] && [ ${#filter[@]} -eq 0 ]; then
  pid=$(grep -oE 'service: [0-9]+' "$out/$scenario.log" | awk '{print $2}')
  filter=(--pid "$pid")
fi
report() { perf report -i "$out/$scenario.perf" --no-children --stdio -g none "${filter[@]}" "$@" 2>/dev/null | grep -vE '^(#|$)'; }
echo; echo "== by thread"; report --sort comm | head -12
echo; echo "== by library ([JIT] is managed code compiled at run time)"; report --sort dso | head -12
echo; echo "== top methods"; report --sort sym | head -40
echo; echo "profile in $out/$scenario.perf (perf report -i … ${filter[*]})"
