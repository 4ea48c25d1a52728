/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native or WASM parts, or Node-only APIs, stay outside the server bundle.
  serverExternalPackages: ['twilio', 'pg', 'pg-boss', '@prisma/adapter-pg', 'ws'],
  poweredByHeader: false,
  devIndicators: false,
  // End-to-end tests build into their own folder so a running `npm run dev` is left alone.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The sandbox and media server run beside Next.js; nothing of theirs is bundled.
  outputFileTracingExcludes: { '*': ['sandbox/**', 'media-server/**', 'bench/**', 'e2e/**'] },
}

export default nextConfig
