import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.ts";

describe("rotation settings", () => {
  it("generates 32-character keys by default and takes 16 to 64", () => {
    expect(loadSettings({}).pskLength).toBe(32);
    expect(loadSettings({ TUNNELSMITH_PSK_LENGTH: "16" }).pskLength).toBe(16);
    expect(loadSettings({ TUNNELSMITH_PSK_LENGTH: "64" }).pskLength).toBe(64);
  });

  it.each(["15", "65", "32.5", "many"])("refuses TUNNELSMITH_PSK_LENGTH=%s", (value) => {
    expect(() => loadSettings({ TUNNELSMITH_PSK_LENGTH: value })).toThrow(
      /TUNNELSMITH_PSK_LENGTH: must be a/,
    );
  });
});
