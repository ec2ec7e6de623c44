import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { artifactsDir } from './dashboard-harness.js'

/**
 * The dashboard's performance measurements (issue 8's targets: overview
 * interactive ≤ 1.5 s on a 30-day window, first-paint JS ≤ 300 kB gzipped,
 * chart redraws without jank at minute resolution over 30 days), printed in
 * one labelled block and written to test-artifacts/browser/performance.json.
 * Measurements, not assertions: a timing depends on the machine.
 */
export class PerformanceReport {
  readonly #sections: Record<string, unknown> = {}
  readonly #lines: string[] = []

  /** Records a section of the JSON and the lines that summarize it for a reader. */
  add(section: string, data: unknown, ...lines: string[]): void {
    this.#sections[section] = data
    this.#lines.push(...lines)
  }

  write(context: Record<string, unknown>): void {
    const cpu = cpus()
    const report = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', node: process.version },
      ...context,
      ...this.#sections,
    }
    writeFileSync(join(artifactsDir, 'performance.json'), `${JSON.stringify(report, null, 2)}\n`)
    const rule = '─'.repeat(100)
    console.log(
      [
        rule,
        'Dashboard performance (browser tests) — test-artifacts/browser/performance.json',
        `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; ${Object.entries(context)
          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join('; ')}`,
        ...this.#lines.map((line) => `  ${line}`),
        rule,
      ].join('\n'),
    )
  }
}

export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value)} ms`
export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
