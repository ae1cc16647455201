import { Readable } from "node:stream";

/**
 * Reads an SDK response body (GetObject, GetIpsecCpeDeviceConfigContent) as UTF-8 text. The SDK hands back a
 * web ReadableStream with Node's fetch, a Node Readable with node-fetch, or occasionally a Blob or string.
 */
export async function bodyText(value: unknown): Promise<string> {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (value instanceof Blob) return value.text();
  if (value instanceof ReadableStream) return new Response(value).text();
  if (value instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of value) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString("utf8");
  }
  throw new TypeError(`unexpected response body type ${Object.prototype.toString.call(value)}`);
}

/**
 * The SDK types timestamps as Date but passes the JSON strings through; a JSON round trip makes every value
 * exactly what the API returned (strings), which is what a snapshot file holds.
 */
export function plainJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
