#!/usr/bin/env python3
"""The image's software bill of materials, and the image's size (docs/image.md).

  image/sbom.py write IMAGE_DIR APP_DIR OUT    CycloneDX 1.5 JSON: the application's jars (from Quarkus's
                                               quarkus-app-dependencies.txt) and, with the offline base,
                                               its Debian packages and Java runtime (IMAGE_DIR/base.json)
  image/sbom.py report IMAGE_DIR               digest, tarball size, compressed and unpacked layer sizes

No time stamp and no random serial number in the SBOM: the same inputs give the same file (and image).
"""
import json
import sys
import tarfile
from pathlib import Path


def maven(app):
    components = []
    for line in (Path(app) / "quarkus-app-dependencies.txt").read_text().splitlines():
        parts = line.strip().split(":")
        if len(parts) != 5:
            continue
        group, artifact, classifier, kind, version = parts
        purl = f"pkg:maven/{group}/{artifact}@{version}" + (f"?classifier={classifier}" if classifier else "")
        components.append({"type": "library", "group": group, "name": artifact, "version": version,
                           "purl": purl, "bom-ref": purl})
    return components


def base(image_dir):
    facts = Path(image_dir) / "base.json"
    if not facts.exists():
        return [], None
    facts = json.loads(facts.read_text())
    components = []
    for p in facts["packages"]:
        purl = f"pkg:deb/debian/{p['name']}@{p['version']}?arch=amd64"
        components.append({"type": "library", "name": p["name"], "version": p["version"], "purl": purl,
                           "bom-ref": purl, "hashes": [{"alg": "SHA-256", "content": p["sha256"]}]})
    jre = facts["jre"]
    components.append({"type": "framework", "name": "java-runtime", "version": jre["version"],
                       "supplier": {"name": jre["implementor"] or "unknown"}, "bom-ref": "java-runtime",
                       "description": "jlink image with modules " + ",".join(facts["modules"])
                                      + (f" from {jre['package']}" if jre.get("package") else "")})
    return components, facts["layer"]


def write(image_dir, app, out):
    version = next(l.split(">")[1].split("<")[0] for l in Path("pom.xml").read_text().splitlines()
                   if l.startswith("  <version>"))
    deb, layer = base(image_dir)
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"component": {"type": "application", "name": "synchook", "version": version,
                                   "bom-ref": "synchook"},
                     "properties": [{"name": "synchook:base", "value": layer or "registry base (not listed)"}]},
        "components": maven(app) + deb,
    }
    Path(out).write_text(json.dumps(bom, indent=1, sort_keys=True) + "\n")
    print(f"sbom.py: {out}: {len(bom['components'])} components")


def report(image_dir):
    image_dir = Path(image_dir)
    tar_path = image_dir / "synchook-image.tar"
    lines = [f"image {tar_path}", f"digest {(image_dir / 'digest').read_text().strip()}",
             f"tarball {tar_path.stat().st_size / 1e6:.1f} MB"]
    with tarfile.open(tar_path) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        compressed = unpacked = 0
        for name in manifest["Layers"]:
            member = outer.getmember(name)
            compressed += member.size
            with tarfile.open(fileobj=outer.extractfile(name), mode="r:*") as layer:
                size = sum(m.size for m in layer.getmembers() if m.isreg())
            unpacked += size
            lines.append(f"  layer {name[:19]} {member.size / 1e6:6.1f} MB compressed, {size / 1e6:6.1f} MB files")
    lines.insert(3, f"layers {compressed / 1e6:.1f} MB compressed (what a registry stores and a node pulls), "
                    f"{unpacked / 1e6:.1f} MB unpacked")
    text = "\n".join(lines) + "\n"
    (image_dir / "size.txt").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        write(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
