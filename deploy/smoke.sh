#!/usr/bin/env bash
# Smoke test of the service as an operator runs it: the published build, the shipped appsettings.json in the
# Production environment, settings from environment variables only, mail into the pickup folder, paper sources
# answered by a loopback fake (deploy/fake_sources.py) so nothing leaves 127.0.0.1. One sign-up goes through
# confirm, ingest, digest and one-click unsubscribe; then SIGTERM must stop the process cleanly.
#
# Usage: deploy/smoke.sh            (from any directory; needs the .NET SDK, curl and python3)
#
# Variables:
#   SMOKE_PROCESSES                  service processes to start (default 1; more need the PostgreSQL settings below)
#   SMOKE_CONNECTION_DIGESTMAILER    ConnectionStrings__DigestMailer for every process (default: the shipped SQLite
#   SMOKE_CONNECTION_HANGFIRE        ConnectionStrings__Hangfire      file under each process's working directory)
#   SMOKE_KEEP=1                     keep the temp folder (published app, working directories, logs, mail)
#
# Several processes need a database they share: SMOKE_PROCESSES above 1 is refused unless both connection strings
# name PostgreSQL (Npgsql's Host=… form), rather than run against separate SQLite files that would prove nothing.
# The checks then go to the processes in turn, so a link one process made is followed on another.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
samples="$repo/tests/Samples"
processes=${SMOKE_PROCESSES:-1}
db_connection=${SMOKE_CONNECTION_DIGESTMAILER:-}
hangfire_connection=${SMOKE_CONNECTION_HANGFIRE:-}

# Bounds on every wait (seconds). Start-up and ingest are generous because other builds share this machine's cores;
# the ingest spaces its arXiv requests 3 s apart (Sources:Arxiv:RequestInterval, arXiv's terms).
startup_timeout=90
mail_timeout=30
ingest_timeout=90
digest_timeout=60
stop_timeout=30

if [[ $processes != 1 && ( $db_connection != *Host=* || $hangfire_connection != *Host=* ) ]]; then
  echo "smoke: SMOKE_PROCESSES=$processes: several processes need a shared PostgreSQL database; set SMOKE_CONNECTION_DIGESTMAILER and SMOKE_CONNECTION_HANGFIRE (Host=…)." >&2
  exit 2
fi
for tool in dotnet curl python3; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool not found" >&2; exit 2; }
done

started_at=$SECONDS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/digestmailer-smoke.XXXXXX")
app="$tmp/app"
admin_key="smoke-$RANDOM$RANDOM"
email="smoke-$RANDOM@example.org"
step="setup"
checks=0
fake_pid=""
declare -a pids=() urls=() dirs=()

cleanup() {
  local status=$?
  trap - EXIT
  set +e
  for pid in "${pids[@]}"; do
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  [[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null
  wait 2>/dev/null
  if [[ $status -ne 0 ]]; then
    for dir in "${dirs[@]}"; do
      echo "---- last 40 lines of $dir/service.log"
      tail -n 40 "$dir/service.log" 2>/dev/null
    done
    echo "---- fake sources log"
    tail -n 20 "$tmp/fake-sources.log" 2>/dev/null
    echo "FAIL: smoke test failed at step '$step' after $((SECONDS - started_at)) s ($checks checks passed before it)"
  else
    echo "PASS: smoke test, $checks checks in $((SECONDS - started_at)) s"
  fi
  if [[ ${SMOKE_KEEP:-} == 1 ]]; then
    echo "kept: $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "smoke: $step: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }

# Every service process must stay up while we wait for it; a crash is reported at once with its exit code.
check_alive() {
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { wait "${pids[$i]}" && rc=0 || rc=$?; pids[i]=""; fail "process $i exited early (code $rc)"; }
  done
}

# wait_until SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds, or fails the step after SECONDS.
wait_until() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    check_alive
    ((SECONDS < deadline)) || fail "timed out after ${timeout} s waiting for $what"
    sleep 0.2
  done
}

# call [--admin] METHOD URL [JSON]: the status code goes to $code, the body to $tmp/body.
call() {
  local args=(-sS --max-time 15 -o "$tmp/body" -w '%{http_code}')
  if [[ $1 == --admin ]]; then args+=(-H "X-Api-Key: $admin_key"); shift; fi
  args+=(-X "$1")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  code=$(curl "${args[@]}" "$2") || code=000
}

expect() {
  [[ $code == "$1" ]] || fail "expected HTTP $1, got $code: $(head -c 500 "$tmp/body")"
}

# json EXPR: evaluates a Python expression over the last response body, parsed as `j`.
json() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/body" "$1"; }

# The step the checks below talk to; with several processes the steps would rotate through them.
url() { echo "${urls[$((checks % ${#urls[@]}))]}"; }

# mail COMMAND ARGS...: reads the .eml files the service wrote (python3's email package decodes the MIME).
#   find confirm|digest ADDRESS   path of the first confirmation mail / digest to ADDRESS
#   link FILE PREFIX              first link in the HTML part starting with PREFIX
#   header FILE NAME              the header's value (fails when missing)
#   text FILE                     subject and plain-text body
#   token URL                     the token query parameter
mail() {
  python3 - "$tmp" "$@" <<'PY'
import email, email.policy, glob, html, os, re, sys
from urllib.parse import urlsplit, parse_qs

tmp, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]

def load(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)

if command == "find":
    kind, address = args
    files = sorted(glob.glob(os.path.join(tmp, "node*", "data", "outbox", "*.eml")), key=os.path.basename)
    for path in files:
        message = load(path)
        if address.lower() in str(message["To"]).lower() and (message["List-Unsubscribe"] is not None) == (kind == "digest"):
            print(path)
            sys.exit(0)
    sys.exit(1)
elif command == "link":
    path, prefix = args
    body = load(path).get_body(("html",)).get_content()
    for href in re.findall(r'href="([^"]+)"', body):
        if html.unescape(href).startswith(prefix):
            print(html.unescape(href))
            sys.exit(0)
    sys.exit("no link starting with %s in %s" % (prefix, path))
elif command == "header":
    path, name = args
    value = load(path)[name]
    if value is None:
        sys.exit("no %s header in %s" % (name, path))
    # MimeKit folds long headers right after the colon; unfolded, that leaves a leading space.
    print(str(value).strip())
elif command == "text":
    message = load(args[0])
    print(message["Subject"])
    print(message.get_body(("plain",)).get_content())
elif command == "token":
    print(parse_qs(urlsplit(args[0]).query)["token"][0])
PY
}

# ---- publish
step="publish"
(cd "$repo" && dotnet publish src/DigestMailer -c Release -o "$app" -nologo) >"$tmp/publish.log" 2>&1 \
  || { tail -n 30 "$tmp/publish.log"; fail "dotnet publish failed"; }
[[ -f $app/DigestMailer.dll && -f $app/appsettings.json && -f $app/templates/email/digest.html.liquid ]] \
  || fail "published output lacks DigestMailer.dll, appsettings.json or templates/"
ok "published to $app"

# ---- fake paper sources
step="fake sources"
python3 "$repo/deploy/fake_sources.py" "$samples" "$tmp/fake-sources.port" 2>"$tmp/fake-sources.log" &
fake_pid=$!
wait_until 10 "the fake sources to listen" test -s "$tmp/fake-sources.port"
sources="http://127.0.0.1:$(cat "$tmp/fake-sources.port")"
ok "fake sources at $sources"

# ---- start the service
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_process() {
  local i=$1 dir="$tmp/node$1"
  mkdir -p "$dir"
  dirs[i]=$dir
  local settings=(
    # The content root is where appsettings.json is read from; it defaults to the working directory, which here
    # (as under systemd) is the data folder, not the application folder.
    "ASPNETCORE_CONTENTROOT=$app"
    "ASPNETCORE_ENVIRONMENT=Production"
    "ASPNETCORE_URLS=${urls[i]}"
    # One public address for every process, as behind a load balancer: the links in mail point there.
    "App__BaseUrl=${urls[0]}"
    "Admin__ApiKey=$admin_key"
    "Sources__HuggingFace__BaseUrl=$sources"
    "Sources__Arxiv__ApiBaseUrl=$sources"
    "Sources__Arxiv__RssBaseUrl=$sources"
  )
  [[ -n $db_connection ]] && settings+=("ConnectionStrings__DigestMailer=$db_connection")
  [[ -n $hangfire_connection ]] && settings+=("ConnectionStrings__Hangfire=$hangfire_connection")
  # env -i: nothing from the caller's environment (a developer's Smtp__Host, say) leaks into the run.
  (cd "$dir" && exec env -i PATH="$PATH" HOME="$HOME" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} \
    "${settings[@]}" dotnet "$app/DigestMailer.dll") >"$dir/service.log" 2>&1 &
  pids[i]=$!
}

healthy() { [[ $(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$1/healthz") == 200 ]]; }

step="start"
for ((i = 0; i < processes; i++)); do urls[i]="http://127.0.0.1:$(free_port)"; done
for ((i = 0; i < processes; i++)); do start_process "$i"; done
for ((i = 0; i < processes; i++)); do
  wait_until "$startup_timeout" "GET /healthz to answer 200 on process $i" healthy "${urls[i]}"
  grep -qF "Content root path: $app" "${dirs[i]}/service.log" || fail "process $i did not read the published appsettings.json"
done
ok "GET /healthz is 200 (pid ${pids[*]}, Production, content root $app)"

step="admin is closed"
call GET "$(url)/api/admin/subscribers?email=$email"
expect 401
call GET "$(url)/hangfire"
[[ $code == 401 || $code == 403 ]] || fail "GET /hangfire without the key answered $code"
ok "admin API and dashboard refuse requests without the key"

# ---- sign-up, confirmation mail, confirm
step="sign-up"
# A send hour twelve hours away keeps the hourly plan-digests job off this subscriber should the run cross an hour:
# the admin run below must be the one that sends its digest.
send_hour=$(( ($(date -u +%-H) + 12) % 24 ))
call POST "$(url)/api/subscriptions" \
  "{\"email\":\"$email\",\"topics\":[\"retrieval-augmented generation\"],\"sendHour\":$send_hour,\"timeZone\":\"UTC\"}"
expect 202
ok "POST /api/subscriptions is 202"

step="confirmation mail"
wait_until "$mail_timeout" "the confirmation mail in data/outbox" mail find confirm "$email" >/dev/null
confirm_mail=$(mail find confirm "$email")
confirm_link=$(mail link "$confirm_mail" "${urls[0]}/confirm?token=")
token=$(mail token "$confirm_link")
ok "confirmation mail $(basename "$confirm_mail") links to /confirm"

step="confirm"
call POST "$(url)/api/subscriptions/confirm" "{\"token\":\"$token\"}"
expect 200
call --admin GET "$(url)/api/admin/subscribers?email=$email"
expect 200
[[ $(json 'j["status"]') == active ]] || fail "subscriber is $(json 'j["status"]'), not active"
ok "confirmed: the subscriber is active"

# ---- papers
step="start-up ingest"
ingest_finished() {
  call --admin GET "$(url)/api/admin/ingest/runs"
  [[ $code == 200 ]] && [[ $(json 'len([r for r in j if r["status"] != "running"])') -gt 0 ]]
}
wait_until "$ingest_timeout" "the start-up ingest run to finish" ingest_finished
run=$(json '[r for r in j if r["status"] != "running"][-1]')
[[ $(json '[r for r in j if r["status"] != "running"][-1]["status"]') == completed ]] || fail "ingest run: $run"
[[ $(json '[r for r in j if r["status"] != "running"][-1]["inserted"]') -gt 0 ]] || fail "ingest run stored no paper: $run"
ok "start-up ingest completed: $run"

step="admin papers"
call --admin POST "$(url)/api/admin/papers" "$(cat "$samples/hf_daily_papers.json")"
expect 200
expected=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$samples/hf_daily_papers.json")
[[ $(json 'j["received"]') == "$expected" ]] || fail "POST /api/admin/papers received $(json 'j["received"]') of $expected"
ok "POST /api/admin/papers took the $expected sample papers"

# ---- digest
step="digest run"
call --admin POST "$(url)/api/admin/digests/run" '{}'
expect 202
run_id=$(json 'j["runId"]')
run_done() {
  call --admin GET "$(url)/api/admin/digests/runs/$run_id"
  [[ $code == 200 && $(json 'j["status"]') != running ]]
}
wait_until "$digest_timeout" "digest run $run_id to finish" run_done
[[ $(json 'j["status"]') == completed && $(json 'j["sent"]') -ge 1 ]] || fail "digest run: $(cat "$tmp/body")"
ok "digest run completed: $(cat "$tmp/body")"

step="digest mail"
wait_until "$mail_timeout" "the digest in data/outbox" mail find digest "$email" >/dev/null
digest=$(mail find digest "$email")
unsubscribe=$(mail header "$digest" List-Unsubscribe)
[[ $unsubscribe =~ ^\<(${urls[0]}/unsubscribe\?token=[^>]+)\>$ ]] || fail "List-Unsubscribe is '$unsubscribe'"
unsubscribe_url=${BASH_REMATCH[1]}
[[ $(mail header "$digest" List-Unsubscribe-Post) == "List-Unsubscribe=One-Click" ]] \
  || fail "List-Unsubscribe-Post is '$(mail header "$digest" List-Unsubscribe-Post)'"
[[ $(mail text "$digest") == *DriftBench* ]] || fail "the digest does not list the paper the topic matches (DriftBench)"
ok "digest $(basename "$digest") lists the matching paper and has List-Unsubscribe and List-Unsubscribe-Post"

# ---- one-click unsubscribe (RFC 8058): what a mail provider posts, with no cookie and no redirect followed
step="one-click unsubscribe"
code=$(curl -sS --max-time 15 -o "$tmp/body" -w '%{http_code}' -X POST \
  -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'List-Unsubscribe=One-Click' "$unsubscribe_url") || code=000
expect 200
call --admin GET "$(url)/api/admin/subscribers?email=$email"
expect 200
[[ $(json 'j["status"]') == unsubscribed ]] || fail "subscriber is $(json 'j["status"]') after the one-click unsubscribe"
ok "one-click unsubscribe is 200 and the subscriber is unsubscribed"

# ---- graceful shutdown
step="shutdown"
for i in "${!pids[@]}"; do
  pid=${pids[i]}
  kill -TERM "$pid"
  deadline=$((SECONDS + stop_timeout))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "process $i still running ${stop_timeout} s after SIGTERM"
    sleep 0.2
  done
  wait "$pid" && rc=0 || rc=$?
  pids[i]=""
  [[ $rc == 0 ]] || fail "process $i exited with code $rc after SIGTERM"
  ok "process $i stopped on SIGTERM with exit code 0"
done

step="logs"
for dir in "${dirs[@]}"; do
  if grep -nE '^(fail|crit): |Unhandled exception' "$dir/service.log"; then
    fail "$dir/service.log has the errors above"
  fi
  grep -q "Application is shutting down" "$dir/service.log" || fail "$dir/service.log does not show a host shutdown"
  warnings=$(grep -c '^warn: ' "$dir/service.log" || true)
  ok "service log has no fail:/crit: lines or unhandled exceptions ($warnings warn: lines)"
done
