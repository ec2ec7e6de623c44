import { z } from 'zod'

/**
 * A time as an ISO 8601 date-time with offset, a date, or Unix epoch
 * milliseconds, parsed to a `Date`. One definition for every query parameter,
 * body field and CLI flag that takes a time, so they all accept the same forms.
 */
export const instant = z
  .union([z.string().regex(/^\d+$/).transform(Number), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'must be a valid time')
