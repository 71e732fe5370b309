"""Root file systems of images, without a container engine (docs/image.md): unpack an image tarball's layers
into a directory, and run a command in such a directory as a container would: its own mount and PID
namespaces, /proc, /dev with the usual devices, a tmpfs on /tmp, bind mounts, optionally a read-only root, a user id, a clean environment.
Needs root (or a user namespace that maps it), util-linux's unshare and coreutils' chroot on the host; the
image itself needs nothing but the program it runs."""
import json
import os
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path


def image_config(image_tar):
    """(config, layer names) of a `docker save`-style tarball such as Jib's buildTar writes."""
    with tarfile.open(image_tar) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))[0]
        config = json.load(tar.extractfile(manifest["Config"]))
    return config, manifest["Layers"]


def unpack(image_tar, dest):
    """Applies the image's layers in order to an empty dest, with OCI whiteouts; owners as in the layers."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    config, layers = image_config(image_tar)
    with tarfile.open(image_tar) as outer:
        for name in layers:
            with tarfile.open(fileobj=outer.extractfile(name), mode="r:*") as layer:
                members = []
                for m in layer.getmembers():
                    base = os.path.basename(m.name)
                    parent = dest / os.path.dirname(m.name)
                    if base == ".wh..wh..opq":
                        for child in parent.iterdir() if parent.exists() else []:
                            remove(child)
                    elif base.startswith(".wh."):
                        remove(parent / base[4:])
                    else:
                        target = dest / m.name
                        if (target.exists() or target.is_symlink()) and not (m.isdir() and target.is_dir()):
                            remove(target)
                        members.append(m)
                layer.extractall(dest, members=members, numeric_owner=True, filter="tar")
    return config


def remove(path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def run(root, argv, *, user=None, env=None, read_only=False, binds=(), tmp_size="64m",
        stdout=None, stderr=None, timeout=300, hostname="synchook"):
    """Runs argv (no shell involved inside root) in root, in its / (chroot enters it there).
    binds: (host path, path in root, read-only?). Like a pod: its own host name, and an /etc/hosts that
    names it (as the kubelet writes one), so that the JVM's local host lookup does not wait for DNS."""
    root = Path(root).resolve()
    steps = ["set -e", "mount --make-rprivate /", f"mount --bind {q(root)} {q(root)}", f"hostname {q(hostname)}"]
    hosts = tempfile.NamedTemporaryFile("w", prefix="hosts-", delete=False)
    hosts.write(f"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t{hostname}\n")
    hosts.close()
    os.chmod(hosts.name, 0o644)
    # /dev as a container runtime makes it: a tmpfs with the usual device nodes (without /dev/urandom the
    # JVM seeds SecureRandom from thread timings: seconds of CPU).
    steps += [f"mkdir -p {q(root / 'dev')}", f"mount -t tmpfs -o mode=755,size=64k tmpfs {q(root / 'dev')}"]
    devices = [(f"/dev/{d}", f"/dev/{d}", False) for d in ("null", "zero", "full", "random", "urandom", "tty")]
    binds = [*devices, *binds, (hosts.name, "/etc/hosts", True)]
    for src, dst, ro in binds:
        target = root / dst.lstrip("/")
        if Path(src).is_dir():
            steps.append(f"mkdir -p {q(target)}")
        else:
            steps.append(f"mkdir -p {q(target.parent)} && touch {q(target)}")
        steps.append(f"mount --bind {q(src)} {q(target)}")
        if ro:
            steps.append(f"mount -o remount,bind,ro {q(target)}")
    if read_only:
        steps.append(f"mount -o remount,bind,ro {q(root)}")
    steps += [f"mount -t tmpfs -o size={tmp_size},mode=1777 tmpfs {q(root / 'tmp')}",
              f"mount -t proc proc {q(root / 'proc')}"]
    spec = [f"--userspec={user}"] if user else []
    inner = ["env", "-i", *[f"{k}={v}" for k, v in (env or {}).items()],
             shutil.which("chroot") or "/usr/sbin/chroot", *spec, str(root), *argv]
    steps.append("exec " + " ".join(q(a) for a in inner))
    (root / "proc").mkdir(exist_ok=True)
    (root / "tmp").mkdir(exist_ok=True)
    started = time.monotonic()
    # --kill-child: a timed-out run takes its whole PID namespace with it.
    process = subprocess.Popen(["unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child",
                                "sh", "-c", "\n".join(steps)], stdout=stdout, stderr=stderr)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    os.unlink(hosts.name)
    # Resources of the whole tree (unshare, sh, chroot, then the program they exec), all waited for.
    return Done(process.returncode, time.monotonic() - started, usage.ru_utime + usage.ru_stime,
                usage.ru_maxrss / 1024)


class Done:
    def __init__(self, returncode, wall, cpu, rss_mb):
        self.returncode, self.wall, self.cpu, self.rss_mb = returncode, wall, cpu, rss_mb


def measure(argv, env=None, stdout=None, stderr=None):
    """The same numbers for a command run on the host."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Done(process.returncode, time.monotonic() - started, usage.ru_utime + usage.ru_stime,
                usage.ru_maxrss / 1024)


def q(value):
    return shlex.quote(str(value))
