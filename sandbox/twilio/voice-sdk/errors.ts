/** A failure the gateway reports to the device as `error {code, message}` (codes from the Voice SDK's error table). */
export class SignalingError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}
