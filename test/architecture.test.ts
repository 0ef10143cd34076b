// The architecture checks themselves are tested: each must catch the violation it exists for.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = path.join(root, 'test/fixtures/architecture');

describe('dependency rules (npm run arch)', () => {
  it('catch circular imports, framework and driver imports in domain code, side doors and upward imports', async () => {
    const config = (await import(path.join(root, '.dependency-cruiser.cjs'))) as { default: Promise<IConfiguration> };
    const { forbidden, options } = await config.default;
    const cwd = process.cwd();
    process.chdir(fixture);
    let result: ICruiseResult;
    try {
      const output = await cruise(['src'], { ...options, validate: true, ruleSet: { forbidden: forbidden ?? [] }, tsConfig: undefined });
      result = output.output as ICruiseResult;
    } finally {
      process.chdir(cwd);
    }
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: src\/platform\/(a|b)\.ts/),
        expect.stringMatching(/^domain-not-to-web-framework: src\/care\/plan\.ts -> .*node_modules\/fastify\//),
        expect.stringMatching(/^domain-not-to-database-driver: src\/care\/plan\.ts -> .*node_modules\/pg\//),
        'capabilities-meet-through-index: src/care/plan.ts -> src/record/store.ts',
        'people-depends-only-on-lower-capabilities: src/people/person.ts -> src/care/index.ts',
      ]),
    );
    expect(found.filter((f) => f.startsWith('capabilities-meet-through-index'))).toHaveLength(1);
  });
});

describe('lint rules (npm run lint)', () => {
  const eslint = new ESLint({ cwd: root });
  const domainFile = path.join(root, 'src/platform/installation.ts');

  async function ruleIds(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  }

  it('forbid process.env, the web framework and drivers in domain files', async () => {
    expect(await ruleIds('export const port = process.env.PORT;\n', domainFile)).toContain('no-restricted-properties');
    expect(await ruleIds("import Fastify from 'fastify';\nexport const f = Fastify;\n", domainFile)).toContain('no-restricted-imports');
    expect(await ruleIds("import pg from 'pg';\nexport const p = pg;\n", domainFile)).toContain('no-restricted-syntax');
  });

  it('allow them at the edges that own them', async () => {
    expect(await ruleIds('export const port = process.env.PORT;\n', path.join(root, 'src/platform/config.ts'))).not.toContain('no-restricted-properties');
    expect(await ruleIds("import pg from 'pg';\nexport const p = pg;\n", path.join(root, 'src/platform/db/backends/postgres.ts'))).not.toContain('no-restricted-syntax');
  });

  it('forbid any, floating promises and non-exhaustive switches', async () => {
    const ids = await ruleIds(
      [
        'export function f(x: any): void { void x; }',
        'async function g(): Promise<void> {}',
        'export function h(): void { g(); }',
        "export function k(s: 'a' | 'b'): number { switch (s) { case 'a': return 1; } return 0; }",
        '',
      ].join('\n'),
      domainFile,
    );
    expect(ids).toEqual(
      expect.arrayContaining(['@typescript-eslint/no-explicit-any', '@typescript-eslint/no-floating-promises', '@typescript-eslint/switch-exhaustiveness-check']),
    );
  });
});
