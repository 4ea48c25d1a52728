import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { AppProviders } from '@/components/providers/app-providers'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'HEKAX Phone', template: '%s · HEKAX Phone' },
  description: 'Your business phone system with an AI receptionist.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <AppProviders>{children}</AppProviders>
      </body>
    </html>
  )
}
