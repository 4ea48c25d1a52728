import twilio from 'twilio'

// The one place the app makes a Twilio client. In sandbox mode the only difference from
// production is the HTTP client: it sends each request to the sandbox instead of Twilio's
// hosts. Everything above it (resources, parameters, errors) is the real `twilio` library.

export type TwilioCredentials =
  | { accountSid: string; authToken: string }
  | { accountSid: string; apiKeySid: string; apiKeySecret: string }

/**
 * Rewrites `https://<product>.twilio.com/<path>` to the sandbox. The `api` product (REST API
 * 2010-04-01, which is everything the product uses) maps to the sandbox's root; any other product
 * keeps its name as a path prefix, because their paths (`/v1/...`) collide across products.
 */
export function sandboxUri(uri: string, sandboxBaseUrl: string): string {
  const url = new URL(uri)
  const product = url.hostname.match(/^([a-z-]+)(?:\.[a-z0-9-]+)*\.twilio\.com$/)?.[1]
  if (!product) return uri
  const base = sandboxBaseUrl.replace(/\/$/, '')
  return `${base}${product === 'api' ? '' : `/${product}`}${url.pathname}${url.search}`
}

class SandboxRequestClient extends twilio.RequestClient {
  constructor(private readonly sandboxBaseUrl: string) {
    super()
  }

  override request<TData>(options: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
    return super.request<TData>({ ...options, uri: sandboxUri(options.uri, this.sandboxBaseUrl) })
  }
}

export function createTwilioClient(credentials: TwilioCredentials, options: { sandboxBaseUrl?: string } = {}) {
  const [username, password] = 'apiKeySid' in credentials ? [credentials.apiKeySid, credentials.apiKeySecret] : [credentials.accountSid, credentials.authToken]
  return twilio(username, password, {
    accountSid: credentials.accountSid,
    ...(options.sandboxBaseUrl && { httpClient: new SandboxRequestClient(options.sandboxBaseUrl) }),
  })
}

export type TwilioClient = ReturnType<typeof createTwilioClient>
