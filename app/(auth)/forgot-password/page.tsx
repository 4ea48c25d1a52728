import { ForgotPasswordForm } from '@/components/auth/forgot-password-form'

export const metadata = { title: 'Forgot your password?' }

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />
}
