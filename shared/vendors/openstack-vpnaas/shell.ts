/**
 * Quotes a value as one POSIX shell word: wrapped in single quotes, with any single quote written as `'\''`.
 * Inside single quotes the shell expands nothing (`$`, backquotes, `\`, `;` are literal), so whatever the value
 * is, it stays one argument. Every value the VPNaaS script passes to `openstack` goes through here.
 */
export function shQuote(value: string | number): string {
  return `'${String(value).replace(/'/g, "'\\''")}'`;
}
