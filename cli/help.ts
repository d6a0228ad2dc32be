/** `pulumi-altcraft --help`. */
export const MAIN_HELP = `Usage: pulumi-altcraft <command> [options]

Commands:
  export    Write a mailings.yaml declaring the account's active mailings, to adopt them with Pulumi
  emulator  Run a local Altcraft API emulator (for tests, demos and CI) until Ctrl-C

Run \`pulumi-altcraft <command> --help\` for a command's options.
`;

/** `pulumi-altcraft export --help`. */
export const EXPORT_HELP = `Usage: pulumi-altcraft export [options]

Lists the account's active mailings and writes a mailings file that declares them, without runNow:
the first \`pulumi up\` adopts them as they are and launches nothing.

Options:
  --base-url <url>     Your Altcraft panel, e.g. https://ru.altkraft.com (default: $ALTCRAFT_BASE_URL)
  --token-file <path>  Read the API token from this file, or from standard input with "-"
                       (default: $ALTCRAFT_TOKEN; the token is never accepted as an argument)
  --out <path>         Where to write (default: mailings.yaml); "-" writes to standard output
  --force              Overwrite the output file if it exists
  --type <type>        Only mailings of this type: broadcast, regular, trigger or splittest
  --tag <tag>          Only mailings with this tag; repeat for several tags
  --page-size <n>      Mailings per API call (default: the API's, 1000)
  -h, --help           Show this help

Exit codes: 0 written, 1 the API call failed, 2 wrong options or settings.

Example:
  ALTCRAFT_BASE_URL=https://ru.altkraft.com ALTCRAFT_TOKEN=... npx pulumi-altcraft export --tag newsletter
`;
