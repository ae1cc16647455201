import { describe, expect, it } from "vitest";
import { sha256 } from "../../shared/core/fingerprint.ts";
import {
  buildManifest,
  diffManifests,
  parseManifest,
  serializeManifest,
} from "../../shared/render/manifest.ts";
import type { RenderedFile } from "../../shared/render/types.ts";

const file = (name: string, content: string, secret = false): RenderedFile => ({
  vendor: "libreswan",
  name,
  content,
  secret,
  installHint: `/etc/${name}`,
});

describe("render manifest (shared/render/manifest.ts)", () => {
  const id = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaaexample";

  it("records name, install path, mode and content hash of the vendor's files only", () => {
    const m = buildManifest(id, "libreswan", [
      file("a.conf", "A"),
      file("a.secrets", "S", true),
      file("up.sh", "#!/bin/sh"),
      { ...file("x", "X"), vendor: "strongswan" },
    ]);
    expect(m).toEqual({
      version: 1,
      connectionId: id,
      vendor: "libreswan",
      files: [
        { name: "a.conf", path: "/etc/a.conf", mode: "0644", sha256: sha256("A") },
        { name: "a.secrets", path: "/etc/a.secrets", mode: "0600", sha256: sha256("S") },
        { name: "up.sh", path: "/etc/up.sh", mode: "0755", sha256: sha256("#!/bin/sh") },
      ],
    });
    expect(parseManifest(serializeManifest(m))).toEqual(m);
  });

  it("refuses names that leave the folder, and text that is not a manifest", () => {
    const m = buildManifest(id, "libreswan", [file("a.conf", "A")]);
    const evil = { ...m, files: [{ ...m.files[0], name: "../../etc/passwd" }] };
    expect(parseManifest(JSON.stringify(evil))).toBeNull();
    expect(parseManifest("not json")).toBeNull();
    expect(parseManifest(JSON.stringify({ ...m, version: 99 }))).toBeNull();
  });

  it("diff: added, changed, unchanged and removed by name", () => {
    const before = buildManifest(id, "libreswan", [file("a", "1"), file("b", "2"), file("frr.conf", "3")]);
    const after = buildManifest(id, "libreswan", [file("a", "1"), file("b", "2b"), file("c", "4")]);
    const d = diffManifests(before, after);
    expect(d.unchanged).toEqual(["a"]);
    expect(d.changed).toEqual(["b"]);
    expect(d.added).toEqual(["c"]);
    expect(d.removed.map((f) => f.name)).toEqual(["frr.conf"]);
    expect(diffManifests(null, after).added).toEqual(["a", "b", "c"]);
  });
});
