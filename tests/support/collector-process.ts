import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The built entry point, as `pnpm start` runs it (the test command builds first).
const main = fileURLToPath(new URL('../../packages/collector/dist/main.js', import.meta.url))

export interface CollectorProcess {
  child: ChildProcess
  url: string
  output: () => string
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

const running = new Set<ChildProcess>()

/** Kills every collector process still running; for afterAll. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
}

/** Spawns `node packages/collector/dist/main.js` and resolves once it listens. */
export async function spawnCollector(env: Record<string, string>): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, VIGIL_PORT: '0', VIGIL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${output}`)), 30_000)
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] && output.includes('Dashboard:')) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`collector exited with ${code}:\n${output}`))
    })
  })
  return { child, url, output: () => output, exited }
}
