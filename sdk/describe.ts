/** A short description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      // Long strings are not cut but left out: a cut could split a token and slip past redaction.
      return value.length > 200 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}
