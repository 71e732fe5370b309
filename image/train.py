#!/usr/bin/env python3
"""Trains the image's class-data archive with the image's own java (docs/image.md).

  image/train.py BASE_TAR APP_DIR OPTIONS_DIR TRAINING_CLASSES OUT_DIR

An AppCDS archive is valid only for the JVM build that wrote it and for the jars it was trained with (path,
size, modification time). So the training runs in the base image's root file system (unpacked from BASE_TAR),
with the application at /deployments exactly as Jib lays it out (files dated 1970-01-01T00:00:01Z), as user
65532, through in-cluster configuration (token, CA, KUBERNETES_SERVICE_HOST/PORT): one `synchook trigger`
against a stub API server on 127.0.0.1 (TrainingApiServer from TRAINING_CLASSES, run by the host's java).
Writes OUT_DIR/synchook-17.jsa, which Jib adds to /deployments.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rootfs  # noqa: E402

FILE_TIME = 1  # Jib's filesModificationTime EPOCH_PLUS_SECOND
ARCHIVE = "synchook-17.jsa"
ENTRY = ["/usr/bin/java", "@/deployments/jvm/hook.options"]


def copy_dated(src, dest):
    shutil.copytree(src, dest, symlinks=True)
    for dirpath, dirnames, filenames in os.walk(dest):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (FILE_TIME, FILE_TIME), follow_symlinks=False)
    os.utime(dest, (FILE_TIME, FILE_TIME))


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    base_tar, app, options, classes, out = (Path(a) for a in sys.argv[1:])
    root = out.parent / "train-rootfs"
    rootfs.unpack(base_tar, root)
    copy_dated(app, root / "deployments")
    for host_archive in list((root / "deployments").glob("synchook-*.jsa")) + list((root / "deployments").glob("synchook-*.aot")):
        host_archive.unlink()  # make archive's, for the host's JVM: not in the image (image/pom.xml excludes)
    copy_dated(options, root / "deployments/jvm")
    os.chown(root / "deployments", 65532, 65532)  # the archive is written next to the jar

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        sa = work / "serviceaccount"
        sa.mkdir()
        keytool = Path(shutil.which("java")).resolve().parent / "keytool"
        subprocess.run([str(keytool), "-genkeypair", "-keystore", str(work / "keys.p12"), "-storetype", "PKCS12",
                        "-storepass", "training", "-alias", "api", "-keyalg", "EC", "-dname", "CN=localhost",
                        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-noprompt"],
                       check=True, capture_output=True)
        subprocess.run([str(keytool), "-exportcert", "-rfc", "-keystore", str(work / "keys.p12"),
                        "-storepass", "training", "-alias", "api", "-file", str(sa / "ca.crt")],
                       check=True, capture_output=True)
        (sa / "token").write_text("training")
        (sa / "namespace").write_text("training")
        for f in sa.iterdir():
            f.chmod(0o644)
        sa.chmod(0o755)
        server = subprocess.Popen(["java", "-cp", str(classes), "dev.synchook.bench.TrainingApiServer",
                                   str(work / "keys.p12"), str(work / "kubeconfig")])
        try:
            for _ in range(300):
                if (work / "kubeconfig").exists():
                    break
                time.sleep(0.1)
            url = next(line for line in (work / "kubeconfig").read_text().splitlines() if "server:" in line)
            port = url.split("127.0.0.1:")[1].split('"')[0]
            env = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "SYNCHOOK_HOME": "/deployments",
                   "KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": port,
                   "SYNCHOOK_LOG_FORMAT": "json"}
            argv = ENTRY + [f"-XX:ArchiveClassesAtExit=/deployments/{ARCHIVE}", "-jar",
                            "/deployments/quarkus-run.jar", "trigger", "--app", "training", "--revision",
                            "0123456789abcdef0123456789abcdef01234567", "--operation-id", "training",
                            "--pipeline", "training", "-n", "training", "--termination-log", ""]
            log = work / "training.log"
            with open(log, "w") as f:
                done = rootfs.run(root, argv, user="65532:65532", env=env, stdout=f, stderr=subprocess.STDOUT,
                                  binds=[(str(sa), "/var/run/secrets/kubernetes.io/serviceaccount", True)])
            archive = root / "deployments" / ARCHIVE
            if done.returncode != 0 or not archive.exists():
                sys.stderr.write(log.read_text())
                sys.exit(f"train.py: the training run exited {done.returncode}; no archive written")
        finally:
            server.kill()
            server.wait()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive, out / ARCHIVE)
    shutil.rmtree(root)
    print(f"train.py: {out / ARCHIVE} ({(out / ARCHIVE).stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
