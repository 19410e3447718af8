/**
 * Where the project's files are, whether the server runs from its TypeScript sources (tsx, tests) or from the
 * bundle `npm start` builds (dist/server/main.mjs): the root is the nearest folder above this module holding
 * package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const webDistDir = path.join(projectRoot, 'web', 'dist');
export const migrationsDir = path.join(projectRoot, 'server', 'db', 'migrations');
