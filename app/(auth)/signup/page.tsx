import { SignupForm } from '@/components/auth/signup-form'

export const metadata = { title: 'Create your account' }

export default function SignupPage() {
  return <SignupForm />
}
