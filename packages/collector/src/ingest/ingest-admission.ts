import { VigilError } from '../errors.js'

/**
 * Admission control for exports, checked before and while a body is read.
 *
 * Status policy (OTLP/HTTP "Failures": clients retry 429, 502, 503 and 504,
 * honouring Retry-After, and never retry other 4xx):
 * - 429 VIGIL_ERR_RATE_LIMITED when ONE project has too many exports in
 *   flight: that client should slow down, others are unaffected;
 * - 503 VIGIL_ERR_OVERLOADED when the collector as a whole holds too many
 *   body bytes in memory (and, from the writer, when its queue is full or
 *   storage fails): any client should back off.
 * Both carry Retry-After.
 */
export interface AdmissionLimits {
  /** Decompressed body bytes held by all in-flight exports together. */
  maxInFlightBytes: number
  /** Exports of one project being read, decoded or written at the same time. */
  maxRequestsPerProject: number
  /** Sent as Retry-After with 429 and 503. */
  retryAfterSeconds: number
}

const MiB = 1024 * 1024

export const defaultAdmissionLimits: AdmissionLimits = {
  maxInFlightBytes: 128 * MiB,
  maxRequestsPerProject: 64,
  retryAfterSeconds: 1,
}

/** One admitted export; `release` is idempotent and must run when its response ends. */
export interface AdmissionTicket {
  /** Accounts `bytes` more body bytes; returns the 503 to fail with when over the budget. */
  reserve(bytes: number): VigilError | undefined
  release(): void
}

export class IngestAdmission {
  readonly #limits: AdmissionLimits
  readonly #byProject = new Map<string, number>()
  #requests = 0
  #bytes = 0

  constructor(limits: AdmissionLimits) {
    this.#limits = limits
  }

  get inFlightRequests(): number {
    return this.#requests
  }

  get inFlightBytes(): number {
    return this.#bytes
  }

  /** @throws VigilError RATE_LIMITED (429) when the project is at its limit. */
  admit(projectId: string): AdmissionTicket {
    const current = this.#byProject.get(projectId) ?? 0
    if (current >= this.#limits.maxRequestsPerProject) {
      throw new VigilError(
        'RATE_LIMITED',
        `Too many concurrent exports for this project (limit ${this.#limits.maxRequestsPerProject}); retry after the indicated delay`,
        { retryAfterSeconds: this.#limits.retryAfterSeconds },
      )
    }
    this.#byProject.set(projectId, current + 1)
    this.#requests++
    let held = 0
    let released = false
    return {
      reserve: (bytes) => {
        // A request alone in flight may always use the whole budget, so a
        // budget set below the body cap cannot make one export fail forever.
        if (this.#bytes + bytes > this.#limits.maxInFlightBytes && this.#bytes > held) {
          return new VigilError(
            'OVERLOADED',
            'Collector is holding too much unwritten data; retry after the indicated delay',
            { retryAfterSeconds: this.#limits.retryAfterSeconds },
          )
        }
        held += bytes
        this.#bytes += bytes
        return undefined
      },
      release: () => {
        if (released) return
        released = true
        this.#bytes -= held
        this.#requests--
        const left = (this.#byProject.get(projectId) ?? 1) - 1
        if (left <= 0) this.#byProject.delete(projectId)
        else this.#byProject.set(projectId, left)
      },
    }
  }
}
