// Placeholder build: copies the static page into dist/, where the collector
// serves it from. The real single-page app (React + Vite) replaces this.
import { cpSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
mkdirSync(join(root, 'dist'), { recursive: true })
cpSync(join(root, 'public'), join(root, 'dist'), { recursive: true })
