import type { Config } from 'tailwindcss'

// Tailwind 4 reads its theme from CSS (app/globals.css, `@theme`); this file names the sources
// and the brand palette so editors and plugins that still look for a config find one.
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef6ff', 500: '#2563eb', 600: '#1d4ed8', 700: '#1e40af' },
      },
    },
  },
}

export default config
