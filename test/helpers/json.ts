// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary paths of sample JSON
export type Json = Record<string, any>;
