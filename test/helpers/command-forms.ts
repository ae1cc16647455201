/**
 * Checks rendered router configs against a vendor's documented command forms, for vendors with no syntax checker
 * that can run here. Each form is an anchored regex over one line (indentation removed) plus the document it was
 * taken from, so a reviewer can trace every accepted line to a source.
 */
export interface CommandForm {
  pattern: RegExp;
  /** Where the form is documented, e.g. "Yamaha command reference 15.24 ipsec ike group". */
  source: string;
}

/** Building blocks for form patterns (regex source strings). */
export const TOKEN = {
  ipv4: String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}`,
  cidr: String.raw`(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}/(?:3[0-2]|[12]?\d)`,
  num: String.raw`\d+`,
  /** An object name tunnelsmith generates: letters, digits, `-`. */
  name: "[A-Za-z][A-Za-z0-9-]*",
  /** An OCI pre-shared key: letters and digits (spaces are handled per vendor). */
  psk: "[A-Za-z0-9]+",
} as const;

/** A form from a template string: `{ipv4}`-style placeholders are replaced by {@link TOKEN} patterns. */
export function form(source: string, template: string): CommandForm {
  const body = template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in TOKEN ? TOKEN[key as keyof typeof TOKEN] : whole,
  );
  return { pattern: new RegExp(`^${body}$`), source };
}

/** The lines of `content` that are commands: not blank and not matching `comment`, indentation removed. */
export function commandLines(content: string, comment: RegExp): string[] {
  return content
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !comment.test(line));
}

/** Command lines of `content` that match none of `forms` (empty when every line is a documented form). */
export function undocumentedLines(content: string, forms: readonly CommandForm[], comment: RegExp): string[] {
  return commandLines(content, comment).filter((line) => !forms.some((f) => f.pattern.test(line)));
}

/** Forms that no line of `contents` uses: a list that only grows would stop describing the output. */
export function unusedForms(
  contents: readonly string[],
  forms: readonly CommandForm[],
  comment: RegExp,
): CommandForm[] {
  const lines = contents.flatMap((c) => commandLines(c, comment));
  return forms.filter((f) => !lines.some((line) => f.pattern.test(line)));
}
