import { strict as assert } from "node:assert";
import { decodeXmlDocument, decodeXmlDocumentWithLibrary, encodeXmlDocument } from "../../sdk/xml";
import { readSimpleXml } from "../../sdk/xml-reader";

/** What a decoder made of a document: its result, or its error's message. */
function outcome(decode: (text: string) => unknown, text: string): { value: unknown } | { error: string } {
  try {
    return { value: decode(text) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** A small seeded generator, so a failure names a document that can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["data", "id", "name", "is_active", "groups", "item", "a.b", "x-y", "_u", "constructor", "toString", "valueOf", "prototype", "Id", "9bad", "a:b", "__proto__"];
const TEXTS = ["", " ", "\n", "1", " 42 ", "Active", "a &amp; b", "&lt;tag&gt;", "&quot;q&quot; &apos;s&apos;", "&amp;lt;", "x > y", "\u00a0nbsp\u00a0", "Привет", "tab\there", "line\nbreak", "cr\r\nlf", "a & b", "&unknown;", "&#65;", "]]>", "&amp"];
const JOINERS = ["", "\n", "\n  ", " ", "\t", "\r\n", "\u00a0"];

function generate(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const element = (depth: number): string => {
    const name = pick(NAMES);
    const close = random() < 0.1 ? `</${name} >` : `</${name}>`;
    const open = random() < 0.1 ? `<${name} >` : `<${name}>`;
    const roll = random();
    if (roll < 0.15) return random() < 0.5 ? `<${name}/>` : `<${name} />`;
    if (depth > 3 || roll < 0.55) return `${open}${pick(TEXTS)}${close}`;
    const count = 1 + Math.floor(random() * 4);
    const joiner = pick(JOINERS);
    const children = Array.from({ length: count }, () => element(depth + 1));
    const mixed = random() < 0.05 ? "text" : "";
    return `${open}${joiner}${mixed}${children.join(joiner)}${joiner}${close}`;
  };
  const joiner = pick(JOINERS);
  const body = Array.from({ length: Math.floor(random() * 5) }, () => element(1)).join(joiner);
  let doc = `<xml>${joiner}${body}${joiner}</xml>`;
  const roll = random();
  if (roll < 0.05) doc = `<?xml version="1.0"?>\n${doc}`;
  else if (roll < 0.1) doc = ` ${doc}\n`;
  else if (roll < 0.13) doc = doc.replace("<xml>", '<xml a="1">');
  else if (roll < 0.16) doc = doc.replace("</xml>", "</xml><xml/>");
  else if (roll < 0.19) doc = doc.replace(">", "><!-- c -->");
  else if (roll < 0.22) doc = doc.replace("<xml>", "<root>").replace("</xml>", "</root>");
  // Damage some documents: drop or insert a character where it hurts.
  if (random() < 0.25) {
    const at = Math.floor(random() * doc.length);
    doc = random() < 0.5 ? doc.slice(0, at) + doc.slice(at + 1) : doc.slice(0, at) + pick(["<", ">", "/", "&", "x"]) + doc.slice(at);
  }
  return doc;
}

describe("sdk: the fast XML reader", () => {
  it("reads what the API answers exactly as fast-xml-parser does", () => {
    const answers = [
      "<xml>\n<data/>\n<error>0</error>\n<error_text>Successful operation</error_text>\n</xml>",
      "<xml>\n    <data/>\n    <error>0</error>\n    <error_text>Successful operation</error_text>\n</xml>",
      "<xml>\n<data>\n<is_active>true</is_active>\n<is_completed>false</is_completed>\n<status>Active</status>\n</data>\n<error>0</error>\n<error_text>Successful operation</error_text>\n</xml>",
      "<xml><data><id>4</id><name>A &amp; B</name><ui_tags>x</ui_tags><ui_tags>y</ui_tags><groups><id>9</id><name>G</name></groups></data><data><id>5</id><name/></data><total_count>2</total_count><error>0</error></xml>",
      encodeXmlDocument({ token: "t0k3n", id: 82, content: { subject: "<b>&'\"" }, list: [1, 2, 3], nested: [{ a: 1 }, { a: 2 }] }),
    ];
    for (const text of answers) {
      const fast = readSimpleXml(text);
      assert.notEqual(fast, undefined, `the fast reader gave up on ${JSON.stringify(text)}`);
      assert.deepStrictEqual(fast, decodeXmlDocumentWithLibrary(text));
      assert.deepStrictEqual(decodeXmlDocument(text), fast);
    }
  });

  it("agrees with fast-xml-parser on 5,000 generated documents, or leaves them to it (errors included)", () => {
    const random = prng(13);
    let read = 0;
    let left = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = generate(random);
      const reference = outcome(decodeXmlDocumentWithLibrary, text);
      const fast = readSimpleXml(text);
      if (fast !== undefined) {
        read++;
        assert.deepStrictEqual({ value: fast }, reference, `document ${i}: ${JSON.stringify(text)}`);
      } else {
        left++;
      }
      assert.deepStrictEqual(outcome(decodeXmlDocument, text), reference, `document ${i}: ${JSON.stringify(text)}`);
    }
    // Both paths must really be exercised, or the comparison proves nothing.
    assert.ok(read > 500, `only ${read} documents took the fast reader`);
    assert.ok(left > 500, `only ${left} documents were left to the library`);
  });

  it("leaves element names that clash with Object.prototype to the library", () => {
    for (const name of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"]) {
      assert.equal(readSimpleXml(`<xml><${name}><polluted>1</polluted></${name}></xml>`), undefined, name);
    }
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});
