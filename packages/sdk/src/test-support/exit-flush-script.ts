// Run by exit-flush.test.ts in a child process (VIGIL_ENDPOINT points to a
// loopback collector): records one call, then simply ends, WITHOUT flush() or
// shutdown(). The batch timer is far off, so only the beforeExit flush can send
// the span. VIGIL_TEST_NO_EXIT_FLUSH=1 removes that hook, as a control.
import { init } from '../init.js'
import { observe } from '../observe.js'

init({ serviceName: 'exit-flush-script', scheduledDelayMillis: 60_000 })
await observe({ provider: 'openai', model: 'exit-flush-model' }, async () => 'ok')
if (process.env.VIGIL_TEST_NO_EXIT_FLUSH === '1') process.removeAllListeners('beforeExit')
