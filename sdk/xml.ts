import type * as FastXmlParser from "fast-xml-parser";

/** The root element of every Altcraft XML request and response. */
export const XML_ROOT = "xml";

/** A value decoded from XML: text, a nested element, or a repeated element. XML carries no types. */
export type XmlValue = string | XmlElement | XmlValue[];
/** The children of one XML element, by tag name. */
export interface XmlElement {
  [tag: string]: XmlValue;
}

/**
 * The XML library, its builder and its parser, loaded on first use: a JSON client (the provider's default) never
 * pays for them, which keeps the provider process's cold start and memory down.
 */
let xml: { lib: typeof FastXmlParser; builder: FastXmlParser.XMLBuilder; parser: FastXmlParser.XMLParser } | undefined;
function xmlTools(): NonNullable<typeof xml> {
  if (xml) return xml;
  const lib = require("fast-xml-parser") as typeof FastXmlParser;
  xml = {
    lib,
    // `format` with an empty indent writes one element per line, unindented: the layout of the docs' examples.
    builder: new lib.XMLBuilder({ format: true, indentBy: "", suppressEmptyNode: true, suppressBooleanAttributes: false }),
    parser: new lib.XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      processEntities: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
    }),
  };
  return xml;
}

/**
 * Encodes parameters as the document the Altcraft docs show, byte for byte: root `<xml>`, one element per line
 * without indentation (nested ones too), no declaration, attributes or trailing newline. Nested objects become
 * nested elements and arrays repeat their element.
 */
export function encodeXmlDocument(params: Record<string, unknown>): string {
  const text = xmlTools().builder.build({ [XML_ROOT]: toBuildable(params) }) as string;
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

function toBuildable(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(toBuildable);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) out[key] = toBuildable(item);
    }
    return out;
  }
  return String(value);
}

/** The longest XML validator message kept in an error. */
const MAX_VALIDATOR_MESSAGE = 200;

/** Thrown by {@link decodeXmlDocument} when the text is not a well-formed `<xml>` document. */
export class XmlDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlDecodeError";
    this.message = message;
  }
}

/**
 * Decodes an Altcraft XML document into the children of its `<xml>` root. Values stay strings
 * (`<data/>` is `""`); callers coerce them to the documented types.
 */
export function decodeXmlDocument(text: string): XmlElement {
  const valid = xmlTools().lib.XMLValidator.validate(text);
  if (valid !== true) {
    // The validator's message can list every unclosed tag (100 KB for a deeply nested body): too big for an error,
    // and for the gRPC status that carries it out of Pulumi's provider host. Left out, not cut, as in `describe`.
    const what = valid.err.msg.length <= MAX_VALIDATOR_MESSAGE ? valid.err.msg : valid.err.code;
    throw new XmlDecodeError(`malformed XML: ${what} (line ${valid.err.line})`);
  }
  const parsed: unknown = xmlTools().parser.parse(text);
  if (!isElement(parsed) || !(XML_ROOT in parsed)) {
    throw new XmlDecodeError(`XML document has no <${XML_ROOT}> root element`);
  }
  const root = parsed[XML_ROOT];
  if (root === "" || root === undefined) return {};
  if (!isElement(root)) throw new XmlDecodeError(`<${XML_ROOT}> must hold child elements, not text`);
  return root;
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
