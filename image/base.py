#!/usr/bin/env python3
"""The offline base image of synchook: built from Debian packages, no registry, no daemon (docs/image.md).

  image/base.py APP_DIR OUT_DIR

What goes in, the way distroless images are assembled:
  - libc6, libgcc-s1, libstdc++6, zlib1g, ca-certificates: fetched with `apt-get download` (the versions the
    machine's apt lists name), unpacked with `dpkg-deb -x`; documentation, locales and translations dropped;
  - a Java 17 runtime made by `jlink` from the JDK that runs this script (JAVA_HOME, else the `java` on the
    PATH), holding only the modules that `jdeps` finds in APP_DIR's jars (plus the few that are loaded by
    name at run time, FIXED_MODULES), with its own default class-data archive (`java -Xshare:dump`);
  - the CA bundle /etc/ssl/certs/ca-certificates.crt and the JRE's cacerts, both from ca-certificates;
  - /etc/passwd and /etc/group with root and nonroot (65532), /home/nonroot, /tmp.
No shell, no package manager, no coreutils.

Writes to OUT_DIR:
  base.tar        a `docker save`-style tarball (one layer) that Jib takes as `tar://` base
  base.json       what is in it: packages with versions and digests, JRE release, modules (for the SBOM)
Every file in the layer has the same owner and time (1970-01-01T00:00:01Z, as Jib's own layers) and the
layer lists files in sorted order, so the same packages and JDK give the same layer digest.
"""
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import re
import tarfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rootfs  # noqa: E402

PACKAGES = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g", "ca-certificates"]
# Modules that no class names in byte code but that the runtime needs: the JDK's own DNS and crypto
# providers, elliptic-curve TLS, and zip file systems.
FIXED_MODULES = ["jdk.crypto.ec", "jdk.crypto.cryptoki", "jdk.naming.dns", "jdk.zipfs"]
# Modules that jdeps finds but that nothing run in the image uses, with the reason (about 20 MB).
LEFT_OUT = {"jdk.compiler": "only vert.x's code generator (an annotation processor, run at compile time) uses it"}
DROP = ["usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/lintian", "usr/share/locale",
        "usr/lib/x86_64-linux-gnu/gconv", "usr/share/gcc", "usr/share/gdb", "usr/sbin", "etc/ld.so.conf.d",
        "usr/share/ca-certificates-java"]
START = time.monotonic()
MTIME = 1  # 1970-01-01T00:00:01Z, Jib's default file time
NONROOT = 65532
JRE = "usr/lib/jvm/jre"


def log(message):
    print(f"base.py: {time.monotonic() - START:5.1f}s {message}", flush=True)


def run(*args, **kw):
    return subprocess.run(args, check=True, text=True, stdout=subprocess.PIPE, **kw).stdout


def java_home():
    home = os.environ.get("JAVA_HOME")
    if not home:
        home = str(Path(shutil.which("java")).resolve().parent.parent)
    if not (Path(home) / "jmods" / "java.base.jmod").exists():
        sys.exit(f"base.py: JAVA_HOME={home} has no jmods/java.base.jmod; install the JDK's jmods "
                 "(Debian: openjdk-17-jdk-headless) or set JAVA_HOME to a JDK 17 that has them")
    return Path(home)


def release(home):
    values = {}
    for line in (home / "release").read_text().splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            values[key] = value.strip('"')
    return values


def modules(home, app, work):
    """The modules that the classes of every jar in APP_DIR use, by jdeps. The classes are copied into one
    plain jar first (without module-info, with the multi-release classes a Java 17 runtime would pick),
    because some jars name modules that are not jars here."""
    work.mkdir(parents=True, exist_ok=True)
    combined = work / "classes.jar"
    seen = set()
    with zipfile.ZipFile(combined, "w", zipfile.ZIP_STORED) as dest:
        for jar in sorted(Path(app).rglob("*.jar")):
            with zipfile.ZipFile(jar) as z:
                chosen = {}
                for name in z.namelist():
                    if not name.endswith(".class") or name.endswith("module-info.class"):
                        continue
                    m = re.match(r"META-INF/versions/(\d+)/(.*)", name)
                    version, target = (int(m.group(1)), m.group(2)) if m else (8, name)
                    if version <= 17 and version >= chosen.get(target, (0, ""))[0]:
                        chosen[target] = (version, name)
                for target, (_, name) in sorted(chosen.items()):
                    if target not in seen:
                        seen.add(target)
                        dest.writestr(target, z.read(name))
    out = run(str(home / "bin" / "jdeps"), "--ignore-missing-deps", "--print-module-deps", "-q", str(combined))
    combined.unlink()
    found = {m for m in out.strip().split(",") if m}
    return sorted((found | set(FIXED_MODULES)) - set(LEFT_OUT))


def fetch(debs):
    debs.mkdir(parents=True, exist_ok=True)
    for old in debs.glob("*.deb"):
        old.unlink()
    try:
        run("apt-get", "download", *PACKAGES, cwd=debs)
    except subprocess.CalledProcessError:
        if os.geteuid() != 0:
            raise
        log("apt-get download failed; apt-get update, then once more")
        run("apt-get", "update", "-qq")
        run("apt-get", "download", *PACKAGES, cwd=debs)
    found = fetch_info(debs)
    names = {p["name"] for p in found}
    missing = [p for p in PACKAGES if p not in names]
    if missing:
        sys.exit(f"base.py: apt-get download gave no package for {missing}; run 'apt-get update' and retry")
    return found


def jks(certs, password="changeit"):
    """A JKS trust store (the JDK's cacerts format) with fixed entry times: the same certificates give
    the same bytes, unlike keytool's output."""
    body = io.BytesIO()
    body.write(struct.pack(">IIi", 0xFEEDFEED, 2, len(certs)))
    for alias, der in certs:
        name = alias.encode()
        body.write(struct.pack(">iH", 2, len(name)) + name)
        body.write(struct.pack(">q", MTIME * 1000))
        body.write(struct.pack(">H", 5) + b"X.509")
        body.write(struct.pack(">i", len(der)) + der)
    data = body.getvalue()
    digest = hashlib.sha1(password.encode("utf-16-be") + b"Mighty Aphrodite" + data).digest()
    return data + digest


def certificates(root):
    import base64
    pems, certs = [], []
    for crt in sorted((root / "usr/share/ca-certificates").rglob("*.crt")):
        text = crt.read_text()
        pems.append(text if text.endswith("\n") else text + "\n")
        b64 = "".join(l for l in text.splitlines() if l and not l.startswith("-----"))
        alias = (crt.stem + " [debian:" + crt.name + "]").lower()  # JKS aliases are lower case
        certs.append((alias, base64.b64decode(b64)))
    return "".join(pems), certs


def build_root(root, debs, home, mods):
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for deb in sorted(debs.glob("*.deb")):
        run("dpkg-deb", "-x", str(deb), str(root))
    for path in DROP:
        shutil.rmtree(root / path, ignore_errors=True)

    run(str(home / "bin" / "jlink"), "--add-modules", ",".join(mods), "--strip-debug", "--no-man-pages",
        "--no-header-files", "--compress=0", "--output", str(root / JRE))
    jre = root / JRE
    # Debian's JDK keeps cacerts and some policy files as links into /etc: give the image real files.
    security = jre / "lib/security"
    for link in list(security.iterdir()):
        if link.is_symlink():
            link.unlink()
    bundle, certs = certificates(root)
    (root / "etc/ssl/certs").mkdir(parents=True, exist_ok=True)
    (root / "etc/ssl/certs/ca-certificates.crt").write_text(bundle)
    (security / "cacerts").write_bytes(jks(certs))
    for name in ("default.policy", "public_suffix_list.dat", "blocked.certs"):
        src = home / "lib/security" / name
        if src.exists():
            shutil.copyfile(src.resolve(), security / name)
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    os.symlink("../lib/jvm/jre/bin/java", root / "usr/bin/java")

    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/sbin/nologin\n"
                                     f"nonroot:x:{NONROOT}:{NONROOT}:nonroot:/home/nonroot:/sbin/nologin\n")
    (root / "etc/group").write_text(f"root:x:0:\nnonroot:x:{NONROOT}:\n")
    # The kubelet mounts its own /etc/hosts (with the pod's host name) over this one.
    (root / "etc/hosts").write_text("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
    (root / "etc/nsswitch.conf").write_text("passwd: files\ngroup: files\nhosts: files dns\n")
    (root / "etc/os-release").write_text('PRETTY_NAME="synchook base (Debian packages)"\nID=debian\n')
    for d in ("tmp", "proc", "home/nonroot", "root"):
        (root / d).mkdir(parents=True, exist_ok=True)

    # The JRE's default class-data archive (lib/server/classes.jsa), written by the image's own java in
    # the image's own file system: the application archive trained later extends it.
    done = rootfs.run(root, ["/" + JRE + "/bin/java", "-Xshare:dump", "-Xlog:cds=off"],
                      env={"PATH": "/usr/bin"}, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit("base.py: the image's java could not write its default class-data archive")
    if (root / "bin/sh").exists() or (root / "usr/bin/sh").exists():
        sys.exit("base.py: a shell got into the base image")


def layer(root, out):
    def add(tar, path, rel):
        info = tar.gettarinfo(str(path), arcname=rel)
        info.mtime = MTIME
        info.uname = info.gname = ""
        info.uid = info.gid = NONROOT if rel in ("home/nonroot",) else 0
        if rel == "tmp":
            info.mode = 0o1777
        elif info.isdir():
            info.mode = 0o755
        if info.isreg():
            with open(path, "rb") as f:
                tar.addfile(info, f)
        else:
            tar.addfile(info)

    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            base = Path(dirpath)
            rel_dir = os.path.relpath(dirpath, root)
            if rel_dir != ".":
                add(tar, base, rel_dir)
            for name in sorted(filenames + [d for d in dirnames if (base / d).is_symlink()]):
                rel = os.path.normpath(os.path.join(rel_dir, name))
                add(tar, base / name, rel)
            dirnames[:] = [d for d in dirnames if not (base / d).is_symlink()]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    app, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    home = java_home()
    rel = release(home)
    if not rel.get("JAVA_VERSION", "").startswith("17"):
        sys.exit(f"base.py: JAVA_HOME={home} is Java {rel.get('JAVA_VERSION')}; the image's runtime is Java 17")
    mods = modules(home, app, out)
    log("modules: " + ",".join(mods))
    debs = out / "debs"
    packages = fetch(debs)
    log("packages: " + " ".join(p["name"] + "=" + p["version"] for p in packages))
    root = out / "base-rootfs"
    build_root(root, debs, home, mods)
    log("root file system " + str(root))

    work = out / "base"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    layer(root, work / "layer.tar")
    diff_id = "sha256:" + sha256(work / "layer.tar")
    config = {
        "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:01Z",
        "config": {"User": f"{NONROOT}:{NONROOT}", "WorkingDir": "/home/nonroot",
                   "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "JAVA_HOME=/" + JRE, "LANG=C.UTF-8", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:01Z", "created_by": "image/base.py: "
                     + " ".join(f"{p['name']}={p['version']}" for p in packages)
                     + f" + jlink {rel.get('JAVA_RUNTIME_VERSION', rel['JAVA_VERSION'])}"}],
    }
    (work / "config.json").write_text(json.dumps(config, sort_keys=True, separators=(",", ":")))
    (work / "manifest.json").write_text(json.dumps(
        [{"Config": "config.json", "RepoTags": ["synchook-base:offline"], "Layers": ["layer.tar"]}]))
    with tarfile.open(out / "base.tar", "w", format=tarfile.PAX_FORMAT) as tar:
        for name in ("manifest.json", "config.json", "layer.tar"):
            info = tar.gettarinfo(str(work / name), arcname=name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
            with open(work / name, "rb") as f:
                tar.addfile(info, f)
    shutil.rmtree(work)

    facts = {"packages": packages, "layer": diff_id, "modules": mods, "modulesLeftOut": LEFT_OUT,
             "jre": {"implementor": rel.get("IMPLEMENTOR"), "version": rel.get("JAVA_RUNTIME_VERSION"),
                     "jdk": str(home), "package": jdk_package(home)}}
    (out / "base.json").write_text(json.dumps(facts, indent=2) + "\n")
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"base.py: {out / 'base.tar'} layer {diff_id[:19]} ({size / 1e6:.1f} MB unpacked), "
          f"modules {','.join(mods)}")


def fetch_info(debs):
    found = []
    for deb in sorted(debs.glob("*.deb")):
        fields = run("dpkg-deb", "-f", str(deb), "Package", "Version").splitlines()
        info = dict(line.split(": ", 1) for line in fields)
        found.append({"name": info["Package"], "version": info["Version"],
                      "sha256": hashlib.sha256(deb.read_bytes()).hexdigest()})
    return found


def jdk_package(home):
    try:
        owner = run("dpkg-query", "-S", str((home / "jmods/java.base.jmod").resolve()), stderr=subprocess.DEVNULL)
        name = owner.split(":")[0]
        return name + "=" + run("dpkg-query", "-W", "-f=${Version}", name)
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


if __name__ == "__main__":
    main()
