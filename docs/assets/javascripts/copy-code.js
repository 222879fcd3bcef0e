// The copy button of an interactive example copies only the code.
//
// An example written as a Python session (">>> " and "... " prompts, with the
// output on the lines without a prompt) is copied without the prompts and
// without the output, ready to paste into a script or a notebook cell. Material
// for MkDocs copies the `data-copy` text of a code block when it has one; a
// block without prompts keeps Material's own behaviour (all of its text).

/**
 * Return the code of a Python session without prompts and output, or `null`
 * when `text` is not a session (its first line has no ">>>" prompt).
 */
function copyableCode(text) {
  const lines = text.split("\n");
  if (!/^>>>( |$)/.test(lines[0])) {
    return null;
  }
  const code = [];
  for (const line of lines) {
    if (line.startsWith(">>> ") || line.startsWith("... ")) {
      code.push(line.slice(4));
    } else if (line === ">>>" || line === "...") {
      code.push("");
    }
  }
  return code.join("\n");
}

document$.subscribe(() => {
  const blocks = document.querySelectorAll(
    ".language-python pre > code, .language-pycon pre > code",
  );
  for (const block of blocks) {
    const code = copyableCode(block.textContent);
    if (code !== null) {
      block.setAttribute("data-copy", code);
    }
  }
});
