import type { VigilLogger } from '../logger.js'

export interface CapturedLine {
  level: 'debug' | 'warn' | 'error'
  message: string
}

/** A logger that remembers what the SDK said, for assertions. Test support only. */
export function createCaptureLogger(): VigilLogger & {
  lines: CapturedLine[]
  text(level?: CapturedLine['level']): string
} {
  const lines: CapturedLine[] = []
  return {
    lines,
    debug: (message) => lines.push({ level: 'debug', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    text: (level) =>
      lines
        .filter((line) => level === undefined || line.level === level)
        .map((line) => line.message)
        .join('\n'),
  }
}
