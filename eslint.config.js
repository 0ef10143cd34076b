// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { domainFileExceptions } from './architecture.config.js';

/** Files outside the edges that may touch HTTP, drivers or the environment are domain files. */
const { webFramework, databaseDriver, environment } = domainFileExceptions;

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test/fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify plugins and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Architecture: domain files never import the web framework, a database driver or process.env.
  {
    files: ['src/**/*.ts'],
    ignores: [...webFramework, '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', 'fastify/*', '@fastify/*', 'light-my-request'], message: 'Domain code must not import the web framework: put HTTP in routes.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [...databaseDriver, '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "ImportDeclaration[source.value=/^(pg|pg-.+|@electric-sql\\u002Fpglite.*)$/]", message: 'Only src/platform/db/backends may import a database driver: use the Db interface.' },
        { selector: "ImportExpression[source.value=/^(pg|pg-.+|@electric-sql\\u002Fpglite.*)$/]", message: 'Only src/platform/db/backends may import a database driver: use the Db interface.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [...environment, '**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/platform/config.ts (or the CLI) and pass it in.' }],
      'no-restricted-globals': ['error', { name: 'env', message: 'Pass configuration in.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
