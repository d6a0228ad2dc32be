/** The Altcraft client: options in, `client.mailings` out. */

import { MIN_TOKEN_LENGTH, resolveOptions, type AltcraftClientOptions } from "./config";
import { ENV_TOKEN, readEnv } from "./env";
import { Mailings } from "./mailings";
import { redactDeep } from "./redact";
import { Transport } from "./transport";

/**
 * A typed client for the Altcraft mailings User API.
 *
 * ```ts
 * const client = new AltcraftClient({ baseUrl: "https://ru.altkraft.com", token: process.env.ALTCRAFT_TOKEN });
 * await client.mailings.activate({ id: 82, runNow: true });
 * ```
 * Throws {@link AltcraftConfigError} for unknown or invalid options, or when no token or base URL can be found.
 */
export class AltcraftClient {
  /** The mailings methods. */
  readonly mailings: Mailings;
  declare private readonly transport: Transport;

  constructor(options: AltcraftClientOptions = {}) {
    let transport: Transport;
    try {
      transport = new Transport(resolveOptions(options));
    } catch (error) {
      // A bad option may have been the token itself, put in the wrong place.
      const given = typeof options === "object" && options !== null ? (options as { token?: unknown }).token : undefined;
      const token = typeof given === "string" && given.trim() ? given.trim() : readEnv(ENV_TOKEN);
      // A token too short to be real was refused without being echoed; scrubbing it would only garble the message.
      throw token !== undefined && token.length >= MIN_TOKEN_LENGTH ? redactDeep(error, token) : error;
    }
    Object.defineProperty(this, "transport", { value: transport, enumerable: false });
    this.mailings = new Mailings(transport);
  }

  /** The normalised base URL requests go to (without `/api/v1.1/...`). */
  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** Closes idle keep-alive sockets, e.g. before a process exits. Later calls open new ones. */
  close(): void {
    this.transport.close();
  }
}
