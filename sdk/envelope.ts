/**
 * Reads the Altcraft envelope `{data, error, error_text, ...}` from a response body, in JSON or XML. The result
 * says whether the body was an envelope at all, so the caller can fall back to the HTTP status when it is not.
 */

import type { WireFormat } from "./types";
import { decodeXmlDocument } from "./xml";

/** The parts of an envelope. In XML mode every value is still text; the result schemas coerce it. */
export interface Envelope {
  /** 0 for success, else the error code. */
  error: number;
  errorText: string;
  /** `null` (JSON) or `""` (XML `<data/>`) when the method returns nothing. */
  data: unknown;
  /** The other top-level fields, e.g. `total_count`, `next_from_id`. */
  fields: Record<string, unknown>;
  /** The format the body was read in. */
  format: WireFormat;
}

/** Either an envelope or why the body is not one. */
export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; problem: string };

/**
 * The format to read a body in: its Content-Type when that names JSON or XML, else a look at its first character,
 * else the format that was asked for.
 */
export function responseFormat(contentType: string | undefined, body: string, requested: WireFormat): WireFormat {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("json")) return "json";
  if (type.includes("xml")) return "xml";
  const first = body.trimStart().charAt(0);
  if (first === "{" || first === "[") return "json";
  if (first === "<") return "xml";
  return requested;
}

function looksLikeHtml(contentType: string | undefined, body: string): boolean {
  if ((contentType ?? "").toLowerCase().includes("html")) return true;
  return /^\s*(<!doctype\s+html|<html[\s>])/i.test(body);
}

/** Parses a body as an Altcraft envelope. */
export function parseEnvelope(body: string, contentType: string | undefined, requested: WireFormat): EnvelopeResult {
  if (body.trim() === "") return { ok: false, problem: "empty body, expected an Altcraft envelope" };
  if (looksLikeHtml(contentType, body)) return { ok: false, problem: "an HTML page, not an Altcraft envelope" };
  return responseFormat(contentType, body, requested) === "xml" ? parseXmlEnvelope(body) : parseJsonEnvelope(body);
}

function parseJsonEnvelope(body: string): EnvelopeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    // V8's message quotes a cut piece of the input, which could hold part of an echoed token: keep only the position.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    return { ok: false, problem: `invalid JSON${position !== undefined ? ` at position ${position}` : ""}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: "JSON body is not an object, expected an Altcraft envelope" };
  }
  const { error, error_text: errorText, data, ...fields } = parsed as Record<string, unknown>;
  if (typeof error !== "number" || !Number.isSafeInteger(error)) {
    return { ok: false, problem: "JSON body has no integer `error` field, so it is not an Altcraft envelope" };
  }
  return {
    ok: true,
    envelope: { error, errorText: typeof errorText === "string" ? errorText : "", data: data ?? null, fields, format: "json" },
  };
}

function parseXmlEnvelope(body: string): EnvelopeResult {
  let root: Record<string, unknown>;
  try {
    root = decodeXmlDocument(body);
  } catch (error) {
    return { ok: false, problem: `invalid XML (${error instanceof Error ? error.message : "unparseable"})` };
  }
  const { error, error_text: errorText, data, ...fields } = root;
  if (typeof error !== "string" || !/^-?\d+$/.test(error.trim())) {
    return { ok: false, problem: "XML body has no integer <error> element, so it is not an Altcraft envelope" };
  }
  return {
    ok: true,
    envelope: {
      error: Number(error.trim()),
      errorText: typeof errorText === "string" ? errorText : "",
      data: data ?? "",
      fields,
      format: "xml",
    },
  };
}
