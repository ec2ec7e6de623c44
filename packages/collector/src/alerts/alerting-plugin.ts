import type { FastifyPluginAsync } from 'fastify'
import alertChannelsApi from '../api/alert-channels-api.js'
import alertDeliveriesApi from '../api/alert-deliveries-api.js'
import alertsApi from '../api/alerts-api.js'
import silencesApi from '../api/silences-api.js'
import { AlertDeliveryLog } from '../storage/alert-delivery-log.js'
import { AlertStateStore } from '../storage/alert-state-store.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { channelStore } from './alert-channel.js'
import { AlertEvaluator } from './alert-evaluator.js'
import { alertRuleStore } from './alert-rule-store.js'
import { NotificationDispatcher } from './notification-dispatcher.js'
import { silenceStore } from './silence.js'

export interface AlertingOptions {
  store: ClickHouseStore
  audit: AuditLog
  /** Whether this collector evaluates rules (VIGIL_ALERTS_EVALUATOR): exactly one per ClickHouse should. */
  evaluate: boolean
  intervalMs: number
}

/**
 * Alerting as one feature: the rule, channel, silence and delivery APIs, the
 * evaluator that judges rules on a schedule and the dispatcher that delivers
 * what it decides. One instance of each store is shared, so the versions one
 * collector writes keep increasing. The evaluator starts once the collector
 * listens and stops before the dispatcher, so no notification is handed over
 * while deliveries are shutting down.
 */
const alertingPlugin: FastifyPluginAsync<AlertingOptions> = async (app, options) => {
  const { store, audit } = options
  const rules = alertRuleStore(store)
  const states = new AlertStateStore(store)
  const channels = channelStore(store)
  const silences = silenceStore(store)
  const deliveries = new AlertDeliveryLog(store, {
    onWriteError: (err, delivery) =>
      app.log.error(
        { err, delivery },
        'Could not store this alert delivery record (kept here instead); check storage',
      ),
  })
  const dispatcher = new NotificationDispatcher({ channels, silences, deliveries, log: app.log })
  const evaluator = new AlertEvaluator({
    store,
    notifier: dispatcher,
    enabled: options.evaluate,
    intervalMs: options.intervalMs,
    onError: (err, context) => app.log.error({ err, ...context }, context.message),
  })

  app.register(alertsApi, { rules, states, channels, audit, evaluator })
  app.register(alertChannelsApi, { channels, audit, dispatcher, rules })
  app.register(silencesApi, { silences, audit, rules })
  app.register(alertDeliveriesApi, { deliveries })

  app.addHook('onReady', async () => evaluator.start())
  app.addHook('onClose', async () => {
    await evaluator.close()
    await dispatcher.close()
  })
}

export default alertingPlugin
