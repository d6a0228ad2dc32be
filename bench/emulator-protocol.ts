/** The messages between the bench and its emulator process (IPC, JSON-serialized). */
import type { SeedMailing } from "../emulator";
import type { WireRecord } from "./wire-log";

/** What the bench can ask the emulator process. */
export type ChildQuestion =
  | { op: "wire"; from: number }
  | { op: "wireLength" }
  | { op: "clearRecords" }
  | { op: "reset" }
  | { op: "setMailing"; mailing: SeedMailing }
  | { op: "lastBodies"; count: number };

/** A question with the id its answer will carry. */
export type ChildRequest = ChildQuestion & { id: number };

/** The last requests' path, format, content type and parsed body, to check two clients sent the same thing. */
export interface BodySample {
  path: string;
  format: string;
  contentType: string | undefined;
  body: string;
}

/** A reply: the ready signal once listening, or the answer to one request. */
export type ChildReply = { ready: true; url: string } | { id: number; result: WireRecord[] | number | BodySample[] | null };
