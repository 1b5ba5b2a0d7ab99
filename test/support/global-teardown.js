// Removes what the global setup left in the temporary folder.
const fs = require('node:fs');

module.exports = async () => {
  if (globalThis.__yrdEmbeddedTemplateDir) fs.rmSync(globalThis.__yrdEmbeddedTemplateDir, { recursive: true, force: true });
};
