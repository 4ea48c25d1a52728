// The names provisioning gives Twilio resources, which are also how it finds them again after a
// crash. A subaccount's name carries the organization's id because the parent account holds every
// organization's subaccount and organization names repeat; FriendlyName is at most 64 characters.
export function subaccountName(organization: { id: string; name: string }): string {
  const suffix = ` (${organization.id})`
  return `HEKAX ${organization.name}`.slice(0, 64 - suffix.length) + suffix
}

// Inside the organization's own subaccount these names are unique already.
export const applicationName = 'HEKAX Voice'
export const apiKeyName = 'HEKAX Softphone'
