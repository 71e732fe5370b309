#!/usr/bin/env python3
"""`make image-test`: runs the image built by `make image` here, without a container engine (docs/image.md).

  image/test.py IMAGE_TAR

Unpacks the tarball's layers into a root file system and runs the image's own ENTRYPOINT and CMD in it (no
shell anywhere) as the image's user (65532), with a read-only root, only /tmp writable (a tmpfs), /proc, /dev
(null, zero, full, random, urandom, tty), and what a pod would mount:
  - the image: user 65532, no shell and no package manager, OCI labels, the class-data archive in use;
  - `synchook version`;
  - `synchook render` on examples/sync-context.env (no cluster);
  - `synchook trigger` (the image's default command) against a real API server (../shared/kube-apiserver,
    APISERVER_PORT, ETCD_PORT, ETCD_PEER_PORT as up.sh reads them, else free ports) through in-cluster configuration: the
    ServiceAccount token, CA and namespace bind-mounted at /var/run/secrets/kubernetes.io/serviceaccount,
    KUBERNETES_SERVICE_HOST/PORT, a writable /dev/termination-log; the ServiceAccount bound only by the
    shipped Role (manifests/rbac/ci): exit 0, one PipelineRun, the summary in the termination log; again
    for the same sync: exit 0 and still one run;
  - start-up of `trigger` in the image beside the same command on the host's JVM (bin/synchook):
    wall time, CPU time, peak RSS; written to target/image/startup.txt.
Ends with 'N passed, N failed'; exits 1 when a check failed.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rootfs  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
ROUNDS = int(os.environ.get("IMAGE_TEST_ROUNDS", "3"))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
    return ok


def example_env():
    """examples/sync-context.env as a shell reads it (the file has a quoted multi-line value)."""
    out = subprocess.run(["bash", "-c", 'set -a; . "$1"; unset "$2"; env -0', "-", str(REPO / "examples/sync-context.env"),
                          "BASH_ENV"], env={}, check=True, capture_output=True).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    return {k: v for k, v in env.items() if k.startswith(("ARGOCD_", "SYNCHOOK_"))}


class Image:
    def __init__(self, tar, root):
        self.config = rootfs.unpack(tar, root)
        self.root = root
        c = self.config["config"]
        self.entry, self.cmd, self.user = c["Entrypoint"], c.get("Cmd") or [], c.get("User")
        self.env = dict(e.split("=", 1) for e in c.get("Env", []))
        self.labels = c.get("Labels") or {}

    def run(self, args=None, env=None, jvm=(), binds=(), name="run", entry=None):
        """The image's entrypoint (or entry) with args (default: its CMD); jvm: flags put before `-jar`."""
        argv = list(entry or self.entry)
        if jvm:
            at = argv.index("-jar")
            argv[at:at] = list(jvm)
        argv += self.cmd if args is None else args
        out, err = self.root.parent / f"{name}.out", self.root.parent / f"{name}.err"
        with open(out, "w") as o, open(err, "w") as e:
            done = rootfs.run(self.root, argv, user=self.user, env={**self.env, **(env or {})}, read_only=True,
                              binds=binds, stdout=o, stderr=e)
        done.out, done.err = out.read_text(), err.read_text()
        return done


def static_checks(image):
    check("user is 65532", image.user in ("65532", "65532:65532"), image.user)
    root = image.root
    found = []
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f in ("sh", "bash", "dash", "ash", "busybox", "dpkg", "apt", "apt-get", "rpm", "apk", "microdnf"):
                found.append(os.path.relpath(os.path.join(dirpath, f), root))
    check("no /bin/sh", not (root / "bin/sh").exists() and not (root / "usr/bin/sh").exists())
    check("no shell and no package manager anywhere", not found, ", ".join(found))
    check("entrypoint is java, not a shell", image.entry[0] == "/usr/bin/java", str(image.entry))
    for key in ("source", "revision", "version", "licenses", "created"):
        value = image.labels.get(f"org.opencontainers.image.{key}", "")
        check(f"label org.opencontainers.image.{key}", bool(value) and value != "unknown", value)
    passwd = (root / "etc/passwd").read_text()
    check("/etc/passwd names uid 65532", ":65532:65532:" in passwd)
    check("SBOM in the image", (root / "deployments/sbom.cdx.json").exists())


def in_cluster(kube_dir, port, work):
    """Namespaces ci and my-app, the hook's ServiceAccount bound by the shipped Role; returns the mount."""
    kc = str(kube_dir / "admin.kubeconfig")

    def kubectl(*args, stdin=None):
        return subprocess.run(["kubectl", "--kubeconfig", kc, *args], input=stdin, check=True,
                              capture_output=True, text=True).stdout

    kubectl("create", "namespace", "ci")
    kubectl("create", "namespace", "my-app")
    kubectl("-n", "my-app", "create", "serviceaccount", "synchook-hook")
    kubectl("apply", "-f", str(REPO / "manifests/rbac/ci/role.yaml"))
    sa = work / "serviceaccount"
    sa.mkdir()
    (sa / "token").write_text(kubectl("-n", "my-app", "create", "token", "synchook-hook").strip())
    (sa / "ca.crt").write_bytes((kube_dir / "pki/ca.crt").read_bytes())
    (sa / "namespace").write_text("my-app")
    for f in sa.iterdir():
        f.chmod(0o644)
    sa.chmod(0o755)
    return sa, kubectl


def runs(kubectl, app):
    items = json.loads(kubectl("-n", "ci", "get", "pipelineruns.tekton.dev", "-l", f"synchook.dev/app={app}",
                               "-o", "json"))["items"]
    return [i["metadata"]["name"] for i in items]


def main():
    tar = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "target/image/synchook-image.tar"
    work_root = tar.parent / "test"
    rootfs.remove(work_root)
    work_root.mkdir(parents=True)
    image = Image(tar, work_root / "rootfs")
    print(f"image {tar}: entrypoint {image.entry} cmd {image.cmd} user {image.user}")
    static_checks(image)

    version = image.run(["version"], jvm=["-Xlog:class+load=info"], name="version")
    shared = sum(1 for line in version.out.splitlines() if "source: shared objects file (top)" in line)
    check("version exits 0", version.returncode == 0, version.err[-2000:])
    check("version names synchook", any(l.startswith("synchook ") for l in version.out.splitlines()),
          version.out[-500:])
    print(f"  classes from the image's class-data archive: {shared}")
    # The offline base is ours: its archive and trust store are part of what make image promises. On a
    # registry base (IMAGE_BASE=...) the build trains no archive and the base brings its own trust store.
    if image.labels.get("org.opencontainers.image.base.name") == "synchook-base:offline":
        check("the trained class-data archive is used", shared > 500, f"{shared} classes from it")
        keytool = image.run(["-list", "-cacerts", "-storepass", "changeit"], name="cacerts",
                            entry=["/usr/lib/jvm/jre/bin/keytool"])
        trusted = keytool.out.count("trustedCertEntry")
        check("the JRE trusts the CA certificates of ca-certificates", keytool.returncode == 0 and trusted > 100,
              f"{trusted} entries; {keytool.err[-500:]}")
    else:
        print("  registry base: no trained archive, the base's own trust store")

    context = example_env()
    render = image.run(["render"], env=context, name="render")
    check("render exits 0", render.returncode == 0, render.err[-2000:])
    check("render prints the PipelineRun", "kind: PipelineRun" in render.out
          and context["ARGOCD_APP_REVISION"] in render.out, render.out[-1000:])

    kube_dir = tar.parent / "kube"
    ports = {k: os.environ.get(k) or str(free_port()) for k in ("APISERVER_PORT", "ETCD_PORT", "ETCD_PEER_PORT")}
    port = ports["APISERVER_PORT"]
    up = subprocess.run([str(SHARED / "kube-apiserver/up.sh"), str(kube_dir)], capture_output=True, text=True,
                        env={**os.environ, **ports, "CRDS": str(SHARED / "crds")})
    if not check("API server up", up.returncode == 0, up.stderr[-2000:]):
        return finish()
    try:
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            sa, kubectl = in_cluster(kube_dir, port, work)
            termination = work / "termination-log"
            termination.write_text("")
            os.chown(termination, 65532, 65532)
            pod = {"KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": port,
                   "SYNCHOOK_LOG_FORMAT": "json"}
            binds = [(str(sa), SA_DIR, True), (str(termination), "/dev/termination-log", False)]
            env = {**context, **pod}
            first = image.run(None, env=env, binds=binds, name="trigger")
            check("trigger (the image's CMD) exits 0 as uid 65532 with in-cluster config", first.returncode == 0,
                  (first.out + first.err)[-3000:])
            created = runs(kubectl, context["ARGOCD_APP_NAME"])
            check("one PipelineRun created", len(created) == 1, str(created))
            summary = termination.read_text().strip()
            check("summary in /dev/termination-log", bool(created) and created[0] in summary, summary[-500:])
            again = image.run(None, env=env, binds=binds, name="trigger-again")
            check("the same sync again exits 0", again.returncode == 0, (again.out + again.err)[-3000:])
            check("still one PipelineRun", runs(kubectl, context["ARGOCD_APP_NAME"]) == created)
            startup(image, env, binds, sa, port, work)
    finally:
        subprocess.run([str(SHARED / "kube-apiserver/down.sh"), str(kube_dir)], capture_output=True)
    return finish()


def startup(image, env, binds, sa, port, work):
    """trigger in the image and on the host, alternately, each round a new sync operation (a new run)."""
    kubeconfig = work / "host.kubeconfig"
    kubeconfig.write_text(f"""apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: "https://127.0.0.1:{port}", certificate-authority: "{sa / 'ca.crt'}"}}}}]
users: [{{name: u, user: {{token: "{(sa / 'token').read_text()}"}}}}]
contexts: [{{name: c, context: {{cluster: c, user: u, namespace: my-app}}}}]
current-context: c
""")
    host_env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "KUBECONFIG": str(kubeconfig),
                **{k: v for k, v in env.items() if not k.startswith("KUBERNETES_")}}
    if os.environ.get("JAVA_HOME"):
        host_env["JAVA_HOME"] = os.environ["JAVA_HOME"]
    numbers = {"image": [], "host": []}
    job = env["SYNCHOOK_JOB_NAME"]
    for i in range(ROUNDS):
        operation = f"{job.rsplit('-', 1)[0]}-{1763900100 + i}"
        done = image.run(None, env={**env, "SYNCHOOK_JOB_NAME": operation}, binds=binds, name=f"startup-{i}")
        ok_image = check(f"image trigger round {i + 1} exits 0", done.returncode == 0, done.err[-1000:])
        numbers["image"].append(done)
        host_job = f"{job.rsplit('-', 1)[0]}-{1763900200 + i}"
        with open(work / "host.out", "w") as out:
            host = rootfs.measure([str(REPO / "bin/synchook"), "trigger", "--termination-log", ""],
                                  env={**host_env, "SYNCHOOK_JOB_NAME": host_job}, stdout=out,
                                  stderr=subprocess.STDOUT)
        check(f"host trigger round {i + 1} exits 0", host.returncode == 0, (work / "host.out").read_text()[-1000:])
        numbers["host"].append(host)
        if not ok_image:
            break
    host_archive = any((REPO / "target/quarkus-app").glob("synchook-*.jsa"))
    lines = [f"synchook trigger, {ROUNDS} rounds alternating, one new PipelineRun each, real API server on "
             f"127.0.0.1, load average {os.getloadavg()[0]:.1f}; median (min-max)"]
    for name, label in (("image", "image (chroot, uid 65532, read-only root; trained archive)"),
                        ("host", "host JVM, bin/synchook" + (" (with make archive's archive)" if host_archive
                                                             else " (no class-data archive)"))):
        rows = numbers[name]
        if not rows:
            continue

        def fmt(values, unit, digits):
            return (f"{statistics.median(values):.{digits}f} {unit} "
                    f"({min(values):.{digits}f}-{max(values):.{digits}f})")
        lines.append(f"  {label}: wall {fmt([r.wall for r in rows], 's', 2)}, "
                     f"CPU {fmt([r.cpu for r in rows], 's', 2)}, RSS {fmt([r.rss_mb for r in rows], 'MB', 0)}")
    text = "\n".join(lines) + "\n"
    (REPO / "target/image/startup.txt").write_text(text)
    print(text, end="")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def finish():
    passed = sum(1 for r in results if r)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
