/** The messages between the bench and its emulator process (IPC, JSON-serialized). */
import type { RecordedRequest } from "../emulator";

/** What the bench can ask the emulator process. */
export type ChildQuestion =
  | { op: "counts" }
  | { op: "clearRecords" }
  | { op: "reset" }
  | { op: "recentRequests"; count: number }
  | { op: "requestTimes"; from: number };

/** A question with the id its answer will carry. */
export type ChildRequest = ChildQuestion & { id: number };

/** How many API requests arrived and how many calls ran against the state (429s and replays are not executions). */
export interface RecordCounts {
  requests: number;
  executions: number;
}

/** A reply: the ready signal once listening, or the answer to one request. */
export type ChildReply = { ready: true; url: string } | { id: number; result: RecordCounts | RecordedRequest[] | number[] | null };
