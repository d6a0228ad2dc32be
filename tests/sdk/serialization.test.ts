import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk";

/** Runs Pulumi's closure serializer on `fn` and evaluates the result the way the dynamic-provider host does. */
async function recreate<T>(fn: () => T): Promise<() => T> {
  const { text, exportName } = await pulumi.runtime.serializeFunction(fn);
  const module: { exports: Record<string, unknown> } = { exports: {} };
  new Function("module", "exports", "require", text)(module, module.exports, require);
  return module.exports[exportName] as () => T;
}

describe("sdk: errors survive Pulumi closure serialization", function () {
  this.timeout(20_000);

  it("keeps name, message, brand and fields, so the guards still work", async () => {
    const make = await recreate((): [sdk.MailingNotFoundError, sdk.PermissionError, sdk.AltcraftTimeoutError, sdk.AltcraftConfigError] => [
      new sdk.MailingNotFoundError({ code: 404, errorText: "Not found", httpStatus: 200, endpoint: "campaigns/get", mailingId: 5, requestId: "r" }),
      new sdk.PermissionError({ code: 403, errorText: "Access denied", httpStatus: 200, endpoint: "campaigns/activate/", mailingId: 82, requestId: "r" }),
      new sdk.AltcraftTimeoutError("campaigns/get_status", "r", 250),
      new sdk.AltcraftConfigError("timeoutMs", "timeoutMs must be an integer >= 1, got -1"),
    ]);
    const [notFound, permission, timeout, config] = make();

    assert.equal(notFound instanceof sdk.MailingNotFoundError, false, "the copy is a different class");
    assert.equal(notFound.name, "MailingNotFoundError");
    assert.equal(notFound.message, "campaigns/get: 404 Not found (mailing 5)");
    assert.equal(sdk.isMailingNotFoundError(notFound), true);
    assert.equal(notFound.mailingId, 5);

    assert.ok(permission.message.startsWith("campaigns/activate/: 403 Access denied (mailing 82)"));
    assert.equal(sdk.isAltcraftApiError(permission), true);

    assert.equal(sdk.isAltcraftTimeoutError(timeout), true);
    assert.equal(sdk.isRetryableError(timeout), true);
    assert.match(timeout.message, /250 ms/);

    assert.equal(sdk.isAltcraftError(config), true);
    assert.equal(config.kind, "config");
    assert.equal(sdk.isRetryableError(config), false);
  });
});
