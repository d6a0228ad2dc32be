/**
 * This package's version, as package.json gives it. A literal rather than a read of package.json at run time: the
 * client loads from dist/ and from the TypeScript sources at different depths. tests/sdk/version.test.ts keeps the
 * two equal, so a release cannot ship a User-Agent that names another version.
 */
export const PACKAGE_VERSION = "0.2.0";
