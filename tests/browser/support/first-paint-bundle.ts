import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface BundleFile {
  /** Path as the page requests it, e.g. `/assets/index-abc.js`. */
  path: string
  bytes: number
  gzipBytes: number
}

/** Raw and gzip (level 9, as a compressing proxy would serve it) sizes of built files, by URL path. */
export function bundleFiles(dist: string, paths: string[]): BundleFile[] {
  return paths.map((path) => {
    const content = readFileSync(join(dist, path))
    return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
  })
}

/** What index.html makes the browser load up front: its module script, the preloaded chunks and the styles. */
export function entryAssets(dist: string): { scripts: string[]; styles: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const attribute = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => match[1] ?? '')
  return {
    scripts: [
      ...attribute(/<script[^>]*\bsrc="([^"]+)"/g),
      ...attribute(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ],
    styles: attribute(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g),
  }
}

export const sum = (files: BundleFile[], field: 'bytes' | 'gzipBytes') =>
  files.reduce((total, file) => total + file[field], 0)
