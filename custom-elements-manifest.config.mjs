/**
 * Custom elements manifest of the <curate-*> elements (for IDEs, Storybook,
 * docs). Run: npx cem analyze --config custom-elements-manifest.config.mjs
 * Writes dist/custom-elements.json.
 */

/**
 * Keep the manifest to the public API: drop reactive properties declared with
 * `state: true` (internal render state) and the event the base class's generic
 * `emit(type, …)` helper makes the analyzer infer.
 */
function publicApiOnly() {
  const stateByClass = new Map();
  return {
    name: 'curatekit-public-api-only',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const states = new Set();
      for (const member of node.members) {
        const isStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStatic || !ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
        const init = member.initializer;
        if (!init || !ts.isObjectLiteralExpression(init)) continue;
        for (const prop of init.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) continue;
          const isState = prop.initializer.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'state' && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
          if (isState) states.add(prop.name.getText());
        }
      }
      stateByClass.set(node.name.getText(), states);
    },
    packageLinkPhase({ customElementsManifest }) {
      const baseStates = stateByClass.get('CurateElement') ?? new Set();
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          const hidden = new Set([...baseStates, ...(stateByClass.get(decl.name) ?? [])]);
          if (decl.members) decl.members = decl.members.filter((m) => !hidden.has(m.name));
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
          if (decl.events) decl.events = decl.events.filter((e) => e.name && e.name !== 'type');
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [publicApiOnly()],
};
