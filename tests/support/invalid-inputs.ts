/** Invalid `ActivatedMailing` inputs shared by the check tests and the fault matrix through the real host. */

/** A refused input: the inputs given, and the property the failure must name (reasons describe a value, never show it). */
export interface RefusalCase {
  name: string;
  news: Record<string, unknown>;
  property: string;
  reason: RegExp;
}

/** Invalid ActivatedMailing inputs, each refused at check with a failure naming the property. */
export const INVALID_INPUTS: RefusalCase[] = [
  { name: "missing mailingId", news: {}, property: "mailingId", reason: /required/ },
  { name: "mailingId zero", news: { mailingId: 0 }, property: "mailingId", reason: /positive integer, got zero or a negative number/ },
  { name: "mailingId negative", news: { mailingId: -5 }, property: "mailingId", reason: /positive integer/ },
  { name: "mailingId fraction", news: { mailingId: 1.5 }, property: "mailingId", reason: /positive integer, got a fractional number/ },
  { name: "mailingId string", news: { mailingId: "82" }, property: "mailingId", reason: /positive integer, got a string \(2 characters\)/ },
  { name: "mailingId NaN", news: { mailingId: Number.NaN }, property: "mailingId", reason: /positive integer/ },
  { name: "mailingId beyond 2^53", news: { mailingId: 2 ** 60 }, property: "mailingId", reason: /positive integer/ },
  { name: "mailingId boolean", news: { mailingId: true }, property: "mailingId", reason: /positive integer, got a boolean/ },
  { name: "mailingId object", news: { mailingId: { id: 1 } }, property: "mailingId", reason: /got an object/ },
  { name: "runNow string", news: { mailingId: 1, runNow: "yes" }, property: "runNow", reason: /true or false/ },
  { name: "runNow number", news: { mailingId: 1, runNow: 1 }, property: "runNow", reason: /true or false/ },
  { name: "abortIfRunning string", news: { mailingId: 1, abortIfRunning: "true" }, property: "abortIfRunning", reason: /true or false/ },
  { name: "source type unknown", news: { mailingId: 1, runNow: true, overrideSourceType: "database", overrideSourceId: 2 }, property: "overrideSourceType", reason: /"list".*"segment"/ },
  { name: "source type capitalised", news: { mailingId: 1, runNow: true, overrideSourceType: "List", overrideSourceId: 2 }, property: "overrideSourceType", reason: /"list"/ },
  { name: "source id without type", news: { mailingId: 1, runNow: true, overrideSourceId: 2 }, property: "overrideSourceType", reason: /together with overrideSourceId/ },
  { name: "source type without id", news: { mailingId: 1, runNow: true, overrideSourceType: "list" }, property: "overrideSourceId", reason: /together with overrideSourceType/ },
  { name: "source id zero", news: { mailingId: 1, runNow: true, overrideSourceType: "list", overrideSourceId: 0 }, property: "overrideSourceId", reason: /positive integer/ },
  { name: "source id string", news: { mailingId: 1, runNow: true, overrideSourceType: "list", overrideSourceId: "5" }, property: "overrideSourceId", reason: /positive integer/ },
  { name: "overrides without runNow", news: { mailingId: 1, overrideSourceType: "segment", overrideSourceId: 2 }, property: "overrideSourceType", reason: /runNow: true/ },
  { name: "source id without runNow", news: { mailingId: 1, runNow: false, overrideSourceType: "segment", overrideSourceId: 2 }, property: "overrideSourceId", reason: /runNow: true/ },
  { name: "limit without runNow", news: { mailingId: 1, overrideLimit: 10 }, property: "overrideLimit", reason: /runNow: true/ },
  { name: "limit zero", news: { mailingId: 1, runNow: true, overrideLimit: 0 }, property: "overrideLimit", reason: /positive integer/ },
  { name: "limit negative", news: { mailingId: 1, runNow: true, overrideLimit: -1 }, property: "overrideLimit", reason: /positive integer/ },
  { name: "limit fraction", news: { mailingId: 1, runNow: true, overrideLimit: 2.5 }, property: "overrideLimit", reason: /positive integer/ },
  { name: "content a list", news: { mailingId: 1, content: ["a"] }, property: "content", reason: /map of template values/ },
  { name: "content a string", news: { mailingId: 1, content: "H1=hi" }, property: "content", reason: /map of template values/ },
  { name: "content nested object", news: { mailingId: 1, content: { H1: { text: "hi" } } }, property: "content.H1", reason: /string, number or boolean/ },
  { name: "content list value", news: { mailingId: 1, content: { tags: ["a"] } }, property: "content.tags", reason: /string, number or boolean/ },
  { name: "content infinite number", news: { mailingId: 1, content: { n: Number.POSITIVE_INFINITY } }, property: "content.n", reason: /string, number or boolean/ },
  { name: "content empty key", news: { mailingId: 1, content: { " ": "x" } }, property: "content", reason: /non-empty/ },
  { name: "attach an object", news: { mailingId: 1, attach: { file: "x" } }, property: "attach", reason: /list of file objects/ },
  { name: "attach item a string", news: { mailingId: 1, attach: ["file.pdf"] }, property: "attach[0]", reason: /file object/ },
  { name: "attach item null", news: { mailingId: 1, attach: [{ file: "a" }, null] }, property: "attach[1]", reason: /file object/ },
  { name: "triggers not a list", news: { mailingId: 1, triggers: "v2" }, property: "triggers", reason: /must be a list/ },
  { name: "token as input", news: { mailingId: 1, token: "secret-token-value" }, property: "token", reason: /altcraft:token/ },
  { name: "typo in a property", news: { mailingId: 1, runnow: true }, property: "runnow", reason: /unknown property; allowed: mailingId/ },
];
