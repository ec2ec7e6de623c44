/**
 * The dimensions calls are filtered, grouped and compared by, as the API
 * names them, in the order filter bars list them, with the label the
 * dashboard shows for each. Pages offer the ones (and the order) they need.
 */

export const dimensions = ['useCase', 'model', 'provider', 'environment', 'promptVersion'] as const
export type Dimension = (typeof dimensions)[number]

export const dimensionLabels: Record<Dimension, string> = {
  useCase: 'Use case',
  model: 'Model',
  provider: 'Provider',
  environment: 'Environment',
  promptVersion: 'Prompt version',
}
