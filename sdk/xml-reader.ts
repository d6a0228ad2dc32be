/**
 * A strict one-pass reader for the plain XML the Altcraft API answers with: an `<xml>` root, elements without
 * attributes, text, and the five predefined entities. It gives exactly what fast-xml-parser gives with the client's
 * options (text trimmed, values as strings, a repeated element as an array, an empty one as `""`) at a fraction of
 * the cost (no validation pass, no generic tree), and gives up (`undefined`) on anything else: comments, CDATA,
 * declarations, attributes, mixed content, other entities, carriage returns in text, or anything malformed. The
 * library then reads the document as before, so its results and its error messages stay the reference.
 */

import type { XmlElement, XmlValue } from "./xml";

const ROOT = "xml";
/** ASCII element names only; anything wider goes to the library, which knows every rule for names. */
const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const XML_SPACE = /^[ \t\r\n]*$/;
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);
const SLASH = 0x2f;
const GREATER = 0x3e;

interface Frame {
  name: string;
  /** Undefined until the first child: until then the element may still be a text leaf. */
  children: XmlElement | undefined;
}

/** The children of the `<xml>` root of `text`, or `undefined` when `text` is not in the plain subset (see above). */
export function readSimpleXml(text: string): XmlElement | undefined {
  const stack: Frame[] = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf("<", pos);
    if (open === -1) return undefined;
    const closing = text.charCodeAt(open + 1) === SLASH;
    NAME.lastIndex = open + (closing ? 2 : 1);
    const match = NAME.exec(text);
    if (match === null) return undefined;
    const name = match[0];
    let end = NAME.lastIndex;
    while (isSpace(text.charCodeAt(end))) end++;
    const selfClosing = !closing && text.charCodeAt(end) === SLASH;
    if (selfClosing) end++;
    if (text.charCodeAt(end) !== GREATER) return undefined;
    const before = text.slice(pos, open);
    const top = stack[stack.length - 1];
    pos = end + 1;

    if (closing) {
      if (top === undefined || top.name !== name) return undefined;
      let value: XmlValue;
      if (top.children === undefined) {
        const leaf = leafText(before);
        if (leaf === undefined) return undefined;
        value = leaf;
      } else {
        if (!XML_SPACE.test(before)) return undefined;
        value = top.children;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined) {
        addChild(parent, name, value);
        continue;
      }
      // The root closed: only whitespace may follow, and a root holding text is the library's error to report.
      if (!XML_SPACE.test(text.slice(pos))) return undefined;
      return top.children ?? (value === "" ? {} : undefined);
    }

    if (top === undefined) {
      if (open !== 0 || name !== ROOT || selfClosing) return undefined;
    } else if (!XML_SPACE.test(before)) {
      return undefined;
    }
    // fast-xml-parser renames or refuses names that clash with Object.prototype; those are its to handle.
    if (name in Object.prototype || name === "prototype") return undefined;
    if (selfClosing) addChild(top as Frame, name, "");
    else stack.push({ name, children: undefined });
  }
}

function addChild(frame: Frame, name: string, value: XmlValue): void {
  const children = (frame.children ??= {});
  if (!Object.prototype.hasOwnProperty.call(children, name)) {
    children[name] = value;
    return;
  }
  const previous = children[name] as XmlValue;
  if (Array.isArray(previous)) previous.push(value);
  else children[name] = [previous, value];
}

/** A leaf's text with the predefined entities replaced, trimmed; undefined for another entity, a stray `&` or a CR. */
function leafText(raw: string): string | undefined {
  if (raw.includes("\r")) return undefined;
  let amp = raw.indexOf("&");
  if (amp === -1) return raw.trim();
  let out = "";
  let last = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(";", amp);
    if (semi === -1) return undefined;
    const replacement = ENTITIES.get(raw.slice(amp + 1, semi));
    if (replacement === undefined) return undefined;
    out += raw.slice(last, amp) + replacement;
    last = semi + 1;
    amp = raw.indexOf("&", last);
  }
  return (out + raw.slice(last)).trim();
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
