import { DEFAULT_CLI_PORT, CLI_ENV, USAGE as EMULATOR_USAGE } from "../emulator/cli-options";
import { DEFAULT_EMULATOR_TOKEN } from "../emulator/server";
import { DEFAULT_MAX_PAGES } from "./collect";

/**
 * How a user runs the installed command: from the project that installed the package, never a bare `npx`, which
 * outside such a project would fetch whatever is published under the name, with ALTCRAFT_TOKEN in its environment.
 */
export const HOW_TO_RUN = "Run it from the project that installed pulumi-altcraft: `npm exec --no -- pulumi-altcraft ...` or `./node_modules/.bin/pulumi-altcraft ...`";

/** `pulumi-altcraft --help`. */
export const MAIN_HELP = `Usage: pulumi-altcraft <command> [options]

Commands:
  export    Write a mailings.yaml declaring the account's active mailings, to adopt them with Pulumi
  emulator  Run a local Altcraft API emulator (for tests, demos and CI) until Ctrl-C

Options:
  -h, --help     Show this help
  -v, --version  Print the installed version

Run \`pulumi-altcraft <command> --help\` for a command's options.
${HOW_TO_RUN}.
`;

/** `pulumi-altcraft export --help`. */
export const EXPORT_HELP = `Usage: pulumi-altcraft export [options]

Lists the account's active mailings and writes a mailings file that declares them, without runNow:
the first \`pulumi up\` adopts them as they are and launches nothing.

Options:
  --base-url <url>       Your Altcraft panel, e.g. https://ru.altkraft.com (default: $ALTCRAFT_BASE_URL)
  --token-file <path>    Read the API token from this file, or from standard input with "-"
                         (default: $ALTCRAFT_TOKEN; the token is never accepted as an argument)
  --out <path>           Where to write (default: mailings.yaml); "-" writes to standard output.
                         Its folder must exist; an existing file is kept unless --force
  --force                Overwrite the output file if it exists
  --type <type>          Only mailings of this type: broadcast, regular, trigger or splittest
  --tag <tag>            Only mailings with this tag; repeat for several tags
  --page-size <n>        Mailings per API call (default: the API's, 1000)
  --max-pages <n>        Stop with an error after this many pages (default: ${DEFAULT_MAX_PAGES})
  --allow-insecure-http  Permit an http:// base URL for a host that is not loopback (the token then travels in clear)
  -h, --help             Show this help

Exit codes: 0 written, 1 the API call failed or paging did not end, 2 wrong options or settings, or the output file
is in the way.

Example:
  ALTCRAFT_BASE_URL=https://ru.altkraft.com ALTCRAFT_TOKEN=... npm exec --no -- pulumi-altcraft export --tag newsletter
`;

/**
 * `pulumi-altcraft emulator --help`: the emulator's own option lines under the installed command's name, plus the
 * default token, which an installed user has no docs folder to look up.
 */
export const EMULATOR_HELP = `Usage: pulumi-altcraft emulator [options]

Runs a local Altcraft API emulator (for tests, demos and CI) until Ctrl-C or SIGTERM.

${EMULATOR_USAGE.split("\n")
  .filter((line) => /^\s+-/.test(line))
  .map((line) => line.replace(/default: the built-in token in docs\/emulator\.md/, `default: ${DEFAULT_EMULATOR_TOKEN}`))
  .join("\n")}

Default token: ${DEFAULT_EMULATOR_TOKEN} (accepted when neither --token nor ${CLI_ENV.token} is given; pass your own in CI).
Default port: ${DEFAULT_CLI_PORT}; --port 0 picks a free one and the first output line names it.

Example (in your CI, from your project):
  npm exec --no -- pulumi-altcraft emulator --port ${DEFAULT_CLI_PORT} --token my-ci-token --seed node_modules/pulumi-altcraft/emulator/seed.example.json &
`;
