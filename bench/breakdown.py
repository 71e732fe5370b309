#!/usr/bin/env python3
"""Where one `synchook trigger` spends its time: phases marked by the first load of a class.

Runs the launcher once with -Xlog:class+load (asynchronous, uptime-stamped) against the cluster in
KUBECONFIG and prints, per phase, when it ended, how long it took and how many classes it loaded
(and how many came from a class-data archive). A JDK 25 AOT cache loads most classes at JVM start,
so there the markers, and this table, say little. JVM flags come from the launcher as usual, so
SYNCHOOK_JVM_OPTS / SYNCHOOK_JAVA_OPTS / JAVA select what is measured. See docs/performance.md.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (phase, first class loaded once the phase is over)
MARKERS = [
    ("JVM start-up", "io.quarkus.bootstrap.runner.QuarkusEntryPoint"),
    ("Quarkus class loader", "io.quarkus.runner.ApplicationImpl"),
    ("configuration (SmallRye Config, static)", "io.quarkus.runner.recorded."),
    ("static init: fabric8 model registry, ArC, logging", "io.quarkus.runner.recorded.LoggingResourceProcessor$setupLoggingRuntimeInit"),
    ("runtime init: logging, config, executors", "io.quarkus.runner.recorded.VertxProcessor$build"),
    ("Vert.x start", "io.quarkus.runner.recorded.SyntheticBeansProcessor$initRuntime"),
    ("CDI start, picocli parse", "dev.synchook.context.ContextInputs"),
    ("kubeconfig read (Jackson, YAML, fabric8 Config)", "dev.synchook.context.ContextValues"),
    ("context and render", "dev.synchook.tekton.TektonRuns"),
    ("client build", "sun.security.ssl.ClientHello"),
    ("TLS handshake, POST, response", "dev.synchook.tekton.CreatedRun"),
    ("summary, shutdown", None),
]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "classes.log"
        env = dict(os.environ)
        env["SYNCHOOK_JAVA_OPTS"] = (env.get("SYNCHOOK_JAVA_OPTS", "") + f" -Xlog:async -Xlog:class+load:file={log}:uptime").strip()
        argv = [str(ROOT / "bin/synchook"), "trigger", "--app", "bench", "--revision", "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
                "--operation-id", f"breakdown-{os.getpid()}", "--pipeline", "p", "-n", os.environ.get("BENCH_NAMESPACE", "bench"),
                "--termination-log", ""]
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        rows = []
        for line in log.read_text().splitlines():
            m = re.match(r"\[(\d+\.\d+)s\] (\S+) source: (.*)", line)
            if m:
                rows.append((float(m.group(1)), m.group(2), "shared objects file" in m.group(3)))
    end = rows[-1][0]
    print("| phase | ends at | takes | classes loaded (from the archive) |\n|---|---|---|---|")
    start, i = 0.0, 0
    for phase, marker in MARKERS:
        stop = next((t for t, name, _ in rows if t >= start and name.startswith(marker)), None) if marker else end
        if stop is None:
            print(f"| {phase} | (marker {marker} not seen) | | |")
            continue
        loaded = [shared for t, _, shared in rows if start <= t < stop or (marker is None and t >= start)]
        print(f"| {phase} | {stop * 1000:.0f} ms | {(stop - start) * 1000:.0f} ms | {len(loaded)} ({sum(loaded)}) |")
        start = stop
    print(f"\n{len(rows)} classes, {sum(s for _, _, s in rows)} from the archive; last class loaded at {end * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
