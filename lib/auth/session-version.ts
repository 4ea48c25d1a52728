// Sessions are next-auth JWTs, which cannot be revoked one by one; instead each carries the
// user's session version from sign-in, and a password change raises the version, so every
// session signed before it is refused. Sessions from before versions existed count as 0.
export function isCurrentSession(user: { sessionVersion: number }, signedVersion: number | undefined): boolean {
  return user.sessionVersion === (signedVersion ?? 0)
}
