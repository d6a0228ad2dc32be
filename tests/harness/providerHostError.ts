/**
 * The error a provider-host RPC rejects with: the host's own message plus what the engine would decode from the
 * gRPC status (code, and the `ErrorResourceInitFailed` detail the dynamic-provider host attaches when a create or
 * update failed after the resource came into existence).
 */
import type { ServiceError } from "@grpc/grpc-js";
import { providerPb, statusPb } from "./pulumiModules";
import { fromStruct, type Props } from "./propertyValues";

const STATUS_DETAILS_KEY = "grpc-status-details-bin";
const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** Error raised when a provider-host RPC fails. `message` is exactly the host's status details. */
export class ProviderHostError extends Error {
  /** gRPC status code (2 = UNKNOWN for errors thrown by the provider). */
  readonly code: number;
  /** The RPC that failed, e.g. `create`. */
  readonly method: string;
  /** Id of the resource that exists despite the failure (ErrorResourceInitFailed only). */
  readonly id?: string;
  /** Live properties reported with the failure (ErrorResourceInitFailed only). */
  readonly properties?: Props;
  /** Reasons reported with the failure (ErrorResourceInitFailed only). */
  readonly reasons?: string[];

  constructor(
    message: string,
    fields: { code: number; method: string; id?: string; properties?: Props; reasons?: string[] },
  ) {
    super(message);
    this.name = "ProviderHostError";
    this.code = fields.code;
    this.method = fields.method;
    if (fields.id !== undefined) this.id = fields.id;
    if (fields.properties !== undefined) this.properties = fields.properties;
    if (fields.reasons !== undefined) this.reasons = fields.reasons;
  }

  /** True if the error says the resource was created (it has an id) but failed to initialize. */
  get isInitFailure(): boolean {
    return this.id !== undefined;
  }
}

/** Decodes an `ErrorResourceInitFailed` from the `grpc-status-details-bin` trailer, if there is one. */
function decodeInitFailure(error: ServiceError): { id: string; properties: Props; reasons: string[] } | undefined {
  for (const raw of error.metadata?.get(STATUS_DETAILS_KEY) ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = statusPb.Status.deserializeBinary(new Uint8Array(bytes));
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== INIT_FAILED_TYPE) continue;
      const failure = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return { id: failure.getId(), properties: fromStruct(failure.getProperties()), reasons: failure.getReasonsList() };
    }
  }
  return undefined;
}

/** Converts a gRPC client error into a {@link ProviderHostError}. */
export function toProviderHostError(method: string, error: ServiceError): ProviderHostError {
  const initFailure = decodeInitFailure(error);
  return new ProviderHostError(error.details, { code: error.code, method, ...initFailure });
}
