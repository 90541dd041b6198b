// Checks Mermaid diagrams with Mermaid's own parser, as GitHub's renderer parses them (no browser needed).
//
//   node tests/mermaid/check.mjs FILE...   each FILE holds one diagram
//   node tests/mermaid/check.mjs < FILE    one diagram on standard input
//
// For each valid diagram, prints one JSON line: the file, the diagram type, and for an erDiagram what the parser
// read (entities with their label and attributes, relationships). On the first invalid one, prints the file and
// the parser's message on standard error and exits with 1. Used by tests/tests/mermaid.rs; install first with
// `npm ci --prefix tests/mermaid`.
import { readFileSync } from 'node:fs';
import mermaid from 'mermaid';

mermaid.initialize({ startOnLoad: false });

const files = process.argv.slice(2);
const inputs = files.length > 0
  ? files.map((file) => [file, readFileSync(file, 'utf8')])
  : [['<stdin>', readFileSync(0, 'utf8')]];

for (const [file, text] of inputs) {
  let summary;
  try {
    // `parse` throws on invalid syntax (and on text exceeding `maxTextSize`), with the parser's message.
    const { diagramType } = await mermaid.parse(text);
    summary = { file, type: diagramType };
    if (diagramType === 'er') {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      summary.entities = Object.fromEntries(
        [...diagram.db.getEntities().entries()].map(([name, entity]) => [
          name,
          {
            alias: entity.alias,
            attributes: entity.attributes.map(({ type, name, keys, comment }) => ({ type, name, keys, comment })),
          },
        ]),
      );
      const names = new Map([...diagram.db.getEntities().entries()].map(([name, entity]) => [entity.id, name]));
      summary.relationships = diagram.db.getRelationships().map((r) => ({
        from: names.get(r.entityA) ?? r.entityA,
        to: names.get(r.entityB) ?? r.entityB,
        role: r.roleA,
        spec: r.relSpec,
      }));
    }
  } catch (error) {
    process.stderr.write(`${file}: invalid Mermaid diagram: ${error.message ?? error}\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
