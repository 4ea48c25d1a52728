import { ComingSoon } from '@/components/shell/coming-soon'

export const metadata = { title: 'Numbers' }

export default function NumbersPage() {
  return (
    <ComingSoon
      title="Numbers"
      description="Search, buy and configure your business phone numbers."
      plans={['Search local and toll-free numbers by area code', 'Route each number to the AI receptionist, a person or a queue', 'Set greetings, voice and business hours per number']}
    />
  )
}
