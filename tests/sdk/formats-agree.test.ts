// "XML responses decode to the same typed results as JSON": every read method against the emulator, once per format,
// must give deep-equal results, including array fields that XML cannot write when they are empty.
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator, type SeedMailing } from "../../emulator";
import { AltcraftClient, type WireFormat } from "../../sdk";
import { recordingSleep } from "./support/clock";
import { DOC_TOKEN } from "./support/fixtures";

const SEED: SeedMailing[] = [
  // Every array field empty: XML leaves the element out entirely.
  { id: 15, name: "Welcome", type: "trigger" },
  // Every array field with one element: XML writes it once, like a scalar.
  {
    id: 82,
    name: "Spring sale",
    type: "regular",
    description: "Seasonal offer",
    uiTags: ["spring"],
    groups: [{ id: 1, name: "Marketing" }],
    content: [{ subject: "Hello", from_email: "news@example.com", message_id: 901 }],
  },
  // Several elements, and a description with XML special characters.
  {
    id: 4727,
    name: "Tom & Jerry <news>",
    type: "broadcast",
    isActive: true,
    uiTags: ["alerts", "weather"],
    groups: [{ id: 1, name: "Marketing" }, { id: 2, name: "Sales" }],
    content: [{ subject: "A" }, { subject: "B", from_name: "Desk" }],
  },
];

type Read = { title: string; read: (client: AltcraftClient) => Promise<unknown> };

const READS: Read[] = [
  ...SEED.flatMap(({ id }): Read[] => [
    { title: `getStatus ${id}`, read: (c) => c.mailings.getStatus({ id }) },
    { title: `get ${id}`, read: (c) => c.mailings.get({ id }) },
    { title: `log ${id}`, read: (c) => c.mailings.log({ id }) },
  ]),
  { title: "list (one page of everything)", read: (c) => c.mailings.list() },
  { title: "list (a page of one)", read: (c) => c.mailings.list({ limit: 1, fromId: 82 }) },
  { title: "list (no match)", read: (c) => c.mailings.list({ type: "splittest" }) },
  { title: "list iterated over every page", read: (c) => collect(c.mailings.list({ limit: 1 })) },
  { title: "listAll", read: (c) => collect(c.mailings.listAll({ limit: 2 })) },
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("sdk: JSON and XML responses decode to the same results (emulator)", () => {
  let emulator: Emulator;
  const clients: Partial<Record<WireFormat, AltcraftClient>> = {};

  before(async () => {
    emulator = await startEmulator({ tokens: [DOC_TOKEN], mailings: SEED });
    for (const format of ["json", "xml"] as const) {
      clients[format] = new AltcraftClient({ baseUrl: emulator.url, token: DOC_TOKEN, format, sleep: recordingSleep().sleep, timeoutMs: 2_000 });
    }
    // Give the logs entries, including ones with an empty state.
    await clients.json!.mailings.activate({ id: 4727, runNow: true });
    await clients.json!.mailings.activate({ id: 82, runNow: true, overrideLimit: 5 });
  });
  after(async () => {
    clients.json?.close();
    clients.xml?.close();
    await emulator.close();
  });

  for (const { title, read } of READS) {
    it(title, async () => {
      const fromJson = await read(clients.json!);
      const fromXml = await read(clients.xml!);
      assert.deepStrictEqual(fromXml, fromJson);
    });
  }

  it("really asked in both formats", () => {
    const formats = new Set(emulator.requests.map((r) => r.format));
    assert.deepStrictEqual([...formats].sort(), ["json", "xml"]);
  });

  it("decodes absent array fields as empty arrays", async () => {
    for (const format of ["json", "xml"] as const) {
      const mailing = await clients[format]!.mailings.get({ id: 15 });
      assert.deepStrictEqual(mailing.content, [], format);
      const page = await clients[format]!.mailings.list({ limit: 1 });
      assert.deepStrictEqual([page.items[0]?.uiTags, page.items[0]?.groups], [[], []], format);
    }
  });
});
