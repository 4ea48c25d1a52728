/**
 * Who is connected to the gateway: every signaling connection, which of them are registered
 * (and as whom), and the calls in progress with a device, by CallSid, by the device's own id for
 * an outgoing call, and by reconnect token.
 */
import type { DeviceCall } from './device-call'
import type { DeviceConnection } from './connection'

export class DeviceRegistry {
  private readonly connections = new Set<DeviceConnection>()
  private readonly calls = new Map<string, DeviceCall>()

  add(connection: DeviceConnection): void {
    this.connections.add(connection)
  }

  remove(connection: DeviceConnection): void {
    this.connections.delete(connection)
  }

  /** Connections registered for incoming calls as `identity` in the account. */
  registered(accountSid: string, identity: string): DeviceConnection[] {
    return [...this.connections].filter((c) => c.isRegistered && c.grant?.accountSid === accountSid && c.grant.identity === identity)
  }

  all(): DeviceConnection[] {
    return [...this.connections]
  }

  track(call: DeviceCall): void {
    for (const id of [call.callSid, ...call.aliases, call.reconnectToken]) this.calls.set(id, call)
  }

  forget(call: DeviceCall): void {
    for (const id of [call.callSid, ...call.aliases, call.reconnectToken]) this.calls.delete(id)
  }

  call(id: unknown): DeviceCall | undefined {
    return typeof id === 'string' ? this.calls.get(id) : undefined
  }
}
