import { expect } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, undocumentedLines } from "./command-forms.ts";
import type { Json } from "./json.ts";

/**
 * Display names that try to break out of a comment or a quoted description on a router CLI: new lines with
 * commands, both quote characters, mustache braces, `;`, shell expansion, and the comment characters of IOS (`!`)
 * and Junos/VyOS (`#`).
 */
export const HOSTILE_NAMES = [
  'x"\nset system root-authentication plain-text-password',
  "a'\r\nend\r\nreload in 1",
  "}}{{psk}}{{#tunnels}}",
  "; request system reboot; ",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the attack being tested
  "$(reboot) `id` ${PATH}",
  "# not a comment\n! nor this\ninterface Tunnel9",
  "\u2028line separator\u0000nul",
];

/** Gives the connection, the CPE and both tunnels the display name `name`. */
export function hostileNames(name: string): (s: Json) => void {
  return (s) => {
    s.ipsecConnection.displayName = name;
    s.cpe.displayName = name;
    for (const t of s.tunnels) t.displayName = name;
  };
}

/** The characters a name could use to end a quoted string, start a comment or run a command, counted. */
function dangerous(line: string): Record<string, number> {
  const counts: Record<string, number> = {};
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  for (const ch of line.match(/["'`;$\\{}<>#!\r\u0000\u2028]/g) ?? []) counts[ch] = (counts[ch] ?? 0) + 1;
  return counts;
}

/** How to read one output file: its command forms, its comment lines, and the lines that may carry a name. */
export interface FileGrammar {
  forms: readonly CommandForm[];
  comment: RegExp;
  /** A description/comment command whose argument is a sanitised label. */
  labelLine: RegExp;
}

/**
 * Renders `build(edit)` for every hostile name and checks that the output has the same lines as with clean names,
 * that every command line is still a documented form, and that the lines that differ are comments or label lines
 * (the vendor's description/comment positions) that gained none of the name's dangerous characters.
 */
export function expectNamesContained(
  vendor: string,
  build: (edit: (s: Json) => void) => ConnectionModel,
  grammar: Record<string, FileGrammar>,
): void {
  const clean = renderVendor(
    build(() => {}),
    vendor,
  );
  for (const name of HOSTILE_NAMES) {
    const files = renderVendor(build(hostileNames(name)), vendor);
    expect(files.map((f) => f.name)).toEqual(clean.map((f) => f.name));
    for (const [i, f] of files.entries()) {
      const g = grammar[f.name];
      if (!g) throw new Error(`no grammar for ${f.name}`);
      const { forms, comment, labelLine } = g;
      const before = (clean[i]?.content ?? "").split("\n");
      const after = f.content.split("\n");
      expect(after).toHaveLength(before.length);
      expect(undocumentedLines(f.content, forms, comment)).toEqual([]);
      const changed = after.flatMap((line, n) =>
        line === before[n] ? [] : [{ line: line.trim(), was: before[n] ?? "" }],
      );
      expect(changed.length).toBeGreaterThan(0);
      for (const { line, was } of changed) {
        expect(comment.test(line) || labelLine.test(line), line).toBe(true);
        // The name added no quote, brace, comment or shell character: the line keeps the clean line's count.
        expect(dangerous(line), line).toEqual(dangerous(was));
      }
    }
  }
}
