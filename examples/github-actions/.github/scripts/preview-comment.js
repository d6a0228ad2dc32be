// Builds and posts the pull request comment of preview.yml: the provider's launch and pause lines first, then the
// whole `pulumi preview` output folded. Run by actions/github-script:
//   require('./.github/scripts/preview-comment.js')({ github, context, output, stack })
"use strict";

// The provider prints these words, and only these steps do: a run `up` will launch, a mailing paused in the UI.
const LAUNCH_PATTERN = /will launch a run|paused outside Pulumi/;
// GitHub refuses comments over 65,536 characters; keep room for the heading and the launch section.
const MAX_OUTPUT_CHARS = 60000;
// Finds this workflow's comment again, so each push edits it instead of adding one.
const MARKER = "<!-- pulumi-altcraft-preview -->";

function stripAnsi(text) {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Where the provider's own words start: the CLI shows each line twice, once after the stack's progress prefix
// ("pulumi:pulumi:Stack <name> running ") and once under Diagnostics.
const LINE_START = "altcraft: mailing ";

/** The provider's launch and pause lines in `output`, from their own first word, in order, each once. */
function launchLines(output) {
  const lines = stripAnsi(output)
    .split("\n")
    .filter((line) => LAUNCH_PATTERN.test(line) && line.includes(LINE_START))
    .map((line) => line.slice(line.indexOf(LINE_START)).trim());
  return [...new Set(lines)];
}

/** The comment's Markdown: launch section at the top, the full preview folded below. */
function buildComment(output, stack) {
  const lines = launchLines(output);
  const plain = stripAnsi(output);
  const trimmed = plain.length > MAX_OUTPUT_CHARS;
  const launches = lines.length > 0
    ? ["**Sends and paused mailings** (what `pulumi up` will do on merge):", "", "```text", ...lines, "```"]
    : ["**No mailing will be sent:** no step launches a run, and no mailing is paused outside Pulumi."];
  return [
    MARKER,
    `#### Mailing changes: \`pulumi preview\` on \`${stack}\``,
    "",
    ...launches,
    "",
    "<details>",
    "<summary>Full preview (changes, diagnostics, policies)</summary>",
    "",
    `<pre>${escapeHtml(trimmed ? plain.slice(0, MAX_OUTPUT_CHARS) : plain)}</pre>`,
    trimmed ? "\n:warning: The output was too long and was trimmed; the workflow log has all of it." : "",
    "</details>",
  ].join("\n");
}

/** Creates the comment, or edits this workflow's earlier one on the same pull request. */
async function postComment({ github, context, output, stack }) {
  const body = buildComment(output, stack);
  const issue = { owner: context.repo.owner, repo: context.repo.repo, issue_number: context.issue.number };
  const comments = await github.paginate(github.rest.issues.listComments, issue);
  const previous = comments.find((comment) => comment.body && comment.body.startsWith(MARKER));
  if (previous) {
    await github.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: previous.id, body });
  } else {
    await github.rest.issues.createComment({ ...issue, body });
  }
}

module.exports = postComment;
module.exports.buildComment = buildComment;
module.exports.launchLines = launchLines;
