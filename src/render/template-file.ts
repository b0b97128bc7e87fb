import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder, inside an ente's folder, where the ente keeps its own templates. */
export const ENTE_TEMPLATES_DIR = 'modelli';

/**
 * The template an ente's document is rendered with: the ente's own (`<ente>/modelli/<name>`) when it has
 * one, else the shipped default. Kind by kind, so an ente overrides only the wording it changes.
 */
export function templateFile(enteDir: string, templatesDir: string, name: string): string {
  const own = path.join(enteDir, ENTE_TEMPLATES_DIR, name);
  return existsSync(own) ? own : path.join(templatesDir, name);
}
