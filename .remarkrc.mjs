// Checks each brief's front matter against the JSON Schema made from the engine's declaration
// (docs/schemas/brief-front-matter.schema.json), in VS Code's remark extension while typing and
// with remark-cli on the command line. The plugins come from tools/editors/ (`make editors`
// installs them there from its package-lock.json), so nothing is installed at the root.
// Only the front matter is checked here: `briefing check` remains the judge of everything else.
import remarkFrontmatter from './tools/editors/node_modules/remark-frontmatter/index.js';
import remarkLintFrontmatterSchema from './tools/editors/node_modules/remark-lint-frontmatter-schema/dist/index.js';

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      { schemas: { 'docs/schemas/brief-front-matter.schema.json': ['briefs/**/*.md'] } },
    ],
  ],
};
