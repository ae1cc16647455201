/** A file as reported in a response: where it is stored and its link (a bearer URL: responses only, never logs). */
export interface OutcomeFile {
  vendor: string;
  name: string;
  objectName: string;
  url: string;
  expiresAt: string;
}

/** What handling one connection event did; the function returns it as its response body (no secrets). */
export type EventOutcome =
  | {
      outcome: "rendered";
      connectionId: string;
      files: OutcomeFile[];
      /** Object names rewritten because their content changed (the others kept their content, new links). */
      replaced: string[];
      revokedLinks: number;
      /** Null when the publish answered in a way that leaves it unknown (it may have been sent; not sent again). */
      messageId: string | null;
    }
  | { outcome: "unchanged"; connectionId: string; eventId: string }
  | { outcome: "duplicate"; connectionId: string; eventId: string }
  | { outcome: "pending"; connectionId: string; reason: string }
  | {
      outcome: "deleted";
      connectionId: string;
      deletedFiles: number;
      revokedLinks: number;
      messageId: string | null;
    }
  | { outcome: "ignored"; connectionId: string; reason: string };

/** A CPE changed: each of its connections was handled like an update. */
export interface CpeOutcome {
  outcome: "cpe-updated";
  cpeId: string;
  connections: EventOutcome[];
}
