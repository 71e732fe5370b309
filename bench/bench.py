#!/usr/bin/env python3
"""Start-up cost of one PipelineRun create: kubectl, a raw curl POST and `synchook trigger`.

Each tool runs as a whole process; wall time, user+sys CPU and peak RSS come from the OS
(os.wait4 rusage). See docs/performance.md. Settings (environment):

  BENCH_ROUNDS      measured rounds (default 10), after one warm-up round
  BENCH_BURST       processes per tool in the concurrent burst (default 20; 0 skips it)
  BENCH_KUBECONFIG  a real cluster to measure against (default: the local mock API server)
  BENCH_NAMESPACE   namespace of the runs (default bench)
  BENCH_OUT         output directory (default target/bench)
  BENCH_VARIANTS    synchook variants side by side, 'label|VAR=value|VAR=value;label|...'
                    (default: one, 'synchook', with the environment as it is)
  SYNCHOOK          the launcher (default bin/synchook)
"""
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
BURST = int(os.environ.get("BENCH_BURST", "20"))
NS = os.environ.get("BENCH_NAMESPACE", "bench")
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "target/bench"))
SYNCHOOK = os.environ.get("SYNCHOOK", str(ROOT / "bin/synchook"))
REVISION = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"
PATH = f"/apis/tekton.dev/v1/namespaces/{NS}/pipelineruns"
RUN_ID = uuid.uuid4().hex[:6]


def start_mock_server():
    """The mock API server (BenchApiServer) on the test classpath; returns (process, kubeconfig)."""
    classpath = (ROOT / "target/bench/classpath.txt").read_text().strip()
    cp = f"{ROOT}/target/test-classes:{ROOT}/target/classes:{classpath}"
    kubeconfig = OUT / "kubeconfig"
    kubeconfig.unlink(missing_ok=True)
    server = subprocess.Popen(
        ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", cp,
         "dev.synchook.bench.BenchApiServer", str(kubeconfig), NS],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(OUT / "server.log", "w"), text=True)
    url = server.stdout.readline().strip()
    if not url:
        sys.exit(f"the mock API server did not start; see {OUT / 'server.log'}")
    return server, kubeconfig


def curl_auth(kubeconfig, tmp):
    """Server URL and curl TLS/auth flags from the kubeconfig's current context."""
    view = json.loads(subprocess.run(["kubectl", "config", "view", "--raw", "--minify", "-o", "json"], check=True,
                                     capture_output=True, text=True, env=dict(os.environ, KUBECONFIG=kubeconfig)).stdout)
    cluster, user = view["clusters"][0]["cluster"], view["users"][0].get("user", {})
    flags = []
    if cluster.get("insecure-skip-tls-verify"):
        flags.append("-k")
    for key, flag in (("certificate-authority-data", "--cacert"),):
        if key in cluster:
            flags += [flag, write_b64(tmp, "ca.crt", cluster[key])]
    if "certificate-authority" in cluster:
        flags += ["--cacert", cluster["certificate-authority"]]
    if "client-certificate-data" in user:
        flags += ["--cert", write_b64(tmp, "client.crt", user["client-certificate-data"]),
                  "--key", write_b64(tmp, "client.key", user["client-key-data"])]
    if "client-certificate" in user:
        flags += ["--cert", user["client-certificate"], "--key", user["client-key"]]
    if "token" in user:
        flags += ["-H", f"Authorization: Bearer {user['token']}"]
    return cluster["server"].rstrip("/"), flags


def write_b64(tmp, name, data):
    import base64
    path = Path(tmp) / name
    path.write_bytes(base64.b64decode(data))
    return str(path)


def pipeline_run(name):
    """The same object `synchook trigger` renders, under another name."""
    return {"apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": name, "namespace": NS,
                         "labels": {"app.kubernetes.io/managed-by": "synchook", "synchook.dev/app": "bench",
                                    "synchook.dev/phase": "postsync", "synchook.dev/revision": REVISION}},
            "spec": {"pipelineRef": {"name": "p"}}}


class Tools:
    def __init__(self, kubeconfig, url, curl_flags, tmp, variants):
        self.env = dict(os.environ, KUBECONFIG=str(kubeconfig))
        self.env.pop("SYNCHOOK_NAMESPACE", None)
        self.url, self.curl_flags, self.tmp = url, curl_flags, Path(tmp)
        self.variants = variants
        self.names = ["kubectl", "curl"] + [label for label, _ in variants]

    def command(self, tool, key):
        """argv and environment of one run; key makes the run's name unique."""
        key = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
        name = f"bench-{RUN_ID}-{key}"
        if tool in ("kubectl", "curl"):
            body = self.tmp / f"{name}.json"
            body.write_text(json.dumps(pipeline_run(name)))
            if tool == "kubectl":
                return ["kubectl", "create", "--raw", PATH, "-f", str(body)], self.env
            return (["curl", "-sS", "-f", "-o", "/dev/null", *self.curl_flags, "-H", "Content-Type: application/json",
                     "--data-binary", f"@{body}", self.url + PATH], self.env)
        env = dict(self.env, **dict(self.variants)[tool])
        return ([SYNCHOOK, "trigger", "--app", "bench", "--revision", REVISION, "--operation-id", f"{RUN_ID}-{key}",
                 "--pipeline", "p", "-n", NS, "--termination-log", ""], env)


def spawn(argv, env):
    err = tempfile.TemporaryFile()
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err), err


def reap(proc, err, argv):
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err.seek(0)
        sys.exit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err.read().decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(argv, env):
    start = time.perf_counter()
    proc, err = spawn(argv, env)
    cpu, rss = reap(proc, err, argv)
    return {"wall_ms": (time.perf_counter() - start) * 1000, "cpu_ms": cpu * 1000, "rss_mb": rss}


def burst(tools, tool):
    runs = [tools.command(tool, f"burst-{tool}-{i}") for i in range(BURST)]
    start = time.perf_counter()
    procs = [spawn(argv, env) for argv, env in runs]
    used = [reap(proc, err, argv) for (proc, err), (argv, _) in zip(procs, runs)]
    return {"tool": tool, "processes": BURST, "wall_ms": (time.perf_counter() - start) * 1000,
            "cpu_ms": sum(cpu for cpu, _ in used) * 1000, "max_rss_mb": max(rss for _, rss in used)}


def summary(samples, names):
    rows = {}
    for tool in names:
        rows[tool] = {}
        for metric in ("wall_ms", "cpu_ms", "rss_mb"):
            values = [s[metric] for s in samples if s["tool"] == tool]
            rows[tool][metric] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return rows


def markdown(rows, bursts, names, info):
    base = rows["kubectl"]
    fmt = {"wall_ms": "{:.0f} ms", "cpu_ms": "{:.0f} ms", "rss_mb": "{:.0f} MB"}
    lines = [f"{info['rounds']} rounds after a warm-up, order rotated each round; {info['api']}; "
             f"load average {info['load_before']} before, {info['load_after']} after.", "",
             "| command | wall, median (min–max) | CPU user+sys | peak RSS | × kubectl (wall / CPU / RSS) |",
             "|---|---|---|---|---|"]
    for tool in names:
        cells = []
        for metric in ("wall_ms", "cpu_ms", "rss_mb"):
            m = rows[tool][metric]
            cells.append(f"{fmt[metric].format(m['median'])} ({fmt[metric].format(m['min'])}–{fmt[metric].format(m['max'])})")
        ratio = " / ".join(f"{rows[tool][m]['median'] / base[m]['median']:.1f}×" for m in ("wall_ms", "cpu_ms", "rss_mb"))
        lines.append(f"| {tool} | " + " | ".join(cells) + f" | {ratio} |")
    if bursts:
        kb = next(b for b in bursts if b["tool"] == "kubectl")
        lines += ["", f"Burst: {BURST} concurrent processes of each, wall time of the batch.", "",
                  "| command | batch wall | CPU, all processes | largest RSS | × kubectl (wall) |", "|---|---|---|---|---|"]
        for b in bursts:
            lines.append(f"| {b['tool']} | {b['wall_ms'] / 1000:.2f} s | {b['cpu_ms'] / 1000:.2f} s | "
                         f"{b['max_rss_mb']:.0f} MB | {b['wall_ms'] / kb['wall_ms']:.1f}× |")
    return "\n".join(lines) + "\n"


def variants():
    spec = os.environ.get("BENCH_VARIANTS", "").strip()
    if not spec:
        return [("synchook", {})]
    out = []
    for item in filter(None, (s.strip() for s in spec.split(";"))):
        label, *assignments = item.split("|")
        out.append((label, dict(a.partition("=")[::2] for a in assignments if a)))
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    server = None
    kubeconfig = os.environ.get("BENCH_KUBECONFIG")
    if kubeconfig:
        api = "real API server"
    else:
        server, kubeconfig = start_mock_server()
        api = "fabric8 mock API server (CRUD) over HTTPS on 127.0.0.1"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url, flags = curl_auth(kubeconfig, tmp)
            tools = Tools(kubeconfig, url, flags, tmp, variants())
            load_before = os.getloadavg()[0]
            for tool in tools.names:
                measure(*tools.command(tool, f"warmup-{tool}"))
            samples = []
            for r in range(ROUNDS):
                shift = r % len(tools.names)
                for tool in tools.names[shift:] + tools.names[:shift]:
                    sample = measure(*tools.command(tool, f"{r}-{tool}"))
                    samples.append({"round": r, "tool": tool, **sample})
                print(f"round {r + 1}/{ROUNDS} done", file=sys.stderr)
            bursts = [burst(tools, tool) for tool in tools.names] if BURST > 0 else []
            info = {"rounds": ROUNDS, "api": api, "load_before": f"{load_before:.1f}",
                    "load_after": f"{os.getloadavg()[0]:.1f}", "cpus": os.cpu_count(), "host": platform.platform(),
                    "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
                    "kubectl": subprocess.run(["kubectl", "version", "--client"], capture_output=True, text=True).stdout.splitlines()[0],
                    "variants": {label: env for label, env in tools.variants}}
    finally:
        if server:
            server.stdin.close()
            server.wait(timeout=30)
    rows = summary(samples, tools.names)
    table = markdown(rows, bursts, tools.names, info)
    (OUT / "results.md").write_text(table)
    (OUT / "results.json").write_text(json.dumps({"info": info, "summary": rows, "samples": samples, "bursts": bursts}, indent=2))
    with open(OUT / "samples.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["round", "tool", "wall_ms", "cpu_ms", "rss_mb"])
        writer.writeheader()
        writer.writerows(samples)
    print(table)


if __name__ == "__main__":
    main()
