import { formatTime } from '../../ui/format.js'
import type { AlertDelivery } from './alert-types.js'
import { timeAgo } from './time-ago.js'

/** Every attempt to tell a channel about the rule, newest first: "was anybody told?" */
export function DeliveriesTable({ deliveries }: { deliveries: AlertDelivery[] }) {
  return (
    <div className="vg-table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Notification</th>
            <th scope="col">Channel</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Attempt
            </th>
            <th scope="col" className="num">
              HTTP
            </th>
            <th scope="col" className="num">
              Took
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={`${delivery.eventId}-${delivery.channel}-${delivery.attempt}-${delivery.at}`}>
              <td>
                <time dateTime={delivery.at} title={formatTime(delivery.at)}>
                  {timeAgo(delivery.at)}
                </time>
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
        </tbody>
      </table>
    </div>
  )
}
