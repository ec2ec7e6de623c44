import { DataTable } from '../../ui/DataTable.js'
import { numeric } from '../../ui/TableHead.js'
import { TimeAgo } from '../../ui/TimeAgo.js'
import type { AlertDelivery } from './alert-types.js'

/** Every attempt to tell a channel about the rule, newest first: "was anybody told?" */
export function DeliveriesTable({ deliveries }: { deliveries: AlertDelivery[] }) {
  return (
    <DataTable
      columns={[
        'When',
        'Notification',
        'Channel',
        'Status',
        numeric('Attempt'),
        numeric('HTTP'),
        numeric('Took'),
        'Error',
      ]}
    >
      {deliveries.map((delivery) => (
        <tr key={`${delivery.eventId}-${delivery.channel}-${delivery.attempt}-${delivery.at}`}>
          <td>
            <TimeAgo at={delivery.at} />
          </td>
          <td>{delivery.kind}</td>
          <td>{delivery.channel}</td>
          <td>
            <span className={`badge delivery-${delivery.status}`}>{delivery.status}</span>
          </td>
          <td className="num">{delivery.attempt === 0 ? 'not sent' : delivery.attempt}</td>
          <td className="num">{delivery.httpStatus ?? '–'}</td>
          <td className="num">{Math.round(delivery.durationMs)} ms</td>
          <td className="message-cell">{delivery.error ?? ''}</td>
        </tr>
      ))}
    </DataTable>
  )
}
