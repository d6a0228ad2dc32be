// The least a dynamic provider can do for the stack-scale phases, for bench/host-floor.ts: the same API calls per
// mailing as pulumi-altcraft (create and update: campaigns/activate + campaigns/get; delete: campaigns/deactivate), the
// same call bound (altcraft:maxConcurrency), through the same Pulumi host and engine steps, with none of the
// provider's work: no validation, no retries, no state, no reviewer line, and no read in Check (so the serial Check
// chain waits on nothing). Its calls go out through a bare `http.request`, or through axios configured as the SDK's
// transport configures it, to weigh axios on its own. Plain JavaScript: it is required by path from the
// `__provider` text, inside Pulumi's host. Never used outside the bench.
"use strict";
const http = require("node:http");
const path = require("node:path");
const { endpointPath } = require(path.join(__dirname, "..", "dist", "sdk", "endpoints.js"));

/** How long an attempt may take, as the SDK's default timeout. */
const DEADLINE_MS = 30_000;

/** POSTs with `http.request` and reads the whole answer. */
function bareSender(agent) {
  return (target, name, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.host,
          port: target.port,
          method: "POST",
          path: endpointPath(name),
          headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
        },
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
}

/**
 * POSTs through axios with sdk/transport.ts's settings: http adapter, no transforms, no redirects, an abort deadline
 * (the size limits and the SDK's Accept, User-Agent and Request-ID headers left out, as on the bare side).
 */
function axiosSender(agent) {
  const instance = require("axios").create({
    adapter: "http",
    httpAgent: agent,
    proxy: false,
    responseType: "arraybuffer",
    transformRequest: [(data) => data],
    transformResponse: [(data) => data],
    validateStatus: () => true,
    maxRedirects: 0,
  });
  return async (target, name, body) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), DEADLINE_MS);
    try {
      const response = await instance.request({
        method: "POST",
        url: `http://${target.host}:${target.port}${endpointPath(name)}`,
        data: Buffer.from(body, "utf8"),
        headers: { "Content-Type": "application/json" },
        signal: controller.signal,
      });
      return { status: response.status, text: Buffer.from(response.data).toString("utf8") };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Drops the read-ahead hint the bench's registrations carry, as the real provider's Check does. */
function withoutHint(news) {
  const { __altcraftDeclaredMailings: _hint, ...inputs } = news;
  return inputs;
}

/** A provider object whose calls go out through `transport`: "http" (a bare `http.request`) or "axios". */
function floorProvider(transport) {
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  let send;
  let target;
  let free = 8;
  const waiting = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  const call = async (name, id) => {
    if (free > 0) free--;
    else await new Promise((resolve) => waiting.push(resolve));
    try {
      const answer = await send(target, name, JSON.stringify({ token: target.token, id }));
      const envelope = JSON.parse(answer.text);
      if (answer.status !== 200 || envelope.error !== 0) throw new Error(`${name} ${id}: HTTP ${answer.status}, error ${envelope.error}`);
      return envelope.data;
    } finally {
      release();
    }
  };
  return {
    async configure(req) {
      const url = new URL(req.config.get("altcraft:baseUrl"));
      target = { host: url.hostname, port: Number(url.port), token: req.config.get("altcraft:token") };
      free = Number(req.config.get("altcraft:maxConcurrency") ?? 8);
      send = transport === "axios" ? axiosSender(agent) : bareSender(agent);
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
}

module.exports = { floorProvider };
