#!/usr/bin/env python3
"""Load test of `synchook serve` on loopback: a bounded number of deliveries, then a report.

Starts a minimal fake Kubernetes API server (PipelineRuns only: create, 409 on a duplicate, get),
starts `java -jar target/quarkus-app/quarkus-run.jar serve` against it, and sends
  1. --distinct deliveries of distinct payloads (one new run each), --concurrency at a time;
  2. --duplicates deliveries of one payload, all at once (exactly one run must be created).
Prints throughput, latency percentiles and what the fake API server saw. Loopback only.

With --kubeconfig (BENCH_KUBECONFIG), a real API server instead (token + CA kubeconfig, e.g. the
admin.kubeconfig of ../shared/kube-apiserver/up.sh, with the Tekton CRDs): in a namespace of its
own, the first delivery after start, then --rounds rounds of --distinct deliveries through serve
and as many raw POSTs of equivalent PipelineRuns straight to the API server (same concurrency),
each round reporting deliveries/s, p50/p99, the ratio webhook/raw, serve's CPU per delivery, and
at the end the duplicates (runs beyond one per operation; must be 0).

  make build && python3 bench/webhook_load.py --distinct 3000 --concurrency 32
  BENCH_KUBECONFIG=$kc make bench-webhook BENCH_ARGS="--distinct 500 --rounds 3"
"""
import argparse
import http.client
import json
import os
import pathlib
import queue
import base64
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = pathlib.Path(__file__).resolve().parent.parent
TOKEN = "bench-" + uuid.uuid4().hex
SAMPLE = json.loads((ROOT / "src/test/resources/webhook/notification-guestbook-succeeded.json").read_text())
APPLICATION = json.loads((ROOT / "src/test/resources/webhook/application-guestbook.json").read_text())
APPS = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeApi(BaseHTTPRequestHandler):
    """Just enough of the API server for TektonRuns.createOnce, the readiness check and the Application
    read that confirms each delivery (application guestbook-<unix seconds> records that operation)."""
    protocol_version = "HTTP/1.1"
    runs = {}
    lock = threading.Lock()
    stats = {"create": 0, "conflict": 0, "get": 0}

    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/apis/tekton.dev/v1":
            return self.reply(200, {"kind": "APIResourceList", "groupVersion": "tekton.dev/v1",
                                    "resources": [{"name": "pipelineruns", "namespaced": True, "kind": "PipelineRun"}]})
        if path == "/_stats":
            with self.lock:
                return self.reply(200, dict(self.stats, runs=len(self.runs)))
        name = path.rsplit("/", 1)[-1]
        if path.startswith(APPS):
            with self.lock:
                self.stats["application"] = self.stats.get("application", 0) + 1
            app = json.loads(json.dumps(APPLICATION))
            app["metadata"]["name"] = name
            started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(name.rsplit("-", 1)[-1])))
            app["status"]["operationState"]["startedAt"] = started
            return self.reply(200, app)
        with self.lock:
            self.stats["get"] += 1
            run = self.runs.get(name)
        if run is None:
            return self.reply(404, {"kind": "Status", "code": 404, "reason": "NotFound"})
        self.reply(200, run)

    def do_POST(self):
        run = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = run["metadata"]["name"]
        with self.lock:
            if name in self.runs:
                self.stats["conflict"] += 1
                conflict = True
            else:
                run["metadata"]["uid"] = str(uuid.uuid4())
                self.runs[name] = run
                self.stats["create"] += 1
                conflict = False
        if conflict:
            return self.reply(409, {"kind": "Status", "code": 409, "reason": "AlreadyExists"})
        self.reply(201, run)


def payload(operation):
    body = json.loads(json.dumps(SAMPLE))
    body["app"]["name"] = f"guestbook-{operation}"
    body["operation"]["startedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(operation))
    return json.dumps(body).encode()


def deliver(port, bodies, concurrency):
    """Sends every body once over `concurrency` keep-alive connections; returns (status, seconds) pairs."""
    work = queue.Queue()
    for b in bodies:
        work.put(b)
    results = []
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            start = time.perf_counter()
            conn.request("POST", "/v1/argocd/sync", body=body,
                         headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            mine.append((response.status, time.perf_counter() - start))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def report(title, results, seconds):
    latencies = sorted(r[1] for r in results)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(f"{title}: {len(results)} deliveries in {seconds:.2f}s = {len(results) / seconds:.0f}/s; "
          f"latency p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms; statuses {statuses}")


class RealApi:
    """A real API server from a token + CA kubeconfig: raw requests over keep-alive HTTPS."""

    def __init__(self, kubeconfig):
        view = json.loads(subprocess.run(["kubectl", "--kubeconfig", kubeconfig, "config", "view", "--raw", "--minify",
                                          "-o", "json"], check=True, capture_output=True, text=True).stdout)
        cluster, user = view["clusters"][0]["cluster"], view["users"][0]["user"]
        if "token" not in user:
            sys.exit(f"{kubeconfig}: the bench needs a token user (e.g. ../shared/kube-apiserver's admin.kubeconfig)")
        self.kubeconfig = kubeconfig
        self.host, self.port = cluster["server"].split("://")[1].split(":")
        self.token = user["token"]
        self.context = ssl.create_default_context(cadata=base64.b64decode(cluster["certificate-authority-data"]).decode())

    def connection(self):
        return http.client.HTTPSConnection(self.host, int(self.port), context=self.context, timeout=60)

    def request(self, method, path, body=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        conn.request(method, path, body=None if body is None else json.dumps(body).encode(),
                     headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if own:
            conn.close()
        return response.status, (json.loads(data) if data else None)

    def post_runs(self, namespace, runs, concurrency):
        """POSTs every run once over `concurrency` keep-alive connections; returns (status, seconds) pairs."""
        work = queue.Queue()
        for r in runs:
            work.put(r)
        results, lock = [], threading.Lock()
        path = f"/apis/tekton.dev/v1/namespaces/{namespace}/pipelineruns?fieldValidation=Strict"

        def worker():
            conn, mine = self.connection(), []
            while True:
                try:
                    run = work.get_nowait()
                except queue.Empty:
                    break
                start = time.perf_counter()
                status, _ = self.request("POST", path, run, conn)
                mine.append((status, time.perf_counter() - start))
            conn.close()
            with lock:
                results.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results


def cpu_seconds(pid):
    """User + system CPU of a process so far (Linux /proc)."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rate(results, seconds):
    latencies = sorted(r[1] for r in results)
    return len(results) / seconds, latencies[len(latencies) // 2] * 1000, latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000


def real_server(args, kubeconfig):
    api = RealApi(kubeconfig)
    namespace = "synchook-bench-" + uuid.uuid4().hex[:8]
    status, _ = api.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
    if status != 201:
        sys.exit(f"cannot create namespace {namespace}: HTTP {status}")
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="synchook-bench-"))
    port = free_port()
    env = dict(os.environ, KUBECONFIG=kubeconfig, SYNCHOOK_WEBHOOK_TOKEN=TOKEN, SYNCHOOK_PIPELINE="build-and-deploy",
               SYNCHOOK_NAMESPACE=namespace, SYNCHOOK_PARAM="git-revision={{ revision }}\nimage-tag={{ image_tag }}",
               SYNCHOOK_LOG_FORMAT="text", QUARKUS_LOG_LEVEL="WARN")
    env.pop("SYNCHOOK_IT_KUBECONFIG", None)
    server = subprocess.Popen(["java", "-jar", args.jar, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(workdir / "serve.log", "w"))
    try:
        started = time.time()
        wait_for(port, server, "serve", workdir / "serve.log")
        listening = time.time() - started
        # as a Service would: the first delivery once the readiness probe answers 200
        while True:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/q/health/ready")
            ready = conn.getresponse()
            ready.read()
            conn.close()
            if ready.status == 200:
                break
            if server.poll() is not None or time.time() - started > 120:
                sys.exit(f"serve did not become ready; see {workdir / 'serve.log'}")
            time.sleep(0.1)
        print(f"serve listening after {listening:.1f}s, ready after {time.time() - started:.1f}s, against "
              f"{api.host}:{api.port}, runs in namespace {namespace}")
        base = 1_800_000_000
        first = deliver(port, [payload(base - 1)], 1)[0]
        print(f"first delivery after start: HTTP {first[0]} in {first[1] * 1000:.0f} ms")
        # the run serve created, as the template of the raw path's runs (same spec, labels, annotations)
        _, runs = api.request("GET", f"/apis/tekton.dev/v1/namespaces/{namespace}/pipelineruns")
        template = runs["items"][0]
        template["metadata"] = {k: v for k, v in template["metadata"].items() if k in ("labels", "annotations")}
        template.pop("status", None)
        operations, rows = 1, []
        for round_ in range(1, args.rounds + 1):
            bodies = [payload(base + round_ * 1_000_000 + i) for i in range(args.distinct)]
            cpu = cpu_seconds(server.pid)
            start = time.perf_counter()
            hooked = deliver(port, bodies, args.concurrency)
            hook_seconds = time.perf_counter() - start
            cpu = cpu_seconds(server.pid) - cpu
            operations += args.distinct
            raws = []
            for i in range(args.distinct):
                run = json.loads(json.dumps(template))
                run["metadata"]["name"] = f"raw-{round_}-{i}"
                run["metadata"]["labels"]["synchook.dev/operation"] = f"raw-{round_}-{i}"
                raws.append(run)
            start = time.perf_counter()
            raw = api.post_runs(namespace, raws, args.concurrency)
            raw_seconds = time.perf_counter() - start
            h, r = rate(hooked, hook_seconds), rate(raw, raw_seconds)
            bad = sum(1 for s, _ in hooked if s != 201) + sum(1 for s, _ in raw if s != 201)
            rows.append((round_, h, r, cpu / args.distinct * 1000, bad))
            print(f"round {round_}: serve {h[0]:.0f}/s p50 {h[1]:.0f} ms p99 {h[2]:.0f} ms | raw {r[0]:.0f}/s "
                  f"p50 {r[1]:.0f} ms p99 {r[2]:.0f} ms | webhook/raw {r[0] / h[0]:.2f}x | serve CPU "
                  f"{cpu / args.distinct * 1000:.1f} ms/delivery | non-201: {bad}")
        same = payload(base - 10_000_000)
        results = deliver(port, [same] * args.duplicates, args.duplicates)
        created = sum(1 for status, _ in results if status == 201)
        operations += 1
        _, listed = api.request("GET", f"/apis/tekton.dev/v1/namespaces/{namespace}/pipelineruns"
                                       "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dsynchook")
        webhook_runs = sum(1 for item in listed["items"] if not item["metadata"]["name"].startswith("raw-"))
        duplicates = webhook_runs - operations
        print(f"duplicates: {duplicates} ({webhook_runs} runs for {operations} operations; "
              f"{created} created of {args.duplicates} simultaneous deliveries of one)")
        return 0 if duplicates == 0 and created == 1 and all(row[4] == 0 for row in rows) else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        api.request("DELETE", f"/api/v1/namespaces/{namespace}")


def wait_for(port, process, what, log):
    started = time.time()
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.time() - started > 60:
                sys.exit(f"{what} did not start" + (f"; see {log}" if log else ""))
            time.sleep(0.1)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--fake-api":
        api = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), FakeApi)
        api.daemon_threads = True
        api.serve_forever()
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--distinct", type=int, default=2000, help="deliveries of distinct payloads (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections at a time (default 16)")
    parser.add_argument("--duplicates", type=int, default=50, help="simultaneous deliveries of one payload (default 50)")
    parser.add_argument("--warmup", type=int, default=300, help="deliveries before measuring (default 300)")
    parser.add_argument("--jar", default=str(ROOT / "target/quarkus-app/quarkus-run.jar"))
    parser.add_argument("--kubeconfig", default=os.environ.get("BENCH_KUBECONFIG"),
                        help="a real API server (default $BENCH_KUBECONFIG) instead of the fake one")
    parser.add_argument("--rounds", type=int, default=3, help="rounds against a real API server (default 3)")
    args = parser.parse_args()
    if not pathlib.Path(args.jar).exists():
        sys.exit(f"{args.jar} is missing: run `make build` first")
    if args.kubeconfig:
        return real_server(args, args.kubeconfig)

    api_port = free_port()
    api = subprocess.Popen([sys.executable, __file__, "--fake-api", str(api_port)])
    wait_for(api_port, api, "the fake API server", None)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="synchook-bench-"))
    kubeconfig = workdir / "kubeconfig"
    kubeconfig.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "bench",
        "clusters": [{"name": "bench", "cluster": {"server": f"http://127.0.0.1:{api_port}"}}],
        "users": [{"name": "bench", "user": {"token": "bench"}}],
        "contexts": [{"name": "bench", "context": {"cluster": "bench", "user": "bench", "namespace": "ci"}}]}))
    port = free_port()
    env = dict(os.environ, KUBECONFIG=str(kubeconfig), SYNCHOOK_WEBHOOK_TOKEN=TOKEN, SYNCHOOK_PIPELINE="build-and-deploy",
               SYNCHOOK_NAMESPACE="ci", SYNCHOOK_PARAM="git-revision={{ revision }}\nimage-tag={{ image_tag }}",
               SYNCHOOK_LOG_FORMAT="text", QUARKUS_LOG_LEVEL="WARN",
               # the load is the point here: no abuse limits in the way
               SYNCHOOK_WEBHOOK_MAX_IN_FLIGHT="1024", SYNCHOOK_WEBHOOK_APP_RATE="1000000")
    server = subprocess.Popen(["java", "-jar", args.jar, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(workdir / "serve.log", "w"))
    try:
        started = time.time()
        wait_for(port, server, "serve", workdir / "serve.log")
        print(f"serve up in {time.time() - started:.1f}s (port {port}, fake API server port {api_port})")

        base = 1_800_000_000
        deliver(port, [payload(base - 1 - i) for i in range(args.warmup)], args.concurrency)
        bodies = [payload(base + i) for i in range(args.distinct)]
        start = time.perf_counter()
        results = deliver(port, bodies, args.concurrency)
        report(f"distinct  (concurrency {args.concurrency})", results, time.perf_counter() - start)

        same = payload(base - 10_000_000)
        start = time.perf_counter()
        results = deliver(port, [same] * args.duplicates, args.duplicates)
        report(f"duplicate (concurrency {args.duplicates})", results, time.perf_counter() - start)
        created = sum(1 for status, _ in results if status == 201)

        conn = http.client.HTTPConnection("127.0.0.1", api_port)
        conn.request("GET", "/_stats")
        stats = json.loads(conn.getresponse().read())
        print(f"fake API server: {stats}")
        expected = args.warmup + args.distinct + 1
        ok = created == 1 and stats["runs"] == expected
        print(f"exactly once: {'ok' if ok else 'FAILED'} ({created} created of {args.duplicates} duplicates; "
              f"{stats['runs']} runs for {expected} operations)")
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        api.terminate()
        api.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
