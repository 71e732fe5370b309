#!/usr/bin/env bash
# with-kube-apiserver.sh COMMAND...: runs COMMAND (a test run) against a real Kubernetes API server.
#
# The servers are the ones SYNCHOOK_IT_KUBECONFIG (and, for the hub-and-spoke tests,
# SYNCHOOK_IT_KUBECONFIG_B and _C) name, else ones this script starts with
# ../shared/kube-apiserver/up.sh (KUBE_APISERVER_DIR to use another copy), each in a fresh temporary
# folder on free loopback ports, and stops on exit, also on failure or interruption. It prints
# the server's version, runs COMMAND with SYNCHOOK_IT_KUBECONFIG exported, then lists the cluster
# test classes that ran, and fails when COMMAND failed or any test recorded that it was
# "not run for lack of a server" (target/cluster-report/not-run.txt, or a skip with those words).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: make/with-kube-apiserver.sh COMMAND..." >&2; exit 2; }

rm -f target/cluster-report/not-run.txt
apiserver=${KUBE_APISERVER_DIR:-../shared/kube-apiserver}
crds=$(cd "${SYNCHOOK_CRDS:-../shared/crds}" 2>/dev/null && pwd || true)
dirs=()
trap 'for d in "${dirs[@]}"; do "$apiserver/down.sh" "$d" >&2 || true; rm -rf "$d"; done' EXIT

# start VARIABLE CRDS: unless VARIABLE names a kubeconfig, starts a server with the CRDs of folder CRDS
# (empty: none) in a fresh temporary folder on three free loopback ports, and exports VARIABLE.
start() {
  local variable=$1 server_crds=$2 dir api_port etcd_port peer_port kubeconfig
  [ -z "${!variable:-}" ] || return 0
  if [ ! -x "$apiserver/up.sh" ]; then
    echo "ERROR: no API server: set $variable to a kubeconfig (with the CRDs of ../shared/crds installed), or put kube-apiserver/up.sh at $apiserver (KUBE_APISERVER_DIR)" >&2
    exit 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/synchook-kube.XXXXXX")
  dirs+=("$dir")
  read -r api_port etcd_port peer_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks:
    s.close()')
  kubeconfig=$(CRDS="$server_crds" APISERVER_PORT=$api_port ETCD_PORT=$etcd_port ETCD_PEER_PORT=$peer_port "$apiserver/up.sh" "$dir")
  export "$variable=$kubeconfig"
}
apiserver=$(cd "$apiserver" 2>/dev/null && pwd || echo "$apiserver")
# the cluster tests' server (Argo CD's and Tekton's CRDs), and for the hub-and-spoke tests a spoke
# without CRDs and a CI cluster with Tekton's (docs/multi-cluster.md); the first is also the hub
start SYNCHOOK_IT_KUBECONFIG "$crds"
start SYNCHOOK_IT_KUBECONFIG_B ""
start SYNCHOOK_IT_KUBECONFIG_C "${crds:+$crds/tekton}"
echo "real API server for the cluster tests: $(kubectl --kubeconfig "$SYNCHOOK_IT_KUBECONFIG" version -o json 2>/dev/null \
  | python3 -c 'import json, sys; v = json.load(sys.stdin)["serverVersion"]; print(v["gitVersion"], v["platform"])') \
  at $(kubectl --kubeconfig "$SYNCHOOK_IT_KUBECONFIG" config view --minify -o jsonpath='{.clusters[0].cluster.server}')"

echo "hub-and-spoke tests: spoke at $(kubectl --kubeconfig "$SYNCHOOK_IT_KUBECONFIG_B" config view --minify -o jsonpath='{.clusters[0].cluster.server}'), CI cluster at $(kubectl --kubeconfig "$SYNCHOOK_IT_KUBECONFIG_C" config view --minify -o jsonpath='{.clusters[0].cluster.server}')"

status=0
"$@" || status=$?

python3 - <<'PY' || status=1
import glob, os, re, sys
import xml.etree.ElementTree as ET

NOT_RUN = "not run for lack of a server"
sources = {}
for path in glob.glob("src/test/java/**/*.java", recursive=True):
    text = open(path, encoding="utf-8").read()
    # the classes that use the real server when there is one (fault injection stays on the mock)
    if "ClusterResource.class" in text or "RealApiServer.require" in text or "ThreeClusters.class" in text:
        sources[path[len("src/test/java/"):-len(".java")].replace("/", ".")] = True
rows, not_run = [], []
for report in sorted(glob.glob("target/surefire-reports/TEST-*.xml") + glob.glob("target/failsafe-reports/TEST-*.xml")):
    suite = ET.parse(report).getroot()
    name = suite.get("name")
    for case in suite.iter("testcase"):
        skipped = case.find("skipped")
        if skipped is not None and NOT_RUN in ((skipped.get("message") or "") + (skipped.text or "")):
            not_run.append(f"{name}.{case.get('name')}")
    if name in sources:
        rows.append((name, int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors")), int(suite.get("skipped"))))
print("cluster test classes run against the real API server:")
for name, tests, failed, skipped in rows:
    print(f"  {name}: {tests} tests, {failed} failed, {skipped} skipped")
missing = sorted(set(sources) - {r[0] for r in rows})
if missing:
    print("  (not in this run's reports: " + ", ".join(missing) + ")")
if os.path.exists("target/cluster-report/not-run.txt"):
    not_run += [l.strip() for l in open("target/cluster-report/not-run.txt") if l.strip()]
if not_run:
    print(f"ERROR: {len(not_run)} test(s) {NOT_RUN}:", *sorted(set(not_run)), sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"0 tests {NOT_RUN}")
PY
exit $status
