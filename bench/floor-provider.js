// The least a dynamic provider can do for the stack-scale phases, for bench/host-floor.ts: the same API calls per
// mailing as pulumi-altcraft (create and update: campaigns/activate + campaigns/get; delete: campaigns/deactivate), the
// same call bound (altcraft:maxConcurrency), through the same Pulumi host and engine steps, with none of the
// provider's work: no validation, no axios, no retries, no state, and no read in Check (so the serial Check chain
// waits on nothing). What it costs above the ideal is what Pulumi's host, the engine protocol and this machine cost,
// and no provider can go below it. Plain JavaScript: it is required by path from the `__provider` text, inside
// Pulumi's host. Never used outside the bench.
"use strict";
const http = require("node:http");
const path = require("node:path");
const { endpointPath } = require(path.join(__dirname, "..", "dist", "sdk", "endpoints.js"));

const agent = new http.Agent({ keepAlive: true });
let target;
let free = 8;
const waiting = [];

async function slot() {
  if (free > 0) {
    free--;
    return;
  }
  await new Promise((resolve) => waiting.push(resolve));
}

function release() {
  const next = waiting.shift();
  if (next) next();
  else free++;
}

async function call(name, id) {
  await slot();
  try {
    const body = JSON.stringify({ token: target.token, id });
    const answer = await new Promise((resolve, reject) => {
      const req = http.request(
        { agent, host: target.host, port: target.port, method: "POST", path: endpointPath(name), headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
        (res) => {
          const chunks = [];
          res.on("data", (chunk) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    const envelope = JSON.parse(answer.text);
    if (answer.status !== 200 || envelope.error !== 0) throw new Error(`${name} ${id}: HTTP ${answer.status}, error ${envelope.error}`);
    return envelope.data;
  } finally {
    release();
  }
}

/** Drops the read-ahead hint the bench's registrations carry, as the real provider's Check does. */
function withoutHint(news) {
  const { __altcraftDeclaredMailings: _hint, ...inputs } = news;
  return inputs;
}

module.exports = {
  async configure(req) {
    const url = new URL(req.config.get("altcraft:baseUrl"));
    target = { host: url.hostname, port: Number(url.port), token: req.config.get("altcraft:token") };
    free = Number(req.config.get("altcraft:maxConcurrency") ?? 8);
  },
  async check(_olds, news) {
    return { inputs: withoutHint(news) };
  },
  async diff(_id, olds, news) {
    return { changes: JSON.stringify(olds.content) !== JSON.stringify(news.content) };
  },
  async create(inputs) {
    await call("activate", inputs.mailingId);
    await call("get", inputs.mailingId);
    return { id: String(inputs.mailingId), outs: inputs };
  },
  async update(_id, _olds, news) {
    await call("activate", news.mailingId);
    await call("get", news.mailingId);
    return { outs: news };
  },
  async delete(_id, props) {
    await call("deactivate", props.mailingId);
  },
};
