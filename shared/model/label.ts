/**
 * Turns a free-text OCI display name into a label that is safe inside a comment or a quoted description on any
 * router: letters and digits of any script (Japanese names stay readable), space and `._:()/-`; everything else,
 * including newlines, quotes, `#`, `;`, braces and backslashes, becomes `_`. Display names never become
 * identifiers: generated names (`oracle-tunnel-1`, `vti1`) are built from indices.
 */
export function toLabel(displayName: string | null | undefined, fallback: string): string {
  const cleaned = (displayName ?? "")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} ._:()/-]/gu, "_")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 64);
  return cleaned.length > 0 ? cleaned : fallback;
}
