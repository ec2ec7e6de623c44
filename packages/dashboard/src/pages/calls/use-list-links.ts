import { useUrlState } from '../../state/url-state.js'
import { listParams } from './call-list-query.js'

/**
 * Links from a call's or a trace's page that keep the filters of the list it
 * was opened from, so "Calls" goes back to that list and a call opened from
 * a trace keeps them too.
 */
export function useListLinks() {
  const url = useUrlState()
  const carried = listParams(url.search)
  return {
    list: url.linkTo('/calls', carried),
    call: (spanId: string) => url.linkTo(`/calls/${spanId}`, carried),
    trace: (traceId: string) => url.linkTo(`/traces/${traceId}`, carried),
    /** Any page, keeping the range and the shared filters (not the list's own). */
    linkTo: url.linkTo,
  }
}
